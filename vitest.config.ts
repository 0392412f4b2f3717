import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { TEST_GITHUB_TOKEN, TEST_REPORT_TOKEN, TEST_REPOS } from './test/constants.ts';

// @cloudflare/vitest-pool-workers 0.15 passes on workerd's "WebSocket peer disconnected" once per test file, when
// the runner's own socket closes at the file's end: its ignore list has "WebSocket was aborted" but not this
// wording. Nothing a test did; only that exact line is dropped.
const POOL_TEARDOWN_NOISE = 'disconnected: WebSocket peer disconnected';
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = ((chunk: string | Uint8Array, ...rest: never[]) =>
    String(chunk).trim().endsWith(POOL_TEARDOWN_NOISE) && !String(chunk).trim().includes('\n')
      ? true
      : write(chunk, ...rest)) as typeof stream.write;
}

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: {
          REPOS: TEST_REPOS,
          GITHUB_API_URL: inject('githubApiUrl'),
          GITHUB_TOKEN: TEST_GITHUB_TOKEN,
          REPORT_TOKEN: TEST_REPORT_TOKEN,
        },
      },
    })),
  ],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/github/global-setup.ts'],
    // A ceiling, not a speed check: these machines are shared, and a busy one runs the suite several times slower.
    testTimeout: 30_000,
    // In CI, results are also kept as JSON for .ci/run's summary line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'artifacts/test-results.json' },
  },
});
