import { defineConfig } from 'vitest/config';

/** End-to-end tests from Node: the dashboard in Debian's Chromium against `wrangler dev` on 127.0.0.1, and the README deploy guide. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'artifacts/e2e-results.json' },
  },
});
