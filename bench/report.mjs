// `npm run bench:report`: what the report table costs, for repositories with a seeded year of history each.
// 1. The Worker's own work per table line, in Node: a line built from the summary kept in the status (what
//    `GET /report` does) against one built from the whole history (what it did before), in the same run.
// 2. The built Worker in workerd answering `GET /report` (the dashboard's first request) and one repository's
//    28-day series for 10 and 50 repositories, against `GET /health` in the same run. workerd's CPU includes
//    the local KV and Durable Object simulators, so it is an upper bound for the Worker's.
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { BUNDLE_PATH, buildBundle } from '../scripts/check-bundle.mjs';
import { importSource } from '../scripts/import-source.mjs';
import { generateRepo } from '../scripts/seed-data.mjs';
import { findWorkerd, workerdCpuNs } from './workerd-cpu.mjs';

const TOKEN = 'bench-report-token';
const ROUNDS = 20;
const TODAY = new Date().toISOString().slice(0, 10);
const SIZES = [10, 50];
const repos = Array.from({ length: Math.max(...SIZES) }, (_, i) => `bench-report/repo-${String(i).padStart(2, '0')}`);

const { summarizeRepo, summarizeHistory, historyOfSummary } = await importSource('report-bench', [
  './src/report/repo-summary',
  './src/conversions/summary',
]);

/** Mean milliseconds per call of `line()`, warmed up first. */
function msPerCall(line, calls = 2000) {
  for (let i = 0; i < calls / 4; i++) line();
  const started = performance.now();
  for (let i = 0; i < calls; i++) line();
  return (performance.now() - started) / calls;
}
{
  const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const { history, views } = generateRepo(repos[0], TODAY);
  const from = addDays(TODAY, -27);
  const views28 = views.filter((row) => row.day >= from);
  const status = {
    state: 'ok',
    message: null,
    lastRefreshAt: TODAY,
    ...summarizeHistory(
      { ...history, forksGained: {} },
      views.filter((row) => row.day >= addDays(TODAY, -89)),
      TODAY,
    ),
  };
  const [statusJson, historyJson] = [JSON.stringify(status), JSON.stringify(history)];
  const line = (readHistory) => {
    const parsed = JSON.parse(statusJson);
    const source = readHistory ? { forksGained: {}, ...JSON.parse(historyJson) } : historyOfSummary(parsed);
    return summarizeRepo(repos[0], TODAY, { history: source, views: views28, visitors: [], allTime: 0, readmeAllTime: 0, status: parsed });
  };
  if (JSON.stringify(line(true)) !== JSON.stringify(line(false))) throw new Error('the two ways disagree');
  const [fromHistory, fromSummary] = [msPerCall(() => line(true)), msPerCall(() => line(false))];
  console.log(
    `report table line, JavaScript only (Node): from the whole history (baseline, ${(historyJson.length / 1024).toFixed(0)} KiB) ${fromHistory.toFixed(3)} ms, ` +
      `from the status's summary (${(statusJson.length / 1024).toFixed(0)} KiB) ${fromSummary.toFixed(3)} ms: ${(fromSummary / fromHistory).toFixed(2)} × baseline`,
  );
}

buildBundle();
const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
const mf = new Miniflare({
  host: '127.0.0.1',
  port: 0,
  workers: SIZES.map((size) => ({
    ...workerOptions,
    name: `report-${size}`,
    modules: true,
    scriptPath: BUNDLE_PATH,
    bindings: { ...workerOptions.bindings, REPOS: repos.slice(0, size).join(','), REPORT_TOKEN: TOKEN },
  })),
});
await mf.ready;
const workerdPid = findWorkerd();
const auth = { authorization: `Bearer ${TOKEN}` };

// A year of history per repository, loaded the way a user would: an export, one repository a request.
const seeder = await mf.getWorker(`report-${Math.max(...SIZES)}`);
for (const repo of repos) {
  const { history, views } = generateRepo(repo, TODAY);
  const body = [
    { format: 'repo-impressions-export', version: 1, exportedAt: `${TODAY}T00:00:00.000Z`, repositories: 1 },
    { repo, history, views, visitors: [] },
  ];
  const response = await seeder.fetch('http://bench/report/import', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/x-ndjson' },
    body: body.map((line) => JSON.stringify(line)).join('\n'),
  });
  if (!response.ok) throw new Error(`seeding ${repo}: ${response.status} ${await response.text()}`);
}

async function cpuPerRequest(worker, path) {
  const before = workerdCpuNs(workerdPid);
  for (let round = 0; round < ROUNDS; round++) {
    const response = await worker.fetch(`http://bench${path}`, { headers: auth });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    await response.arrayBuffer();
  }
  return (workerdCpuNs(workerdPid) - before) / 1e6 / ROUNDS;
}

console.log(
  `report bench: a seeded year of history per repository, ${ROUNDS} requests each, workerd CPU (all threads: an upper bound for the Worker's)`,
);
for (const size of SIZES) {
  const worker = await mf.getWorker(`report-${size}`);
  await cpuPerRequest(worker, '/health');
  await cpuPerRequest(worker, '/report');
  const baseline = await cpuPerRequest(worker, '/health');
  const table = await cpuPerRequest(worker, '/report');
  const series = await cpuPerRequest(worker, `/report/${repos[0]}`);
  const show = (label, ms) =>
    console.log(`${label.padEnd(48)} ${ms.toFixed(2).padStart(7)} ms CPU/request  ${(ms / baseline).toFixed(1).padStart(6)} × baseline`);
  show(`${size} repositories: baseline GET /health`, baseline);
  show(`${size} repositories: GET /report`, table);
  show(`${size} repositories: GET /report/{owner}/{repo} (28 days)`, series);
}

// The charts a README embeds: a year of seeded history each (the bundle's d3 scales and the SVG template).
{
  const worker = await mf.getWorker(`report-${Math.max(...SIZES)}`);
  const baseline = await cpuPerRequest(worker, '/health');
  for (const chart of ['stars.svg', 'impressions.svg']) {
    await cpuPerRequest(worker, `/chart/${repos[0]}/${chart}`);
    const ms = await cpuPerRequest(worker, `/chart/${repos[0]}/${chart}`);
    console.log(
      `${`GET /chart/{owner}/{repo}/${chart} (a year)`.padEnd(48)} ${ms.toFixed(2).padStart(7)} ms CPU/request  ${(ms / baseline).toFixed(1).padStart(6)} × baseline`,
    );
  }
}
await mf.dispose();
