import type { DailyViews, DayTotal } from '../views';
import { addDays, FIRST_DAY, latestByDay, type UtcDay } from '../dates';
import { dailyGains } from '../history/gains';
import type { RepoHistory } from '../history/model';
import { isReadmeImpression } from '../impressions';
import type { ChartPoint } from './chart-svg';

export const CHART_RANGES = ['all', '1y', '90d'] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

/** The first day a range shows, or null for all of it. */
export function rangeStart(range: ChartRange, today: UtcDay): UtcDay | null {
  return range === 'all' ? null : addDays(today, range === '1y' ? -364 : -89);
}

/**
 * Stars held at the end of each day, from the first day anything is known to `today`: the latest count, less the
 * gains of every later day (GitHub's star history where it answers, imports, or differences between daily
 * snapshots). Where every day's gains are known the curve is exact; where only snapshots are, it passes through
 * them. Pure.
 */
export function cumulativeStars(history: RepoHistory, today: UtcDay): { total: number | null; points: ChartPoint[] } {
  const latest = latestByDay(history.counts, today);
  const gains = dailyGains(history, 'stars', FIRST_DAY, today);
  // Days outside the calendar (stored before imports were checked against it) are not drawn.
  const days = [...Object.keys(gains), ...Object.keys(history.counts)].filter((day) => day >= FIRST_DAY && day <= today).sort();
  const first = days[0];
  if (latest === undefined && first === undefined) return { total: null, points: [] };
  // Without a count yet (no refresh), the gains alone say the total.
  const total = latest?.value.stars ?? Object.values(gains).reduce((sum, gained) => sum + gained, 0);
  const anchor = latest?.day ?? today;
  const last = days[days.length - 1] as UtcDay;
  const held = new Map<UtcDay, number>([[anchor, total]]);
  // Before the count's day: each day held what the next held, less the next day's gains; after it, plus its own.
  for (let day = addDays(anchor, -1); first !== undefined && day >= first; day = addDays(day, -1)) {
    held.set(day, (held.get(addDays(day, 1)) as number) - (gains[addDays(day, 1)] ?? 0));
  }
  for (let day = addDays(anchor, 1); day <= last; day = addDays(day, 1))
    held.set(day, (held.get(addDays(day, -1)) as number) + (gains[day] ?? 0));
  const points = [...held].map(([day, value]) => ({ day, value })).sort((a, b) => (a.day < b.day ? -1 : 1));
  return { total: points[points.length - 1]?.value ?? total, points };
}

/** README impressions per day (bots and other pages left out), every day from `from` to `today`. Pure. */
export function dailyImpressions(views: readonly DailyViews[], from: UtcDay, today: UtcDay): ChartPoint[] {
  const byDay = new Map<UtcDay, number>();
  for (const row of views) {
    if (isReadmeImpression(row)) byDay.set(row.day, (byDay.get(row.day) ?? 0) + row.views);
  }
  return everyDay(byDay, from, today);
}

/** Daily totals as a series of every day from `from` to `today`, 0 where a day has none. Pure. */
export function everyDayOf(totals: readonly DayTotal[], from: UtcDay, today: UtcDay): ChartPoint[] {
  return everyDay(new Map(totals.map((total) => [total.day, total.views])), from, today);
}

function everyDay(byDay: ReadonlyMap<UtcDay, number>, from: UtcDay, today: UtcDay): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (let day = from; day <= today; day = addDays(day, 1)) points.push({ day, value: byDay.get(day) ?? 0 });
  return points;
}
