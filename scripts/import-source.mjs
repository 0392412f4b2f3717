// Lets a Node script (the seed, the benchmarks) use the Worker's own pure TypeScript modules: esbuild bundles
// their exports into one ES module under dist/, which is then imported. Nothing here runs in the Worker.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

/** The exports of `modules` (paths such as './src/conversions/summary'), merged into one object. */
export async function importSource(name, modules) {
  const outfile = resolve('dist/node', `${name}.mjs`);
  await build({
    stdin: { contents: modules.map((module) => `export * from '${module}';`).join('\n'), resolveDir: '.', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
  });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}
