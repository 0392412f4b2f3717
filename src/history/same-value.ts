import type { RepoHistory } from './model';

/**
 * Whether two stored values of a day are the same: numbers and flat rows of numbers (traffic, counts, gains)
 * compared field by field, whatever their key order; lists and breakdowns as JSON. Histories are compared day by
 * day with it, most days equal, so this is the hot path of every merge and write.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) || Array.isArray(b))
    return JSON.stringify(a) === JSON.stringify(b);
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  return keys.every((key) => (typeof x[key] === 'number' ? x[key] === y[key] : JSON.stringify(x[key]) === JSON.stringify(y[key])));
}

/** Whether two histories hold the same days with the same values, table by table. */
export function sameHistory(a: RepoHistory, b: RepoHistory): boolean {
  const tables = ['traffic', 'counts', 'starsGained', 'forksGained', 'referrers', 'paths', 'breakdowns'] as const;
  return tables.every((table) => {
    const [x, y] = [a[table] as Record<string, unknown>, b[table] as Record<string, unknown>];
    const days = Object.keys(x);
    return days.length === Object.keys(y).length && days.every((day) => day in y && sameValue(x[day], y[day]));
  });
}
