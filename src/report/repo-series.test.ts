import { describe, expect, it } from 'vitest';
import { makeCounts, makeDailyViews, makeHistory } from '../../test/factories';
import { buildRepoSeries, publicSeries, seriesCsv } from './repo-series';

const history = makeHistory({
  traffic: {
    '2026-03-01': { views: 100, viewUniques: 40, clones: 5, cloneUniques: 2 },
    '2026-03-02': { views: 50, viewUniques: 20, clones: 0, cloneUniques: 0 },
  },
  counts: { '2026-02-28': makeCounts({ stars: 10 }), '2026-03-02': makeCounts({ stars: 13, forks: 11, watchers: 7 }) },
  referrers: {
    '2026-02-20': [{ key: 'old.example', title: 'old.example', count: 1, uniques: 1 }],
    '2026-03-01': [{ key: 'github.com', title: 'github.com', count: 9, uniques: 3 }],
    '2026-03-09': [{ key: 'later.example', title: 'later.example', count: 2, uniques: 2 }],
  },
});
const views = [
  makeDailyViews('2026-03-01', { views: 60 }),
  makeDailyViews('2026-03-01', { page: 'docs', views: 7 }),
  makeDailyViews('2026-03-01', { source: 'browser', views: 4 }),
  makeDailyViews('2026-03-01', { source: 'bot', views: 30 }),
  makeDailyViews('2026-03-02', { views: 25 }),
];
const visitors = [
  { day: '2026-03-01', visitors: 3 },
  { day: '2026-02-28', visitors: 9 },
];
// Two links clicked on Mar 1 (one also from a labelled README), by 2 readers; one click outside the range.
const clicks = [
  { day: '2026-03-01', name: 'docs', version: '', referrer: 'github.com', clicks: 3 },
  { day: '2026-03-01', name: 'docs', version: 'v2', referrer: 'github.com', clicks: 1 },
  { day: '2026-03-01', name: 'install', version: '', referrer: '', clicks: 2 },
  { day: '2026-03-04', name: 'docs', version: '', referrer: '', clicks: 9 },
];
const clickers = [{ day: '2026-03-01', clickers: 2 }];
// An issue by a first-timer on Mar 1; 90 + 6 downloads of two packages on Mar 2.
const contributions = [{ day: '2026-03-01', issues: 1, pulls: 0, firstTimers: 1 }];
const downloads = [
  { day: '2026-03-02', package: 'npm:rocket', downloads: 90 },
  { day: '2026-03-02', package: 'crates:rocket', downloads: 6 },
];
const series = buildRepoSeries(
  'acme/rocket',
  { history, views, visitors, labelled: [], clicks, clickers, contributions, downloads },
  '2026-03-01',
  '2026-03-03',
);

describe('buildRepoSeries', () => {
  it('has one row a day: README impressions (bots left out), pages and sources, traffic, counts and ratios', () => {
    expect(series.days.map((day) => day.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(series.days[0]).toEqual({
      day: '2026-03-01',
      readmeImpressions: 64,
      directVisitors: 3,
      views: 100,
      viewUniques: 40,
      clones: 5,
      cloneUniques: 2,
      starsGained: 0,
      forksGained: 0,
      linkClicks: 6,
      linkClickers: 2,
      watchersGained: 0,
      issuesOpened: 1,
      pullsOpened: 0,
      firstContributions: 1,
      downloads: 0,
      impressionsByPage: { readme: 64, docs: 7 },
      viewsBySource: { 'github-camo': 67, browser: 4, bot: 30 },
      stars: null,
      forks: null,
      ratios: {
        starsPer1kImpressions: 0,
        forksPer1kImpressions: 0,
        starsPer1kUniqueVisitors: 0,
        cloneRate: 0.05,
        readmeRenderRate: 0.64,
        clicksPer1kImpressions: 93.75,
        watchersPer1kImpressions: 0,
        contributionsPer1kImpressions: 15.625,
        firstContributionsPer1kImpressions: 15.625,
        downloadsPer1kImpressions: 0,
      },
    });
    // 10 → 13 stars (and 5 → 7 watchers) between the snapshots of Feb 28 and Mar 2: credited to Mar 2.
    expect(series.days[1]).toMatchObject({
      readmeImpressions: 25,
      starsGained: 3,
      forksGained: 1,
      watchersGained: 2,
      linkClicks: 0,
      downloads: 96,
      stars: 13,
      forks: 11,
      ratios: { starsPer1kImpressions: 120, watchersPer1kImpressions: 80, clicksPer1kImpressions: 0, downloadsPer1kImpressions: 3840 },
    });
    expect(series.days[2]).toMatchObject({
      readmeImpressions: 0,
      views: 0,
      stars: null,
      ratios: { starsPer1kImpressions: null, readmeRenderRate: null },
    });
  });

  it('says where the kept history begins and ends, beyond the range', () => {
    expect(series.historySpan).toEqual({ from: '2026-02-28', to: '2026-03-02' });
    expect(
      buildRepoSeries(
        'acme/new',
        { history: makeHistory(), views: [], visitors: [], labelled: [], clicks: [], clickers: [] },
        '2026-03-01',
        '2026-03-01',
      ).historySpan,
    ).toBeNull();
  });

  it('shows the top lists last seen within the range', () => {
    expect(series.topReferrers).toEqual([{ key: 'github.com', title: 'github.com', count: 9, uniques: 3 }]);
    expect(series.topPaths).toEqual([]);
  });
});

describe('publicSeries', () => {
  it('keeps impressions and stars only, never GitHub traffic', () => {
    const shown = publicSeries(series);
    expect(shown.days[0]).toEqual({
      day: '2026-03-01',
      readmeImpressions: 64,
      impressionsByPage: { readme: 64, docs: 7 },
      stars: null,
      starsGained: 0,
    });
    expect(JSON.stringify(shown)).not.toMatch(/views|clones|referrers|github\.com/);
  });
});

describe('seriesCsv', () => {
  it('has a column per figure, source class and page seen', () => {
    const [header, first] = seriesCsv(series, false).split('\r\n');
    expect(header).toBe(
      'day,readmeImpressions,directVisitors,views,viewUniques,clones,cloneUniques,stars,starsGained,forks,forksGained,watchersGained,linkClicks,linkClickers,' +
        'issuesOpened,pullsOpened,firstContributions,downloads,' +
        'starsPer1kImpressions,forksPer1kImpressions,starsPer1kUniqueVisitors,cloneRate,readmeRenderRate,clicksPer1kImpressions,watchersPer1kImpressions,' +
        'contributionsPer1kImpressions,firstContributionsPer1kImpressions,downloadsPer1kImpressions,' +
        'source:github-camo,source:image-proxy,source:browser,source:bot,source:unknown,page:docs,page:readme',
    );
    expect(first).toBe('2026-03-01,64,3,100,40,5,2,,0,,0,0,6,2,1,0,1,0,0,0,0,0.05,0.64,93.75,0,15.625,15.625,0,67,0,4,30,0,7,64');
  });

  it('public: impressions and stars only', () => {
    expect(seriesCsv(series, true).split('\r\n').slice(0, 3)).toEqual([
      'day,readmeImpressions,stars,starsGained,page:docs,page:readme',
      '2026-03-01,64,,0,7,64',
      '2026-03-02,25,13,3,0,25',
    ]);
  });
});

describe('top lists in a series', () => {
  it('are most viewed first, whatever order they were kept in', () => {
    const item = (key: string, count: number) => ({ key, title: key, count, uniques: 1 });
    const kept = makeHistory({ referrers: { '2026-03-01': [item('a.example', 891), item('b.example', 297), item('c.example', 446)] } });
    const days = { history: kept, views: [], visitors: [], labelled: [], clicks: [], clickers: [] };
    const { topReferrers } = buildRepoSeries('acme/rocket', days, '2026-03-01', '2026-03-02');
    expect(topReferrers.map((one) => one.count)).toEqual([891, 446, 297]);
  });
});
