// `npm run bench`: the pixel against a baseline Worker that returns the same GIF and does nothing else, both in
// one workerd process, driven by autocannon on 127.0.0.1 in interleaved rounds (A/B, B/A, ...) so drift on this
// shared machine hits both alike; each ratio is the median of the rounds' own ratios, printed with the spread of
// the rounds and a 95% interval for the median. Prints requests/s, p50, p99, the ratios, cold starts, whether every
// view was counted, the deploy bundle size and which of the targets are met. Each run sends a fixed number of
// requests, so every one is answered before the run ends and the counter can be checked to the view. Bounded:
// about five minutes.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { BUNDLE_PATH, buildBundle, GZIP_BUDGET_KIB } from '../scripts/check-bundle.mjs';
import { findWorkerd, workerdCpuNs } from './workerd-cpu.mjs';

// Single rounds on this shared VM range from 0.65 to 1.5 × even between two copies of one Worker; with these counts
// the medians' 95% intervals span about ±6 %, and the run measures that resolution itself (the twin below).
const ROUNDS = 20;
const BROWSER_ROUNDS = 16;
const REQUESTS_PER_ROUND = 6_000;
const WARMUP_REQUESTS = 5_000;
const CONNECTIONS = 32;
// The targets of issue "Lean at the edge": README views through camo lose almost nothing to the baseline, direct
// browser views (which hash for unique visitors) little, and a cold start costs at most twice a bare Worker's.
const TARGETS = {
  camo: { throughputRatio: 0.95, p99Ratio: 1.1, cpuRatio: 1.1 },
  browser: { throughputRatio: 0.9, cpuRatio: 1.15 },
  coldStartRatio: 2,
};

const CAMO_UA = 'github-camo (876de43e)';
const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
// What Cloudflare's edge adds to a request before the Worker sees it (workerd here adds CF-Connecting-IP itself):
// the visitor's country and the data centre at the end of the ray ID, the values the pixel records for a browser.
const EDGE_LOCATION_HEADERS = { 'cf-ipcountry': 'DE', 'cf-ray': '8e1f2a3b4c5d6e7f-FRA' };
const INFO_ROUNDS = 6;
const CALIBRATION_ROUNDS = 10;
const GIF_BASE64 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==';

// The baseline: the same bytes and headers, no parsing, no storage. It declares the same Durable Object class
// (empty), so it runs with exactly the project's bindings.
const BASELINE_SCRIPT = `
import { DurableObject } from 'cloudflare:workers';
export class RepoCounter extends DurableObject {}
const GIF = Uint8Array.from(atob('${GIF_BASE64}'), (c) => c.charCodeAt(0));
const HEADERS = {
  'Content-Type': 'image/gif',
  'Cache-Control': 'no-cache, no-store, must-revalidate, max-age=0',
  Pragma: 'no-cache',
  Expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
  'X-Content-Type-Options': 'nosniff',
};
export default { fetch: () => new Response(GIF, { headers: HEADERS }) };
`;

/**
 * A Worker's code handed to workerd as one ES module. Given a `scriptPath`, Miniflare would first parse the whole
 * script in Node to find its imports: a local tool's step, ~100 ms for the bundle, that no deployed Worker pays and
 * that would be counted as cold start.
 */
const asModule = (contents) => [{ type: 'ESModule', path: 'index.js', contents }];

/**
 * A Worker named `name` with the project's own configuration: its `[assets]` table (the same directory and
 * `run_worker_first` routes: with static assets, requests pass the asset router first) and its bindings (KV,
 * Analytics Engine, the Durable Object namespace). The baseline gets it too, so the ratios, cold start included,
 * measure only the project's own work and not what workerd sets up for any Worker so configured.
 */
function projectWorker(name, code) {
  const { workerOptions: options } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  return {
    ...options,
    name,
    modules: asModule(code),
    bindings: { ...options.bindings, REPOS: 'bench/*' },
    routes: [`${name}.bench/*`],
  };
}

const workerOptions = () => projectWorker('pixel', readFileSync(BUNDLE_PATH, 'utf8'));
const baselineOptions = () => projectWorker('baseline', BASELINE_SCRIPT);
// The twin is the baseline again: compared with the baseline, it shows how far a run can tell two equal Workers apart.
const twinOptions = () => projectWorker('twin', BASELINE_SCRIPT);

/**
 * One autocannon run of `amount` requests, timed from start to the last response: autocannon itself ends runs on
 * a one-second tick, which would round every run up to whole seconds.
 */
function load(url, host, headers, amount) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpuBefore = workerdCpuNs(workerdPid);
    let lastResponse = started;
    const options = { url, connections: CONNECTIONS, amount, timeout: 10, headers: { host, ...headers } };
    const run = autocannon(options, (error, result) => {
      if (error) return reject(error);
      // Waits out the pixel's batched writes (COALESCE_WINDOW_MS) so their CPU is charged to this run.
      setTimeout(() => {
        const cpuMicrosPerRequest = (workerdCpuNs(workerdPid) - cpuBefore) / 1000 / amount;
        resolve({ ...result, seconds: (lastResponse - started) / 1000, cpuMicrosPerRequest });
      }, 250);
    });
    run.on('response', () => {
      lastResponse = performance.now();
    });
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const rps = (run) => run.requests.total / run.seconds;
const spread = (values) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

/**
 * A distribution-free 95% interval for the median of `values`: the order statistics k and n + 1 − k, with k the
 * largest rank for which fewer than k of n fair coin flips come up heads with probability ≤ 2.5 %.
 */
function medianInterval(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  let below = 0; // P(heads < k)
  let k = 0;
  for (let heads = 0; heads < n; heads++) {
    const next = below + binomialHalf(n, heads);
    if (next > 0.025) break;
    below = next;
    k = heads + 1;
  }
  return k === 0 ? 'needs 6 rounds or more' : `${sorted[k - 1].toFixed(2)}–${sorted[n - k].toFixed(2)}`;
}

/** P(exactly `heads` heads in `n` fair coin flips). */
function binomialHalf(n, heads) {
  let coefficient = 1;
  for (let i = 1; i <= heads; i++) coefficient = (coefficient * (n - heads + i)) / i;
  return coefficient / 2 ** n;
}

function summarize(runs) {
  return {
    rps: median(runs.map(rps)),
    cpu: median(runs.map((run) => run.cpuMicrosPerRequest)),
    p50: median(runs.map((run) => run.latency.p50)),
    p99: median(runs.map((run) => run.latency.p99)),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx + run.errors + run.timeouts, 0),
    ok: runs.reduce((sum, run) => sum + run['2xx'], 0),
  };
}

/**
 * Interleaved rounds of a Worker (the pixel unless `subject` names another) and the baseline with the same request
 * headers; `targets` null for a figure kept for information.
 */
async function compare(url, label, headers, rounds, targets, subject = 'pixel') {
  const subjectRuns = [];
  const baselineRuns = [];
  await load(url, 'baseline.bench', headers, WARMUP_REQUESTS);
  const warmup = await load(url, `${subject}.bench`, headers, WARMUP_REQUESTS);
  for (let round = 0; round < rounds; round++) {
    // ABBA order: which of the two goes first alternates, so drift and periodic noise on this VM hit both alike.
    const runSubject = async () => subjectRuns.push(await load(url, `${subject}.bench`, headers, REQUESTS_PER_ROUND));
    const runBaseline = async () => baselineRuns.push(await load(url, 'baseline.bench', headers, REQUESTS_PER_ROUND));
    for (const run of round % 2 === 0 ? [runSubject, runBaseline] : [runBaseline, runSubject]) await run();
    process.stdout.write('.');
  }
  const measured = summarize(subjectRuns);
  const baseline = summarize(baselineRuns);
  console.log(`\n${label} (medians of ${rounds} rounds)`);
  const line = (name, s) =>
    `  ${name.padEnd(9)} ${s.rps.toFixed(0).padStart(7)} req/s   p50 ${s.p50} ms   p99 ${s.p99} ms   ` +
    `workerd CPU ${s.cpu.toFixed(1)} µs/request   errors ${s.non2xx}`;
  console.log(line(subject, measured));
  console.log(line('baseline', baseline));
  // Each round is compared with the baseline round next to it, so slow drift on the machine cancels.
  const perRound = (measure) => subjectRuns.map((run, i) => measure(run) / measure(baselineRuns[i]));
  const ratios = {
    throughputRatio: perRound(rps),
    p99Ratio: perRound((run) => run.latency.p99),
    cpuRatio: perRound((run) => run.cpuMicrosPerRequest),
  };
  const [throughputRatio, p99Ratio, cpuRatio] = Object.values(ratios).map(median);
  const shown = (name, value, sign) =>
    `${value.toFixed(3)}${targets?.[name] === undefined ? '' : ` (target ${sign} ${targets[name]})`} [95% ${medianInterval(ratios[name])}]`;
  console.log(
    `  ratios    throughput ${shown('throughputRatio', throughputRatio, '≥')}   p99 ${shown('p99Ratio', p99Ratio, '≤')}` +
      `   CPU per request ${shown('cpuRatio', cpuRatio, '≤')}`,
  );
  console.log(`  rounds    throughput ratios ${spread(ratios.throughputRatio)}`);
  const met =
    targets !== null &&
    throughputRatio >= targets.throughputRatio &&
    p99Ratio <= (targets.p99Ratio ?? Infinity) &&
    cpuRatio <= (targets.cpuRatio ?? Infinity);
  return { servedViews: warmup['2xx'] + measured.ok, met };
}

/** Milliseconds from starting a fresh workerd with one Worker to its first answer. */
async function coldStart(options, path) {
  const started = performance.now();
  // Alone in its workerd, the Worker answers every request: no routes.
  const mf = new Miniflare({ host: '127.0.0.1', port: 0, workers: [{ ...options, routes: undefined }] });
  const response = await mf.dispatchFetch(`http://localhost${path}`, { headers: { 'user-agent': CAMO_UA } });
  await response.arrayBuffer();
  const elapsed = performance.now() - started;
  await mf.dispose();
  return elapsed;
}

/** Waits until the counter has taken every view (the pixel writes after answering), or gives up after 10 s. */
async function countedViews(mf, expected) {
  const namespace = await mf.getDurableObjectNamespace('COUNTER', 'pixel');
  const counter = namespace.get(namespace.idFromName('bench/readme'));
  let total = -1;
  for (let attempt = 0; attempt < 50 && total < expected; attempt++) {
    total = await counter.count(null);
    if (total < expected) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return total;
}

const { minifiedKiB, gzipKiB } = buildBundle();
console.log(
  `repo-impressions bench: ${ROUNDS} interleaved rounds of ${REQUESTS_PER_ROUND} requests, ${CONNECTIONS} connections, 127.0.0.1`,
);

const mf = new Miniflare({ host: '127.0.0.1', port: 0, workers: [workerOptions(), baselineOptions(), twinOptions()] });
const url = `${(await mf.ready).origin}/p/bench/readme.gif`;
const workerdPid = findWorkerd();
const camo = await compare(url, 'README views through GitHub camo (the common case)', { 'user-agent': CAMO_UA }, ROUNDS, TARGETS.camo);
const browser = await compare(
  url,
  'direct browser views (unique-visitor hashing on; location from CF-IPCountry and CF-Ray)',
  { 'user-agent': BROWSER_UA, ...EDGE_LOCATION_HEADERS },
  BROWSER_ROUNDS,
  TARGETS.browser,
);
// Where the zone adds no CF-IPCountry, the pixel reads the location from request.cf instead: shown, not targeted.
const browserCf = await compare(
  url,
  'direct browser views without CF-IPCountry (location from request.cf; for information)',
  { 'user-agent': BROWSER_UA },
  INFO_ROUNDS,
  null,
);
await compare(url, 'the baseline against itself (what this run can resolve)', { 'user-agent': CAMO_UA }, CALIBRATION_ROUNDS, null, 'twin');
const served = camo.servedViews + browser.servedViews + browserCf.servedViews;
const counted = await countedViews(mf, served);
await mf.dispose();

// Cold starts alternate between the two, several times, and the medians are compared.
const COLD_STARTS = 7;
const colds = { pixel: [], baseline: [] };
for (let i = 0; i < COLD_STARTS; i++) {
  colds.pixel.push(await coldStart(workerOptions(), '/p/bench/readme.gif'));
  colds.baseline.push(await coldStart(baselineOptions(), '/p/bench/readme.gif'));
}
const [pixelCold, baselineCold] = [median(colds.pixel), median(colds.baseline)];

console.log(`\ncounted exactly   ${counted} of ${served} views answered 200 ${counted === served ? '✓' : '✗ MISMATCH'}`);
console.log(
  `cold start        pixel ${pixelCold.toFixed(0)} ms, baseline ${baselineCold.toFixed(0)} ms (ratio ${(pixelCold / baselineCold).toFixed(2)}, target ≤ ${TARGETS.coldStartRatio}; medians of ${COLD_STARTS}, fresh workerd to the first answer)`,
);
console.log(`bundle            ${minifiedKiB.toFixed(1)} KiB minified, ${gzipKiB.toFixed(1)} KiB gzip`);
const coldRatio = pixelCold / baselineCold;
const verdicts = [
  ['camo views', camo.met],
  ['browser views', browser.met],
  [`cold start ≤ ${TARGETS.coldStartRatio}×`, coldRatio <= TARGETS.coldStartRatio],
  [`bundle ≤ ${GZIP_BUDGET_KIB} KiB gzip`, gzipKiB <= GZIP_BUDGET_KIB],
];
console.log(`targets           ${verdicts.map(([name, met]) => `${name} ${met ? 'met' : 'NOT met'}`).join(', ')}`);
if (counted !== served) process.exitCode = 1;
