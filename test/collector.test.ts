import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { NEEDS_TOKEN_MESSAGE } from '../src/collector/refresh-rules';
import { runCollector } from '../src/jobs/run-collector';
import { counterFor } from '../src/counter/counter-client';
import { addDays } from '../src/dates';
import { emptyHistory } from '../src/history/model';
import worker from '../src/index';
import { registryOf } from '../src/registry/registry-client';
import { parseRepoList } from '../src/repos';
import { readHistory, readStatus, storesOf } from '../src/stores/repo-store';
import { makeCollectorDeps } from './collector-deps';
import {
  analyticsQueries,
  githubApiUrl,
  makeDayCounts,
  makeStandInRepo,
  requestsFor,
  schemaViolations,
  setAnalyticsRows,
  setScenario,
  updateScenario,
} from './github/scenario';
import type { StandInRepo } from './github/scenario-types';
import { writeHistory } from './records';
import { counterFailing, fetchWorker } from './worker';
import { TEST_REPORT_TOKEN } from './constants';
import type { RepoReport } from '../src/report/responses';

const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };

const noonOf = (day: string) => Date.parse(`${day}T12:00:00Z`);
const ref = (slug: string) => {
  const [owner = '', repo = ''] = slug.split('/');
  return { owner, repo };
};

/** The JSON log lines written while a test runs (the repositories' objects write their own). */
function captureLogLines(): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  const capture = (text: unknown) => {
    try {
      lines.push(JSON.parse(String(text)) as Record<string, unknown>);
    } catch {
      // not one of ours
    }
  };
  vi.spyOn(console, 'log').mockImplementation(capture);
  vi.spyOn(console, 'error').mockImplementation(capture);
  onTestFinished(() => {
    vi.restoreAllMocks();
  });
  return lines;
}

describe('60 simulated days', () => {
  const OWNER = 'collector-days';
  const FIRST = '2026-01-01';
  const LAST = addDays(FIRST, 59);
  const views = makeDayCounts(LAST, 80, (i) => 40 + ((i * 17) % 23));
  const clones = makeDayCounts(LAST, 80, (i) => (i * 5) % 7);
  const starsOn = (i: number) => 200 + i * 2 + (i % 3 === 0 ? 1 : 0);
  const repoOn = (i: number): StandInRepo =>
    makeStandInRepo('alpha', {
      stars: starsOn(i),
      forks: 20 + Math.floor(i / 10),
      views,
      clones,
      referrers: [{ referrer: 'news.ycombinator.com', count: 30 + i, uniques: 20 }],
      paths: [{ path: `/${OWNER}/alpha`, title: 'alpha', count: 90, uniques: 40 }],
    });

  it('keeps every day of traffic, counts and gains, within the request and write budgets', async () => {
    // README impressions for the counter to report: 25 a day through camo, plus bots that must not count.
    const counter = counterFor(env.COUNTER, ref(`${OWNER}/alpha`));
    for (let i = 0; i < 60; i++) {
      const day = addDays(FIRST, i);
      await counter.recordMany([
        ...Array.from({ length: 25 }, () => ({ day, page: 'readme', source: 'github-camo' as const, visitorKey: null })),
        { day, page: 'readme', source: 'bot' as const, visitorKey: null },
      ]);
    }

    const requestsPerRefresh: number[] = [];
    const writesPerRefresh: number[] = [];
    await setScenario(OWNER, { today: FIRST, token: 'ghp_standInToken0123456789', repos: [repoOn(0)] });
    for (let i = 0; i < 60; i++) {
      const day = addDays(FIRST, i);
      await updateScenario(OWNER, { today: day, repos: [repoOn(i)] });
      await requestsFor(OWNER, true);
      const deps = makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/alpha`).patterns, reposSource: `${OWNER}/alpha` });
      const summary = await runCollector(deps, noonOf(day));
      expect(summary.errors).toEqual([]);
      expect(summary.refreshed).toEqual([{ repo: `${OWNER}/alpha`, state: 'ok', message: null, historyWritten: true }]);
      requestsPerRefresh.push((await requestsFor(OWNER)).length);
      // The refresh writes the rows that changed in the repository's object; KV only keeps the cursor.
      writesPerRefresh.push(summary.rowsWritten);
      expect(deps.puts.filter((key) => key !== 'collector:cursor')).toEqual([]);
    }

    const history = await readHistory(storesOf(env), ref(`${OWNER}/alpha`));
    // Every day GitHub showed, kept past its 14-day window: the 13 days before the first refresh, then all 60.
    const firstSeen = addDays(FIRST, -13);
    for (const day of views.filter((row) => row.day >= firstSeen)) {
      expect(history.traffic[day.day], day.day).toMatchObject({ views: day.count, viewUniques: day.uniques });
    }
    expect(Object.keys(history.traffic)).toHaveLength(73);
    expect(Object.keys(history.counts)).toHaveLength(60);
    expect(history.counts[LAST]).toEqual({ stars: starsOn(59), forks: 25, watchers: 7, openIssues: 3 });
    expect(history.referrers[LAST]).toEqual([{ key: 'news.ycombinator.com', title: 'news.ycombinator.com', count: 89, uniques: 20 }]);

    // The first refresh also asks for the stargazer history (404 here), the README's commits and the issues; later
    // ones need 7 requests (the README and the issues are 304s), 6 when the repository answers 304.
    expect(requestsPerRefresh[0]).toBe(9);
    expect(Math.max(...requestsPerRefresh.slice(1, 7))).toBe(7);
    // After the first: at most the day's counts, up to 14 days of traffic, the day's two top lists, the status.
    expect(Math.max(...writesPerRefresh.slice(1))).toBeLessThanOrEqual(1 + 14 + 2 + 1);
    expect(Math.min(...writesPerRefresh.slice(1))).toBeGreaterThanOrEqual(3);

    const status = await readStatus(storesOf(env), ref(`${OWNER}/alpha`));
    expect(status.state).toBe('ok');
    // Per day: the last day's row joins the counter's impressions with GitHub's numbers.
    expect(status.daily).toHaveLength(90);
    const lastViews = views.at(-1);
    expect(status.daily.at(-1)).toMatchObject({
      day: LAST,
      readmeImpressions: 25,
      views: lastViews?.count,
      starsGained: starsOn(59) - starsOn(58),
    });
    // The conversions a report shows from it: the table's line of the repository, as of the last day.
    const line = await counterFor(storesOf(env).counter, ref(`${OWNER}/alpha`)).reportLine(LAST);
    expect(line.impressions.last7).toBe(7 * 25);
    expect(line.stars.gained7).toBe(starsOn(59) - starsOn(52));
    expect(line.impressions.last28).toBe(28 * 25);
    expect(line.ratios28.starsPer1kImpressions).toBeCloseTo(((starsOn(59) - starsOn(31)) / (28 * 25)) * 1000, 10);
    expect(await schemaViolations()).toEqual([]);
  }, 120_000);
});

describe('conditional requests', () => {
  const OWNER = 'collector-faults';

  it('a second refresh of unchanged data costs only 304s and one KV write', async () => {
    await setScenario(OWNER, {
      today: '2026-02-10',
      token: 'ghp_standInToken0123456789',
      repos: [
        makeStandInRepo('steady', {
          views: makeDayCounts('2026-02-10', 14, () => 9),
          referrers: [{ referrer: 'Google', count: 2, uniques: 1 }],
        }),
      ],
    });
    const tracked = parseRepoList(`${OWNER}/steady`).patterns;
    await runCollector(makeCollectorDeps({ tracked, reposSource: 'steady' }), noonOf('2026-02-10'));
    await requestsFor(OWNER, true);

    const deps = makeCollectorDeps({ tracked, reposSource: 'steady', refreshIntervalMs: 1 });
    const summary = await runCollector(deps, noonOf('2026-02-10') + 60_000);
    expect(summary.refreshed).toEqual([{ repo: `${OWNER}/steady`, state: 'ok', message: null, historyWritten: false }]);
    const requests = await requestsFor(OWNER);
    expect(requests.map((request) => [request.kind, request.status])).toEqual([
      ['repo', 304],
      ['readme', 304],
      ['views', 304],
      ['clones', 304],
      ['referrers', 304],
      ['paths', 304],
    ]);
    expect(requests.every((request) => request.conditional)).toBe(true);
    // The status alone (its refresh time): one row; no KV write.
    expect(summary.rowsWritten).toBe(1);
    expect(deps.puts.filter((key) => key !== 'collector:cursor')).toEqual([]);
  });
});

describe("a refresh in its object's invocations", () => {
  const OWNER = 'collector-calls';

  it('asks GitHub in one call and merges in a second when the answers bring something new; a quiet refresh is one call', async () => {
    await setScenario(OWNER, {
      today: '2026-02-12',
      token: 'ghp_standInToken0123456789',
      repos: [makeStandInRepo('two-calls', { views: makeDayCounts('2026-02-12', 14, (i) => 3 + i) })],
    });
    const tracked = parseRepoList(`${OWNER}/two-calls`).patterns;
    const calls: string[] = [];
    const counter = counterFailing({ methods: [], calls });
    const first = await runCollector(makeCollectorDeps({ tracked, reposSource: 'calls', counter }), noonOf('2026-02-12'));
    expect(first.refreshed).toEqual([{ repo: `${OWNER}/two-calls`, state: 'ok', message: null, historyWritten: true }]);
    const refreshCalls = (list: string[]) => list.filter((call) => /Refresh$/.test(call));
    expect(refreshCalls(calls)).toEqual([`${OWNER}/two-calls.startRefresh`, `${OWNER}/two-calls.finishRefresh`]);
    const history = await readHistory(storesOf(env), ref(`${OWNER}/two-calls`));
    expect(history.traffic['2026-02-12']?.views).toBe(16);

    calls.length = 0;
    const deps = makeCollectorDeps({ tracked, reposSource: 'calls', counter, refreshIntervalMs: 1 });
    const quiet = await runCollector(deps, noonOf('2026-02-12') + 60_000);
    expect(quiet.refreshed).toEqual([{ repo: `${OWNER}/two-calls`, state: 'ok', message: null, historyWritten: false }]);
    expect(refreshCalls(calls)).toEqual([`${OWNER}/two-calls.startRefresh`]);
  });

  it("keeps the months of the README versions' days before the window in calls of their own first, where none are kept yet", async () => {
    const TODAY = '2026-02-12';
    // A year of history, the same in both repositories: README v1 from 2025-03-01, v2 from 2026-01-20.
    const history = emptyHistory();
    for (let i = 0; i < 365; i++) {
      const day = addDays(TODAY, -365 + i);
      history.traffic[day] = { views: 40 + (i % 9), viewUniques: 15 + (i % 4), clones: 2, cloneUniques: 1 };
      history.counts[day] = { stars: 500 + i + (i % 3), forks: 30 + Math.floor(i / 50), watchers: 7 + (i % 5), openIssues: 3 };
    }
    const readme = {
      path: 'README.md',
      commits: [
        { sha: 'c'.repeat(40), committedAt: '2025-03-01T10:00:00Z', message: 'Add README' },
        { sha: 'd'.repeat(40), committedAt: '2026-01-20T10:00:00Z', message: 'README: a quick start' },
      ],
    };
    const names = ['months-cron', 'months-one-call'];
    await setScenario(OWNER, {
      today: TODAY,
      token: 'ghp_standInToken0123456789',
      repos: names.map((name) => makeStandInRepo(name, { stars: 865, views: makeDayCounts(TODAY, 14, () => 45), readme })),
    });
    for (const name of names) await writeHistory(storesOf(env), ref(`${OWNER}/${name}`), history);
    const calls: string[] = [];
    const counter = counterFailing({ methods: [], calls });
    const deps = makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/months-cron`).patterns, reposSource: 'months', counter });
    const first = await runCollector(deps, noonOf(TODAY));
    const ofRefresh = (list: string[]) => list.filter((call) => /Refresh|Totals/.test(call)).map((call) => call.split('.')[1]);
    // Ten months before the window (2025-03 to 2025-12): one call keeps them.
    expect(ofRefresh(calls)).toEqual(['startRefresh', 'keepRefreshTotals', 'finishRefresh']);
    expect(first.totalsCalls).toBe(1);
    // The same refresh in one call, its merge summing every day itself.
    const github = { baseUrl: env.GITHUB_API_URL, token: 'ghp_standInToken0123456789' };
    await counterFor(env.COUNTER, ref(`${OWNER}/months-one-call`)).refresh(noonOf(TODAY), { github });
    const [kept, summed] = await Promise.all(names.map((name) => readStatus(storesOf(env), ref(`${OWNER}/${name}`))));
    expect(kept?.readmeVersion).toEqual(summed?.readmeVersion);
    expect(kept?.readmeVersion).toMatchObject({ label: 'v2', since: '2026-01-20', previous: 'v1' });
    // v1 is compared on its page views (no README impressions were counted): those of its days, 2025-03-01 to 2026-01-19.
    const v1Views = Object.entries(history.traffic)
      .filter(([day]) => day >= '2025-03-01' && day <= '2026-01-19')
      .reduce((sum, [, traffic]) => sum + traffic.views, 0);
    expect(kept?.readmeVersion?.compared).toMatchObject({ basis: 'views', previous: { exposure: v1Views } });

    // A day on, the months are kept: two calls again.
    calls.length = 0;
    await setScenario(OWNER, {
      today: addDays(TODAY, 1),
      token: 'ghp_standInToken0123456789',
      repos: names.map((name) => makeStandInRepo(name, { stars: 870, views: makeDayCounts(addDays(TODAY, 1), 14, () => 47), readme })),
    });
    const next = await runCollector({ ...deps, refreshIntervalMs: 1 }, noonOf(addDays(TODAY, 1)));
    expect(ofRefresh(calls)).toEqual(['startRefresh', 'finishRefresh']);
    expect(next.totalsCalls).toBe(0);
  });

  it('a merge whose answers were lost (its object restarted) writes nothing, and the next run asks again', async () => {
    const repo = ref(`${OWNER}/lost-answers`);
    const before = await readStatus(storesOf(env), repo);
    const outcome = await counterFor(env.COUNTER, repo).finishRefresh();
    expect(outcome).toMatchObject({ repo: `${OWNER}/lost-answers`, state: 'error', historyWritten: false, rowsWritten: 0 });
    expect(outcome.message).toMatch(/not kept .*the next refresh asks again/);
    expect(await readStatus(storesOf(env), repo)).toEqual(before);
  });
});

describe('without a token', () => {
  it('collects public counts only and says how to get traffic', async () => {
    const OWNER = 'collector-list';
    await setScenario(OWNER, { today: '2026-02-10', repos: [makeStandInRepo('public-only', { stars: 42 })] });
    const deps = makeCollectorDeps({ token: null, tracked: parseRepoList(`${OWNER}/public-only`).patterns, reposSource: 'public-only' });
    await runCollector(deps, noonOf('2026-02-10'));
    const status = await readStatus(storesOf(env), ref(`${OWNER}/public-only`));
    expect(status).toMatchObject({ state: 'ok', traffic: 'needs-token', message: NEEDS_TOKEN_MESSAGE });
    expect((await readHistory(storesOf(env), ref(`${OWNER}/public-only`))).counts['2026-02-10']?.stars).toBe(42);
    expect((await requestsFor(OWNER)).map((request) => request.kind)).toEqual(['repo', 'star-history', 'readme', 'commits', 'issues']);
  });

  it('collects traffic at the next run once a token is set, not a refresh interval later', async () => {
    const OWNER = 'collector-list';
    const token = 'ghp_standInToken0123456789';
    const views = makeDayCounts('2026-02-10', 14, () => 7);
    await setScenario(OWNER, { today: '2026-02-10', token, repos: [makeStandInRepo('token-later', { views })] });
    const deps = (withToken: boolean) =>
      makeCollectorDeps({
        token: withToken ? token : null,
        tracked: parseRepoList(`${OWNER}/token-later`).patterns,
        reposSource: 'token-later',
      });
    await runCollector(deps(false), noonOf('2026-02-10'));
    expect((await readStatus(storesOf(env), ref(`${OWNER}/token-later`))).traffic).toBe('needs-token');

    const withToken = await runCollector(deps(true), noonOf('2026-02-10') + 600_000);
    expect(withToken.refreshed.map((outcome) => outcome.repo)).toEqual([`${OWNER}/token-later`]);
    expect((await readStatus(storesOf(env), ref(`${OWNER}/token-later`))).traffic).toBe('ok');
    expect((await readHistory(storesOf(env), ref(`${OWNER}/token-later`))).traffic['2026-02-09']?.views).toBe(7);
    expect((await runCollector(deps(true), noonOf('2026-02-10') + 1_200_000)).refreshed).toEqual([]);
  });
});

describe('owner/* entries', () => {
  it('expand through every page of the owner list, leaving out forks and archived repositories', async () => {
    const OWNER = 'collector-pages';
    const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
    await setScenario(OWNER, {
      today: '2026-02-10',
      token: 'ghp_standInToken0123456789',
      perPage: 3,
      repos: names.map((name) => makeStandInRepo(name, { fork: name === 'a2', archived: name === 'a6' })),
    });
    const deps = makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/*`).patterns, reposSource: `${OWNER}/*`, maxReposPerRun: 3 });
    const first = await runCollector(deps, noonOf('2026-02-10'));
    expect(first.tracked).toBe(5);
    expect(first.refreshed.map((outcome) => outcome.repo)).toEqual([`${OWNER}/a1`, `${OWNER}/a3`, `${OWNER}/a4`]);
    expect(first).toMatchObject({ notDue: 0, notReached: 2 }); // its 3 repositories spent: a5 and a7 wait
    const listPages = (await requestsFor(OWNER)).filter((request) => request.kind === 'list');
    expect(listPages.map((request) => new URL(request.path, 'http://x').searchParams.get('page') ?? '1')).toEqual(['1', '2', '3']);
    const second = await runCollector(
      makeCollectorDeps({ tracked: deps.tracked, reposSource: deps.reposSource, maxReposPerRun: 3 }),
      noonOf('2026-02-10') + 1000,
    );
    expect(second.refreshed.map((outcome) => outcome.repo)).toEqual([`${OWNER}/a5`, `${OWNER}/a7`]);
    // Stopped at a1, refreshed by the first run: the rest cannot be due either. Every repository counted once.
    expect(second).toMatchObject({ tracked: 5, notDue: 3, notReached: 0 });
  });
});

describe('impression breakdowns from Analytics Engine', () => {
  const ACCOUNT = '0123456789abcdef0123456789abcdef';
  const analytics = (token: string) => ({
    sql: { accountId: ACCOUNT, apiToken: token, apiUrl: `${githubApiUrl}/client/v4` },
    dataset: 'repo_impressions_views',
  });

  it('are queried once per dimension for the whole run, with _sample_interval, and kept per day', async () => {
    const OWNER = 'collector-pages';
    await setScenario(OWNER, {
      today: '2026-04-10',
      token: 'ghp_standInToken0123456789',
      repos: [makeStandInRepo('br-a'), makeStandInRepo('br-b')],
    });
    await setAnalyticsRows(ACCOUNT, 'cf-token', [
      { repo: `${OWNER}/br-a`, day: '2026-04-09', dimension: 'page', value: 'readme', views: 40 },
      { repo: `${OWNER}/br-a`, day: '2026-04-09', dimension: 'page', value: 'docs/install', views: 7 },
      { repo: `${OWNER}/br-a`, day: '2026-04-10', dimension: 'country', value: 'DE', views: 3 },
      { repo: `${OWNER}/br-b`, day: '2026-04-10', dimension: 'referrer', value: 'news.ycombinator.com', views: 12 },
      { repo: 'someone/else', day: '2026-04-10', dimension: 'page', value: 'readme', views: 999 },
    ]);
    const tracked = parseRepoList(`${OWNER}/br-a, ${OWNER}/br-b`).patterns;
    const summary = await runCollector(
      makeCollectorDeps({ tracked, reposSource: 'breakdowns', analytics: analytics('cf-token') }),
      noonOf('2026-04-10'),
    );
    expect(summary.errors).toEqual([]);

    const queries = await analyticsQueries(ACCOUNT);
    expect(queries).toHaveLength(4);
    for (const query of queries) {
      expect(query).toContain('SUM(_sample_interval * double1)');
      const inList = /WHERE index1 IN \(([^)]*)\)/.exec(query)?.[1]?.split(', ').sort();
      expect(inList).toEqual([`'${OWNER}/br-a'`, `'${OWNER}/br-b'`]); // in round-robin order
      expect(query).toContain("timestamp >= toDateTime('2026-03-28 00:00:00')");
    }
    expect((await readHistory(storesOf(env), ref(`${OWNER}/br-a`))).breakdowns).toEqual({
      '2026-04-09': { page: { readme: 40, 'docs/install': 7 } },
      '2026-04-10': { country: { DE: 3 } },
    });
    expect((await readHistory(storesOf(env), ref(`${OWNER}/br-b`))).breakdowns).toEqual({
      '2026-04-10': { referrer: { 'news.ycombinator.com': 12 } },
    });
    // The report sums them over its range, for the dashboard's referrer-host and country lists.
    const reportOf = async (repo: string, from: string) =>
      ((await (await fetchWorker(`/report/${OWNER}/${repo}?from=${from}&to=2026-04-10`, { headers: auth }, reposEnv)).json()) as RepoReport)
        .breakdowns;
    const reposEnv = { REPOS: `${OWNER}/br-a, ${OWNER}/br-b` };
    expect(await reportOf('br-a', '2026-04-01')).toEqual({ days: 2, referrerHosts: [], countries: [{ key: 'DE', impressions: 3 }] });
    expect(await reportOf('br-b', '2026-04-01')).toEqual({
      days: 1,
      referrerHosts: [{ key: 'news.ycombinator.com', impressions: 12 }],
      countries: [],
    });
    expect(await reportOf('br-b', '2026-04-10')).not.toBeNull();
    expect(await reportOf('br-a', '2026-04-10')).toEqual({ days: 1, referrerHosts: [], countries: [{ key: 'DE', impressions: 3 }] });
  });

  it('a refused token is reported and the GitHub refresh still happens', async () => {
    const OWNER = 'collector-pages';
    await setScenario(OWNER, { today: '2026-04-11', token: 'ghp_standInToken0123456789', repos: [makeStandInRepo('br-c')] });
    const summary = await runCollector(
      makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/br-c`).patterns, reposSource: 'br-c', analytics: analytics('wrong-token') }),
      noonOf('2026-04-11'),
    );
    expect(summary.errors).toEqual([
      'Impression breakdowns not fetched: Analytics Engine SQL API answered 401: check CF_API_TOKEN (it needs "Account Analytics: Read") and CF_ACCOUNT_ID.',
    ]);
    expect(summary.refreshed.map((outcome) => outcome.state)).toEqual(['ok']);
  });
});

describe('budgets', () => {
  it('stops starting refreshes before the GitHub request budget of one invocation runs out', async () => {
    const OWNER = 'collector-pages';
    await setScenario(OWNER, {
      today: '2026-02-20',
      token: 'ghp_standInToken0123456789',
      repos: ['b1', 'b2', 'b3', 'b4'].map((name) => makeStandInRepo(name)),
    });
    const tracked = parseRepoList(['b1', 'b2', 'b3', 'b4'].map((name) => `${OWNER}/${name}`).join(',')).patterns;
    const summary = await runCollector(
      makeCollectorDeps({ tracked, reposSource: 'budget', maxGithubRequestsPerRun: 18 }),
      noonOf('2026-02-20'),
    );
    expect(summary.refreshed).toHaveLength(2); // 8 + 8 requests at most; a third could need 8 more than the 18 allowed
    expect(summary.githubRequests).toBeLessThanOrEqual(18);
    expect(summary.kvWrites).toBe(0); // the schedule is the registry's rows; histories and statuses, the repositories' objects'
    expect(summary.rowsWritten).toBe(2 * 4); // each: today's counts, its (empty) referrer and path lists, the status
  });
});

describe('the rows a day (COLLECTOR_ROWS_PER_DAY)', () => {
  it('pauses the collector once its rows for the day are written, and goes on where it stopped the next day', async () => {
    const OWNER = 'collector-rows';
    const names = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
    await setScenario(OWNER, {
      today: '2026-02-21',
      token: 'ghp_standInToken0123456789',
      repos: names.map((name) => makeStandInRepo(name)),
    });
    const tracked = parseRepoList(names.map((name) => `${OWNER}/${name}`).join(',')).patterns;
    const logged: Array<Record<string, unknown>> = [];
    const deps = () =>
      makeCollectorDeps({ tracked, reposSource: 'rows-budget', maxReposPerRun: 2, maxRowsPerDay: 10, log: (entry) => logged.push(entry) });
    const repos = (summary: { refreshed: Array<{ repo: string }> }) =>
      summary.refreshed.map((outcome) => outcome.repo.slice(OWNER.length + 1));

    const first = await runCollector(deps(), noonOf('2026-02-21'));
    expect(repos(first)).toEqual(['r1', 'r2']);
    // Each refresh's rows (today's counts, two empty lists, the status) and the schedule's (the new names, the place).
    expect(first.rowsWritten).toBe(2 * 4);
    expect(first.scheduleRowsWritten).toBeGreaterThanOrEqual(names.length + 1);
    const paused = await runCollector(deps(), noonOf('2026-02-21') + 600_000);
    expect(repos(paused)).toEqual([]);
    expect([first.paused, paused.paused]).toEqual([false, true]);
    expect(paused.rowsToday).toBeGreaterThanOrEqual(10);
    expect(
      logged.filter((entry) => entry.message === 'collector paused until midnight UTC: its rows for the day are written'),
    ).toHaveLength(1);
    expect(await requestsFor(OWNER)).toHaveLength(2 * 9); // the paused run asked GitHub nothing

    const nextDay = await runCollector(deps(), noonOf('2026-02-22'));
    expect(nextDay.rowsToday).toBe(0);
    expect(repos(nextDay)).toEqual(['r3', 'r4']);
  });
});

describe('a run cut short', () => {
  it('does not hold back the repositories after the batch it had started (the batch is claimed first)', async () => {
    const OWNER = 'collector-cut';
    const names = ['c1', 'c2', 'c3', 'c4', 'c5'];
    await setScenario(OWNER, {
      today: '2026-02-20',
      token: 'ghp_standInToken0123456789',
      repos: names.map((name) => makeStandInRepo(name)),
    });
    const tracked = parseRepoList(names.map((name) => `${OWNER}/${name}`).join(',')).patterns;
    const deps = (counter?: Env['COUNTER']) =>
      makeCollectorDeps({ tracked, reposSource: 'cut', maxReposPerRun: 3, ...(counter ? { counter } : {}) });
    await registryOf(env.REGISTRY).advance(''); // the round-robin starts at the first repository

    // The second repository's save never finishes: the runtime ends that invocation part-way.
    const stalling = counterFailing({ methods: ['finishRefresh'], only: ref(`${OWNER}/c2`), stall: true });
    const cutShort = await Promise.race([
      runCollector(deps(stalling), noonOf('2026-02-20')),
      new Promise((resolve) => setTimeout(() => resolve('cut short'), 1_000)),
    ]);
    expect(cutShort).toBe('cut short');
    expect((await readStatus(storesOf(env), ref(`${OWNER}/c1`))).lastRefreshAt).not.toBeNull();

    const next = await runCollector(deps(), noonOf('2026-02-20') + 600_000);
    expect(next.refreshed.map((outcome) => outcome.repo)).toEqual([`${OWNER}/c4`, `${OWNER}/c5`]);
  });
});

describe('the schedules a run reads', () => {
  it('asks the objects of its first names at once: one that fails where the run does not get to leaves the run whole', async () => {
    const OWNER = 'collector-ahead';
    const names = ['a1', 'a2', 'a3'];
    await setScenario(OWNER, {
      today: '2026-02-21',
      token: 'ghp_standInToken0123456789',
      repos: names.map((name) => makeStandInRepo(name)),
    });
    const tracked = parseRepoList(names.map((name) => `${OWNER}/${name}`).join(',')).patterns;
    const deps = (counter?: Env['COUNTER']) =>
      makeCollectorDeps({
        tracked,
        reposSource: 'ahead',
        maxReposPerRun: 3,
        refreshIntervalMs: 86_400_000,
        ...(counter ? { counter } : {}),
      });
    await registryOf(env.REGISTRY).advance('');
    const first = await runCollector(deps(), noonOf('2026-02-21'));
    expect(first.refreshed.map((outcome) => outcome.repo)).toEqual(names.map((name) => `${OWNER}/${name}`));

    // An hour on none is due: the run stops at the first name, whose schedule says so; the third's was asked for
    // with it, and fails.
    const calls: string[] = [];
    const failing = counterFailing({ methods: ['schedule'], only: ref(`${OWNER}/a2`), calls });
    const next = await runCollector(deps(failing), noonOf('2026-02-21') + 3_600_000);
    expect(calls).toContain(`${OWNER}/a2.schedule`);
    expect(next.refreshed).toEqual([]);
    expect(next.errors).toEqual([]);
  });
});

describe('faults', () => {
  const OWNER = 'collector-faults';
  // Each case has its own healthy neighbour: cases replay the same dates, and a neighbour shared between
  // them would already have been refreshed "in the future" by the previous case.
  const healthy = (name: string) => makeStandInRepo(name, { views: makeDayCounts('2026-03-01', 14, () => 5) });
  const cases: Array<[string, Partial<StandInRepo> | 'missing', RegExp]> = [
    [
      'bad token (401)',
      { faults: { all: { kind: 'status', status: 401, message: 'Bad credentials' } } },
      /rejected GITHUB_TOKEN \(401\): the token was revoked or has expired/,
    ],
    [
      'no push access (403)',
      { faults: { views: { kind: 'status', status: 403, message: 'Must have push access to repository' } } },
      /traffic needs a token with push access/,
    ],
    [
      'rate limit (403, remaining 0)',
      {
        faults: {
          all: {
            kind: 'status',
            status: 403,
            message: 'API rate limit exceeded',
            headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1893456000' },
          },
        },
      },
      /rate limit was reached until \d\d:\d\d UTC/,
    ],
    [
      'rate limit (429 retry-after 600)',
      { faults: { all: { kind: 'status', status: 429, headers: { 'retry-after': '600' } } } },
      /rate limit was reached/,
    ],
    ['deleted (404)', 'missing', /does not know this repository/],
    ['server error (502)', { faults: { clones: { kind: 'status', status: 502 } } }, /answered 502 to traffic clones/],
    ['timeout', { faults: { paths: { kind: 'timeout' } } }, /did not answer popular paths in time/],
    ['malformed JSON', { faults: { views: { kind: 'malformed' } } }, /answer to traffic views was not the JSON expected/],
  ];

  it.each(cases)('%s: an error status that says what to do, stored history untouched, others refreshed', async (name, fault, message) => {
    const repoName = `f-${name.replace(/\W+/g, '-').replace(/-+$/, '').toLowerCase()}`;
    const good = makeStandInRepo(repoName, { views: makeDayCounts('2026-03-01', 14, (i) => i + 1) });
    const neighbour = `ok-${repoName}`;
    const tracked = parseRepoList(`${OWNER}/${repoName}, ${OWNER}/${neighbour}`).patterns;
    await setScenario(OWNER, { today: '2026-03-01', token: 'ghp_standInToken0123456789', repos: [good, healthy(neighbour)] });
    await runCollector(makeCollectorDeps({ tracked, reposSource: repoName }), noonOf('2026-03-01'));
    const before = await readHistory(storesOf(env), ref(`${OWNER}/${repoName}`));
    const lastSuccess = (await readStatus(storesOf(env), ref(`${OWNER}/${repoName}`))).lastSuccessAt;

    const faulty = fault === 'missing' ? [] : [{ ...good, ...fault, views: [] }];
    await setScenario(OWNER, { today: '2026-03-02', token: 'ghp_standInToken0123456789', repos: [...faulty, healthy(neighbour)] });
    const summary = await runCollector(makeCollectorDeps({ tracked, reposSource: repoName }), noonOf('2026-03-02'));

    expect(summary.errors).toEqual([]);
    const status = await readStatus(storesOf(env), ref(`${OWNER}/${repoName}`));
    expect(status.state).toBe('error');
    expect(status.message).toMatch(message);
    expect(status.message).not.toContain('ghp_');
    expect(status.lastSuccessAt).toBe(lastSuccess);
    const after = await readHistory(storesOf(env), ref(`${OWNER}/${repoName}`));
    expect(after.traffic).toEqual(before.traffic);
    expect(summary.refreshed.find((outcome) => outcome.repo === `${OWNER}/${neighbour}`)?.state).toBe('ok');
  });

  it('waits out a short rate limit (retry-after) and then succeeds', async () => {
    await setScenario(OWNER, {
      today: '2026-03-04',
      token: 'ghp_standInToken0123456789',
      repos: [
        makeStandInRepo('brief-limit', {
          stars: 5,
          faults: { repo: { kind: 'status', status: 429, headers: { 'retry-after': '2' }, times: 1 } },
        }),
      ],
    });
    await requestsFor(OWNER, true);
    await runCollector(
      makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/brief-limit`).patterns, reposSource: 'brief' }),
      noonOf('2026-03-04'),
    );
    expect((await requestsFor(OWNER)).filter((request) => request.kind === 'repo').map((request) => request.status)).toEqual([429, 200]);
    expect((await readStatus(storesOf(env), ref(`${OWNER}/brief-limit`))).state).toBe('ok');
  });

  it('makes no further calls for a repository once GitHub is unreachable for it, and logs the failed step', async () => {
    await setScenario(OWNER, {
      today: '2026-03-03',
      token: 'ghp_standInToken0123456789',
      repos: [makeStandInRepo('down', { faults: { all: { kind: 'timeout' } } })],
    });
    await requestsFor(OWNER, true);
    // The refresh runs in the repository's object, which writes its own log lines.
    const logged = captureLogLines();
    await runCollector(makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/down`).patterns, reposSource: 'down' }), noonOf('2026-03-03'));
    expect(logged.filter((entry) => entry.message === 'github step failed')).toEqual([
      {
        level: 'warn',
        message: 'github step failed',
        repo: `${OWNER}/down`,
        step: 'the repository',
        kind: 'timeout',
        status: null,
        ms: expect.any(Number),
        githubRateLimitRemaining: null,
      },
    ]);
    const kinds = (await requestsFor(OWNER)).map((request) => request.kind);
    expect(new Set(kinds)).toEqual(new Set(['repo'])); // the first call and its retries, nothing else
    expect((await readStatus(storesOf(env), ref(`${OWNER}/down`))).message).toMatch(/did not answer the repository in time/);
  });

  it("logs a failed step with its duration and GitHub's remaining rate limit, and a quiet run (all 304) still knows it", async () => {
    await setScenario(OWNER, {
      today: '2026-03-03',
      token: 'ghp_standInToken0123456789',
      repos: [
        makeStandInRepo('no-push', { faults: { views: { kind: 'status', status: 403, message: 'Must have push access to repository' } } }),
      ],
    });
    await requestsFor(OWNER, true);
    const logged = captureLogLines();
    const runLog: Array<Record<string, unknown>> = [];
    const deps = () => ({
      ...makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/no-push`).patterns, reposSource: 'no-push' }),
      log: (entry: Record<string, unknown>) => void runLog.push(entry),
    });
    await runCollector(deps(), noonOf('2026-03-03'));
    // A refresh that did not go well gets a line of its own, beside the run's.
    expect(runLog.filter((entry) => entry.message === 'repository refreshed')).toEqual([
      {
        level: 'warn',
        message: 'repository refreshed',
        repo: `${OWNER}/no-push`,
        state: 'error',
        detail: expect.stringMatching(/push access/),
        historyWritten: true,
        ms: expect.any(Number),
      },
    ]);
    const refused = (await requestsFor(OWNER)).findIndex((request) => request.status === 403);
    expect(logged.filter((entry) => entry.message === 'github step failed')).toEqual([
      {
        level: 'warn',
        message: 'github step failed',
        repo: `${OWNER}/no-push`,
        step: 'traffic views',
        kind: 'no-push-access',
        status: 403,
        ms: expect.any(Number),
        // The stand-in counts its rate limit down from 4,999 with each request, as GitHub does.
        githubRateLimitRemaining: 4999 - refused,
      },
    ]);

    await requestsFor(OWNER, true);
    const quiet = await runCollector(deps(), noonOf('2026-03-04'));
    const answers = await requestsFor(OWNER);
    expect(answers.filter((request) => request.status === 200)).toEqual([]);
    expect(quiet.githubRateLimitRemaining).toBe(4999 - (answers.length - 1));
  });

  it('a renamed repository is followed, and the status asks to update REPOS', async () => {
    await setScenario(OWNER, {
      today: '2026-03-01',
      token: 'ghp_standInToken0123456789',
      repos: [makeStandInRepo('old-name', { renamedTo: 'new-name' }), makeStandInRepo('new-name', { stars: 77 })],
    });
    await runCollector(
      makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/old-name`).patterns, reposSource: 'old' }),
      noonOf('2026-03-01'),
    );
    const status = await readStatus(storesOf(env), ref(`${OWNER}/old-name`));
    expect(status.state).toBe('error');
    expect(status.message).toContain(`GitHub redirects ${OWNER}/old-name to ${OWNER}/new-name`);
    expect((await readHistory(storesOf(env), ref(`${OWNER}/old-name`))).counts['2026-03-01']?.stars).toBe(77);
  });
});

describe('the cron trigger', () => {
  it('never throws, and a misconfigured Worker logs what is wrong and collects nothing', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const controller = createScheduledController({ scheduledTime: noonOf('2026-03-05'), cron: '*/10 * * * *' });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, { ...env, REPOS: '', GITHUB_API_URL: 'not a url' }, ctx);
    await waitOnExecutionContext(ctx);
    expect(logged.mock.calls.map((call) => JSON.parse(String(call[0])))).toEqual([
      {
        level: 'error',
        message: 'collector not run: configuration problems',
        problems: [
          'REPOS is empty: set it to your repositories, e.g. REPOS = "your-name/your-repo, your-org/*".',
          'GITHUB_API_URL must be an http(s) URL such as https://api.github.com; it is "not a url".',
        ],
      },
    ]);
    logged.mockRestore();
  });

  it("without a token, stays inside GitHub's 60 requests an hour: at most 9 per run", async () => {
    const OWNER = 'collector-anon';
    await setScenario(OWNER, { today: '2026-03-06', repos: Array.from({ length: 12 }, (_, i) => makeStandInRepo(`anon-${i}`)) });
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    const ctx = createExecutionContext();
    const scheduledTime = noonOf('2026-03-06');
    // More repositories a run than the default 3, so that the request budget is what stops it.
    await worker.scheduled(
      createScheduledController({ scheduledTime, cron: '*/10 * * * *' }),
      { ...env, REPOS: `${OWNER}/*`, GITHUB_TOKEN: undefined, COLLECTOR_REPOS_PER_RUN: '10' },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const summary = logged.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>).at(-1);
    logged.mockRestore();
    // One list page, then at most 5 requests per repository (the repository, the stargazer-history probe, the
    // README and its commits, the issues): one repository fits in 9, a second would need 11.
    expect(summary).toMatchObject({
      message: 'collector run',
      tracked: 12,
      refreshed: 1,
      failed: 0,
      notDue: 0,
      notReached: 11,
      githubRequests: 6,
    });
    expect((await requestsFor(OWNER)).every((request) => !request.authorized)).toBe(true);
  });

  it('runs the collector on schedule and logs one summary line', async () => {
    const OWNER = 'collector-list';
    await setScenario(OWNER, { today: '2026-03-05', token: 'ghp_standInToken0123456789', repos: [makeStandInRepo('cron-run')] });
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ scheduledTime: noonOf('2026-03-05'), cron: '*/10 * * * *' }),
      { ...env, REPOS: `${OWNER}/cron-run` },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const lines = logged.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({
      level: 'info',
      message: 'collector run',
      tracked: 1,
      refreshed: 1,
      failed: 0,
      notDue: 0,
      notReached: 0,
      repos: [`${OWNER}/cron-run`],
      errors: [],
      githubRateLimitRemaining: expect.any(Number),
    });
    // A refresh that went well is named in that line, with no line of its own (each costs the run CPU).
    expect(lines.filter((line) => line.message === 'repository refreshed')).toEqual([]);
    expect(lines.join('\n')).not.toContain('ghp_standInToken');
    expect((await readStatus(storesOf(env), ref(`${OWNER}/cron-run`))).state).toBe('ok');
    logged.mockRestore();
  });
});

describe('a refresh of a long history', () => {
  it('reads and writes only the days it can change or needs, and its figures are those of the whole history', async () => {
    const OWNER = 'collector-long';
    const TODAY = '2026-04-15';
    // Three years kept: traffic, counts and stars gained every day, a top list every 14 days.
    const history = emptyHistory();
    for (let i = 0; i < 3 * 365; i++) {
      const day = addDays(TODAY, -(3 * 365) + i);
      history.traffic[day] = { views: 50 + (i % 7), viewUniques: 20, clones: 2, cloneUniques: 1 };
      history.counts[day] = { stars: 1000 + i, forks: 30, watchers: 7, openIssues: 3 };
      history.starsGained[day] = 1;
      if (i % 14 === 0) history.referrers[day] = [{ key: 'github.com', title: 'github.com', count: 90, uniques: 40 }];
    }
    const ref = { owner: OWNER, repo: 'old' };
    await writeHistory(storesOf(env), ref, history);
    // 1,000 stars from before the history began, and the 1,095 days' gains.
    const stars = 1000 + 3 * 365;
    // GitHub's star history: one page, the last 30 weeks at one star a day, as the stored days have.
    const firstDay = addDays(TODAY, -(30 * 7 - 1));
    await setScenario(OWNER, {
      today: TODAY,
      token: 'ghp_standInToken0123456789',
      repos: [
        makeStandInRepo('old', {
          stars,
          views: makeDayCounts(TODAY, 14, () => 60),
          clones: makeDayCounts(TODAY, 14, () => 2),
          starHistory: { firstDay, days: Array.from({ length: 30 * 7 }, () => 1) },
        }),
      ],
    });
    const summary = await runCollector(
      makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/old`).patterns, reposSource: 'long' }),
      noonOf(TODAY),
    );
    expect(summary.errors).toEqual([]);

    const after = await readHistory(storesOf(env), ref);
    // Every day before the refresh's window is as it was; GitHub's 14 days came in.
    for (const day of Object.keys(history.traffic).filter((day) => day < addDays(TODAY, -250)))
      expect(after.traffic[day]).toEqual(history.traffic[day]);
    expect(after.traffic[TODAY]).toMatchObject({ views: 60, clones: 2 });
    expect(Object.keys(after.referrers).filter((day) => day < addDays(TODAY, -250))).toEqual(
      Object.keys(history.referrers).filter((day) => day < addDays(TODAY, -250)),
    );
    // The stars gained before the window count in the check against GitHub's star count: the 1,095 stored days'
    // gains and today's from GitHub's page, less the count: -999 (the stars from before the history, less today's).
    // From the window's 30 weeks alone it would be -1,885.
    const status = await readStatus(storesOf(env), ref);
    expect(status.starHistory).toMatchObject({ source: 'github', backfillPage: null, difference: -999 });
    expect(Object.values(after.starsGained).reduce((sum, n) => sum + n, 0) - stars).toBe(-999);
    // A small part of three years written.
    expect(summary.rowsWritten).toBeLessThan(60);
  });
});
