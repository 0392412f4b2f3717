import { build } from 'esbuild';

/** The GitHub stand-in of the tests (TypeScript), bundled for Node into dist/bench/; returns the file's path. */
export async function buildStandIn() {
  const outfile = 'dist/bench/stand-in.mjs';
  await build({
    entryPoints: ['test/github/stand-in.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'error',
  });
  return outfile;
}
