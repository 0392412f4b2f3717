// `npm run bench:cpu`: the CPU of the Worker's own isolate per invocation, which is what the free plan limits to
// 10 ms (cron included), measured with V8's sampling profiler through workerd's inspector (bench/isolate-cpu.mjs).
// The deploy build runs in Miniflare twice over: as the Worker, and as a second Worker that holds the Durable
// Objects, so that their invocations are measured in an isolate of their own (a DO call is its own invocation).
// Seeded with a year of history per repository, and the GitHub stand-in on 127.0.0.1. Each invocation is measured
// ROUNDS times; the table gives median and max of both isolates against the 10 ms budget.
import { buildStandIn } from './stand-in-build.mjs';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { BUNDLE_PATH, buildBundle } from '../scripts/check-bundle.mjs';
import { generateRepo } from '../scripts/seed-data.mjs';
import { attachProfilers } from './isolate-cpu.mjs';
import { readdirSync, readFileSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';

const ROUNDS = Number(process.env.CPU_ROUNDS ?? 7);
// CPU_ONLY=<regular expression>: measures only the invocations whose label matches (with CPU_PROFILE_DIR, to look
// at one of them).
const ONLY = process.env.CPU_ONLY ? new RegExp(process.env.CPU_ONLY, 'i') : null;
const BUDGET_MS = 10;
// Wide enough for the longest label (an import step of daily figures), so the columns line up.
const LABEL_WIDTH = 66;
const TOKEN = 'bench-cpu-token';
const GITHUB_TOKEN = 'ghp_benchCpuToken';
const OWNER = 'bench';
const DAY_MS = 86_400_000;
const TODAY = new Date().toISOString().slice(0, 10);
const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);
const name = (i) => `repo-${String(i).padStart(2, '0')}`;
const TABLE = Array.from({ length: 50 }, (_, i) => `${OWNER}/${name(i)}`);
// A cron run is measured once more than ROUNDS (its first run in the isolate is reported apart): runs of 3
// repositories refresh that many year-old repositories once each, first refreshes all.
const CRON_RUNS = ROUNDS + 1;
const CRON = TABLE.slice(0, 3 * CRON_RUNS);
// The same runs signed in as a GitHub App (the tests' key): the app's JWT signed, its installations listed and the
// owner's installation token taken in each run, on repositories of the table no other measurement refreshes first.
const APP_CRON = TABLE.slice(30, 30 + 3 * CRON_RUNS);
const APP_ID = '5001';
const WEBHOOK_SECRET = 'bench-webhook-secret';
// A week of webhook stars on the repository the deliveries go to: the burst check sums the week before each star.
const WEEK_OF_STARS = 2000;
// Seeded deliveries carry a signature of the shape GitHub's have (an export of them imports back).
const fakeSignature = (text) => `sha256=${createHash('sha256').update(text).digest('hex')}`;

await buildStandIn();
const { GitHubStandIn } = await import('../dist/bench/stand-in.mjs');
const standIn = new GitHubStandIn();
const apiUrl = await standIn.start();

/** GitHub's side of a seeded repository: its 14-day window, lists, README, and a star history of `weeks`. */
function standInRepo(slug, stars, weeks) {
  const { history } = generateRepo(slug, TODAY);
  const window = Array.from({ length: 14 }, (_, i) => dayOf(Date.parse(`${TODAY}T00:00:00Z`) - (13 - i) * DAY_MS));
  const traffic = (field, unique) =>
    window.map((day) => ({ day, count: history.traffic[day]?.[field] ?? 0, uniques: history.traffic[day]?.[unique] ?? 0 }));
  const perDay = Math.ceil(stars / (weeks * 7));
  const days = Array.from({ length: weeks * 7 }, (_, i) => (i * perDay < stars ? Math.min(perDay, stars - i * perDay) : 0));
  return {
    name: slug.split('/')[1],
    stars,
    forks: 12,
    watchers: 9,
    openIssues: 4,
    views: traffic('views', 'viewUniques'),
    clones: traffic('clones', 'cloneUniques'),
    referrers: [
      { referrer: 'github.com', count: 300, uniques: 120 },
      { referrer: 'news.ycombinator.com', count: 90, uniques: 70 },
    ],
    paths: [{ path: `/${slug}`, title: slug, count: 500, uniques: 200 }],
    starHistory: { firstDay: dayOf(Date.parse(`${TODAY}T00:00:00Z`) - (weeks * 7 - 7) * DAY_MS), days },
    readme: {
      path: 'README.md',
      commits: [
        { sha: 'a'.repeat(40), committedAt: `${dayOf(Date.now() - 200 * DAY_MS)}T10:00:00Z`, message: 'Add README' },
        { sha: 'b'.repeat(40), committedAt: `${dayOf(Date.now() - 60 * DAY_MS)}T10:00:00Z`, message: 'README: a demo' },
      ],
    },
  };
}
// Year-old repositories that only the Durable Object's own refresh calls refresh (the cron runs above refresh
// nearly all of the table): their first refresh is a first one, with nothing to answer 304 to.
// Repositories of their own for github-repo-stats' files, one a round (a Worker of their own: the table's reports
// stay those of 50).
const STATS = Array.from({ length: 2 * (ROUNDS + 1) }, (_, i) => `${OWNER}/stats-${String(i).padStart(2, '0')}`);
const FRESH = Array.from({ length: ROUNDS + 1 }, (_, i) => `${OWNER}/fresh-${String(i).padStart(2, '0')}`);
const BIG = `${OWNER}/big-stars`;
const OLD = `${OWNER}/three-years`;
// Three months of history: a refresh costs what it costs for a year or three.
const YOUNG = `${OWNER}/three-months`;
await fetch(`${apiUrl}/__standin/owners/${OWNER}`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    today: TODAY,
    token: GITHUB_TOKEN,
    repos: [
      ...[...TABLE, ...FRESH].map((slug) => standInRepo(slug, 900, 52)),
      standInRepo(BIG, 50_000, 200),
      standInRepo(OLD, 2_000, 156),
      standInRepo(YOUNG, 200, 13),
    ],
  }),
});

await fetch(`${apiUrl}/__standin/apps/${APP_ID}`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    publicKey: readFileSync('test/fixtures/github-app-test-key.pub.pem', 'utf8'),
    installations: [{ id: 1, account: OWNER }],
  }),
});

buildBundle();
const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
const { assets: _assets, ...withoutAssets } = workerOptions;
const objects = {
  COUNTER: { className: 'RepoCounter', scriptName: 'objects' },
  REGISTRY: { className: 'RepoRegistry', scriptName: 'objects' },
};
const worker = (workerName, repos, vars = {}) => ({
  ...withoutAssets,
  name: workerName,
  modules: true,
  scriptPath: BUNDLE_PATH,
  durableObjects: objects,
  // A var given as undefined is left out (the GitHub App's Worker has no GITHUB_TOKEN).
  bindings: Object.fromEntries(
    Object.entries({
      ...workerOptions.bindings,
      REPOS: repos.join(', '),
      REPORT_TOKEN: TOKEN,
      GITHUB_TOKEN,
      GITHUB_API_URL: apiUrl,
      ...vars,
    }).filter(([, value]) => value !== undefined),
  ),
});
// A run that refreshes many repositories: each refresh is a call to its object, so the run's own CPU is the
// planning and the calls. WIDE repositories a run, the 50 of the table a day apart: the settings the README gives
// for 10,000 repositories a day on the free plan (8 a run, 80 GitHub requests, the cron every minute).
const WIDE = 8;
const mf = new Miniflare({
  host: '127.0.0.1',
  port: 0,
  inspectorPort: 0,
  workers: [
    worker('app', TABLE, { GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET }),
    worker('seed', [...TABLE, ...FRESH, BIG, OLD, YOUNG]),
    worker('cron', CRON),
    worker('appcron', APP_CRON, {
      GITHUB_TOKEN: undefined,
      GITHUB_APP_ID: APP_ID,
      GITHUB_APP_PRIVATE_KEY: readFileSync('test/fixtures/github-app-test-key.pem', 'utf8'),
    }),
    worker('stars', [BIG]),
    worker('old', [OLD]),
    worker('stats', STATS),
    worker('wide', TABLE, { COLLECTOR_REPOS_PER_RUN: String(WIDE), COLLECTOR_GITHUB_REQUESTS_PER_RUN: String(WIDE * 10) }),
    {
      ...withoutAssets,
      name: 'objects',
      modules: true,
      scriptPath: BUNDLE_PATH,
      bindings: { ...workerOptions.bindings, REPOS: [...TABLE, ...FRESH, BIG, OLD, YOUNG].join(', ') },
    },
  ],
});
await mf.ready;
const auth = { authorization: `Bearer ${TOKEN}` };
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const workers = Object.fromEntries(
  await Promise.all(['app', 'seed', 'cron', 'appcron', 'stars', 'old', 'wide', 'stats'].map(async (key) => [key, await mf.getWorker(key)])),
);

// A year of history per repository (three for one), loaded as a user would: an export, one repository a request.
const exportOf = (slug, days = 365, as = slug) => {
  const { history, views } = generateRepo(slug, TODAY, days);
  return [
    { format: 'repo-impressions-export', version: 1, exportedAt: `${TODAY}T00:00:00.000Z`, repositories: 1 },
    { repo: as, history, views, visitors: [] },
  ]
    .map((line) => JSON.stringify(line))
    .join('\n');
};
// With its Content-Length, as `curl --data-binary @file` sends it.
const importBody = (body) => ({
  method: 'POST',
  headers: { ...auth, 'content-type': 'application/x-ndjson', 'content-length': String(Buffer.byteLength(body)) },
  body,
});
for (const [slug, days] of [...[...TABLE, ...FRESH].map((slug) => [slug, 365]), [OLD, 1095], [BIG, 365], [YOUNG, 90]]) {
  const response = await workers.seed.fetch('http://bench/report/import', importBody(exportOf(slug, days)));
  if (!response.ok) throw new Error(`seeding ${slug}: ${response.status} ${await response.text()}`);
}

const counters = await mf.getDurableObjectNamespace('COUNTER', 'objects');
// One stub a repository, made once: each `get` is a synchronous call through Miniflare's proxy, whose handshake
// can lose a reply when its thread is preempted (an AssertionError in SynchronousFetcher; workers-sdk#15552).
const stubs = new Map();
const stub = (slug) => {
  if (!stubs.has(slug)) stubs.set(slug, counters.get(counters.idFromName(slug)));
  return stubs.get(slug);
};
// What an RPC call returns holds stubs on the Node side until disposed (Miniflare warns of those left to the GC).
const disposed = (value) => value?.[Symbol.dispose]?.();
const profilers = await attachProfilers(mf, ['app', 'cron', 'appcron', 'stars', 'old', 'wide', 'stats', 'objects']);
const results = [];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
// The CPU of measured rounds, each of which is `{ cpu, gc }` in ms (profilers.measure).
const cpuOf = (rounds) => rounds.map(({ cpu }) => cpu);

/**
 * Measures `invoke(round)` in the Worker isolate `isolate` and the Durable Objects' isolate (the sum of every
 * Durable Object call the invocation made: an upper bound for each call): its first call, then ROUNDS more. The
 * first is given apart: where the isolate has not run that path yet, it pays V8's compilation of the code (and,
 * for a cron run, the loading of the modules it imports when it first runs), once per isolate, which then serves
 * many invocations. Median and max are those of the ROUNDS after it. Rounds are numbered from -1 (the first).
 */
async function measure(label, isolate, invoke, { before } = {}) {
  if (ONLY && !ONLY.test(label)) return;
  const worker = [];
  const durable = [];
  await before?.(-1);
  const first = (await profilers.measure(() => invoke(-1), [isolate, 'objects']))[isolate].cpu;
  for (let round = 0; round < ROUNDS; round++) {
    await before?.(round);
    const measured = await profilers.measure(() => invoke(round), [isolate, 'objects']);
    worker.push(measured[isolate]);
    durable.push(measured.objects);
  }
  results.push({ label, worker, durable, first });
  const show = (rounds) =>
    `${median(cpuOf(rounds)).toFixed(1).padStart(6)} ${Math.max(...cpuOf(rounds))
      .toFixed(1)
      .padStart(6)}`;
  console.log(`${label.padEnd(LABEL_WIDTH)} ${show(worker)} ${first.toFixed(1).padStart(6)}   ${show(durable)}`);
}

const get =
  (path, headers = {}) =>
  async () => {
    const response = await workers.app.fetch(`http://bench${path}`, { headers: { ...auth, ...headers } });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    await response.arrayBuffer();
  };
// The pixel's counter write joins a batch sent after the response (waitUntil, ~100 ms later): wait for it.
const settle = (work) => async () => {
  await work();
  await new Promise((resolve) => setTimeout(resolve, 250));
};
const cron =
  (key, start, cronExpression = '*/10 * * * *') =>
  (round) =>
    workers[key].scheduled({ scheduledTime: start + (round + 1) * 600_000, cron: cronExpression });
const now = Date.now();
// A cron run's Durable Objects are started before it, unmeasured: the local runtime creates an object that is not
// running (opening its SQLite file) inside the caller's call, on the caller's thread, with the Worker's isolate
// still entered, so V8's sampler counts that start as the Worker's CPU: ~0.7 ms a first call, none of it the
// Worker's JavaScript, and no sample of the objects' isolate at those moments. On Cloudflare an object starts where
// it runs, not in its caller. (The run of 8 measured 12.6 ms median with its objects left to start, 5.1 without.)
const started = (slugs) => async () => {
  for (const slug of slugs) disposed(await stub(slug).schedule());
};

console.log(`isolate CPU per invocation, ms (V8's profiler through workerd's inspector, ${ROUNDS} rounds; budget ${BUDGET_MS} ms)`);
console.log(`${'invocation'.padEnd(LABEL_WIDTH)} Worker median  max  first   Durable Objects (all calls) median  max`);
await measure('GET /health', 'app', get('/health'));
await measure('GET /p/{owner}/{repo}.gif (camo)', 'app', settle(get(`/p/${TABLE[0]}.gif`, { 'user-agent': 'github-camo (bench)' })));
await measure('GET /badge/{owner}/{repo}.svg (camo)', 'app', get(`/badge/${TABLE[0]}.svg`, { 'user-agent': 'github-camo (bench)' }));
// A tracked README link, registered as a maintainer would; each round is a reader's click from github.com.
const linkRegistered = await workers.app.fetch('http://bench/report/links', {
  method: 'POST',
  headers: { ...auth, 'content-type': 'application/json' },
  body: JSON.stringify({ repo: TABLE[0], name: 'docs', destination: 'https://example.com/docs' }),
});
if (linkRegistered.status !== 201) throw new Error(`registering a link: ${linkRegistered.status} ${await linkRegistered.text()}`);
await measure("GET /l/{owner}/{repo}/{name} (a reader's click)", 'app', async (round) => {
  const headers = { 'user-agent': BROWSER_UA, 'cf-connecting-ip': `203.0.113.${round + 1}`, referer: 'https://github.com/' };
  const response = await workers.app.fetch(`http://bench/l/${TABLE[0]}/docs?v=v2`, { redirect: 'manual', headers });
  if (response.status !== 302) throw new Error(`link: ${response.status}`);
  await response.arrayBuffer();
});
await measure('GET /report (50 repositories, a year each)', 'app', get('/report'));
await measure('GET /report/{owner}/{repo} (28 days)', 'app', get(`/report/${TABLE[0]}`));
await measure('GET /report/{owner}/{repo} (90 days, the dashboard)', 'app', get(`/report/${TABLE[0]}?from=${dayOf(now - 89 * DAY_MS)}`));
await measure('GET /chart/{owner}/{repo}/stars.svg (a year)', 'app', get(`/chart/${TABLE[0]}/stars.svg`));
await measure('GET /chart/{owner}/{repo}/impressions.svg (a year)', 'app', get(`/chart/${TABLE[0]}/impressions.svg`));
await measure('POST /report/import (a year into a year-old repository)', 'app', async (round) => {
  const response = await workers.app.fetch(
    'http://bench/report/import',
    importBody(exportOf(`${OWNER}/other-${round}`, 365, TABLE[2 + round])),
  );
  if (!response.ok) throw new Error(`import: ${response.status} ${await response.text()}`);
});
// github-repo-stats' files as the README's commands send them: the year's three daily files in one request, its
// top-list snapshots 25 a request, the most one takes (58 snapshot files here: the first 25 are measured).
const REPO_STATS = 'test/fixtures/github-repo-stats-A';
const repoStatsFile = (path) => ({ name: path, content: readFileSync(`${REPO_STATS}/${path}`) });
const REPO_STATS_DAILY = ['views_clones_aggregate.csv', 'stars.csv', 'forks.csv'].map(repoStatsFile);
const REPO_STATS_SNAPSHOTS = readdirSync(`${REPO_STATS}/snapshots`)
  .slice(0, 25)
  .map((file) => repoStatsFile(`snapshots/${file}`));
const importRepoStats = (repo, files) => async () => {
  const form = new FormData();
  form.append('repo', repo);
  for (const { name: file, content } of files) form.append('file', new Blob([content]), file);
  // Serialized here, as curl sends it: a multipart body with its boundary in the Content-Type.
  const encoded = new Request('http://bench/', { method: 'POST', body: form });
  const headers = { ...auth, 'content-type': encoded.headers.get('content-type') };
  const body = Buffer.from(await encoded.arrayBuffer());
  const response = await workers.stats.fetch('http://bench/report/import', { method: 'POST', headers, body });
  if (!response.ok) throw new Error(`github-repo-stats import: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
};
// Each round's repository object is started first, as for a cron run (below: the local runtime counts an object's
// start in its caller).
const statsRepo = (round, files) => (files === REPO_STATS_DAILY ? STATS[round + 1] : STATS[ROUNDS + 2 + round]);
for (const [what, files] of [
  ['a year, 3 files', REPO_STATS_DAILY],
  [`${REPO_STATS_SNAPSHOTS.length} snapshot files`, REPO_STATS_SNAPSHOTS],
]) {
  await measure(`POST /report/import (github-repo-stats: ${what})`, 'stats', (round) => importRepoStats(statsRepo(round, files), files)(), {
    before: (round) => started([statsRepo(round, files)])(),
  });
}
await measure('GET /report/export (50 repositories)', 'app', get('/report/export'));
await measure('GET /report/export?limit=25 (a part: 25 repositories)', 'app', get('/report/export?limit=25'));
// GitHub's own star delivery (@octokit/webhooks-examples), signed as GitHub signs it, into a repository whose
// object holds a week of webhook stars; each round is another star, a second apart.
const starExample = JSON.parse(
  readFileSync(createRequire(import.meta.url).resolve('@octokit/webhooks-examples/api.github.com/index.json'), 'utf8'),
)
  .find(({ name }) => name === 'star')
  .examples.find(({ action }) => action === 'created');
const hooked = counters.get(counters.idFromName(TABLE[1]));
for (let star = 0; star < WEEK_OF_STARS; star++) {
  const at = new Date(now - 3_600_000 - star * 300_000).toISOString().replace(/\.\d+Z$/, 'Z');
  await hooked.recordGitHubEvent(randomUUID(), fakeSignature(`seed-${star}`), { kind: 'star', delta: 1, at }, now);
}
await measure('POST /github/webhook (a star; a week of 2,000 before it)', 'app', async (round) => {
  const payload = structuredClone(starExample);
  payload.repository.full_name = TABLE[1];
  payload.starred_at = new Date(now - (round + 2) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const body = JSON.stringify(payload);
  const headers = {
    'content-type': 'application/json',
    'x-github-event': 'star',
    'x-github-delivery': crypto.randomUUID(),
    'x-hub-signature-256': await sign(WEBHOOK_SECRET, body),
  };
  const response = await workers.app.fetch('http://bench/github/webhook', { method: 'POST', headers, body });
  if (response.status !== 201) throw new Error(`webhook: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
});
await measure('GET /report/{owner}/{repo}?table=hours (a week)', 'app', get(`/report/${TABLE[1]}?table=hours&hours=168`));
await measure('cron: first refresh of 3 year-old repositories', 'cron', cron('cron', now), { before: started(CRON) });
await measure('cron: the same a day later, GitHub answering 304', 'cron', cron('cron', now + DAY_MS), { before: started(CRON) });
await measure('cron (GitHub App): first refresh of 3 year-old repositories', 'appcron', cron('appcron', now), {
  before: started(APP_CRON),
});
await measure('cron: 50,000 stars: first refresh, backfill, idle runs', 'stars', cron('stars', now), { before: started([BIG]) });
await measure('cron: 3 years of history: first refresh, backfill, idle runs', 'old', cron('old', now), { before: started([OLD]) });
const wideRun = (day) => (round) => workers.wide.scheduled({ scheduledTime: now + (day + round) * DAY_MS, cron: '*/10 * * * *' });
await measure(`cron: ${WIDE} refreshes in one run, a day apart`, 'wide', wideRun(6), { before: started(TABLE) });
// Monday 06:00 UTC after today: the weekly digest of the 50 repositories.
const monday = Date.parse(`${TODAY}T06:00:00Z`) + ((8 - new Date(`${TODAY}T00:00:00Z`).getUTCDay()) % 7 || 7) * DAY_MS;
await measure('cron: weekly digests (50 repositories)', 'app', cron('app', monday, '0 6 * * 1'), { before: started(TABLE) });

// Each Durable Object call is an invocation of its own, with its own 10 ms: the methods on the paths above, one
// call at a time, on a repository with a year of history (called from here, through Miniflare's RPC).
const year = counters.get(counters.idFromName(TABLE[2]));
const hit = { day: TODAY, page: 'readme', source: 'github-camo', version: null, visitorKey: null };
const since = dayOf(now - 27 * DAY_MS);
(await year.saveLink('docs', 'https://example.com/docs'))[Symbol.dispose]?.();
const objectCalls = [
  ['recordMany (a batch of 10 views)', () => year.recordMany(Array.from({ length: 10 }, () => hit))],
  ['count (a badge, all time)', () => year.count(null)],
  [
    'recordGitHubEvent (a star; a week of 2,000 before it)',
    (round) =>
      hooked.recordGitHubEvent(
        randomUUID(),
        fakeSignature(`bench-${round}`),
        { kind: 'star', delta: 1, at: new Date(now - round * 1000).toISOString().replace(/\.\d+Z$/, 'Z') },
        now,
      ),
  ],
  ['hours (a week)', () => hooked.hours(`${dayOf(now - 6 * DAY_MS)}T00`, new Date(now).toISOString().slice(0, 13))],
  [
    "follow (a tracked link, a reader's click)",
    (round) => year.follow('docs', { day: TODAY, name: 'docs', version: 'v2', referrer: 'github.com' }, `bench-reader-${round}`),
  ],
  ['lineInputs (28 days)', () => year.lineInputs(since, TODAY)],
  ['reportLine (a line of the report table)', () => year.reportLine(TODAY)],
  ['days (28 days)', () => year.days(since, TODAY)],
  ['days (a year)', () => year.days(dayOf(now - 364 * DAY_MS), TODAY)],
  ['history (a year)', () => year.history()],
  ['exportLine (a year)', () => year.exportLine(TODAY)],
  ['digestWeek (a week and the one before)', () => year.digestWeek({ from: dayOf(now - 6 * DAY_MS), to: TODAY })],
];
// An import's calls to each repository's object: its line read, then checked, then written in steps
// (importLineStep), each an invocation of its own. A year's line has eight: its 1,460 rows of views in three, the
// counter's other rows, the history's 730 rows of daily figures in two, its lists with the summary, and the totals
// of its whole months (twelve; on a month's last day, thirteen, whose step after the twelfth is not measured).
const importLineOf = (round) => exportOf(`${OWNER}/other-${round}`, 365, TABLE[8 + round]).split('\n')[1];
const importInto = (round) => stub(TABLE[8 + round]);
const YEAR_STEPS = [
  'views, rows 1–500',
  'views, rows 501–1,000',
  'views, rows 1,001–1,460',
  "the counter's other rows",
  'daily figures, the first days',
  'daily figures, the last days',
  'lists and summary',
  'totals of its months, twelve',
];
const importStep = async (round, step) => {
  const written = await importInto(round).importLineStep(importLineOf(round), TODAY, step);
  if (written.steps < YEAR_STEPS.length) throw new Error(`a year's line took ${written.steps} steps, not ${YEAR_STEPS.length}`);
};
const readImport = (round) => importInto(round).readImportLine(importLineOf(round));
const checkImport = async (round) => {
  await readImport(round);
  await importInto(round).checkImportLine(importLineOf(round), TODAY);
};
objectCalls.push(
  ['readImportLine (a year)', readImport],
  ['checkImportLine (a year, as read)', (round) => importInto(round).checkImportLine(importLineOf(round), TODAY), readImport],
  ...YEAR_STEPS.map((what, step) => [
    `importLineStep (a year into a year: ${what})`,
    (round) => importStep(round, step),
    async (round) => {
      await checkImport(round);
      for (let before = 0; before < step; before++) await importStep(round, before);
    },
  ]),
);
// The registry's schedule with 10,000 names under an owner/* entry (an instance of its own, so the Workers above
// keep theirs): a run's read, a run's five list pages written, a run's record, and the names a report lists.
const registries = await mf.getDurableObjectNamespace('REGISTRY', 'objects');
const registry = registries.get(registries.idFromName('bench-10k'));
const tenThousand = Array.from({ length: 10_000 }, (_, i) => `bench-10k/r${String(i).padStart(5, '0')}`);
const at = new Date(now).toISOString();
const pagesOf = (from, count, shift = 0) =>
  Array.from({ length: count }, (_, i) => ({
    owner: 'bench-10k',
    page: from + i + 1,
    slugs: tenThousand.slice((from + i) * 100 + shift, (from + i + 1) * 100 + shift),
    last: from + i === 99,
  }));
await registry.startExpansion('bench-10k/*', [], ['bench-10k'], at);
for (let page = 0; page < 100; page += 5) await registry.expanded(pagesOf(page, 5), page === 95 ? null : { owner: 0, page: page + 6 }, at);
await registry.startExpansion('bench-10k/*', [], ['bench-10k'], at);
objectCalls.push(
  ['registry: scheduleState (10,000 names, a run of 8)', () => registry.scheduleState(12, 16, TODAY)],
  // Five pages as before (nothing to write), and five whose names all moved by one (a repository created before them).
  [
    "registry: expanded (a run's 5 list pages, as before)",
    (round) => registry.expanded(pagesOf(5 * (round + 1), 5), { owner: 0, page: 1 }, at),
  ],
  [
    "registry: expanded (a run's 5 list pages, every name moved)",
    (round) => registry.expanded(pagesOf(5 * (round + 1), 5, 1), { owner: 0, page: 1 }, at),
  ],
  ['registry: recordRun', () => registry.recordRun(TODAY, 40, [], [tenThousand[0]])],
  ['registry: listed (10,000 names, for a report)', () => registry.listed()],
);
// A refresh is the cron run's calls to the repository's object: startRefresh asks GitHub, and when the answers
// bring something new finishRefresh merges them (an invocation of its own), after keepRefreshTotals where the
// months of the README versions' days its merge sums are not kept. A first refresh of five year-old
// repositories, the same a day later (GitHub answering 304: startRefresh alone), and one of the repository with
// 50,000 stars, the one with three years and the one with three months.
const github = { baseUrl: apiUrl, token: GITHUB_TOKEN };
const whole = async (started) => {
  if (started.outcome === null) throw new Error('expected a refresh that startRefresh finishes (GitHub answering 304)');
  return started;
};
// A repository refreshed once before (unmeasured), so that a day on GitHub answers 304 whatever ran before.
const refreshedOnce = (slug) => () => stub(slug).refresh(now + 3 * DAY_MS, { github });
const refreshCalls = [
  [
    "startRefresh (first, a year-old repository: GitHub's answers)",
    (round) =>
      stub(FRESH[round])
        .startRefresh(now + 2 * DAY_MS, { github })
        .then((started) => {
          if (!started.totalsPending) throw new Error("expected a first refresh whose merge's months are not kept yet");
          return started;
        }),
  ],
  // GitHub's star history rewrote the stored days before the window: their months are summed again, apart.
  ['keepRefreshTotals (the same: the months its merge sums)', (round) => stub(FRESH[round]).keepRefreshTotals()],
  ['finishRefresh (the same: their merge)', (round) => stub(FRESH[round]).finishRefresh()],
  [
    'startRefresh (a day later, GitHub answering 304: all of it)',
    (round) =>
      stub(FRESH[round])
        .startRefresh(now + 3 * DAY_MS, { github })
        .then(whole),
  ],
  [
    'startRefresh (50,000 stars, a day on)',
    (round) =>
      stub(BIG)
        .startRefresh(now + (4 + round) * DAY_MS, { github })
        .then(whole),
    refreshedOnce(BIG),
  ],
  [
    'startRefresh (three years of history, a day on)',
    (round) =>
      stub(OLD)
        .startRefresh(now + (4 + round) * DAY_MS, { github })
        .then(whole),
    refreshedOnce(OLD),
  ],
  [
    'startRefresh (three months of history, a day on)',
    (round) =>
      stub(YOUNG)
        .startRefresh(now + (4 + round) * DAY_MS, { github })
        .then(whole),
    refreshedOnce(YOUNG),
  ],
];
console.log(`${'Durable Object method, one call'.padEnd(LABEL_WIDTH)}                      median  max`);
// `before(round)`, where given, runs unmeasured before each measured call.
// `prepare()`, where given, runs once before them.
for (const [label, call, before, warm = true, prepare] of [
  ...objectCalls,
  ...refreshCalls.map(([label, call, prepare]) => [label, call, undefined, false, prepare]),
]) {
  if (ONLY && !ONLY.test(label)) continue;
  disposed(await prepare?.());
  if (warm) {
    disposed(await before?.(-1));
    disposed(await call(-1));
  } else disposed(await stub(FRESH[ROUNDS]).refresh(now + 2 * DAY_MS, { github })); // the refresh code compiled once (both calls in one)
  const cpu = [];
  for (let round = 0; round < ROUNDS; round++) {
    disposed(await before?.(round));
    cpu.push((await profilers.measure(() => call(round).then(disposed), ['objects'])).objects);
  }
  results.push({ label: `Durable Object: ${label}`, worker: [], durable: cpu });
  console.log(
    `${label.padEnd(LABEL_WIDTH)}                      ${median(cpuOf(cpu)).toFixed(1).padStart(6)} ${Math.max(...cpuOf(cpu))
      .toFixed(1)
      .padStart(6)}`,
  );
}

// An invocation's calls add up in the Durable Objects column above; each call is measured alone just above.
const perCall = ({ label, worker, durable }) => (label.startsWith('Durable Object: ') ? durable : worker);
const highest = (rounds) => rounds.reduce((most, round) => (round.cpu > most.cpu ? round : most));
const over = results.filter((result) => highest(perCall(result)).cpu > BUDGET_MS || median(cpuOf(perCall(result))) > BUDGET_MS / 2);
// Its highest round, and how much of it V8's garbage collector took: a collection lands in whichever call is
// running when the heap fills, so one round can carry garbage many calls left.
const described = (result) => {
  const { cpu, gc } = highest(perCall(result));
  return `${result.label} (median ${median(cpuOf(perCall(result))).toFixed(1)}, at most ${cpu.toFixed(1)} with ${gc.toFixed(1)} of garbage collection)`;
};
console.log(
  over.length === 0
    ? `every invocation: median ≤ ${BUDGET_MS / 2} ms and max ≤ ${BUDGET_MS} ms`
    : `over the free plan's targets (median ≤ ${BUDGET_MS / 2} ms, max ≤ ${BUDGET_MS} ms): ${over.map(described).join('; ')}`,
);
const firsts = results.filter((result) => result.first !== undefined && result.first > BUDGET_MS);
if (firsts.length > 0)
  console.log(
    `first invocation in its isolate over ${BUDGET_MS} ms (compiling): ${firsts.map(({ label, first }) => `${label} ${first.toFixed(1)}`).join('; ')}`,
  );
await profilers.close();
await mf.dispose();
await standIn.stop();
