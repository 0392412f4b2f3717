import { Hono } from 'hono/tiny';
import packageJson from '../../package.json';
import { githubSignIn, type Config } from '../config';
import type { AppEnv } from '../http/app-env';
import { tokenNotice, type TokenWarning } from '../github/token-expiry';
import { logError } from '../log';
import type { TokenState } from '../registry/repo-registry';
import { registryOf } from '../registry/registry-client';

/**
 * `GET /health`: `{ ok, version, notes, github, token }`, and 503 with what to fix when the configuration is wrong. `notes`
 * are optional features left off, in words that say how to turn them on (never a secret's value), and the token's
 * warning when it expires within 14 days or GitHub refused it; `github` says how the collector signs in to GitHub
 * (`app`, `token` or `none`), `token` what it last heard of GITHUB_TOKEN.
 */
export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { problems } = c.var.config;
  const github = githubSignIn(c.var.config);
  const token = github === 'token' ? await tokenHeard(c.env) : null;
  const notes = [...(token?.warning ? [token.warning.message] : []), ...notesOf(c.var.config)];
  if (problems.length > 0) return c.json({ ok: false, version: packageJson.version, problems, notes, github, token }, 503);
  return c.json({ ok: true, version: packageJson.version, notes, github, token });
});

/** The token's state as the collector last recorded it, and its warning; null when storage cannot say (logged). */
export async function tokenHeard(env: Env): Promise<(TokenState & { warning: TokenWarning | null }) | null> {
  try {
    const state = await registryOf(env.REGISTRY).tokenState();
    return { ...state, warning: tokenNotice(state, Date.now()) };
  } catch (error) {
    logError('token state not read', {}, error);
    return null;
  }
}

function notesOf(config: Config): string[] {
  const notes: string[] = [];
  const github = githubSignIn(config);
  if (github === 'app' && config.githubToken !== undefined) {
    notes.push('GITHUB_TOKEN is set but not used: the GitHub App (GITHUB_APP_ID) signs the collector in.');
  } else if (github === 'none') {
    notes.push(
      'GITHUB_TOKEN is not set: only stars, forks and watchers are collected, not views, clones, referrers or paths (`npx wrangler secret put GITHUB_TOKEN`; README, Deploy).',
    );
  }
  // An app made by `npm run setup -- --github-app` has its webhook on: without the secret each delivery is refused.
  if (github === 'app' && config.githubWebhookSecret === undefined) {
    notes.push(
      "GITHUB_WEBHOOK_SECRET is not set: the GitHub App's webhook deliveries are refused (404); set it to the app's webhook secret (`npx wrangler secret put GITHUB_WEBHOOK_SECRET`) or turn the app's webhook off.",
    );
  }
  if (config.reportToken === undefined) {
    notes.push(
      `REPORT_TOKEN is not set: /report and /dashboard are ${config.publicReport ? 'public only' : 'closed'} (\`npx wrangler secret put REPORT_TOKEN\`).`,
    );
  }
  return notes;
}
