import { addDays, epochDay, type UtcDay } from '../dates';
import type { PopularItem, RepoHistory } from './model';

/** Top lists younger than this keep every day; older ones one list per TOP_LIST_PERIOD_DAYS. */
export const RECENT_TOP_LIST_DAYS = 28;
const TOP_LIST_PERIOD_DAYS = 14;

/**
 * GitHub's top referrers and paths are sums over the 14 days before the day they were seen
 * (https://docs.github.com/en/rest/metrics/traffic), so each day's list repeats 13/14 of the previous one. Past
 * RECENT_TOP_LIST_DAYS, only the last list seen in each 14-day period is kept: those lists tile time without
 * overlap, so the thinning loses no period, and a year of history is ~4 times smaller (daily lists made 80% of
 * it, and every refresh and report parses the whole history). Pure.
 */
export function thinTopLists(history: RepoHistory, today: UtcDay): { history: RepoHistory; changed: boolean } {
  const cutoff = addDays(today, -RECENT_TOP_LIST_DAYS);
  const referrers = thinDays(history.referrers, cutoff);
  const paths = thinDays(history.paths, cutoff);
  const changed = referrers !== history.referrers || paths !== history.paths;
  return { history: changed ? { ...history, referrers, paths } : history, changed };
}

/**
 * The first day of the 14-day period that holds `day`: reading a history from there, thinning sees whole periods.
 */
export function topListPeriodStart(day: UtcDay): UtcDay {
  const epoch = epochDay(day);
  return addDays(day, -(epoch - Math.floor(epoch / TOP_LIST_PERIOD_DAYS) * TOP_LIST_PERIOD_DAYS));
}

/** The first day a merge on `today` may thin: the start of the period holding the last day kept whole. */
export function thinningStart(today: UtcDay): UtcDay {
  return topListPeriodStart(addDays(today, -RECENT_TOP_LIST_DAYS));
}

/** Of the days a kind of top list is kept for, those that thinning on `today` removes. Pure. */
export function daysThinnedAway(days: readonly UtcDay[], today: UtcDay): UtcDay[] {
  return thinnedAway(days, addDays(today, -RECENT_TOP_LIST_DAYS));
}

function thinDays<T>(lists: Record<UtcDay, T>, cutoff: UtcDay): Record<UtcDay, T> {
  const removed = new Set(thinnedAway(Object.keys(lists), cutoff));
  return removed.size === 0 ? lists : Object.fromEntries(Object.entries(lists).filter(([day]) => !removed.has(day)));
}

function thinnedAway(days: readonly UtcDay[], cutoff: UtcDay): UtcDay[] {
  const lastOfPeriod = new Map<number, UtcDay>();
  for (const day of days) {
    if (day > cutoff) continue;
    const period = Math.floor(epochDay(day) / TOP_LIST_PERIOD_DAYS);
    if ((lastOfPeriod.get(period) ?? '') < day) lastOfPeriod.set(period, day);
  }
  const kept = new Set(lastOfPeriod.values());
  return days.filter((day) => day <= cutoff && !kept.has(day));
}

/**
 * A top list as reports show it: most viewed first, ties by unique visitors, then by name. GitHub's own order is
 * not kept through merging and thinning, and a list read back from storage comes in the order it was written.
 */
export function mostViewedFirst(items: readonly PopularItem[]): PopularItem[] {
  return [...items].sort((a, b) => b.count - a.count || b.uniques - a.uniques || a.key.localeCompare(b.key));
}
