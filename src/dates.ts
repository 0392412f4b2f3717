/** UTC calendar days as `YYYY-MM-DD` strings: they sort, compare and key storage as plain text. */

const DAY_MS = 86_400_000;

export type UtcDay = string;

// Formatting a date was the costliest step of parsing a view; views come in long runs of the same day.
let lastDay = { start: 0, end: 0, day: '1970-01-01' };

export function utcDay(epochMs: number): UtcDay {
  if (epochMs >= lastDay.start && epochMs < lastDay.end) return lastDay.day;
  const start = Math.floor(epochMs / DAY_MS) * DAY_MS;
  lastDay = { start, end: start + DAY_MS, day: new Date(start).toISOString().slice(0, 10) };
  return lastDay.day;
}

/** The day `offset` days after (or before, if negative) `day`. */
export function addDays(day: UtcDay, offset: number): UtcDay {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + offset * DAY_MS);
}

/** Days since 1970-01-01: for grouping days into fixed periods. */
export function epochDay(day: UtcDay): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** Epoch milliseconds of the midnight (UTC) that ends `epochMs`'s day. */
export function nextUtcMidnight(epochMs: number): number {
  return (Math.floor(epochMs / DAY_MS) + 1) * DAY_MS;
}

export const PERIODS = ['day', 'week', 'month', 'total'] as const;
export type Period = (typeof PERIODS)[number];

export function isPeriod(value: string): value is Period {
  return (PERIODS as readonly string[]).includes(value);
}

/**
 * First day counted by a badge period, or null for all time. Periods are trailing windows that include today:
 * `day` is today (UTC), `week` the last 7 days, `month` the last 30 days.
 */
export function periodStartDay(period: Period, today: UtcDay): UtcDay | null {
  switch (period) {
    case 'day':
      return today;
    case 'week':
      return addDays(today, -6);
    case 'month':
      return addDays(today, -29);
    case 'total':
      return null;
  }
}
