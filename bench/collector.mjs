// `npm run bench` (collector part): the built Worker's cron handler in workerd, against the GitHub stand-in on
// 127.0.0.1 serving 1,000 repositories, with the free plan's per-invocation settings. Prints GitHub requests,
// KV writes and Durable Object rows written per repository per refresh, the invocations needed and the wall
// time, for three passes: the first refresh, a refresh of changed data (the next day), and one of unchanged data
// (which GitHub answers with 304s).
// Then the schedule: 12 repositories, 4 with multi-page star histories, the cron every 10 minutes for 50
// simulated hours; prints the largest wait between two refreshes of a repository and the runs idle while some
// repository was due.
import { buildStandIn } from './stand-in-build.mjs';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { BUNDLE_PATH, buildBundle } from '../scripts/check-bundle.mjs';
import { findWorkerd, workerdCpuNs } from './workerd-cpu.mjs';

const OWNER = 'bench-org';
const REPOSITORIES = 1000;
const TOKEN = 'ghp_benchToken';
const MAX_INVOCATIONS_PER_PASS = 400;

await buildStandIn();
const { GitHubStandIn } = await import('../dist/bench/stand-in.mjs');
buildBundle();

const standIn = new GitHubStandIn();
const apiUrl = await standIn.start();
const dayCounts = (lastDay, seed) =>
  Array.from({ length: 14 }, (_, i) => {
    const day = new Date(Date.parse(`${lastDay}T00:00:00Z`) - (13 - i) * 86_400_000).toISOString().slice(0, 10);
    const count = 20 + ((seed * 31 + i * 7) % 50);
    return { day, count, uniques: Math.ceil(count / 3) };
  });
const scenario = (today) => ({
  today,
  token: TOKEN,
  perPage: 100,
  repos: Array.from({ length: REPOSITORIES }, (_, i) => ({
    name: `repo-${String(i).padStart(4, '0')}`,
    stars: 100 + i,
    forks: 10,
    watchers: 5,
    openIssues: 2,
    views: dayCounts('2026-06-30', i),
    clones: dayCounts('2026-06-30', i + 1),
    referrers: [{ referrer: 'github.com', count: 10 + (i % 7), uniques: 5 }],
    paths: [{ path: `/${OWNER}/repo-${i}`, title: `repo-${i}`, count: 30, uniques: 12 }],
    readme: {
      path: 'README.md',
      commits: [{ sha: String(i).padStart(40, 'a'), committedAt: '2026-01-15T10:00:00Z', message: 'Add README' }],
    },
  })),
});
async function control(method, path, body) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  return response.json();
}

/**
 * The built Worker in workerd with `REPOS`, its log lines collected: each run's summary, and each refresh with
 * the index of the run it belongs to (the run's summary names the repositories it refreshed).
 */
/** Why refreshes failed, across the whole run. */
const failures = new Set();

async function startCollector(repos, vars = {}) {
  const runs = [];
  const refreshes = [];
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    workers: [
      {
        ...workerOptions,
        name: 'collector',
        modules: true,
        scriptPath: BUNDLE_PATH,
        bindings: { ...workerOptions.bindings, REPOS: repos, GITHUB_API_URL: apiUrl, GITHUB_TOKEN: TOKEN, ...vars },
      },
    ],
    handleRuntimeStdio(stdout, stderr) {
      let buffered = '';
      const read = (chunk) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const start = line.indexOf('{"level"');
          if (start < 0) continue;
          const entry = JSON.parse(line.slice(start));
          // A refresh that failed says why on a line of its own: each distinct reason is printed once, at the end.
          if (entry.message === 'repository refresh failed' || (entry.message === 'repository refreshed' && entry.state === 'error'))
            failures.add(String(entry.error ?? entry.detail));
          if (entry.message !== 'collector run') continue;
          runs.push(entry);
          for (const repo of entry.repos ?? []) refreshes.push({ run: runs.length - 1, repo });
        }
      };
      stdout.setEncoding('utf8').on('data', read);
      stderr.setEncoding('utf8').on('data', read);
    },
  });
  await mf.ready;
  return { mf, runs, refreshes, worker: await mf.getWorker('collector') };
}

// BENCH_TEN_THOUSAND=only runs the 10,000-repository days alone; =0 leaves them out.
const ONLY_TEN_THOUSAND = process.env.BENCH_TEN_THOUSAND === 'only';
const { mf, runs, worker } = ONLY_TEN_THOUSAND ? {} : await startCollector(`${OWNER}/*`);
const workerdPid = ONLY_TEN_THOUSAND ? null : findWorkerd();

/** Fires cron invocations from `startTime` until every repository was refreshed once. */
async function pass(label, startTime) {
  await control('GET', `/__standin/owners/${OWNER}/requests`);
  await fetch(`${apiUrl}/__standin/owners/${OWNER}/requests`, { method: 'DELETE' });
  const first = runs.length;
  const started = performance.now();
  const cpuBefore = workerdCpuNs(workerdPid);
  let refreshed = 0;
  let invocations = 0;
  while (refreshed < REPOSITORIES && invocations < MAX_INVOCATIONS_PER_PASS) {
    await worker.scheduled({ scheduledTime: startTime + invocations * 600_000, cron: '*/10 * * * *' });
    invocations++;
    while (runs.length < first + invocations) await new Promise((resolve) => setTimeout(resolve, 5));
    refreshed = runs.slice(first).reduce((sum, run) => sum + run.refreshed, 0);
  }
  const seconds = (performance.now() - started) / 1000;
  // All of workerd's CPU (the Worker, KV, the counters and the runtime itself): an upper bound for the Worker's.
  const cpuMsPerInvocation = (workerdCpuNs(workerdPid) - cpuBefore) / 1e6 / invocations;
  const passRuns = runs.slice(first);
  const requests = await control('GET', `/__standin/owners/${OWNER}/requests`);
  const perRepo = requests.filter((request) => request.kind !== 'list').length / refreshed;
  const notModified = requests.filter((request) => request.status === 304).length;
  const kvWrites = passRuns.reduce((sum, run) => sum + run.kvWrites, 0);
  const rowsWritten = passRuns.reduce((sum, run) => sum + (run.rowsWritten ?? 0), 0);
  const failed = passRuns.reduce((sum, run) => sum + run.failed, 0);
  const lists = requests.filter((request) => request.kind === 'list').length;
  console.log(
    `${label.padEnd(26)} ${perRepo.toFixed(2)} GitHub requests/repository` +
      `${notModified ? ` (${((100 * notModified) / requests.length).toFixed(0)}% 304)` : ''}` +
      `${lists ? ` + ${lists} list pages` : ''}, ` +
      `${(kvWrites / refreshed).toFixed(2)} KV writes/repository, ${(rowsWritten / refreshed).toFixed(1)} Durable Object rows written/repository, ` +
      `${invocations} invocations, ${seconds.toFixed(1)} s, ≤ ${cpuMsPerInvocation.toFixed(1)} ms CPU/invocation, ${failed} failed, ` +
      `max ${Math.max(...passRuns.map((run) => run.githubRequests))} GitHub requests in one invocation`,
  );
}

if (!ONLY_TEN_THOUSAND) {
  console.log(`collector bench: ${REPOSITORIES} repositories (${OWNER}/*), free-plan settings from wrangler.toml, stand-in on 127.0.0.1`);
  await control('PUT', `/__standin/owners/${OWNER}`, scenario('2026-06-30'));
  const day1 = Date.parse('2026-07-01T00:00:00Z');
  await pass('first refresh', day1);
  await control('PATCH', `/__standin/owners/${OWNER}`, {
    today: '2026-07-01',
    repos: scenario('2026-07-01').repos.map((repo) => ({ ...repo, stars: repo.stars + 1, views: dayCounts('2026-07-01', 3) })),
  });
  // One day later, every repository comes due again in the order of the first pass.
  await pass('changed data (next day)', day1 + 86_400_000);
  await pass('unchanged data (a day later)', day1 + 2 * 86_400_000);
  await mf.dispose();
}

/** The schedule at the default settings: every repository on time, no run idle, backfills between refreshes. */
async function schedule() {
  const owner = 'schedule-org';
  const today = '2026-09-16';
  const pagesOf = { 'repo-00': 12, 'repo-03': 3, 'repo-06': 6, 'repo-09': 4 };
  const names = Array.from({ length: 12 }, (_, i) => `repo-${String(i).padStart(2, '0')}`);
  const repos = names.map((name) => {
    const base = { name, stars: 100, forks: 10, watchers: 5, openIssues: 2, views: [], clones: [], referrers: [], paths: [] };
    const pages = pagesOf[name];
    if (pages === undefined) return base;
    const weeks = pages * 30 - 4;
    const firstDay = new Date(Date.parse(`${today}T00:00:00Z`) - (weeks - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
    return { ...base, starHistory: { firstDay, days: Array.from({ length: weeks * 7 }, (_, i) => (i % 4 === 0 ? 1 : 0)) } };
  });
  await control('PUT', `/__standin/owners/${owner}`, { today, token: TOKEN, repos });
  const collector = await startCollector(names.map((name) => `${owner}/${name}`).join(', '));
  const start = Date.parse(`${today}T00:00:00Z`);
  const period = 600_000;
  const interval = 24 * 3_600_000;
  const RUNS = 300;
  const refreshedAt = new Map(names.map((name) => [`${owner}/${name}`, []]));
  let idle = 0;
  for (let run = 0; run < RUNS; run++) {
    const time = start + run * period;
    const anyDue = [...refreshedAt.values()].some((times) => times.length === 0 || times.at(-1) + interval <= time);
    const before = collector.refreshes.length;
    await collector.worker.scheduled({ scheduledTime: time, cron: '*/10 * * * *' });
    while (collector.runs.length < run + 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const refreshed = collector.refreshes.slice(before);
    for (const { repo } of refreshed) refreshedAt.get(repo)?.push(time);
    if (anyDue && refreshed.length === 0) idle++;
  }
  await collector.mf.dispose();
  const end = start + RUNS * period;
  const gaps = [...refreshedAt.values()].flatMap((times) => [...times.slice(1).map((time, i) => time - times[i]), end - times.at(-1)]);
  const backfilled = collector.runs.reduce((sum, run) => sum + (run.backfilled ?? 0), 0);
  const hours = (ms) => `${Math.floor(ms / 3_600_000)} h ${String(Math.round((ms % 3_600_000) / 60_000)).padStart(2, '0')} min`;
  console.log(
    `schedule, 12 repositories (4 with 3/4/6/12 star-history pages), ${RUNS} runs every 10 min: largest wait between refreshes ` +
      `${hours(Math.max(...gaps))} (guarantee: ${hours(interval + period)}), ${idle} runs idle while a repository was due, ` +
      `${backfilled} backfills between refreshes, max ${Math.max(...collector.runs.map((run) => run.githubRequests))} GitHub requests in one run`,
  );
}
if (!ONLY_TEN_THOUSAND) await schedule();

/**
 * 10,000 repositories under `owner/*` on the free plan: the cron every minute (1,440 runs a day), 8 repositories
 * and 80 GitHub requests a run (the settings the README's free-plan section gives), COLLECTOR_ROWS_PER_DAY at its
 * default. Day after day of GitHub's data moving on (a new day of traffic, a star for a tenth of the
 * repositories): the first refreshes of all 10,000 take a few days, the rows binding; then a day in which every
 * repository is refreshed. Prints, a day a line, what it refreshed and used of each free-plan limit.
 */
async function tenThousand() {
  const owner = 'ten-thousand';
  const count = 10_000;
  const RUNS_A_DAY = 1440;
  const firstDay = Date.parse('2026-10-01T00:00:00Z');
  const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);
  // GitHub's 14-day window ending `today`: a day's count depends on the day, so yesterday's stays as it was.
  const window = (today, seed) =>
    Array.from({ length: 14 }, (_, i) => {
      const day = dayOf(Date.parse(`${today}T00:00:00Z`) - (13 - i) * 86_400_000);
      const count = 5 + ((seed * 31 + Date.parse(day) / 86_400_000) % 20);
      return { day, count, uniques: Math.ceil(count / 3) };
    });
  const scenarioOf = (day) => {
    const today = dayOf(firstDay + day * 86_400_000);
    return {
      today,
      token: TOKEN,
      perPage: 100,
      repos: Array.from({ length: count }, (_, i) => ({
        name: `r${String(i).padStart(5, '0')}`,
        stars: 10 + (i % 90) + Math.floor((day + (i % 10)) / 10),
        forks: 1,
        watchers: 1,
        openIssues: 0,
        views: window(today, i),
        clones: window(today, i + 1),
        referrers: [{ referrer: 'github.com', count: 3, uniques: 2 }],
        paths: [{ path: `/${owner}/r${i}`, title: `r${i}`, count: 5, uniques: 3 }],
      })),
    };
  };
  await control('PUT', `/__standin/owners/${owner}`, scenarioOf(0));
  const collector = await startCollector(`${owner}/*`, { COLLECTOR_REPOS_PER_RUN: '8', COLLECTOR_GITHUB_REQUESTS_PER_RUN: '80' });
  const started = performance.now();
  const firstRefreshed = new Set();
  console.log(
    `${count.toLocaleString('en-US')} repositories (${owner}/*), the cron every minute, 8 a run, 80 GitHub requests a run, rows a day at the default:`,
  );
  for (let day = 0; day < 6; day++) {
    if (day > 0) await control('PUT', `/__standin/owners/${owner}`, scenarioOf(day));
    const from = collector.runs.length;
    const refreshesBefore = collector.refreshes.length;
    for (let run = 0; run < RUNS_A_DAY; run++) {
      await collector.worker.scheduled({ scheduledTime: firstDay + day * 86_400_000 + run * 60_000, cron: '* * * * *' });
      while (collector.runs.length < from + run + 1) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const runs = collector.runs.slice(from);
    const refreshes = collector.refreshes.slice(refreshesBefore);
    const refreshedToday = new Set(refreshes.map(({ repo }) => repo));
    for (const repo of refreshedToday) firstRefreshed.add(repo);
    const sum = (field) => runs.reduce((total, run) => total + (run[field] ?? 0), 0);
    // GitHub's limit is per hour: the busiest 60 consecutive runs.
    const hourly = Math.max(...runs.map((_, i) => runs.slice(i, i + 60).reduce((total, run) => total + run.githubRequests, 0)));
    // Durable Object calls a run makes, from its log line: the schedule read (a second after an expansion step, with
    // the step's write); unless paused, the status read of the repository it stopped at (not due), the round-robin's
    // row and the run's record, each refresh with its status read and its two calls (startRefresh, and finishRefresh
    // where GitHub brought something new: counted for every refresh, an upper bound) and the calls that kept its
    // README versions' months first (totalsCalls), each backfill with its status read, the registry's names to check.
    const objectRequests = runs.reduce(
      (total, run) =>
        total +
        1 +
        (run.listPages > 0 ? 2 : 0) +
        (run.refreshed > 0 ? run.notDue + 3 * run.refreshed + (run.totalsCalls ?? 0) + 2 + 2 * (run.backfilled ?? 0) + 1 : 0),
      0,
    );
    const rows = sum('rowsWritten') + sum('scheduleRowsWritten');
    const paused = runs.filter((run) => run.paused).length;
    console.log(
      `  day ${day + 1}: ${refreshedToday.size.toLocaleString('en-US')} refreshed (${firstRefreshed.size.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} since day 1), ` +
        `${sum('failed')} failed, ${sum('listPages')} list pages; ${rows.toLocaleString('en-US')} rows written (${(sum('rowsWritten') / Math.max(1, refreshes.length)).toFixed(1)} a refresh; ` +
        `collector's share 60,000 of 100,000), ~${objectRequests.toLocaleString('en-US')} Durable Object requests (100,000), ${sum('kvWrites')} KV writes (1,000), ` +
        `at most ${hourly.toLocaleString('en-US')} GitHub requests in an hour (5,000) and ${Math.max(...runs.map((run) => run.githubRequests))} in a run (each refresh's own are its object's)` +
        `${paused > 0 ? `; ${paused} runs paused at the rows` : ''}`,
    );
    if (day > 0 && refreshedToday.size === count) break;
  }
  console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s of wall time`);
  await collector.mf.dispose();
}
if (process.env.BENCH_TEN_THOUSAND !== '0') await tenThousand();

const violations = await control('GET', '/__standin/violations');
console.log(`stand-in answers outside GitHub's OpenAPI schemas: ${violations.length}`);
for (const failure of failures) console.log(`a refresh failed: ${failure}`);
await standIn.stop();
