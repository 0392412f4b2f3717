import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ESTIMATE_BASIS } from '../src/conversions/estimates';
import { addDays, FIRST_DAY, utcDay } from '../src/dates';
import { buildRepoReport } from '../src/report/repo-report';
import type { RepoReport } from '../src/report/responses';
import { publicSeries } from '../src/report/repo-series';
import { counterFor } from '../src/counter/counter-client';
import { emptyHistory } from '../src/history/model';
import { summarizeHistory, summaryStart } from '../src/conversions/summary';
import { emptyStatus } from '../src/records/repo-status';
import { readHistory, readStatus, storesOf } from '../src/stores/repo-store';
import { TEST_REPORT_TOKEN } from './constants';
import { writeHistory, writeStatus } from './records';
import { bodyText, counterFailing, fetchWorker, kvFailingReads } from './worker';

const OWNER = 'report-co';
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };
const REPOS = { REPOS: `${OWNER}/alpha, ${OWNER}/beta` };

/** Three days of alpha: GitHub's numbers in KV, README views in its counter. */
beforeAll(async () => {
  const history = emptyHistory();
  history.traffic = {
    '2026-11-01': { views: 200, viewUniques: 80, clones: 10, cloneUniques: 4 },
    '2026-11-02': { views: 100, viewUniques: 50, clones: 6, cloneUniques: 5 },
  };
  history.counts = {
    '2026-10-31': { stars: 40, forks: 4, watchers: 3, openIssues: 1 },
    '2026-11-01': { stars: 42, forks: 4, watchers: 3, openIssues: 1 },
    '2026-11-02': { stars: 45, forks: 5, watchers: 5, openIssues: 1 },
    '2026-11-03': { stars: 45, forks: 5, watchers: 6, openIssues: 1 },
  };
  history.referrers = { '2026-11-02': [{ key: 'news.ycombinator.com', title: 'news.ycombinator.com', count: 30, uniques: 20 }] };
  history.paths = { '2026-11-02': [{ key: `/${OWNER}/alpha`, title: 'alpha', count: 90, uniques: 40 }] };
  await writeHistory(storesOf(env), { owner: OWNER, repo: 'alpha' }, history);
  await writeStatus(
    storesOf(env),
    { owner: OWNER, repo: 'alpha' },
    { ...emptyStatus(), lastRefreshAt: '2026-11-03T10:00:00.000Z', lastSuccessAt: '2026-11-03T10:00:00.000Z' },
  );

  const hit = (day: string, page: string, source: 'github-camo' | 'browser' | 'bot') => ({ day, page, source, visitorKey: null });
  await counterFor(env.COUNTER, { owner: OWNER, repo: 'alpha' }).recordMany([
    ...Array.from({ length: 150 }, () => hit('2026-11-01', 'readme', 'github-camo')),
    ...Array.from({ length: 10 }, () => hit('2026-11-01', 'docs', 'browser')),
    ...Array.from({ length: 5 }, () => hit('2026-11-01', 'readme', 'bot')),
    ...Array.from({ length: 60 }, () => hit('2026-11-02', 'readme', 'github-camo')),
    ...Array.from({ length: 7 }, () => hit('2026-11-03', 'readme', 'browser')),
  ]);
  // Readers' clicks on a tracked link: 4 on the 1st (one from a README labelled v2), 2 on the 2nd.
  const alphaCounter = counterFor(env.COUNTER, { owner: OWNER, repo: 'alpha' });
  await alphaCounter.saveLink('docs', 'https://docs.example/start');
  for (const [day, version] of [
    ['2026-11-01', null],
    ['2026-11-01', null],
    ['2026-11-01', 'v2'],
    ['2026-11-01', null],
    ['2026-11-02', null],
    ['2026-11-02', null],
  ] as const) {
    await alphaCounter.follow('docs', { day, name: 'docs', version, referrer: 'github.com' }, null);
  }
  // Issues and pull requests: an issue by a first-timer on the 1st; two pull requests on the 2nd, one by a first-timer.
  await alphaCounter.addContributions([
    { number: 1, kind: 'issue', day: '2026-11-01', firstTimer: true },
    { number: 2, kind: 'pull', day: '2026-11-02', firstTimer: false },
    { number: 3, kind: 'pull', day: '2026-11-02', firstTimer: true },
  ]);
  // Downloads of two packages: npm's on the 1st and 2nd, PyPI's on the 2nd.
  await alphaCounter.mergeDownloads([
    { day: '2026-11-01', package: 'npm:alpha', downloads: 500 },
    { day: '2026-11-02', package: 'npm:alpha', downloads: 300 },
    { day: '2026-11-02', package: 'pypi:alpha', downloads: 20 },
  ]);
  await counterFor(env.COUNTER, { owner: OWNER, repo: 'alpha' }).importDailyVisitors([
    { day: '2026-11-01', visitors: 6 },
    { day: '2026-11-03', visitors: 4 },
  ]);
});

afterEach(() => vi.useRealTimers());

describe('auth', () => {
  it.each([
    ['no header', {}, 'Reports need the header Authorization: Bearer <REPORT_TOKEN>.'],
    ['a wrong token', { authorization: 'Bearer nope' }, 'That token is not REPORT_TOKEN.'],
    [
      'a token of another scheme',
      { authorization: `Basic ${TEST_REPORT_TOKEN}` },
      'Reports need the header Authorization: Bearer <REPORT_TOKEN>.',
    ],
  ])('%s → 401 saying what to send', async (_name, headers, error) => {
    const response = await fetchWorker(`/report/${OWNER}/alpha`, { headers }, REPOS);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="reports"');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error });
    expect(text).not.toContain(TEST_REPORT_TOKEN);
  });

  it('without REPORT_TOKEN set, reports are closed and say how to open them', async () => {
    const response = await fetchWorker('/report', { headers: auth }, { ...REPOS, REPORT_TOKEN: undefined });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toContain('wrangler secret put REPORT_TOKEN');
  });

  it('without REPORT_TOKEN on a local `npm start`, says to set it in .dev.vars', async () => {
    const response = await fetchWorker('http://localhost:8787/report', { headers: auth }, { ...REPOS, REPORT_TOKEN: undefined });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe(
      'Reports are closed: set REPORT_TOKEN in `.dev.vars` (copy `.dev.vars.example`), restart `npm start`, then sign in with that token.',
    );
  });

  it('PUBLIC_REPORT=true opens impressions and stars only, never GitHub traffic', async () => {
    const response = await fetchWorker(`/report/${OWNER}/alpha?from=2026-11-01&to=2026-11-01`, {}, { ...REPOS, PUBLIC_REPORT: 'true' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      repo: `${OWNER}/alpha`,
      from: '2026-11-01',
      to: '2026-11-01',
      days: [{ day: '2026-11-01', readmeImpressions: 150, impressionsByPage: { docs: 10, readme: 150 }, stars: 42, starsGained: 2 }],
    });
    const csv = await (
      await fetchWorker(`/report/${OWNER}/alpha?from=2026-11-01&to=2026-11-01&format=csv`, {}, { ...REPOS, PUBLIC_REPORT: 'true' })
    ).text();
    expect(csv).toBe('day,readmeImpressions,stars,starsGained,page:docs,page:readme\r\n2026-11-01,150,42,2,10,150\r\n');
  });
});

describe('GET /report/{owner}/{repo}', () => {
  it('joins README impressions with GitHub traffic, stars and ratios per day', async () => {
    const response = await fetchWorker(`/report/${OWNER}/alpha?from=2026-11-01&to=2026-11-03`, { headers: auth }, REPOS);
    expect(response.status).toBe(200);
    const series = (await response.json()) as {
      days: Array<Record<string, unknown>>;
      topReferrers: unknown;
      topPaths: unknown;
      breakdowns: unknown;
    };
    expect(series.days[0]).toEqual({
      day: '2026-11-01',
      readmeImpressions: 150,
      directVisitors: 6,
      views: 200,
      viewUniques: 80,
      clones: 10,
      cloneUniques: 4,
      starsGained: 2,
      forksGained: 0,
      watchersGained: 0,
      linkClicks: 4,
      linkClickers: 0,
      issuesOpened: 1,
      pullsOpened: 0,
      firstContributions: 1,
      downloads: 500,
      impressionsByPage: { docs: 10, readme: 150 },
      viewsBySource: { browser: 10, bot: 5, 'github-camo': 150 },
      stars: 42,
      forks: 4,
      ratios: {
        starsPer1kImpressions: (2 / 150) * 1000,
        forksPer1kImpressions: 0,
        starsPer1kUniqueVisitors: 25,
        cloneRate: 0.05,
        readmeRenderRate: 0.75,
        clicksPer1kImpressions: (4 / 150) * 1000,
        watchersPer1kImpressions: 0,
        contributionsPer1kImpressions: (1 / 150) * 1000,
        firstContributionsPer1kImpressions: (1 / 150) * 1000,
        downloadsPer1kImpressions: (500 / 150) * 1000,
      },
    });
    expect(
      series.days.map((day) => [day.day, day.readmeImpressions, day.starsGained, day.forksGained, day.watchersGained, day.linkClicks]),
    ).toEqual([
      ['2026-11-01', 150, 2, 0, 0, 4],
      ['2026-11-02', 60, 3, 1, 2, 2],
      ['2026-11-03', 7, 0, 0, 1, 0],
    ]);
    expect(series.days.map((day) => [day.issuesOpened, day.pullsOpened, day.firstContributions, day.downloads])).toEqual([
      [1, 0, 1, 500],
      [0, 2, 1, 320],
      [0, 0, 0, 0],
    ]);
    expect(series.topReferrers).toEqual([{ key: 'news.ycombinator.com', title: 'news.ycombinator.com', count: 30, uniques: 20 }]);
    expect(series.topPaths).toEqual([{ key: `/${OWNER}/alpha`, title: 'alpha', count: 90, uniques: 40 }]);
    // Without Analytics Engine's breakdowns, no referrer-host or country lists: null, not empty lists.
    expect(series.breakdowns).toBeNull();
  });

  it("is built by the repository's object from the days it needs: the same report as from the whole history, its span the whole history's", async () => {
    // Two years of GitHub's figures, a README change 120 days ago and the default 28 days asked for: the object reads
    // the history from the first README change on, the report's figures and versions as if it read all of it.
    const ref = { owner: OWNER, repo: 'gamma' };
    const stores = storesOf(env);
    const now = Date.now();
    const today = utcDay(now);
    const history = emptyHistory();
    for (let back = 730; back >= 0; back--) {
      const day = addDays(today, -back);
      history.traffic[day] = { views: 40 + (back % 7), viewUniques: 20, clones: back % 3, cloneUniques: back % 2 };
      history.counts[day] = { stars: 1000 - back, forks: 100 - Math.floor(back / 10), watchers: 30, openIssues: 2 };
      if (back % 5 === 0) history.starsGained[day] = 5;
    }
    history.referrers[addDays(today, -600)] = [{ key: 'old.example', title: 'old.example', count: 9, uniques: 3 }];
    history.referrers[addDays(today, -3)] = [{ key: 'github.com', title: 'github.com', count: 30, uniques: 12 }];
    const changes = [
      { sha: 'a'.repeat(40), committedAt: `${addDays(today, -400)}T10:00:00Z`, message: 'Add README' },
      { sha: 'b'.repeat(40), committedAt: `${addDays(today, -120)}T10:00:00Z`, message: 'README: a demo' },
    ];
    await writeHistory(stores, ref, history);
    await writeStatus(stores, ref, { ...emptyStatus(), readme: { path: 'README.md', sha: 'b'.repeat(40), changes } });
    await counterFor(env.COUNTER, ref).recordMany(
      Array.from({ length: 30 }, (_, i) => ({
        day: addDays(today, -(i * 9)),
        page: 'readme',
        source: 'github-camo' as const,
        visitorKey: null,
      })),
    );

    const response = await fetchWorker(`/report/${OWNER}/gamma`, { headers: auth }, { REPOS: `${OWNER}/gamma` });
    expect(response.status).toBe(200);
    const report = (await response.json()) as RepoReport;
    const from = addDays(today, -27);
    const ranges = { series: { from, to: today }, insights: { from, to: today } };
    const whole = { history: await readHistory(stores, ref), ...(await counterFor(env.COUNTER, ref).days(FIRST_DAY, today)) };
    const expected = buildRepoReport(`${OWNER}/gamma`, whole, changes, ranges, now);
    expect(report.days).toEqual(expected.series.days);
    expect(report.versions).toEqual(expected.insights.versions);
    expect(report.versions.length).toBeGreaterThan(1);
    expect(report.events).toEqual(expected.insights.events);
    expect(report.topReferrers).toEqual(expected.series.topReferrers);
    expect(report.historySpan).toEqual({ from: addDays(today, -730), to: today });

    // The public series, built the same way, says the same span.
    const open = await fetchWorker(`/report/${OWNER}/gamma?format=json`, {}, { REPOS: `${OWNER}/gamma`, PUBLIC_REPORT: 'true' });
    expect(open.status).toBe(200);
    expect(((await open.json()) as { days: unknown[] }).days).toEqual(publicSeries(expected.series).days);
  });

  it('answers CSV with a header row for ?format=csv and for Accept: text/csv', async () => {
    const expected = [
      'day,readmeImpressions,directVisitors,views,viewUniques,clones,cloneUniques,stars,starsGained,forks,forksGained,watchersGained,linkClicks,linkClickers,issuesOpened,pullsOpened,firstContributions,downloads,starsPer1kImpressions,forksPer1kImpressions,starsPer1kUniqueVisitors,cloneRate,readmeRenderRate,clicksPer1kImpressions,watchersPer1kImpressions,contributionsPer1kImpressions,firstContributionsPer1kImpressions,downloadsPer1kImpressions,source:github-camo,source:image-proxy,source:browser,source:bot,source:unknown,page:docs,page:readme',
      `2026-11-01,150,6,200,80,10,4,42,2,4,0,0,4,0,1,0,1,500,13.333333333333334,0,25,0.05,0.75,${(4 / 150) * 1000},0,${(1 / 150) * 1000},${(1 / 150) * 1000},${(500 / 150) * 1000},150,0,10,5,0,10,150`,
      `2026-11-02,60,0,100,50,6,5,45,3,5,1,2,2,0,0,2,1,320,50,16.666666666666668,60,0.1,0.6,${(2 / 60) * 1000},${(2 / 60) * 1000},${(2 / 60) * 1000},${(1 / 60) * 1000},${(320 / 60) * 1000},60,0,0,0,0,0,60`,
      '',
    ].join('\r\n');
    for (const request of [
      `/report/${OWNER}/alpha?from=2026-11-01&to=2026-11-02&format=csv`,
      `/report/${OWNER}/alpha?from=2026-11-01&to=2026-11-02`,
    ]) {
      const response = await fetchWorker(request, { headers: { ...auth, accept: 'text/csv' } }, REPOS);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(await response.text()).toBe(expected);
    }
  });

  it.each([
    ['?from=2026-02-30', 400, 'from must be a day from 2008-01-01 to'],
    ['?from=2024-13-45', 400, 'from must be a day from 2008-01-01 to '],
    ['?from=2024-00-10', 400, 'from must be a day from 2008-01-01 to'],
    ['?to=2024-13-01', 400, 'to must be a day from 2008-01-01 to'],
    ['?from=2024-12-32', 400, 'from must be a day from 2008-01-01 to'],
    ['?from=20241201', 400, 'from must be a day from 2008-01-01 to'],
    ['?from=2024-02-30', 400, 'from must be a day from 2008-01-01 to'],
    ['?from=0000-01-01&to=0001-01-01', 400, 'from must be a day from 2008-01-01 to'],
    ['?from=0001-01-01&to=0001-01-02', 400, 'from must be a day from 2008-01-01 to'],
    ['?to=0000-01-01', 400, 'to must be a day from 2008-01-01 to'],
    ['?to=9999-12-31', 400, 'to must be a day from 2008-01-01 to'],
    ['?from=2026-11-05&to=2026-11-01', 400, 'from (2026-11-05) is after to (2026-11-01).'],
    ['?from=2020-01-01&to=2026-01-01', 400, 'longer than 731 days'],
    ['?format=xml', 400, 'format must be json or csv.'],
    ['?format=xml&format=csv', 400, 'format must be json or csv.'],
    ['?table=weeks', 400, 'table must be days, versions, events or hours.'],
  ])('%s → %i with what to fix', async (query, status, error) => {
    const response = await fetchWorker(`/report/${OWNER}/alpha${query}`, { headers: auth }, REPOS);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toContain(error);
  });

  it('reads a repeated parameter by its first value', async () => {
    const response = await fetchWorker(`/report/${OWNER}/alpha?format=csv&format=xml`, { headers: auth }, REPOS);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  });

  it.each([`/report/stranger/alpha`, `/report/${OWNER}/bad%20name`])('%s → 404', async (path) => {
    const response = await fetchWorker(path, { headers: auth }, REPOS);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toMatch(/only repositories in REPOS have reports/);
  });
});

describe('GET /report', () => {
  it('lists every tracked repository with impressions, GitHub figures, stars and status', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-11-03T12:00:00Z'));
    const response = await fetchWorker('/report', { headers: auth }, REPOS);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access: string; repositories: Array<Record<string, unknown>> };
    expect(body.access).toBe('full');
    expect(body.repositories.map((repo) => repo.repo)).toEqual([`${OWNER}/alpha`, `${OWNER}/beta`]);
    expect(body.repositories[0]).toEqual({
      repo: `${OWNER}/alpha`,
      // README impressions: the docs page's 10 views are in allPageImpressions only.
      impressions: { today: 7, last7: 217, last28: 217, allTime: 217 },
      allPageImpressions: { today: 7, last7: 227, last28: 227, allTime: 227 },
      carriedOver: null,
      // 150 × 80 ÷ 200 on the 1st, 60 × 50 ÷ 100 on the 2nd; no GitHub views on the 3rd.
      estimates: { readmeViewers28: 90, basis: ESTIMATE_BASIS },
      readme: null,
      latestEvent: null,
      directVisitors28: 10,
      stars: { total: 45, gained7: 5, gained28: 5, source: 'unknown', historyDifference: null },
      forks: { total: 5, gained28: 1 },
      watchers: { total: 6, gained28: 3 },
      links: { clicks28: 6, clickers28: 0 },
      contributions: { issues28: 1, pulls28: 2, firstTimers28: 2 },
      // The last day any registry counted is the 2nd: the week ending then holds all 820.
      downloads: { last28: 820, week: 820, through: '2026-11-02' },
      github: { views28: 300, viewUniques28: 130, clones28: 16, cloneUniques28: 9 },
      ratios28: {
        starsPer1kImpressions: (5 / 217) * 1000,
        forksPer1kImpressions: (1 / 217) * 1000,
        starsPer1kUniqueVisitors: (5 / 130) * 1000,
        cloneRate: 9 / 130,
        readmeRenderRate: 217 / 300,
        clicksPer1kImpressions: (6 / 217) * 1000,
        watchersPer1kImpressions: (3 / 217) * 1000,
        contributionsPer1kImpressions: (3 / 217) * 1000,
        firstContributionsPer1kImpressions: (2 / 217) * 1000,
        downloadsPer1kImpressions: (820 / 217) * 1000,
      },
      status: {
        state: 'ok',
        message: null,
        traffic: 'ok',
        lastRefreshAt: '2026-11-03T10:00:00.000Z',
        lastSuccessAt: '2026-11-03T10:00:00.000Z',
      },
    });
    expect(body.repositories[1]).toMatchObject({
      repo: `${OWNER}/beta`,
      impressions: { allTime: 0 },
      stars: { total: null },
      status: null,
    });

    const csv = await (await fetchWorker('/report?format=csv', { headers: auth }, REPOS)).text();
    expect(csv.split('\r\n')[1]).toBe(
      `${OWNER}/alpha,7,217,217,217,227,227,,,,10,45,5,5,5,1,6,3,6,0,1,2,2,820,820,2026-11-02,300,130,16,9,${(5 / 217) * 1000},${(1 / 217) * 1000},${(5 / 130) * 1000},${9 / 130},${217 / 300},${(6 / 217) * 1000},${(3 / 217) * 1000},${(3 / 217) * 1000},${(2 / 217) * 1000},${(820 / 217) * 1000},,,,ok,,2026-11-03T10:00:00.000Z`,
    );
  });
});

describe('GET /report?owner=', () => {
  it("gives one owner's repositories and their totals", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-11-03T12:00:00Z'));
    const both = { REPOS: `${OWNER}/alpha, ${OWNER}/beta, other-owner/gamma` };
    const all = (await (await fetchWorker('/report', { headers: auth }, both)).json()) as { owners: Array<{ owner: string }> };
    expect(all.owners.map((line) => line.owner)).toEqual(['other-owner', OWNER]); // in the table's order, by name
    const body = (await (await fetchWorker(`/report?owner=${OWNER.toUpperCase()}`, { headers: auth }, both)).json()) as {
      repositories: Array<{ repo: string }>;
      owners: unknown[];
    };
    expect(body.repositories.map((line) => line.repo)).toEqual([`${OWNER}/alpha`, `${OWNER}/beta`]);
    expect(body.owners).toEqual([
      {
        owner: OWNER,
        repositories: 2,
        readmeImpressions28: 217,
        views28: 300,
        viewUniques28: 130,
        starsGained28: 5,
        forksGained28: 1,
        linkClicks28: 6,
        watchersGained28: 3,
        contributions28: 3,
        firstContributions28: 2,
        downloads28: 820,
        ratios28: {
          starsPer1kImpressions: (5 / 217) * 1000,
          forksPer1kImpressions: (1 / 217) * 1000,
          starsPer1kUniqueVisitors: (5 / 130) * 1000,
          cloneRate: 9 / 130,
          readmeRenderRate: 217 / 300,
          clicksPer1kImpressions: (6 / 217) * 1000,
          watchersPer1kImpressions: (3 / 217) * 1000,
          contributionsPer1kImpressions: (3 / 217) * 1000,
          firstContributionsPer1kImpressions: (2 / 217) * 1000,
          downloadsPer1kImpressions: (820 / 217) * 1000,
        },
      },
    ]);
    expect((await fetchWorker('/report?owner=not_an-owner!', { headers: auth }, both)).status).toBe(400);
  });
});

describe('GET /report from the statuses', () => {
  it('gives the same figures whatever summary the status keeps: each object works its line out from its rows, one call per repository', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-11-03T12:00:00Z'));
    const fromHistories = await (await fetchWorker('/report', { headers: auth }, REPOS)).json();

    const alpha = { owner: OWNER, repo: 'alpha' };
    const impressions = await counterFor(env.COUNTER, alpha).dailyViews(summaryStart('2026-11-03'), '2026-11-03');
    const status = await readStatus(storesOf(env), alpha);
    await writeStatus(storesOf(env), alpha, {
      ...status,
      ...summarizeHistory(await readHistory(storesOf(env), alpha), impressions, '2026-11-03'),
    });

    const calls: string[] = [];
    const fromSummaries = await (
      await fetchWorker('/report', { headers: auth }, { ...REPOS, COUNTER: counterFailing({ methods: [], calls }) })
    ).json();
    expect(fromSummaries).toEqual(fromHistories);
    // Each repository's object works its line out (beta, never refreshed, from its empty history): one call each.
    expect(calls.sort()).toEqual([`${OWNER}/alpha.reportLine`, `${OWNER}/beta.reportLine`]);
    await writeStatus(storesOf(env), alpha, status);
  });
});

describe('storage failures', () => {
  // Reports read each repository's object, digests KV.
  it.each([
    ['/report', 'COUNTER'],
    [`/report/${OWNER}/alpha`, 'COUNTER'],
    ['/report/digests', 'REPORTS'],
    ['/report/digests/2026-W45', 'REPORTS'],
  ] as const)('GET %s answers 503 saying what failed, with nothing internal', async (path, failing) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await fetchWorker(
      path,
      { headers: auth },
      { ...REPOS, ...(failing === 'COUNTER' ? { COUNTER: counterFailing() } : { REPORTS: kvFailingReads() }) },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(await response.json()).toEqual({
      error: 'The report could not be read from storage (it has been logged): try again in a minute.',
    });
    expect(errors.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'storage fault',
        path,
        error: expect.stringMatching(
          /^StorageFault: (reading|listing) .+ failed: (KV read failed|Durable Object \w+ failed) \(simulated\)$/,
        ),
      }),
    ]);
    errors.mockRestore();
  });
});

describe('what is not a storage fault', () => {
  // A deployment from before the Durable Object's rows with a corrupt KV history: it is not moved in, and says so.
  it('a stored history that cannot be read is a bug: 500, logged, never "try again"', async () => {
    await env.REPORTS.put(`history:${OWNER}/corrupt`, '{"traffic": not json');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await fetchWorker(`/report/${OWNER}/corrupt`, { headers: auth }, { REPOS: `${OWNER}/corrupt` });
    expect(response.status).toBe(500);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toEqual({ error: 'Internal error. It has been logged.' });
    expect(errors.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'unhandled error',
        path: `/report/${OWNER}/corrupt`,
        error: `Error: unreadable stored data: history:${OWNER}/corrupt is not JSON; left untouched`,
      }),
    ]);
    errors.mockRestore();
    await env.REPORTS.delete(`history:${OWNER}/corrupt`);
  });
});

describe('GET /report/export', () => {
  it('streams every tracked repository as NDJSON: a header, then history, daily views and visitors per line', async () => {
    const response = await fetchWorker('/report/export', { headers: auth }, REPOS);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await bodyText(response))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ format: 'repo-impressions-export', version: 1, repositories: 2 });
    const alpha = lines[1] as {
      repo: string;
      history: { traffic: Record<string, unknown>; counts: Record<string, unknown> };
      views: unknown[];
    };
    expect(alpha.repo).toBe(`${OWNER}/alpha`);
    expect(alpha.history.traffic['2026-11-02']).toEqual({ views: 100, viewUniques: 50, clones: 6, cloneUniques: 5 });
    expect(Object.keys(alpha.history.counts)).toHaveLength(4);
    expect(alpha.views).toEqual([
      { day: '2026-11-01', page: 'docs', source: 'browser', views: 10 },
      { day: '2026-11-01', page: 'readme', source: 'bot', views: 5 },
      { day: '2026-11-01', page: 'readme', source: 'github-camo', views: 150 },
      { day: '2026-11-02', page: 'readme', source: 'github-camo', views: 60 },
      { day: '2026-11-03', page: 'readme', source: 'browser', views: 7 },
    ]);
    expect(lines[2]).toMatchObject({ repo: `${OWNER}/beta`, views: [], visitors: [] });
  });

  it('is never public', async () => {
    expect((await fetchWorker('/report/export', {}, { ...REPOS, PUBLIC_REPORT: 'true' })).status).toBe(401);
  });
});
