import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

/** The repositories the tests track (REPOS): single repositories, a whole owner, and a profile README. */
export const TEST_REPOS = 'acme/rocket, acme/docs-site, whole-org/*, octo-cat/octo-cat';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: { bindings: { REPOS: TEST_REPOS } },
    }),
  ],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
