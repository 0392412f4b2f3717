// `npm run check`: builds exactly what `wrangler deploy` would upload (dry run, nothing is deployed), prints its
// size, and fails when the gzipped bundle outgrows the budget below.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

// Cloudflare's free plan allows 3 MB gzipped, but a Worker's whole script is loaded on every cold start, pixel
// included: the budget keeps it lean. Raise it only on purpose (105 → 110 KiB for @octokit/rest's typed methods;
// → 112 KiB for labelled versions by the days they win, digest movers and the carried-over total's answer;
// → 118 KiB for the funnel: tracked links and their clicks, watchers, first contributions and package downloads;
// → 121 KiB for the token's expiry warnings, at 119.0; → 128 KiB for the GitHub App: @octokit/auth-app and its JWT
// signer, 7.7 KiB, at 126.9; → 132 KiB for GitHub's webhook deliveries, their hourly rows and the hours table, 3.9
// KiB of the project's own code, at 131.0; → 134 KiB for the free plan's CPU: a refresh in two calls of its object,
// the star history's older days merged apart, intervals by quadrature for large counts, 1.6 KiB, at 133.2; → 135
// KiB for an import written in steps of 500 rows, an invocation each, and the counter's days read as JSON, 0.9 KiB,
// at 134.1; → 137 KiB for README versions' totals kept by month: their sums' SQL, their triggers, a refresh's call
// that keeps them and an import's steps, 1.3 KiB, at 136.2).
export const GZIP_BUDGET_KIB = 137;
export const BUNDLE_PATH = 'dist/index.js';

/** Runs the dry-run deploy build into dist/ and returns its sizes in KiB. */
export function buildBundle() {
  const build = spawnSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', 'dist', '--minify'], {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  if (build.status !== 0) {
    process.stderr.write(build.stdout + build.stderr);
    throw new Error('wrangler deploy --dry-run failed (output above)');
  }
  const code = readFileSync(BUNDLE_PATH);
  return { minifiedKiB: code.length / 1024, gzipKiB: gzipSync(code, { level: 9 }).length / 1024, bindings: bindingsOf(build.stdout) };
}

/** The binding lines of wrangler's dry-run report, e.g. `env.REPORTS (<id>)  KV Namespace`. */
function bindingsOf(output) {
  return output
    .split('\n')
    .filter((line) => line.startsWith('env.'))
    .map((line) => line.replace(/\s{2,}/g, '  ').trim());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { minifiedKiB, gzipKiB, bindings } = buildBundle();
  console.log(`bindings:\n${bindings.map((line) => `  ${line}`).join('\n')}`);
  // The placeholder builds and runs locally, but a real deploy needs the namespace's own id (README, Deploy).
  if (bindings.some((line) => line.startsWith('env.REPORTS (00000000000000000000000000000000)'))) {
    console.warn(
      'note: REPORTS has the placeholder KV id: `npm run setup` creates the namespace and writes its id into wrangler.toml (README, Deploy)',
    );
  }
  console.log(
    `bundle ${BUNDLE_PATH}: ${minifiedKiB.toFixed(1)} KiB minified, ${gzipKiB.toFixed(1)} KiB gzip (budget ${GZIP_BUDGET_KIB} KiB gzip)`,
  );
  if (gzipKiB > GZIP_BUDGET_KIB) {
    console.error(
      `over budget by ${(gzipKiB - GZIP_BUDGET_KIB).toFixed(1)} KiB: find what grew (esbuild --metafile) before raising GZIP_BUDGET_KIB`,
    );
    process.exit(1);
  }
}
