import { ESTIMATE_BASIS, estimatedReadmeViewersOver } from '../conversions/estimates';
import { computeRatios, sumFacts, type ConversionRatios } from '../conversions/ratios';
import type { CarriedOver, CounterDays, DailyViews, DailyVisitors } from '../views';
import { addDays, latestByDay, type UtcDay } from '../dates';
import { buildDailyFacts } from '../history/daily-facts';
import type { RepoHistory } from '../history/model';
import { isImpression, isReadmeImpression } from '../impressions';
import type { RepoStatus, StarHistoryState } from '../records/repo-status';
import { toCsv, type CsvValue } from './csv';

/** The days the report table shows: the last 28, today included. */
export const TABLE_DAYS = 28;

/** One line of `/report`: a repository's impressions, GitHub traffic, stars, forks, ratios and refresh status. */
export interface RepoSummary {
  repo: string;
  /** README impressions: the `readme` page's views, bots left out (what the ratios divide by). */
  impressions: ImpressionCounts;
  /** Impressions of every page label (`?page=`), README included. */
  allPageImpressions: ImpressionCounts;
  /**
   * A total carried over from another counter (POST /report/baseline), apart from everything counted here: the
   * badge's all-time count adds it to the impressions counted from its `before` day on.
   */
  carriedOver: CarriedOver | null;
  /** Estimates, apart from the exact figures: README viewers over 28 days (see ESTIMATE_BASIS). */
  estimates: { readmeViewers28: number | null; basis: string };
  /** The live README version and its verdict against the previous one (README versions, as of the last refresh). */
  readme: RepoStatus['readmeVersion'];
  /** The latest star burst or traffic spike the collector found, explained; null before any. */
  latestEvent: NonNullable<RepoStatus['latestEvent']> | null;
  /** Unique visitors per day, summed over 28 days, of pages that load the image directly (none through camo). */
  directVisitors28: number;
  /**
   * Stars: the latest count and the gains. `source` says where daily gains come from (GitHub's star history, or
   * snapshots of the count); `historyDifference` is stored gains summed minus the count, once GitHub's history is in.
   */
  stars: { total: number | null; gained7: number; gained28: number; source: StarHistoryState['source']; historyDifference: number | null };
  forks: { total: number | null; gained28: number };
  /** Watchers (`subscribers_count`): the latest count, and those gained over 28 days. */
  watchers: { total: number | null; gained28: number };
  /** Clicks on the tracked README links over 28 days, and unique clickers per day, summed. */
  links: { clicks28: number; clickers28: number };
  /** Issues and pull requests opened over 28 days (bots' left out), and those by people new to the repository. */
  contributions: { issues28: number; pulls28: number; firstTimers28: number };
  /**
   * Package downloads (PACKAGES), summed over the packages: over 28 days, and over the 7 days ending `through`, the
   * last day any registry has counted (registries publish a day a day or two late); null without any.
   */
  downloads: { last28: number; week: number; through: UtcDay | null };
  github: { views28: number; viewUniques28: number; clones28: number; cloneUniques28: number };
  ratios28: ConversionRatios;
  status: Pick<RepoStatus, 'state' | 'message' | 'traffic' | 'lastRefreshAt' | 'lastSuccessAt'> | null;
}

/** What one line is built from (storage's loadRepoLine): the history (or its summary) and the counter's views. */
export interface RepoLineInputs {
  history: RepoHistory;
  /** The counter's views of the 28 days ending today. */
  views: readonly DailyViews[];
  /** The counter's daily unique visitors of the same days. */
  visitors: readonly DailyVisitors[];
  /** The counter's link clicks and clickers of the same days (none when absent). */
  clicks?: CounterDays['clicks'];
  clickers?: CounterDays['clickers'];
  /** The counter's contributions and downloads of the same days (none when absent). */
  contributions?: CounterDays['contributions'];
  downloads?: CounterDays['downloads'];
  /** All-time impressions of every page, and of the README alone. */
  allTime: number;
  readmeAllTime: number;
  /** The last refresh status, or null for a repository never refreshed. */
  status: RepoStatus | null;
  /** The total carried over from another counter, if one was set. */
  carriedOver?: CarriedOver | null;
}

/**
 * From the 28 days ending `today` of the history and the counter's views, the all-time count and the last refresh
 * status. Pure, and lean on purpose: the report table makes one per repository.
 */
export function summarizeRepo(
  repo: string,
  today: UtcDay,
  { history, views: views28, visitors, allTime, readmeAllTime, status, carriedOver = null, ...own }: RepoLineInputs,
): RepoSummary {
  const since = (days: number) => addDays(today, -(days - 1));
  const { clicks = [], clickers = [], contributions = [], downloads = [] } = own;
  const facts28 = buildDailyFacts(history, views28, since(28), today, { clicks, clickers, contributions, downloads });
  const impressions = (days: number, readmeOnly: boolean) => {
    const from = since(days);
    return views28.reduce(
      (sum, row) =>
        (readmeOnly ? isReadmeImpression(row) : isImpression(row.source)) && row.day >= from && row.day <= today ? sum + row.views : sum,
      0,
    );
  };
  const counts = (readmeOnly: boolean, all: number) => ({
    today: impressions(1, readmeOnly),
    last7: impressions(7, readmeOnly),
    last28: impressions(28, readmeOnly),
    allTime: all,
  });
  const totals28 = sumFacts(facts28);
  const totals7 = sumFacts(facts28.filter((fact) => fact.day >= since(7)));
  const latest = latestByDay(history.counts, today)?.value;
  return {
    repo,
    impressions: counts(true, readmeAllTime),
    allPageImpressions: counts(false, allTime),
    carriedOver,
    estimates: { readmeViewers28: estimatedReadmeViewersOver(facts28), basis: ESTIMATE_BASIS },
    readme: status?.readmeVersion ?? null,
    latestEvent: status?.latestEvent ?? null,
    directVisitors28: visitors.reduce((sum, row) => (row.day >= since(28) && row.day <= today ? sum + row.visitors : sum), 0),
    stars: {
      total: latest?.stars ?? null,
      gained7: totals7.starsGained,
      gained28: totals28.starsGained,
      source: status?.starHistory?.source ?? 'unknown',
      historyDifference: status?.starHistory?.difference ?? null,
    },
    forks: { total: latest?.forks ?? null, gained28: totals28.forksGained },
    watchers: { total: latest?.watchers ?? null, gained28: totals28.watchersGained },
    links: { clicks28: totals28.linkClicks, clickers28: totals28.linkClickers },
    contributions: { issues28: totals28.issuesOpened, pulls28: totals28.pullsOpened, firstTimers28: totals28.firstContributions },
    downloads: { last28: totals28.downloads, ...downloadsWeek(downloads, since(28), today) },
    github: {
      views28: totals28.views,
      viewUniques28: totals28.viewUniques,
      clones28: totals28.clones,
      cloneUniques28: totals28.cloneUniques,
    },
    // Before the first star count, the gains are unknown rather than none.
    ratios28: computeRatios(totals28, latest !== undefined),
    status: status && {
      state: status.state,
      message: status.message,
      traffic: status.traffic,
      lastRefreshAt: status.lastRefreshAt,
      lastSuccessAt: status.lastSuccessAt,
    },
  };
}

/** The downloads of the 7 days ending the last day counted from `from` to `today`, and that day (null without any). */
export function downloadsWeek(
  rows: NonNullable<CounterDays['downloads']>,
  from: UtcDay,
  today: UtcDay,
): { week: number; through: UtcDay | null } {
  const counted = rows.filter((row) => row.day >= from && row.day <= today);
  const through = counted.reduce<UtcDay | null>((last, row) => (last === null || row.day > last ? row.day : last), null);
  if (through === null) return { week: 0, through };
  const first = addDays(through, -6);
  return { week: counted.reduce((sum, row) => (row.day >= first ? sum + row.downloads : sum), 0), through };
}

/** What anyone may see when PUBLIC_REPORT=true: impressions and stars (see publicSeries). */
export function publicSummary(summary: RepoSummary) {
  return {
    repo: summary.repo,
    impressions: summary.impressions,
    allPageImpressions: summary.allPageImpressions,
    carriedOver: summary.carriedOver,
    stars: summary.stars,
  };
}

export interface ImpressionCounts {
  today: number;
  last7: number;
  last28: number;
  allTime: number;
}

/** A line of `/report` whose storage failed: the rest of the table still answers. */
export interface UnavailableLine {
  repo: string;
  error: string;
}

export const UNAVAILABLE_LINE_ERROR = 'storage unavailable: try again in a minute';

/** The table's lines in order, an unavailable one as its repository with `status` saying so and no figures. */
export function summariesCsv(lines: ReadonlyArray<RepoSummary | UnavailableLine>, publicOnly: boolean): string {
  const impressionColumns = [
    'repo',
    'impressionsToday',
    'impressions7d',
    'impressions28d',
    'impressionsAllTime',
    'allPageImpressions28d',
    'allPageImpressionsAllTime',
    'carriedOverViews',
    'carriedOverBefore',
    'carriedOverSource',
  ];
  const columns = publicOnly
    ? [...impressionColumns, 'stars', 'starsGained7d', 'starsGained28d']
    : [
        ...impressionColumns,
        'directVisitors28d',
        'stars',
        'starsGained7d',
        'starsGained28d',
        'forks',
        'forksGained28d',
        'watchers',
        'watchersGained28d',
        'linkClicks28d',
        'linkClickers28d',
        'issuesOpened28d',
        'pullsOpened28d',
        'firstContributions28d',
        'downloads28d',
        'downloadsWeek',
        'downloadsThrough',
        'views28d',
        'viewUniques28d',
        'clones28d',
        'cloneUniques28d',
        'starsPer1kImpressions28d',
        'forksPer1kImpressions28d',
        'starsPer1kUniqueVisitors28d',
        'cloneRate28d',
        'readmeRenderRate28d',
        'clicksPer1kImpressions28d',
        'watchersPer1kImpressions28d',
        'contributionsPer1kImpressions28d',
        'firstContributionsPer1kImpressions28d',
        'downloadsPer1kImpressions28d',
        'readmeVersion',
        'readmeVersionSince',
        'readmeVerdict',
        'status',
        'statusMessage',
        'lastSuccessAt',
      ];
  const rows = lines.map(
    (s): Record<string, CsvValue> =>
      'error' in s
        ? { repo: s.repo, status: 'storage unavailable', statusMessage: s.error }
        : {
            repo: s.repo,
            impressionsToday: s.impressions.today,
            impressions7d: s.impressions.last7,
            impressions28d: s.impressions.last28,
            impressionsAllTime: s.impressions.allTime,
            allPageImpressions28d: s.allPageImpressions.last28,
            allPageImpressionsAllTime: s.allPageImpressions.allTime,
            carriedOverViews: s.carriedOver?.views,
            carriedOverBefore: s.carriedOver?.before,
            carriedOverSource: s.carriedOver?.source,
            directVisitors28d: s.directVisitors28,
            stars: s.stars.total,
            starsGained7d: s.stars.gained7,
            starsGained28d: s.stars.gained28,
            forks: s.forks.total,
            forksGained28d: s.forks.gained28,
            watchers: s.watchers.total,
            watchersGained28d: s.watchers.gained28,
            linkClicks28d: s.links.clicks28,
            linkClickers28d: s.links.clickers28,
            issuesOpened28d: s.contributions.issues28,
            pullsOpened28d: s.contributions.pulls28,
            firstContributions28d: s.contributions.firstTimers28,
            downloads28d: s.downloads.last28,
            downloadsWeek: s.downloads.week,
            downloadsThrough: s.downloads.through,
            views28d: s.github.views28,
            viewUniques28d: s.github.viewUniques28,
            clones28d: s.github.clones28,
            cloneUniques28d: s.github.cloneUniques28,
            starsPer1kImpressions28d: s.ratios28.starsPer1kImpressions,
            forksPer1kImpressions28d: s.ratios28.forksPer1kImpressions,
            starsPer1kUniqueVisitors28d: s.ratios28.starsPer1kUniqueVisitors,
            cloneRate28d: s.ratios28.cloneRate,
            readmeRenderRate28d: s.ratios28.readmeRenderRate,
            clicksPer1kImpressions28d: s.ratios28.clicksPer1kImpressions,
            watchersPer1kImpressions28d: s.ratios28.watchersPer1kImpressions,
            contributionsPer1kImpressions28d: s.ratios28.contributionsPer1kImpressions,
            firstContributionsPer1kImpressions28d: s.ratios28.firstContributionsPer1kImpressions,
            downloadsPer1kImpressions28d: s.ratios28.downloadsPer1kImpressions,
            readmeVersion: s.readme?.label,
            readmeVersionSince: s.readme?.since,
            readmeVerdict: s.readme?.verdict,
            status: s.status?.state ?? 'never refreshed',
            statusMessage: s.status?.message,
            lastSuccessAt: s.status?.lastSuccessAt,
          },
  );
  return toCsv(columns, rows);
}
