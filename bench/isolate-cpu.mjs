// The CPU of one Worker's own isolate, as the free plan's 10 ms limit counts it: V8's sampling profiler through
// workerd's own inspector (not wrangler's proxy, which hands a context to its first client only), one target per
// Worker (`core:user:<name>`). A sample's time step is the time since the sample before, and workerd does not
// mark every wait as idle: the first sample after an I/O wait carries the whole wait. So each sample that is not
// `(idle)` counts as one step of the sampler at work (the median step of the runs of back-to-back samples, ~0.2 ms
// here for an interval of 0.1 ms), or less when its own step was shorter; never as the time spent waiting.
import { mkdirSync, writeFileSync } from 'node:fs';
import CDP from 'chrome-remote-interface';

const SAMPLING_INTERVAL_US = 100;

/** Profilers attached to the isolates of `workerNames` in the Miniflare instance `mf` (started with inspectorPort: 0). */
export async function attachProfilers(mf, workerNames) {
  const url = await mf.getInspectorURL();
  const port = Number(url.port);
  const clients = new Map();
  for (const name of workerNames) {
    // workerd serves no /json/list: each isolate is a WebSocket path of its own.
    const client = await CDP({ target: `ws://127.0.0.1:${port}/core:user:${name}`, local: true });
    await client.Profiler.enable();
    await client.Profiler.setSamplingInterval({ interval: SAMPLING_INTERVAL_US });
    clients.set(name, client);
  }
  return {
    /** Runs `work` with every attached isolate profiled; resolves to each isolate's CPU in ms while it ran. */
    async measure(work) {
      for (const client of clients.values()) await client.Profiler.start();
      await work();
      const cpu = {};
      for (const [name, client] of clients) {
        const { profile } = await client.Profiler.stop();
        cpu[name] = cpuMsOf(profile);
        if (process.env.CPU_PROFILE_DIR) saveProfile(process.env.CPU_PROFILE_DIR, name, profile);
        if (process.env.CPU_DEBUG) console.log(name, profile.samples.length, 'samples', JSON.stringify(breakdownOf(profile)));
      }
      return cpu;
    },
    async close() {
      for (const client of clients.values()) await client.close();
    },
  };
}

/** Saves a profile for Chrome's DevTools as `dir/<worker>-<time>.cpuprofile`, making `dir` if need be. */
function saveProfile(dir, workerName, profile) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${workerName}-${Date.now()}.cpuprofile`, JSON.stringify(profile));
}

/** Milliseconds the isolate ran in a V8 CPU profile: one sampler step per sample that is not `(idle)`. */
export function cpuMsOf(profile) {
  const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
  const deltas = profile.timeDeltas ?? [];
  const step = samplerStep(deltas);
  let us = 0;
  profile.samples.forEach((node, i) => {
    if (!idle.has(node)) us += Math.min(deltas[i] ?? step, step);
  });
  return us / 1000;
}

/** The sampler's step while the isolate runs: the median of the short steps (back-to-back samples). */
function samplerStep(deltas) {
  const short = deltas.filter((delta) => delta > 0 && delta < 10 * SAMPLING_INTERVAL_US).sort((a, b) => a - b);
  return short.length >= 5 ? short[Math.floor(short.length / 2)] : FALLBACK_STEP_US;
}

// Measured here: with an interval of 100 µs, back-to-back samples come 170–200 µs apart.
const FALLBACK_STEP_US = 180;

/** For a look at a profile: milliseconds per top function name. */
export function breakdownOf(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = {};
  profile.samples.forEach((id, i) => {
    const name = byId.get(id)?.callFrame.functionName || '(anonymous)';
    totals[name] = (totals[name] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return Object.entries(totals)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
}
