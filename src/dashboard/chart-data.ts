// Pure helpers that turn a repository's report (GET /report/{owner}/{repo}) into what the dashboard draws. No DOM
// here, so they are tested on their own (test/chart-data.test.ts). Each day's ratios are the server's; the one
// figure worked out here, the rolling rate, uses the server's own per-1,000 rule (src/rates.ts).
import { DAY_MS } from '../dates';
import { perThousand } from '../rates';
import { MAX_RANGE_DAYS } from '../report/date-range';
import type { SeriesRow } from '../report/repo-series';

type Value = number | null | undefined;

/** Days before a series' first non-zero value are missing data (before tracking began), not zeros: null. */
export function gapsBeforeData(values: readonly Value[]): Array<number | null> {
  const first = values.findIndex((value) => value !== null && value !== undefined && value !== 0);
  return first < 0 ? values.map(() => null) : values.map((value, i) => (i < first ? null : (value ?? null)));
}

type TrackedDay = Pick<SeriesRow, 'readmeImpressions'>;

/** The index of the first day the pixel counted anything, or -1. */
function firstTracked(days: readonly TrackedDay[]): number {
  return days.findIndex((day) => day.readmeImpressions > 0);
}

/**
 * Stars per 1,000 README impressions over the `window` days ending each day: daily counts are small, so one star
 * makes a day jump from 0 to 20 and back. null where the window holds no impressions or starts before tracking.
 */
export function rollingConversion(
  days: ReadonlyArray<Pick<SeriesRow, 'readmeImpressions' | 'starsGained'>>,
  window = 7,
): Array<number | null> {
  const first = firstTracked(days);
  return days.map((_, i) => {
    if (first < 0 || i - window + 1 < first) return null;
    let stars = 0;
    let impressions = 0;
    for (const day of days.slice(i - window + 1, i + 1)) {
      stars += day.starsGained;
      impressions += day.readmeImpressions;
    }
    return perThousand(stars, impressions);
  });
}

type RatioDay = TrackedDay & { ratios: Pick<SeriesRow['ratios'], 'starsPer1kImpressions' | 'readmeRenderRate'> };

/** Each day's own ratio (the server's), for faint points beside the rolling line; null before tracking began. */
export function dailyConversion(days: readonly RatioDay[]): Array<number | null> {
  const first = firstTracked(days);
  return days.map((day, i) => (first < 0 || i < first ? null : day.ratios.starsPer1kImpressions));
}

/** README render rate in %, null before the pixel counted anything (it was not there, not "never rendered"). */
export function renderRatePercent(days: readonly RatioDay[]): Array<number | null> {
  const first = firstTracked(days);
  return days.map((day, i) => {
    const rate = day.ratios.readmeRenderRate;
    return first < 0 || i < first || rate === null ? null : rate * 100;
  });
}

type SpanDay = Pick<SeriesRow, 'day' | 'readmeImpressions' | 'views' | 'clones' | 'starsGained' | 'stars'>;

/** The first and last day holding any figure, or null when the series is empty. */
export function dataSpan(days: readonly SpanDay[]): { from: string; to: string } | null {
  const has = (day: SpanDay) => day.readmeImpressions > 0 || day.views > 0 || day.clones > 0 || day.starsGained !== 0 || day.stars !== null;
  const first = days.find(has);
  const last = [...days].reverse().find(has);
  return first && last ? { from: first.day, to: last.day } : null;
}

/** Whether `from`–`to` is a range the report takes: both full dates, in order, at most `maxDays` days. */
export function checkRange(from: string, to: string, maxDays = MAX_RANGE_DAYS): string | null {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(from) || !day.test(to)) return 'Pick both dates.';
  if (from > to) return 'The first date is after the second.';
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  return days > maxDays ? `At most ${maxDays} days (two years) at a time.` : null;
}

/** One line of a chart drawn per key (a page, a source class): its key and its values, day by day. */
export interface KeyedLine {
  key: string;
  total: number;
  values: Array<number | null>;
}

/**
 * A line per key of each day's `pick` (impressions by page, views by source class), the keys with most in the
 * range first, at most `max` lines: the rest are summed into one line named `other`. Days before the first day
 * with any figure are missing data (null), as in gapsBeforeData; after it a key without a figure that day is 0.
 */
export function keyedLines<D>(days: readonly D[], pick: (day: D) => Readonly<Record<string, number>>, max = 5): KeyedLine[] {
  const totals = new Map<string, number>();
  for (const day of days) for (const [key, value] of Object.entries(pick(day))) totals.set(key, (totals.get(key) ?? 0) + value);
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const [kept, rest] = ranked.length > max ? [ranked.slice(0, max - 1), ranked.slice(max - 1)] : [ranked, []];
  const first = days.findIndex((day) => Object.values(pick(day)).some((value) => value !== 0));
  const valuesOf = (value: (figures: Readonly<Record<string, number>>) => number) =>
    days.map((day, i) => (first < 0 || i < first ? null : value(pick(day))));
  const lines = kept.map(([key, total]) => ({ key, total, values: valuesOf((figures) => figures[key] ?? 0) }));
  if (rest.length === 0) return lines;
  const others = rest.map(([key]) => key);
  const total = rest.reduce((sum, [, value]) => sum + value, 0);
  return [
    ...lines,
    { key: `other (${others.length})`, total, values: valuesOf((figures) => others.reduce((sum, key) => sum + (figures[key] ?? 0), 0)) },
  ];
}
