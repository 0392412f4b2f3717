import { breakdownTotals, type RangeBreakdowns } from './breakdown-totals';
import { ESTIMATE_BASIS, estimatedReadmeViewers } from '../conversions/estimates';
import { computeRatios, type ConversionRatios } from '../conversions/ratios';
import type { DailyViews } from '../views';
import { latestByDay, type UtcDay } from '../dates';
import { buildDailyFacts, type DailyFacts } from '../history/daily-facts';
import type { PopularItem } from '../history/model';
import { mostViewedFirst } from '../history/top-lists';
import { isImpression, SOURCE_CLASSES } from '../impressions';
import type { RepoDays } from '../history/model';
import { toCsv, type CsvValue } from './csv';

/** One day of one repository: the counter's impressions joined with the collector's GitHub history. Pure. */
export interface SeriesRow extends DailyFacts {
  /**
   * Unique visitors of the day among clients that load the image themselves (pages outside GitHub, browsers);
   * README views on github.com come through camo and have none.
   */
  directVisitors: number;
  impressionsByPage: Record<string, number>;
  /** Every source class, bots included (they are never in impressions). */
  viewsBySource: Record<string, number>;
  /** The day's snapshot of the counts, or null when the collector did not see that day. */
  stars: number | null;
  forks: number | null;
  ratios: ConversionRatios;
}

export interface RepoSeries {
  repo: string;
  from: UtcDay;
  to: UtcDay;
  days: SeriesRow[];
  /** The first and last day the kept history holds anything (traffic, counts, gains), in or out of the range. */
  historySpan: { from: UtcDay; to: UtcDay } | null;
  /** Estimates, apart from the exact figures: README viewers per day (see ESTIMATE_BASIS). */
  estimates: { readmeViewers: Array<{ day: UtcDay; value: number | null }>; basis: string };
  /** GitHub's top referrers and paths as last seen in the range. */
  topReferrers: PopularItem[];
  topPaths: PopularItem[];
  /** Impressions by referrer host and by country over the range, where Analytics Engine is configured; else null. */
  breakdowns: RangeBreakdowns | null;
}

export function buildRepoSeries(repo: string, days: RepoDays, from: UtcDay, to: UtcDay): RepoSeries {
  return seriesOfFacts(repo, days, buildDailyFacts(days.history, days.views, from, to, days), from, to);
}

/** The same from the daily facts of exactly its days, `from` to `to`, when they were already built (repo-report.ts). */
export function seriesOfFacts(
  repo: string,
  { history, views, visitors }: RepoDays,
  facts: readonly DailyFacts[],
  from: UtcDay,
  to: UtcDay,
): RepoSeries {
  const visitorsByDay = new Map(visitors.map((row) => [row.day, row.visitors]));
  const viewsByDay = new Map<UtcDay, DailyViews[]>();
  for (const row of views) {
    const rows = viewsByDay.get(row.day);
    if (rows) rows.push(row);
    else viewsByDay.set(row.day, [row]);
  }
  const days = facts.map((fact): SeriesRow => {
    const impressionsByPage: Record<string, number> = {};
    const viewsBySource: Record<string, number> = {};
    for (const row of viewsByDay.get(fact.day) ?? []) {
      viewsBySource[row.source] = (viewsBySource[row.source] ?? 0) + row.views;
      if (isImpression(row.source)) impressionsByPage[row.page] = (impressionsByPage[row.page] ?? 0) + row.views;
    }
    const counts = history.counts[fact.day];
    return {
      ...fact,
      directVisitors: visitorsByDay.get(fact.day) ?? 0,
      impressionsByPage,
      viewsBySource,
      stars: counts?.stars ?? null,
      forks: counts?.forks ?? null,
      ratios: computeRatios(fact),
    };
  });
  const estimates = { readmeViewers: facts.map((fact) => ({ day: fact.day, value: estimatedReadmeViewers(fact) })), basis: ESTIMATE_BASIS };
  return {
    repo,
    from,
    to,
    days,
    historySpan: historySpan(history),
    estimates,
    topReferrers: mostViewedFirst(latestByDay(history.referrers, to, from)?.value ?? []),
    topPaths: mostViewedFirst(latestByDay(history.paths, to, from)?.value ?? []),
    breakdowns: breakdownTotals(history.breakdowns, from, to),
  };
}

function historySpan(history: RepoDays['history']): RepoSeries['historySpan'] {
  const days = [history.traffic, history.counts, history.starsGained, history.forksGained].flatMap((byDay) => Object.keys(byDay)).sort();
  const [first, last] = [days[0], days[days.length - 1]];
  return first && last ? { from: first, to: last } : null;
}

/**
 * What anyone may see when PUBLIC_REPORT=true: impressions and stars. GitHub shows traffic only to people with
 * push access, so views, clones, referrers, paths and the ratios built on them stay behind the token.
 */
export function publicSeries(series: RepoSeries) {
  return {
    repo: series.repo,
    from: series.from,
    to: series.to,
    days: series.days.map((day) => ({
      day: day.day,
      readmeImpressions: day.readmeImpressions,
      impressionsByPage: day.impressionsByPage,
      stars: day.stars,
      starsGained: day.starsGained,
    })),
  };
}

const RATIO_COLUMNS = [
  'starsPer1kImpressions',
  'forksPer1kImpressions',
  'starsPer1kUniqueVisitors',
  'cloneRate',
  'readmeRenderRate',
  'clicksPer1kImpressions',
  'watchersPer1kImpressions',
  'contributionsPer1kImpressions',
  'firstContributionsPer1kImpressions',
  'downloadsPer1kImpressions',
] as const;

/** The series as CSV: one row a day, one column per figure, per source class and per page seen in the range. */
export function seriesCsv(series: RepoSeries, publicOnly: boolean): string {
  const pages = [...new Set(series.days.flatMap((day) => Object.keys(day.impressionsByPage)))].sort();
  const base = publicOnly
    ? ['day', 'readmeImpressions', 'stars', 'starsGained']
    : [
        'day',
        'readmeImpressions',
        'directVisitors',
        'views',
        'viewUniques',
        'clones',
        'cloneUniques',
        'stars',
        'starsGained',
        'forks',
        'forksGained',
        'watchersGained',
        'linkClicks',
        'linkClickers',
        'issuesOpened',
        'pullsOpened',
        'firstContributions',
        'downloads',
        ...RATIO_COLUMNS,
      ];
  const sources = publicOnly ? [] : SOURCE_CLASSES.map((source) => `source:${source}`);
  const columns = [...base, ...sources, ...pages.map((page) => `page:${page}`)];
  const rows = series.days.map((day) => {
    const { impressionsByPage: _pages, viewsBySource: _sources, ratios, ...figures } = day;
    const row: Record<string, CsvValue> = { ...figures, ...ratios };
    for (const source of SOURCE_CLASSES) row[`source:${source}`] = day.viewsBySource[source] ?? 0;
    for (const page of pages) row[`page:${page}`] = day.impressionsByPage[page] ?? 0;
    return row;
  });
  return toCsv(columns, rows);
}
