// `npm run bench:import`: the built Worker in workerd importing the github-repo-stats data set in
// test/fixtures (one real year of one repository), against a baseline request (`GET /health`) measured in the
// same run. Prints workerd CPU per request for each, the ratio to the baseline, and the cost per snapshot file,
// to tell what fits the free plan's 10 ms of CPU per request.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { BUNDLE_PATH, buildBundle } from '../scripts/check-bundle.mjs';
import { generateRepo } from '../scripts/seed-data.mjs';
import { findWorkerd, workerdCpuNs } from './workerd-cpu.mjs';

const FIXTURES = 'test/fixtures/github-repo-stats-A';
const TOKEN = 'bench-report-token';
const ROUNDS = 40;

const read = (path) => ({ name: path, content: readFileSync(join(FIXTURES, path)) });
const core = ['views_clones_aggregate.csv', 'stars.csv', 'forks.csv'].map(read);
// One request takes at most 25 files (src/imports/repo-stats-files.ts): the daily ones and as many snapshots as fit.
const FILES_PER_REQUEST = 25;
const snapshots = readdirSync(join(FIXTURES, 'snapshots'))
  .slice(0, FILES_PER_REQUEST - core.length)
  .map((name) => read(`snapshots/${name}`));

buildBundle();
const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
const mf = new Miniflare({
  host: '127.0.0.1',
  port: 0,
  workers: [
    {
      ...workerOptions,
      name: 'import',
      modules: true,
      scriptPath: BUNDLE_PATH,
      bindings: { ...workerOptions.bindings, REPOS: 'bench-import/*', REPORT_TOKEN: TOKEN },
    },
  ],
});
const url = await mf.ready;
const workerdPid = findWorkerd();

function importRequest(repo, files) {
  const form = new FormData();
  form.append('repo', `bench-import/${repo}`);
  for (const { name, content } of files) form.append('file', new Blob([content]), name);
  return { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form };
}

/** Mean workerd CPU (ms) per request over ROUNDS requests, each made by `makeRequest(round)`. */
async function cpuPerRequest(path, makeRequest) {
  const before = workerdCpuNs(workerdPid);
  for (let round = 0; round < ROUNDS; round++) {
    const response = await fetch(new URL(path, url), makeRequest(round));
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  }
  return (workerdCpuNs(workerdPid) - before) / 1e6 / ROUNDS;
}

/** An export (NDJSON) of `repos` repositories with a year of seeded history each. */
function exportRequest(prefix, repos) {
  const lines = [{ format: 'repo-impressions-export', version: 1, exportedAt: '2026-11-25T00:00:00.000Z', repositories: repos }];
  for (let i = 0; i < repos; i++) {
    const { history, views } = generateRepo(`bench-import/${prefix}-${i}`, '2026-11-24');
    const visitors = [...new Set(views.map((row) => row.day))].map((day) => ({ day, visitors: 10 }));
    lines.push({ repo: `bench-import/${prefix}-${i}`, history, views, visitors });
  }
  return {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-ndjson' },
    body: lines.map((line) => JSON.stringify(line)).join('\n'),
  };
}

// Warm up the isolate and JIT so that every figure below is a warm request.
await cpuPerRequest('/health', () => ({}));
await cpuPerRequest('/report/import', (round) => importRequest(`warm-${round}`, [...core, ...snapshots]));
await cpuPerRequest('/report/import', (round) => exportRequest(`warm-${round}`, 1));

const baseline = await cpuPerRequest('/health', () => ({}));
const coreOnly = await cpuPerRequest('/report/import', (round) => importRequest(`core-${round}`, core));
const everything = await cpuPerRequest('/report/import', (round) => importRequest(`all-${round}`, [...core, ...snapshots]));
const again = await cpuPerRequest('/report/import', (round) => importRequest(`all-${round}`, [...core, ...snapshots]));
const exported = await cpuPerRequest('/report/import', (round) => exportRequest(`ndjson-${round}`, 1));
const rows = core.reduce((sum, file) => sum + file.content.toString().trim().split('\n').length - 1, 0);

console.log(`import bench: ${FIXTURES}, ${ROUNDS} requests each, workerd CPU (all threads: an upper bound for the Worker's)`);
const show = (label, ms) =>
  console.log(`${label.padEnd(58)} ${ms.toFixed(2).padStart(7)} ms CPU/request  ${(ms / baseline).toFixed(1).padStart(6)} × baseline`);
show('baseline: GET /health', baseline);
show(`views, clones, stars, forks (${core.length} files, ${rows} rows)`, coreOnly);
show(`the same and ${snapshots.length} top-list snapshots (first import, ${core.length + snapshots.length} files)`, everything);
show(`the same again (nothing to write)`, again);
console.log(`per snapshot file: ${((everything - coreOnly) / snapshots.length).toFixed(3)} ms CPU`);
show('an export line: one repository, a year of history (NDJSON)', exported);
await mf.dispose();
