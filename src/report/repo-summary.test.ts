import { describe, expect, it } from 'vitest';
import { makeCounts, makeDailyViews, makeHistory } from '../../test/factories';
import { addDays } from '../dates';
import { emptyStatus } from '../records/repo-status';
import { publicSummary, summariesCsv, summarizeRepo } from './repo-summary';

const TODAY = '2026-03-28';
const history = makeHistory({
  traffic: Object.fromEntries(
    Array.from({ length: 30 }, (_, i) => [addDays(TODAY, -i), { views: 100, viewUniques: 40, clones: 4, cloneUniques: 2 }]),
  ),
  counts: {
    [addDays(TODAY, -40)]: makeCounts({ stars: 50, forks: 5, watchers: 5 }),
    [addDays(TODAY, -10)]: makeCounts({ stars: 80, forks: 8, watchers: 9 }),
    [addDays(TODAY, 2)]: makeCounts({ stars: 999 }),
  },
  starsGained: { [addDays(TODAY, -3)]: 6 },
});
const views = [
  makeDailyViews(TODAY, { views: 20 }),
  makeDailyViews(addDays(TODAY, -6), { views: 30 }),
  makeDailyViews(addDays(TODAY, -7), { views: 50 }),
  makeDailyViews(addDays(TODAY, -27), { views: 100 }),
  makeDailyViews(TODAY, { source: 'bot', views: 1000 }),
  makeDailyViews(TODAY, { page: 'docs', source: 'browser', views: 7 }),
  makeDailyViews(addDays(TODAY, -20), { page: 'docs', source: 'browser', views: 3 }),
];
const visitors = [
  { day: TODAY, visitors: 5 },
  { day: addDays(TODAY, -27), visitors: 2 },
  { day: addDays(TODAY, -28), visitors: 100 },
];
const empty = { history: makeHistory(), views: [], visitors: [], allTime: 0, readmeAllTime: 0, status: null };
const status = { ...emptyStatus(), state: 'ok' as const, lastRefreshAt: `${TODAY}T06:00:00.000Z`, lastSuccessAt: `${TODAY}T06:00:00.000Z` };
// 12 clicks in the 28 days (one day before them is left out), by 3 + 4 readers.
const clicks = [
  { day: TODAY, name: 'docs', version: '', referrer: 'github.com', clicks: 5 },
  { day: addDays(TODAY, -27), name: 'install', version: 'v2', referrer: '', clicks: 7 },
  { day: addDays(TODAY, -28), name: 'docs', version: '', referrer: '', clicks: 50 },
];
const clickers = [
  { day: TODAY, clickers: 3 },
  { day: addDays(TODAY, -27), clickers: 4 },
  { day: addDays(TODAY, -28), clickers: 40 },
];
// 3 issues and 2 pull requests in the 28 days, 3 of them by first-timers (the day before them left out).
const contributions = [
  { day: TODAY, issues: 1, pulls: 1, firstTimers: 1 },
  { day: addDays(TODAY, -27), issues: 2, pulls: 1, firstTimers: 2 },
  { day: addDays(TODAY, -28), issues: 9, pulls: 9, firstTimers: 9 },
];
// Two packages; the registries' last day is yesterday, so the week is yesterday and the 6 days before it.
const downloads = [
  { day: addDays(TODAY, -1), package: 'npm:rocket', downloads: 400 },
  { day: addDays(TODAY, -1), package: 'pypi:rocket', downloads: 100 },
  { day: addDays(TODAY, -7), package: 'npm:rocket', downloads: 300 },
  { day: addDays(TODAY, -8), package: 'npm:rocket', downloads: 200 },
  { day: addDays(TODAY, -28), package: 'npm:rocket', downloads: 10_000 },
];
const summary = summarizeRepo('acme/rocket', TODAY, {
  history,
  views,
  visitors,
  clicks,
  clickers,
  contributions,
  downloads,
  allTime: 5010,
  readmeAllTime: 5000,
  status,
});

describe('summarizeRepo', () => {
  it('sums README impressions over today, 7 and 28 days (bots and other pages left out)', () => {
    expect(summary.impressions).toEqual({ today: 20, last7: 50, last28: 200, allTime: 5000 });
  });

  it('gives every page its own figure, and the direct visitors of 28 days', () => {
    expect(summary.allPageImpressions).toEqual({ today: 27, last7: 57, last28: 210, allTime: 5010 });
    expect(summary.directVisitors28).toBe(7);
  });

  it('takes stars and forks from the latest snapshot up to today, and gains from the history', () => {
    // Snapshot gains: 50 → 80 stars credited 10 days ago; the stargazer history adds 6 three days ago.
    expect(summary.stars).toEqual({ total: 80, gained7: 6, gained28: 36, source: 'unknown', historyDifference: null });
    expect(summary.forks).toEqual({ total: 8, gained28: 3 });
    expect(summary.watchers).toEqual({ total: 9, gained28: 4 });
  });

  it('sums the link clicks and daily clickers of 28 days', () => {
    expect(summary.links).toEqual({ clicks28: 12, clickers28: 7 });
  });

  it('sums the issues, pull requests and first contributions of 28 days', () => {
    expect(summary.contributions).toEqual({ issues28: 3, pulls28: 2, firstTimers28: 3 });
  });

  it('sums the downloads of 28 days, and of the 7 days ending the last day a registry counted', () => {
    expect(summary.downloads).toEqual({ last28: 1000, week: 800, through: addDays(TODAY, -1) });
    expect(summarizeRepo('acme/new', TODAY, empty).downloads).toEqual({ last28: 0, week: 0, through: null });
  });

  it('sums 28 days of GitHub traffic and their ratios', () => {
    expect(summary.github).toEqual({ views28: 2800, viewUniques28: 1120, clones28: 112, cloneUniques28: 56 });
    expect(summary.ratios28).toEqual({
      starsPer1kImpressions: 180,
      forksPer1kImpressions: 15,
      starsPer1kUniqueVisitors: (36 / 1120) * 1000,
      cloneRate: 0.05,
      readmeRenderRate: 200 / 2800,
      clicksPer1kImpressions: 60,
      watchersPer1kImpressions: 20,
      contributionsPer1kImpressions: 25,
      firstContributionsPer1kImpressions: 15,
      downloadsPer1kImpressions: 5000,
    });
    expect(summary.status).toEqual({
      state: 'ok',
      message: null,
      traffic: 'ok',
      lastRefreshAt: status.lastRefreshAt,
      lastSuccessAt: status.lastSuccessAt,
    });
  });

  it('has no stars or forks per impression before the first star count: unknown, not zero', () => {
    const counted = { ...empty, views, history: makeHistory({ traffic: history.traffic }) };
    expect(summarizeRepo('acme/new', TODAY, counted).ratios28).toEqual({
      starsPer1kImpressions: null,
      forksPer1kImpressions: null,
      starsPer1kUniqueVisitors: null,
      cloneRate: 0.05,
      readmeRenderRate: 200 / 2800,
      clicksPer1kImpressions: 0,
      watchersPer1kImpressions: null,
      contributionsPer1kImpressions: 0,
      firstContributionsPer1kImpressions: 0,
      downloadsPer1kImpressions: 0,
    });
  });

  it('has no status for a repository never refreshed', () => {
    expect(summarizeRepo('acme/new', TODAY, empty)).toMatchObject({ stars: { total: null }, directVisitors28: 0, status: null });
  });
});

describe('the table in public and as CSV', () => {
  it('public: impressions and stars only', () => {
    expect(publicSummary(summary)).toEqual({
      repo: 'acme/rocket',
      impressions: summary.impressions,
      allPageImpressions: summary.allPageImpressions,
      carriedOver: null,
      stars: summary.stars,
    });
  });

  it('CSV: one row per repository, "never refreshed" where there is no status', () => {
    const never = summarizeRepo('acme/new', TODAY, empty);
    const lines = summariesCsv([summary, never], true).split('\r\n');
    expect(lines).toEqual([
      'repo,impressionsToday,impressions7d,impressions28d,impressionsAllTime,allPageImpressions28d,allPageImpressionsAllTime,carriedOverViews,carriedOverBefore,carriedOverSource,stars,starsGained7d,starsGained28d',
      'acme/rocket,20,50,200,5000,210,5010,,,,80,6,36',
      'acme/new,0,0,0,0,0,0,,,,,0,0',
      '',
    ]);
    expect(summariesCsv([never], false).split('\r\n')[1]).toMatch(/,never refreshed,,$/);
  });
});
