import type { UtcDay } from '../dates';
import type { Breakdowns } from '../history/model';

/** A referrer host or country and the impressions it brought over a range (every page, bots left out). */
export interface BreakdownItem {
  key: string;
  impressions: number;
}

/** The impression breakdowns of a range (Analytics Engine's, where it is configured), summed over its days. */
export interface RangeBreakdowns {
  /** How many of the range's days have breakdowns: they are kept from the first run with Analytics Engine on. */
  days: number;
  /** Most first; an empty host (no referrer sent: camo, apps) and an empty country (a proxy) are named so. */
  referrerHosts: BreakdownItem[];
  countries: BreakdownItem[];
}

/** What an empty key stands for in each breakdown. */
const UNNAMED = { referrer: '(none sent)', country: '(unknown)' } as const;

/** The breakdowns of the days `from` to `to`, summed; null when none of those days has any. Pure. */
export function breakdownTotals(byDay: Readonly<Record<UtcDay, Breakdowns>>, from: UtcDay, to: UtcDay): RangeBreakdowns | null {
  let days = 0;
  const sums = { referrer: new Map<string, number>(), country: new Map<string, number>() };
  for (const [day, breakdowns] of Object.entries(byDay)) {
    if (day < from || day > to) continue;
    days++;
    for (const kind of ['referrer', 'country'] as const) {
      for (const [key, views] of Object.entries(breakdowns[kind] ?? {})) {
        const name = key === '' ? UNNAMED[kind] : key;
        sums[kind].set(name, (sums[kind].get(name) ?? 0) + views);
      }
    }
  }
  if (days === 0) return null;
  const mostFirst = (sums: Map<string, number>) =>
    [...sums].map(([key, impressions]) => ({ key, impressions })).sort((a, b) => b.impressions - a.impressions || (a.key < b.key ? -1 : 1));
  return { days, referrerHosts: mostFirst(sums.referrer), countries: mostFirst(sums.country) };
}
