// `npm run bench:cpu`: the CPU of the Worker's own isolate per invocation, which is what the free plan limits to
// 10 ms (cron included), measured with V8's sampling profiler through workerd's inspector (bench/isolate-cpu.mjs).
// The deploy build runs in Miniflare twice over: as the Worker, and as a second Worker that holds the Durable
// Objects, so that their invocations are measured in an isolate of their own (a DO call is its own invocation).
// Seeded with a year of history per repository, and the GitHub stand-in on 127.0.0.1. Each invocation is measured
// ROUNDS times; the table gives median and max of both isolates against the 10 ms budget.
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { BUNDLE_PATH, buildBundle } from '../scripts/check-bundle.mjs';
import { generateRepo } from '../scripts/seed-data.mjs';
import { attachProfilers } from './isolate-cpu.mjs';

const ROUNDS = Number(process.env.CPU_ROUNDS ?? 5);
const BUDGET_MS = 10;
const TOKEN = 'bench-cpu-token';
const GITHUB_TOKEN = 'ghp_benchCpuToken';
const OWNER = 'bench';
const DAY_MS = 86_400_000;
const TODAY = new Date().toISOString().slice(0, 10);
const dayOf = (ms) => new Date(ms).toISOString().slice(0, 10);
const name = (i) => `repo-${String(i).padStart(2, '0')}`;
const TABLE = Array.from({ length: 50 }, (_, i) => `${OWNER}/${name(i)}`);
// Five cron runs of 3 repositories refresh 15 year-old repositories once each: five first refreshes.
const CRON = TABLE.slice(0, 3 * ROUNDS);

await build({ entryPoints: ['test/github/stand-in.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: 'dist/bench/stand-in.mjs', logLevel: 'error' });
const { GitHubStandIn } = await import('../dist/bench/stand-in.mjs');
const standIn = new GitHubStandIn();
const apiUrl = await standIn.start();

/** GitHub's side of a seeded repository: its 14-day window, lists, README, and a star history of `weeks`. */
function standInRepo(slug, stars, weeks) {
  const { history } = generateRepo(slug, TODAY);
  const window = Array.from({ length: 14 }, (_, i) => dayOf(Date.parse(`${TODAY}T00:00:00Z`) - (13 - i) * DAY_MS));
  const traffic = (field, unique) => window.map((day) => ({ day, count: history.traffic[day]?.[field] ?? 0, uniques: history.traffic[day]?.[unique] ?? 0 }));
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
    referrers: [{ referrer: 'github.com', count: 300, uniques: 120 }, { referrer: 'news.ycombinator.com', count: 90, uniques: 70 }],
    paths: [{ path: `/${slug}`, title: slug, count: 500, uniques: 200 }],
    starHistory: { firstDay: dayOf(Date.parse(`${TODAY}T00:00:00Z`) - (weeks * 7 - 7) * DAY_MS), days },
    readme: { path: 'README.md', commits: [{ sha: 'a'.repeat(40), committedAt: `${dayOf(Date.now() - 200 * DAY_MS)}T10:00:00Z`, message: 'Add README' }, { sha: 'b'.repeat(40), committedAt: `${dayOf(Date.now() - 60 * DAY_MS)}T10:00:00Z`, message: 'README: a demo' }] },
  };
}
const BIG = `${OWNER}/big-stars`;
const OLD = `${OWNER}/three-years`;
await fetch(`${apiUrl}/__standin/owners/${OWNER}`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ today: TODAY, token: GITHUB_TOKEN, repos: [...TABLE.map((slug) => standInRepo(slug, 900, 52)), standInRepo(BIG, 50_000, 200), standInRepo(OLD, 2_000, 156)] }),
});

buildBundle();
import { SourceMapConsumer } from 'source-map-js';
import { readFileSync } from 'node:fs';
const smc = new SourceMapConsumer(JSON.parse(readFileSync('dist/index.js.map', 'utf8')));
const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
const { assets: _assets, ...withoutAssets } = workerOptions;
const objects = { COUNTER: { className: 'RepoCounter', scriptName: 'objects' }, REGISTRY: { className: 'RepoRegistry', scriptName: 'objects' } };
const worker = (workerName, repos) => ({
  ...withoutAssets,
  name: workerName,
  modules: true,
  scriptPath: BUNDLE_PATH,
  durableObjects: objects,
  bindings: { ...workerOptions.bindings, REPOS: repos.join(', '), REPORT_TOKEN: TOKEN, GITHUB_TOKEN, GITHUB_API_URL: apiUrl },
});
const mf = new Miniflare({
  host: '127.0.0.1',
  port: 0,
  inspectorPort: 0,
  workers: [
    worker('app', TABLE),
    worker('seed', [...TABLE, BIG, OLD]),
    worker('cron', CRON),
    worker('stars', [BIG]),
    worker('old', [OLD]),
    { ...withoutAssets, name: 'objects', modules: true, scriptPath: BUNDLE_PATH, bindings: { ...workerOptions.bindings, REPOS: [...TABLE, BIG, OLD].join(', ') } },
  ],
});
await mf.ready;
const auth = { authorization: `Bearer ${TOKEN}` };
const workers = Object.fromEntries(await Promise.all(['app', 'seed', 'cron', 'stars', 'old'].map(async (key) => [key, await mf.getWorker(key)])));

// A year of history per repository (three for one), loaded as a user would: an export, one repository a request.
const exportOf = (slug, days = 365, as = slug) => {
  const { history, views } = generateRepo(slug, TODAY, days);
  return [{ format: 'repo-impressions-export', version: 1, exportedAt: `${TODAY}T00:00:00.000Z`, repositories: 1 }, { repo: as, history, views, visitors: [] }].map((line) => JSON.stringify(line)).join('\n');
};
const importBody = (body) => ({ method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body });
for (const [slug, days] of [...TABLE.map((slug) => [slug, 365]), [OLD, 1095], [BIG, 365]]) {
  const response = await workers.seed.fetch('http://bench/report/import', importBody(exportOf(slug, days)));
  if (!response.ok) throw new Error(`seeding ${slug}: ${response.status} ${await response.text()}`);
}


import CDP from 'chrome-remote-interface';
const url = await mf.getInspectorURL();
const client = await CDP({ target: `ws://127.0.0.1:${url.port}/core:user:app`, local: true });
await client.Profiler.enable();
await client.Profiler.setSamplingInterval({ interval: 50 });
const counters = await mf.getDurableObjectNamespace('COUNTER', 'objects');
const github = { baseUrl: apiUrl, token: GITHUB_TOKEN };
const now = Date.now();
const self = new Map(); const total = new Map(); let all = 0;
for (let round = 0; round < 12; round++) {
  await client.Profiler.start();
  const response = await workers.app.fetch('http://bench/report/import', importBody(exportOf(`${OWNER}/other-${round}`, 365, TABLE[1 + (round % 40)])));
  await response.text();
  const { profile } = await client.Profiler.stop();
  if (round < 2) continue;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = (n) => { const f = n.callFrame; if (f.lineNumber < 0 || !f.url) return f.functionName || '(native)'; const o = smc.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber }); return `${(o.source ?? '?').replace(/^.*node_modules\//, 'nm/').replace(/^.*\/src\//, 'src/')}:${o.name ?? f.functionName}:${o.line}`; };
  profile.samples.forEach((id, i) => {
    const n = byId.get(id); if (n.callFrame.functionName === '(idle)') return;
    const d = Math.min(profile.timeDeltas[i], 150) / 1000; all += d;
    const k = where(n); self.set(k, (self.get(k) ?? 0) + d);
    const seen = new Set(); let cur = id;
    while (cur !== undefined) { const key = where(byId.get(cur)); if (!seen.has(key)) { seen.add(key); total.set(key, (total.get(key) ?? 0) + d); } cur = parent.get(cur); }
  });
}
console.log('per refresh ms', (all / 10).toFixed(2));
console.log('--- total per refresh');
for (const [k, v] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((v / 10).toFixed(2).padStart(7), k);
await client.close(); await mf.dispose(); await standIn.stop(); process.exit(0);
