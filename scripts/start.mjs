// `npm start`: `wrangler dev` with local state in .wrangler/state, cron reachable by hand, and a quiet start offline.
// - wrangler's own way to run cron locally, `curl .../cdn-cgi/handler/scheduled`, answers `500 exception` for this
//   project: with static assets the asset router, not the Worker, receives it. The legacy `/__scheduled` route
//   (`--test-scheduled`) reaches the Worker, so that is the way printed here.
// - Offline, Miniflare's fetch of the `Request.cf` placeholder fails with a stack trace;
//   CLOUDFLARE_CF_FETCH_ENABLED=false uses its built-in placeholder without asking.
// Extra arguments go to wrangler dev, e.g. `npm start -- --port 8788`.
import { spawn } from 'node:child_process';

const extra = process.argv.slice(2);
const origin = `http://localhost:${portOf(extra) ?? '8787'}`;
console.log(`Run the cron triggers by hand (wrangler's /cdn-cgi/handler/scheduled cannot reach a Worker with static assets):
  curl "${origin}/__scheduled?cron=*/10+*+*+*+*"   # the collector
  curl "${origin}/__scheduled?cron=0+6+*+*+1"      # the weekly digests
`);

const child = spawn('npx', ['wrangler', 'dev', '--persist-to', '.wrangler/state', '--test-scheduled', ...extra], {
  env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/** The port given to wrangler dev, as `--port N` or `--port=N`; undefined when none. */
function portOf(args) {
  const joined = args.find((arg) => arg.startsWith('--port='));
  if (joined) return joined.slice('--port='.length);
  const at = args.indexOf('--port');
  return at < 0 ? undefined : args[at + 1];
}
