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
    await loadConsolePrinting(client);
    clients.set(name, client);
  }
  return {
    /**
     * Runs `work` with the isolates `names` profiled (all attached ones by default); resolves to each one's CPU in
     * ms while it ran (`cpu`), and how much of it V8's garbage collector took (`gc`). Only those measured are
     * profiled: each profiler's sampling thread wakes every interval, and on two cores seven of them took the
     * measured thread's time (V8 counts the time the isolate is entered).
     */
    async measure(work, names = [...clients.keys()]) {
      const profiled = names.map((name) => [name, clients.get(name)]);
      for (const [, client] of profiled) await client.Profiler.start();
      await work();
      const profiles = [];
      for (const [name, client] of profiled) {
        const { profile } = await client.Profiler.stop();
        profiles.push([name, profile]);
        if (process.env.CPU_PROFILE_DIR) saveProfile(process.env.CPU_PROFILE_DIR, name, profile);
        if (process.env.CPU_DEBUG) console.log(name, profile.samples.length, 'samples', JSON.stringify(breakdownOf(profile)));
      }
      // One step for all: the isolates were sampled on the same machine at the same moments, and a Worker that
      // mostly waits for its objects has too few back-to-back samples of its own to tell the step.
      const step = samplerStep(profiles.flatMap(([, profile]) => profile.timeDeltas ?? []));
      return Object.fromEntries(
        profiles.map(([name, profile]) => [name, { cpu: cpuMsOf(profile, step), gc: cpuMsOf(profile, step, GARBAGE_COLLECTOR) }]),
      );
    },
    async close() {
      for (const client of clients.values()) await client.close();
    },
  };
}

/**
 * Has the isolate print one console line, unmeasured. Run locally, workerd prints each console line to stdout
 * through a JavaScript module of its own (node-internal:internal_inspect's formatLog), which an isolate compiles at
 * its first line: 5–7 ms of a cron run's first invocation here. On Cloudflare nothing of it runs: workerd's
 * worker.h names ConsoleMode::INSPECTOR_ONLY "Default, production behavior" and STDOUT "Behavior running `workerd`
 * locally", and handleLog (worker.c++) calls formatLog only in STDOUT mode. Its ~0.2 ms a line afterwards stays in
 * the figures.
 */
async function loadConsolePrinting(client) {
  const contexts = [];
  client.Runtime.executionContextCreated(({ context }) => contexts.push(context));
  await client.Runtime.enable();
  // Disabled again before anything is measured: an enabled Runtime has the inspector copy every console line.
  await client.Runtime.evaluate({ expression: `console.log('{"bench":"console printing loaded"}')`, contextId: contexts[0]?.id });
  await client.Runtime.disable();
}

/** Saves a profile for Chrome's DevTools as `dir/<worker>-<time>.cpuprofile`, making `dir` if need be. */
function saveProfile(dir, workerName, profile) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${workerName}-${Date.now()}.cpuprofile`, JSON.stringify(profile));
}

const GARBAGE_COLLECTOR = (functionName) => functionName === '(garbage collector)';
const RUNNING = (functionName) => functionName !== '(idle)';

/**
 * Milliseconds the isolate ran in a V8 CPU profile: one sampler step per sample that is not `(idle)` (the step
 * found in its own samples, or `step` when given); with `counted`, only the samples whose function it accepts.
 */
export function cpuMsOf(profile, step = samplerStep(profile.timeDeltas ?? []), counted = RUNNING) {
  const ids = new Set(profile.nodes.filter((node) => counted(node.callFrame.functionName)).map((node) => node.id));
  const deltas = profile.timeDeltas ?? [];
  let us = 0;
  profile.samples.forEach((node, i) => {
    if (ids.has(node)) us += Math.min(deltas[i] ?? step, step);
  });
  return us / 1000;
}

/**
 * The sampler's step while the isolate runs: the most common step, as the median of the densest cluster of steps
 * (within 15 % of one another) from one interval to ten. Not the median of all of them: an invocation that calls
 * Durable Objects runs in bursts shorter than a step, between waits of well under a millisecond, so most of its
 * steps under 1 ms span a wait, and their median made a step of ~600 µs of what was ~200 (measured in one cron run:
 * 172–202 µs back to back, 309–889 across a wait). Steps under one interval are samples V8 took for other reasons.
 */
function samplerStep(deltas) {
  const steps = deltas.filter((delta) => delta >= SAMPLING_INTERVAL_US && delta < 10 * SAMPLING_INTERVAL_US).sort((a, b) => a - b);
  let densest = [];
  for (const step of steps) {
    const near = steps.filter((other) => other >= 0.85 * step && other <= 1.15 * step);
    if (near.length > densest.length) densest = near;
  }
  return densest.length > 0 ? densest[Math.floor(densest.length / 2)] : FALLBACK_STEP_US;
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
