import { Hono } from 'hono/tiny';
import packageJson from '../../package.json';
import type { Config } from '../config';
import type { AppEnv } from '../http/app-env';

/**
 * `GET /health`: `{ ok, version, notes }`, and 503 with what to fix when the configuration is wrong. `notes` are
 * optional features left off, in words that say how to turn them on (never a secret's value).
 */
export const healthRoutes = new Hono<AppEnv>().get('/', (c) => {
  const { problems } = c.var.config;
  if (problems.length > 0) return c.json({ ok: false, version: packageJson.version, problems, notes: notesOf(c.var.config) }, 503);
  return c.json({ ok: true, version: packageJson.version, notes: notesOf(c.var.config) });
});

function notesOf(config: Config): string[] {
  const notes: string[] = [];
  if (config.githubToken === undefined) {
    notes.push(
      'GITHUB_TOKEN is not set: only stars, forks and watchers are collected, not views, clones, referrers or paths (`npx wrangler secret put GITHUB_TOKEN`; README, Deploy).',
    );
  }
  if (config.reportToken === undefined) {
    notes.push(
      `REPORT_TOKEN is not set: /report and /dashboard are ${config.publicReport ? 'public only' : 'closed'} (\`npx wrangler secret put REPORT_TOKEN\`).`,
    );
  }
  return notes;
}
