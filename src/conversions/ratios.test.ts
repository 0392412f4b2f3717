import { describe, expect, it } from 'vitest';
import { makeFacts, makeTotals } from '../../test/factories';
import { computeRatios, sumFacts, type FactTotals } from './ratios';

/** A typical month. */
const monthTotals = (overrides: Partial<FactTotals> = {}) =>
  makeTotals({
    readmeImpressions: 2000,
    views: 2500,
    viewUniques: 800,
    clones: 60,
    cloneUniques: 40,
    starsGained: 10,
    forksGained: 2,
    linkClicks: 60,
    linkClickers: 45,
    watchersGained: 4,
    issuesOpened: 6,
    pullsOpened: 4,
    firstContributions: 3,
    downloads: 9000,
    ...overrides,
  });
const dayFacts = (day: string) =>
  makeFacts(day, {
    views: 120,
    viewUniques: 40,
    linkClicks: 5,
    linkClickers: 3,
    watchersGained: 1,
    issuesOpened: 2,
    pullsOpened: 1,
    firstContributions: 1,
    downloads: 700,
  });

describe('computeRatios', () => {
  it.each([
    [
      'a typical week',
      monthTotals(),
      {
        starsPer1kImpressions: 5,
        forksPer1kImpressions: 1,
        starsPer1kUniqueVisitors: 12.5,
        cloneRate: 0.05,
        readmeRenderRate: 0.8,
        clicksPer1kImpressions: 30,
        watchersPer1kImpressions: 2,
        contributionsPer1kImpressions: 5,
        firstContributionsPer1kImpressions: 1.5,
        downloadsPer1kImpressions: 4500,
      },
    ],
    [
      'no impressions yet',
      monthTotals({ readmeImpressions: 0 }),
      {
        starsPer1kImpressions: null,
        forksPer1kImpressions: null,
        starsPer1kUniqueVisitors: 12.5,
        cloneRate: 0.05,
        readmeRenderRate: 0,
        clicksPer1kImpressions: null,
        watchersPer1kImpressions: null,
        contributionsPer1kImpressions: null,
        firstContributionsPer1kImpressions: null,
        downloadsPer1kImpressions: null,
      },
    ],
    [
      'no GitHub traffic (no token)',
      monthTotals({ views: 0, viewUniques: 0, clones: 0, cloneUniques: 0 }),
      {
        starsPer1kImpressions: 5,
        forksPer1kImpressions: 1,
        starsPer1kUniqueVisitors: null,
        cloneRate: null,
        readmeRenderRate: null,
        clicksPer1kImpressions: 30,
        watchersPer1kImpressions: 2,
        contributionsPer1kImpressions: 5,
        firstContributionsPer1kImpressions: 1.5,
        downloadsPer1kImpressions: 4500,
      },
    ],
    [
      'all zero',
      monthTotals({
        readmeImpressions: 0,
        views: 0,
        viewUniques: 0,
        clones: 0,
        cloneUniques: 0,
        starsGained: 0,
        forksGained: 0,
        linkClicks: 0,
        watchersGained: 0,
        issuesOpened: 0,
        pullsOpened: 0,
        firstContributions: 0,
        downloads: 0,
      }),
      {
        starsPer1kImpressions: null,
        forksPer1kImpressions: null,
        starsPer1kUniqueVisitors: null,
        cloneRate: null,
        readmeRenderRate: null,
        clicksPer1kImpressions: null,
        watchersPer1kImpressions: null,
        contributionsPer1kImpressions: null,
        firstContributionsPer1kImpressions: null,
        downloadsPer1kImpressions: null,
      },
    ],
    [
      'stars lost',
      monthTotals({ starsGained: -4 }),
      {
        starsPer1kImpressions: -2,
        forksPer1kImpressions: 1,
        starsPer1kUniqueVisitors: -5,
        cloneRate: 0.05,
        readmeRenderRate: 0.8,
        clicksPer1kImpressions: 30,
        watchersPer1kImpressions: 2,
        contributionsPer1kImpressions: 5,
        firstContributionsPer1kImpressions: 1.5,
        downloadsPer1kImpressions: 4500,
      },
    ],
  ])('%s', (_name, totals, expected) => {
    expect(computeRatios(totals)).toEqual(expected);
  });

  it('leaves watchers unknown before the first snapshot, but counts clicks, which are counted here', () => {
    expect(computeRatios(monthTotals(), false)).toMatchObject({ watchersPer1kImpressions: null, clicksPer1kImpressions: 30 });
  });
});

describe('sumFacts', () => {
  it('sums every field of the days, and of nothing gives zeros', () => {
    // Each day: 100 README impressions, 5 link clicks by 3 readers, 120 views by 40 visitors, 4 clones by 2, 1 star,
    // no fork, 1 watcher, 2 issues and a pull request (one by a first-timer), 700 downloads.
    const facts = ['2026-04-01', '2026-04-02', '2026-04-03'].map(dayFacts);
    expect(sumFacts(facts)).toEqual({
      readmeImpressions: 300,
      views: 360,
      viewUniques: 120,
      clones: 12,
      cloneUniques: 6,
      starsGained: 3,
      forksGained: 0,
      linkClicks: 15,
      linkClickers: 9,
      watchersGained: 3,
      issuesOpened: 6,
      pullsOpened: 3,
      firstContributions: 3,
      downloads: 2100,
    });
    expect(Object.values(sumFacts([]))).toEqual(Array.from({ length: 14 }, () => 0));
  });
});
