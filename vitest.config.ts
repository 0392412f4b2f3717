import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { TEST_GITHUB_TOKEN, TEST_REPORT_TOKEN, TEST_REPOS } from './test/constants.ts';


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
