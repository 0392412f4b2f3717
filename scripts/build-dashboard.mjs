// `node scripts/build-dashboard.mjs`: bundles the dashboard (src/dashboard/dashboard.ts, with uPlot and the pure
// modules it shares with the Worker) into public/assets/dashboard.js, which the assets serve. Wrangler runs it
// before `wrangler dev` and `wrangler deploy` (wrangler.toml [build]); `npm test` runs it first. Not committed.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const UPLOT = JSON.parse(readFileSync(new URL('../node_modules/uplot/package.json', import.meta.url), 'utf8')).version;

const OUTPUT = new URL('../public/assets/dashboard.js', import.meta.url).pathname;

await build({
  entryPoints: [new URL('../src/dashboard/dashboard.ts', import.meta.url).pathname],
  outfile: OUTPUT,
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  // uPlot's ESM build carries no notice of its own: its MIT licence is served beside it.
  banner: { js: `/*! uPlot v${UPLOT} (MIT), https://github.com/leeoniya/uPlot: /assets/vendor/uPlot.LICENSE */` },
  logLevel: 'warning',
});
console.log(`dashboard: ${OUTPUT.replace(`${process.cwd()}/`, '')}`);
