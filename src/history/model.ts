import type { CounterDays } from '../views';
import type { UtcDay } from '../dates';

/**
 * What the collector and imports keep of one repository, by UTC day: plain data, merged in merge.ts.
 *
 * GitHub's traffic API only reaches 14 days back (https://docs.github.com/en/rest/metrics/traffic), so every
 * refresh merges its window into this history, which is kept for good.
 */
export interface TrafficCounts {
  views: number;
  viewUniques: number;
  clones: number;
  cloneUniques: number;
}

/** The repository's public counts as seen by the last refresh of a day. */
export interface RepoCounts {
  stars: number;
  forks: number;
  watchers: number;
  openIssues: number;
}

/** One row of GitHub's top-10 referrers (key: referring site) or paths (key: path, with its page title). */
export interface PopularItem {
  key: string;
  title: string;
  count: number;
  uniques: number;
}

/** README impressions of one day by page, source class, referrer host or country (Analytics Engine). */
export type Breakdowns = Partial<Record<'page' | 'source' | 'referrer' | 'country', Record<string, number>>>;

export interface RepoHistory {
  traffic: Record<UtcDay, TrafficCounts>;
  counts: Record<UtcDay, RepoCounts>;
  /** Stars gained per day from GitHub's aggregate stargazer history, where it answers, or from an import. */
  starsGained: Record<UtcDay, number>;
  /** Forks gained per day from an import (the collector itself only sees fork counts). */
  forksGained: Record<UtcDay, number>;
  /** GitHub's 14-day top referrers and paths, as seen on each day. */
  referrers: Record<UtcDay, PopularItem[]>;
  paths: Record<UtcDay, PopularItem[]>;
  /** Impression breakdowns per day, from Analytics Engine's SQL API when it is configured. */
  breakdowns: Record<UtcDay, Breakdowns>;
}

export function emptyHistory(): RepoHistory {
  return { traffic: {}, counts: {}, starsGained: {}, forksGained: {}, referrers: {}, paths: {}, breakdowns: {} };
}

/** What a repository's daily figures are built from: GitHub's history and the counter's days. */
export interface RepoDays extends CounterDays {
  history: RepoHistory;
}
