import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportTable, RepoReport } from '../src/report/responses';
import { runCollector } from '../src/jobs/run-collector';
import { parseConfig } from '../src/config';
import { binomialInterval, poissonInterval } from '../src/conversions/intervals';
import { currentVersion } from '../src/conversions/readme-versions';
import { addDays, utcDay } from '../src/dates';
import { digestMarkdown, type Digest } from '../src/digests/digest';
import { runWeeklyDigests } from '../src/jobs/run-digests';
import { parseRepoList } from '../src/repos';
import { readDigest } from '../src/stores/digest-store';
import { emptyStatus } from '../src/records/repo-status';
import { readHistory, readStatus, storesOf } from '../src/stores/repo-store';
import { buildDailyFacts } from '../src/history/daily-facts';
import { makeCollectorDeps } from './collector-deps';
import { TEST_GITHUB_TOKEN, TEST_REPORT_TOKEN } from './constants';
import { makeHistory } from './factories';
import { makeStandInRepo, requestsFor, setScenario, setWebhook, webhookLog } from './github/scenario';
import { writeHistory, writeStatus } from './records';
import { BOT_UA, bodyText, CAMO_UA, counterOf, fetchWorker } from './worker';

const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };
const REPOS = { REPOS: 'insight-co/rocket' };
const TODAY = utcDay(Date.now());
const FIRST = addDays(TODAY, -59);
const day = (i: number) => addDays(FIRST, i);

/**
 * 60 days: README v1 from day 0, v2 from day 30 (committed at noon). 100 README impressions and 200 page views a
 * day; 1 star a day under v1 and 3 under v2, but 43 on day 50 with 1,500 views, when news.ycombinator.com grew.
 */
beforeAll(async () => {
  const stars = (i: number) => (i === 50 ? 43 : i < 30 ? 1 : 3);
  const history = makeHistory({
    traffic: Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [day(i), { views: i === 50 ? 1500 : 200, viewUniques: 50, clones: 0, cloneUniques: 0 }]),
    ),
    starsGained: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [day(i), stars(i)])),
    referrers: {
      [day(49)]: [{ key: 'github.com', title: 'github.com', count: 100, uniques: 50 }],
      [day(52)]: [{ key: 'news.ycombinator.com', title: 'news.ycombinator.com', count: 1200, uniques: 900 }],
    },
  });
  await writeHistory(storesOf(env), { owner: 'insight-co', repo: 'rocket' }, history);
  const changes = [
    { sha: 'a'.repeat(40), committedAt: `${day(0)}T12:00:00Z`, message: 'Add README' },
    { sha: 'b'.repeat(40), committedAt: `${day(30)}T12:00:00Z`, message: 'README: a demo GIF first' },
  ];
  await writeStatus(
    storesOf(env),
    { owner: 'insight-co', repo: 'rocket' },
    { ...emptyStatus(), readme: { path: 'README.md', sha: 'r', changes } },
  );
  await counterOf('insight-co', 'rocket').importDailyViews(
    Array.from({ length: 60 }, (_, i) => ({ day: day(i), page: 'readme', source: 'github-camo' as const, views: 100 })),
  );
});

describe('GET /report/{owner}/{repo}: README versions and events', () => {
  it('lists each README version with its rates, exact intervals and the verdict against the one before', async () => {
    const body = (await (await fetchWorker(`/report/insight-co/rocket?from=${day(40)}&to=${TODAY}`, { headers: auth }, REPOS)).json()) as {
      versions: Array<
        Record<string, unknown> & {
          starsPer1kImpressions: { per1k: number; low: number; high: number };
          versusPrevious: { ratio: number; low: number; high: number; verdict: string } | null;
        }
      >;
      events: Array<Record<string, unknown>>;
      days: unknown[];
    };
    expect(body.days).toHaveLength(20);
    const [v1, v2] = body.versions;
    // v1: days 0–29, 3,000 impressions, 30 stars. v2: days 30–59, 3,000 impressions, 29 × 3 + 43 = 130 stars.
    expect(v1).toMatchObject({
      label: 'v1',
      days: { from: day(0), to: day(29) },
      readmeImpressions: 3000,
      views: 6000,
      starsGained: 30,
      versusPrevious: null,
      current: false,
    });
    expect(v2).toMatchObject({ label: 'v2', days: { from: day(30), to: TODAY }, readmeImpressions: 3000, starsGained: 130, current: true });
    const garwood = poissonInterval(30);
    expect(v1?.starsPer1kImpressions.per1k).toBe(10);
    expect(v1?.starsPer1kImpressions.low).toBeCloseTo((garwood.low / 3000) * 1000, 10);
    expect(v1?.starsPer1kImpressions.high).toBeCloseTo((garwood.high / 3000) * 1000, 10);
    const p = binomialInterval(130, 160);
    expect(v2?.versusPrevious?.ratio).toBeCloseTo(130 / 30, 10);
    expect(v2?.versusPrevious?.low).toBeCloseTo(p.low / (1 - p.low), 10);
    expect(v2?.versusPrevious?.verdict).toMatch(/^4\.3× the previous README's stars per impression, 95%: \d\.\d–\d\.\d×$/);
  });

  it('explains the burst within the range: the stars, the referrer that grew, the README version live', async () => {
    const body = (await (await fetchWorker(`/report/insight-co/rocket?from=${day(40)}&to=${TODAY}`, { headers: auth }, REPOS)).json()) as {
      events: Array<Record<string, unknown>>;
    };
    expect(body.events).toEqual([
      expect.objectContaining({
        from: day(50),
        to: day(50),
        spiked: ['stars', 'views'],
        starsGained: 43,
        views: 1500,
        referrers: [{ key: 'news.ycombinator.com', grew: 1200 }],
        readmeVersion: null, // v2 went live 20 days before
        summary: `${day(50)}: +43 stars (14.3× the usual), 1,500 views; news.ycombinator.com +1,200 views; 430 stars per 1k impressions`,
      }),
    ]);
  });

  it('answers the versions and the events as CSV tables, and keeps them from public readers', async () => {
    const versions = await bodyText(await fetchWorker(`/report/insight-co/rocket?table=versions&format=csv`, { headers: auth }, REPOS));
    expect(versions.split('\r\n')[0]).toMatch(/^label,sha,committedAt,message,from,to,daysLive,current,readmeImpressions/);
    expect(versions.split('\r\n')[2]).toMatch(/^v2,b{40},.*,README: a demo GIF first,/);
    const events = await bodyText(
      await fetchWorker(`/report/insight-co/rocket?table=events&format=csv&from=${day(40)}`, { headers: auth }, REPOS),
    );
    expect(events.split('\r\n')[1]).toMatch(new RegExp(`^${day(50)},${day(50)},stars\\+views,43,1500,100,`));
    expect((await fetchWorker('/report/insight-co/rocket?table=versions', {}, { ...REPOS, PUBLIC_REPORT: 'true' })).status).toBe(401);
    expect((await fetchWorker('/report/insight-co/rocket?table=nope', { headers: auth }, REPOS)).status).toBe(400);
  });

  it('answers ?table= with that table as JSON when no CSV is asked for', async () => {
    const whole = (await (await fetchWorker(`/report/insight-co/rocket?from=${day(40)}`, { headers: auth }, REPOS)).json()) as RepoReport;
    const versions = await fetchWorker('/report/insight-co/rocket?table=versions', { headers: auth }, REPOS);
    expect(versions.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await versions.json()).toEqual({
      repo: 'insight-co/rocket',
      versions: whole.versions,
      labelledVersions: whole.labelledVersions,
    });
    const events = await fetchWorker(`/report/insight-co/rocket?table=events&from=${day(40)}`, { headers: auth }, REPOS);
    expect(await events.json()).toEqual({ repo: 'insight-co/rocket', from: day(40), to: whole.to, events: whole.events });
    expect(whole.events.length).toBeGreaterThan(0);
  });
});

describe('?markers= on the SVG charts', () => {
  it('marks when each README version went live and the bursts the report explains, on both charts', async () => {
    const report = (await (
      await fetchWorker(`/report/insight-co/rocket?from=${day(0)}&to=${TODAY}`, { headers: auth }, REPOS)
    ).json()) as RepoReport;
    const bursts = report.events.map(
      (event) => `burst +${event.starsGained} ★ ${event.from === event.to ? event.from : `${event.from} to ${event.to}`}`,
    );
    expect(bursts).toEqual([`burst +43 ★ ${day(50)}`]);
    for (const chart of ['stars', 'impressions']) {
      const svg = await (await fetchWorker(`/chart/insight-co/rocket/${chart}.svg?markers=versions,bursts`, {}, REPOS)).text();
      expect(svg).toContain(`Marked: README v1 live ${day(0)}; README v2 live ${day(30)}; ${bursts.join('; ')}.`);
      expect(svg.match(/<line class="version"/g)).toHaveLength(2 + 1); // two versions and the key's sample
      expect(svg.match(/<rect class="burst"/g)).toHaveLength(1 + 1);
      expect(svg).toContain('>+43 ★</text>');
      expect(svg).toContain('>README version</text>');
    }
  });

  it('marks only what is asked for, and only inside the range drawn', async () => {
    const bursts = await (await fetchWorker('/chart/insight-co/rocket/stars.svg?markers=bursts', {}, REPOS)).text();
    expect(bursts).not.toContain('class="version"');
    expect(bursts).toContain('>+43 ★</text>');
    const none = await (await fetchWorker('/chart/insight-co/rocket/stars.svg', {}, REPOS)).text();
    expect(none).not.toMatch(/class="(version|burst)"/);
    expect(none).not.toContain('Marked:');
    // 90 days back from today reach day 0 (the history's 60 days): v1's day is inside, so is everything.
    const recent = await (await fetchWorker('/chart/insight-co/rocket/impressions.svg?range=90d&markers=versions', {}, REPOS)).text();
    expect(recent).toContain(`Marked: README v1 live ${day(0)}; README v2 live ${day(30)}.`);
  });
});

describe('the live README version in GET /report', () => {
  it('is worked out by the collector from the README commits it reads: the version and its verdict', async () => {
    const OWNER = 'insight-live';
    const first = addDays(TODAY, -59);
    const dayOf = (i: number) => addDays(first, i);
    // 1 star a day under v1 (days 0–29), 4 under v2: GitHub's star history, from one page of weeks.
    const days = Array.from({ length: 60 }, (_, i) => (i < 30 ? 1 : 4));
    await setScenario(OWNER, {
      today: TODAY,
      token: TEST_GITHUB_TOKEN,
      repos: [
        makeStandInRepo('rocket', {
          stars: days.reduce((sum, stars) => sum + stars, 0),
          starHistory: { firstDay: first, days },
          readme: {
            path: 'docs/README.md',
            commits: [
              { sha: 'c'.repeat(40), committedAt: `${dayOf(0)}T09:00:00Z`, message: 'Add README' },
              { sha: 'd'.repeat(40), committedAt: `${dayOf(30)}T09:00:00Z`, message: 'README: quick start first\n\nLonger text.' },
            ],
          },
        }),
      ],
    });
    await counterOf(OWNER, 'rocket').importDailyViews(
      Array.from({ length: 60 }, (_, i) => ({ day: dayOf(i), page: 'readme', source: 'github-camo' as const, views: 100 })),
    );
    const tracked = parseRepoList(`${OWNER}/rocket`).patterns;
    await runCollector(makeCollectorDeps({ tracked, reposSource: OWNER }), Date.now());

    const status = await readStatus(storesOf(env), { owner: OWNER, repo: 'rocket' });
    expect(status.readme?.changes.map((change) => change.message)).toEqual(['Add README', 'README: quick start first']);
    expect(status.readmeVersion).toMatchObject({ label: 'v2', since: dayOf(30), starsPer1kImpressions: { per1k: 40 } });
    expect(status.readmeVersion?.verdict).toMatch(/^4× the previous README's stars per impression, 95%: \d\.\d–\d\.\d×$/);

    const table = (await (await fetchWorker('/report', { headers: auth }, { REPOS: `${OWNER}/rocket` })).json()) as {
      repositories: Array<{ readme: unknown }>;
    };
    expect(table.repositories[0]?.readme).toEqual(status.readmeVersion);
  });
});

describe('the live README version of a long-lived README', () => {
  it("sums the days before the refresh's window from the stored rows: the same figures as over every day", async () => {
    const OWNER = 'insight-long';
    const first = addDays(TODAY, -299);
    const at = (i: number) => addDays(first, i);
    const ref = { owner: OWNER, repo: 'rocket' };
    // v1 (days 0–149): stars only as differences between daily snapshots, 1 a day. v2 (day 150 on): GitHub's
    // gained stars, 3 a day, and no snapshots until today's, which equals the last one. 100 impressions a day.
    const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    await writeHistory(
      storesOf(env),
      ref,
      makeHistory({
        traffic: Object.fromEntries(span(0, 298).map((i) => [at(i), { views: 200, viewUniques: 50, clones: 0, cloneUniques: 0 }])),
        counts: Object.fromEntries(span(0, 149).map((i) => [at(i), { stars: 1000 + i, forks: 10, watchers: 5, openIssues: 1 }])),
        starsGained: Object.fromEntries(span(150, 298).map((i) => [at(i), 3])),
      }),
    );
    await counterOf(OWNER, 'rocket').importDailyViews(
      span(0, 298).map((i) => ({ day: at(i), page: 'readme', source: 'github-camo' as const, views: 100 })),
    );
    const commits = [
      { sha: 'e'.repeat(40), committedAt: `${at(0)}T09:00:00Z`, message: 'Add README' },
      { sha: 'f'.repeat(40), committedAt: `${at(150)}T09:00:00Z`, message: 'README: the why first' },
    ];
    await setScenario(OWNER, {
      today: TODAY,
      token: TEST_GITHUB_TOKEN,
      repos: [makeStandInRepo('rocket', { stars: 1149, readme: { path: 'README.md', commits } })],
    });
    const now = Date.now();
    await runCollector(makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/rocket`).patterns, reposSource: OWNER }), now);

    const status = await readStatus(storesOf(env), ref);
    // v2: 149 days × 3 stars over 149 × 100 impressions. v1: 149 snapshot differences over 150 × 100.
    expect(status.readmeVersion).toMatchObject({ label: 'v2', since: at(150), starsPer1kImpressions: { per1k: 30 } });
    expect(status.readmeVersion?.verdict).toMatch(/^3× the previous README's stars per impression, 95%: \d\.\d–\d\.\d×$/);
    // The definition over every stored day, as the report's versions table computes it.
    const everyDay = buildDailyFacts(await readHistory(storesOf(env), ref), await counterOf(OWNER, 'rocket').dailyViews(), first, TODAY);
    expect(status.readmeVersion).toEqual(currentVersion(status.readme?.changes ?? [], everyDay, now));
  });
});

describe('a refresh that GitHub answers with 304s only', () => {
  it("writes the status alone, leaves the history as it was, and counts the live README's impressions since", async () => {
    const OWNER = 'insight-quiet';
    const first = addDays(TODAY, -39);
    const at = (i: number) => addDays(first, i);
    const days = Array.from({ length: 40 }, (_, i) => (i < 20 ? 1 : 2)); // GitHub's star history: 1 a day, then 2
    const commits = [
      { sha: '1'.repeat(40), committedAt: `${at(0)}T09:00:00Z`, message: 'Add README' },
      { sha: '2'.repeat(40), committedAt: `${at(20)}T09:00:00Z`, message: 'README: badges first' },
    ];
    const views = Array.from({ length: 14 }, (_, i) => ({ day: at(26 + i), count: 40, uniques: 20 }));
    const repo = makeStandInRepo('rocket', {
      stars: 60,
      starHistory: { firstDay: first, days },
      readme: { path: 'README.md', commits },
      views,
      clones: views,
    });
    await setScenario(OWNER, { today: TODAY, token: TEST_GITHUB_TOKEN, repos: [repo] });
    const counter = counterOf(OWNER, 'rocket');
    await counter.importDailyViews(
      Array.from({ length: 40 }, (_, i) => ({ day: at(i), page: 'readme', source: 'github-camo' as const, views: 100 })),
    );
    const ref = { owner: OWNER, repo: 'rocket' };
    const run = (at: number) =>
      runCollector(makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/rocket`).patterns, reposSource: OWNER, refreshIntervalMs: 1 }), at);
    const now = Date.now();
    await run(now);
    const history = await readHistory(storesOf(env), ref);
    const before = await readStatus(storesOf(env), ref);
    // v2: days 20–39, 2 stars a day over 100 impressions a day.
    expect(before.readmeVersion?.starsPer1kImpressions?.per1k).toBe(20);

    // The pixel counts 1,000 more impressions today; a day later GitHub still has nothing new.
    await counter.importDailyViews([{ day: TODAY, page: 'readme', source: 'github-camo', views: 1100 }]);
    await requestsFor(OWNER, true);
    const later = now + 86_400_000;
    const quiet = await run(later);
    expect((await requestsFor(OWNER)).map((request) => request.status)).toEqual(expect.arrayContaining([304]));
    expect((await requestsFor(OWNER)).filter((request) => request.status !== 304)).toEqual([]);
    expect(quiet.refreshed).toEqual([expect.objectContaining({ state: 'ok', historyWritten: false })]);
    expect(quiet.rowsWritten).toBe(1); // the status
    expect(await readHistory(storesOf(env), ref)).toEqual(history);
    const after = await readStatus(storesOf(env), ref);
    expect(after.lastRefreshAt).toBe(new Date(later).toISOString());
    expect({ ...after, lastRefreshAt: null, lastSuccessAt: null, readmeVersion: null }).toEqual({
      ...before,
      lastRefreshAt: null,
      lastSuccessAt: null,
      readmeVersion: null,
    });
    // 40 stars over 2,000 + 1,000 impressions, the same as a refresh that reads every day of the history.
    expect(after.readmeVersion?.starsPer1kImpressions?.per1k).toBeCloseTo((40 / 3000) * 1000, 10);
    const everyDay = buildDailyFacts(history, await counter.dailyViews(), first, utcDay(later));
    expect(after.readmeVersion).toEqual(currentVersion(commits, everyDay, later));
  });
});

describe('a new star burst', () => {
  it('is posted to the webhook once, at the run that finds it, and never again', async () => {
    const OWNER = 'insight-burst';
    const first = addDays(TODAY, -49);
    const days = Array.from({ length: 50 }, (_, i) => (i === 49 ? 40 : 1 + (i % 2)));
    await setScenario(OWNER, {
      today: TODAY,
      token: TEST_GITHUB_TOKEN,
      repos: [makeStandInRepo('nova', { stars: days.reduce((sum, stars) => sum + stars, 0), starHistory: { firstDay: first, days } })],
    });
    const url = await setWebhook('burst-once', 0);
    const tracked = parseRepoList(`${OWNER}/nova`).patterns;
    const run = (at: number) =>
      runCollector(makeCollectorDeps({ tracked, reposSource: OWNER, refreshIntervalMs: 1, webhookUrl: url, webhookRetryMs: 1 }), at);
    const runs = [await run(Date.now())];
    runs.push(await run(Date.now() + 600_000)); // the next run: the same event, still fresh
    runs.push(await run(Date.now() + 1_200_000));
    // Named in the line of the run that found it, once.
    expect(runs.map((summary) => summary.events)).toEqual([[{ repo: `${OWNER}/nova`, from: TODAY, to: TODAY, spiked: ['stars'] }], [], []]);
    const log = await webhookLog('burst-once');
    // Plain text for a receiver that is neither Slack nor Discord.
    expect(log.received).toEqual([{ text: `Star burst\n\n${OWNER}/nova: ${TODAY}: +40 stars (26.7× the usual), 0 views\n` }]);
    const status = await readStatus(storesOf(env), { owner: OWNER, repo: 'nova' });
    expect(status.announcedEvents).toEqual([TODAY]);
    // Kept for the dashboard's answers, and in the report table's line.
    const summary = `${TODAY}: +40 stars (26.7× the usual), 0 views`;
    expect(status.latestEvent).toEqual({ from: TODAY, to: TODAY, spiked: ['stars'], summary });
    const table = await (await fetchWorker('/report', { headers: auth }, { REPOS: `${OWNER}/nova` })).json<ReportTable>();
    expect(table.repositories[0]?.latestEvent).toEqual({ from: TODAY, to: TODAY, spiked: ['stars'], summary });
  });
});

describe('the weekly digest', () => {
  const deps = () => ({ stores: storesOf(env), config: parseConfig({ ...REPOS }), log: () => {} });

  it("names the week's burst, explained", async () => {
    const result = await runWeeklyDigests(deps(), Date.parse(`${addDays(day(50), 7)}T06:00:00Z`));
    const { digest } = await readDigest(env.REPORTS, result.week, 'insight-co');
    expect(digest?.events).toEqual([{ repo: 'insight-co/rocket', summary: expect.stringMatching(new RegExp(`^${day(50)}: \\+43 stars`)) }]);
    expect(digestMarkdown(digest as Digest)).toContain(`**Star bursts and traffic spikes**\n- insight-co/rocket: ${day(50)}: +43 stars`);
  });

  it('names a README version that went live during the week, with its verdict', async () => {
    const result = await runWeeklyDigests(deps(), Date.parse(`${addDays(day(30), 7)}T06:00:00Z`));
    const { digest } = await readDigest(env.REPORTS, result.week, 'insight-co');
    expect(digest?.readmeChanges).toEqual([
      { repo: 'insight-co/rocket', label: 'v2', since: day(30), verdict: expect.stringMatching(/the previous README|too few/) },
    ]);
    expect(digestMarkdown(digest as Digest)).toContain(`**README changes**\n- insight-co/rocket: v2 live since ${day(30)}, `);
  });
});

describe('README versions named with ?v=', () => {
  it('counts the README impressions of the pixel and the badge per label, and reports each label as a version of the days it won', async () => {
    const LABELLED = { REPOS: 'insight-co/labelled' };
    for (let i = 0; i < 3; i++)
      await fetchWorker('/p/insight-co/labelled.gif?v=Demo-GIF', { headers: { 'user-agent': CAMO_UA } }, LABELLED);
    await fetchWorker('/badge/insight-co/labelled.svg?v=demo-gif', { headers: { 'user-agent': CAMO_UA } }, LABELLED);
    await fetchWorker('/p/insight-co/labelled.gif?v=demo-gif', { headers: { 'user-agent': BOT_UA } }, LABELLED); // a bot: not an impression
    await fetchWorker('/p/insight-co/labelled.gif?page=docs&v=demo-gif', { headers: { 'user-agent': CAMO_UA } }, LABELLED); // not the README
    for (let i = 0; i < 2; i++) await fetchWorker('/p/insight-co/labelled.gif', { headers: { 'user-agent': CAMO_UA } }, LABELLED); // unlabelled
    const bad = await fetchWorker('/p/insight-co/labelled.gif?v=no%20spaces', { headers: { 'user-agent': CAMO_UA } }, LABELLED);
    expect(bad.status).toBe(400);
    expect((await counterOf('insight-co', 'labelled').days(TODAY, TODAY)).labelled).toEqual([{ day: TODAY, label: 'demo-gif', views: 4 }]);
    const body = (await (await fetchWorker('/report/insight-co/labelled', { headers: auth }, LABELLED)).json()) as {
      labelledVersions: Array<Record<string, unknown>>;
    };
    expect(body.labelledVersions).toEqual([
      // The day's README impressions, labelled or not.
      expect.objectContaining({ label: 'demo-gif', days: { from: TODAY, to: TODAY }, readmeImpressions: 6, current: true }),
    ]);

    // The labels travel with an export, and import back under another name.
    const exported = await bodyText(await fetchWorker('/report/export', { headers: auth }, LABELLED));
    expect(JSON.parse(exported.split('\n')[1] ?? '{}').labelled).toEqual([{ day: TODAY, label: 'demo-gif', views: 4 }]);
    const moved = exported.replaceAll('insight-co/labelled', 'insight-co/moved');
    const imported = await fetchWorker(
      '/report/import',
      { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: moved },
      { REPOS: 'insight-co/moved' },
    );
    expect(imported.status).toBe(200);
    expect((await counterOf('insight-co', 'moved').days(TODAY, TODAY)).labelled).toEqual([{ day: TODAY, label: 'demo-gif', views: 4 }]);
  });
});
