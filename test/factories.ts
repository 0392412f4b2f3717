import type { FactTotals } from '../src/conversions/ratios';
import type { DailyViews } from '../src/views';
import type { DailyFacts } from '../src/history/daily-facts';
import { emptyHistory, type RepoCounts, type RepoHistory, type TrafficCounts } from '../src/history/model';

/** Test data factories: one default each, changed per test through overrides. */

export function makeTotals(overrides: Partial<FactTotals> = {}): FactTotals {
  return {
    readmeImpressions: 100,
    linkClicks: 0,
    linkClickers: 0,
    views: 200,
    viewUniques: 50,
    clones: 4,
    cloneUniques: 2,
    starsGained: 1,
    forksGained: 0,
    watchersGained: 0,
    issuesOpened: 0,
    pullsOpened: 0,
    firstContributions: 0,
    downloads: 0,
    ...overrides,
  };
}

export function makeFacts(day: string, overrides: Partial<DailyFacts> = {}): DailyFacts {
  return { day, ...makeTotals(), ...overrides };
}

export function makeTrafficDay(day: string, overrides: Partial<TrafficCounts> = {}): TrafficCounts & { day: string } {
  return { day, views: 10, viewUniques: 4, clones: 2, cloneUniques: 1, ...overrides };
}

export function makeCounts(overrides: Partial<RepoCounts> = {}): RepoCounts {
  return { stars: 100, forks: 10, watchers: 5, openIssues: 3, ...overrides };
}

export function makeHistory(overrides: Partial<RepoHistory> = {}): RepoHistory {
  return { ...emptyHistory(), ...overrides };
}

export function makeDailyViews(day: string, overrides: Partial<DailyViews> = {}): DailyViews {
  return { day, page: 'readme', source: 'github-camo', views: 10, ...overrides };
}
