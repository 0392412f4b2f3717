import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDelivery } from '../github/delivery-stand-in';
import type { StandInManifest } from '../github/scenario-types';
import { runSetup, type SetupRun, useSetupStage } from './setup-stage';

/**
 * `npm run setup -- --github-app` end to end: setup serves the page that posts the app's manifest to GitHub; this
 * test is the browser (it reads the page, checks the manifest and plays GitHub's redirect back with a code); the
 * GitHub stand-in converts the code as GitHub's API does, and the Cloudflare stand-in stores the secrets. The
 * Worker deployed with them then takes a delivery signed with the app's webhook secret.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const OWNER = 'setup-app-co';
const WEB = 'https://github.example';
const today = new Date().toISOString().slice(0, 10);
const APP: StandInManifest['app'] = {
  id: 6001,
  slug: 'repo-impressions-setup',
  pem: readFileSync(join(ROOT, 'test/fixtures/github-app-test-key.pem'), 'utf8'),
  webhookSecret: 'e2b7c3a0d1f94c5b8a6e0f1d2c3b4a59',
  clientId: 'Iv1.8a61f9b3a7aba766',
  clientSecret: '1726be1638095a19edd134c77bde3aa2ece1e5d8',
  owner: OWNER,
};
const CODE = 'a180b1a3d263c81bc6441d7b990bae27d4fa6f7b';

const decodeHtml = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

describe('npm run setup -- --github-app', { timeout: 120_000 }, () => {
  const stage = useSetupStage(ROOT, 'repo-impressions-setup-app-', async (githubUrl) => {
    const repo = { name: 'app', stars: 3, forks: 0, watchers: 1, openIssues: 0, views: [] };
    await fetch(`${githubUrl}/__standin/owners/${OWNER}`, { method: 'PUT', body: JSON.stringify({ today, repos: [repo] }) });
    await fetch(`${githubUrl}/__standin/manifests/${CODE}`, { method: 'PUT', body: JSON.stringify({ code: CODE, app: APP }) });
  });

  /** Runs setup unattended; `browser(page)` is called with the page's address when setup prints it. */
  function setup(browser?: (page: string) => Promise<void>): Promise<SetupRun> {
    const args = ['--yes', '--repos', `${OWNER}/app`, '--github-app'];
    args.push('--github-api-url', stage.githubUrl, '--github-web-url', WEB, '--url', stage.worker.url);
    let opened = false;
    return runSetup(stage, args, undefined, (stdout, _answer, stop) => {
      const page = /Open (http:\/\/127\.0\.0\.1:\d+) in your browser/.exec(stdout)?.[1];
      if (page && !opened && browser) {
        opened = true;
        browser(page).catch((error: unknown) => stop(`browser: ${String(error)}`));
      }
    });
  }

  it("has GitHub create the app from its manifest, stores its id, key and webhook secret, and the Worker takes the app's deliveries", async () => {
    let manifest: Record<string, unknown> = {};
    let action = '';
    const run = await setup(async (page) => {
      const html = await (await fetch(page)).text();
      action = decodeHtml(/action="([^"]+)"/.exec(html)?.[1] ?? '');
      manifest = JSON.parse(decodeHtml(/name="manifest" value="([^"]+)"/.exec(html)?.[1] ?? '{}')) as Record<string, unknown>;
      const state = new URL(action).searchParams.get('state') ?? '';
      // An answer to another setup (another state) is refused, and setup keeps waiting for its own.
      const forged = await fetch(`${manifest.redirect_url}?code=${CODE}&state=not-${state}`);
      expect(forged.status).toBe(400);
      // GitHub, once the app is created, sends the browser back with the code and the state.
      const back = await fetch(`${manifest.redirect_url}?code=${CODE}&state=${state}`);
      expect(await back.text()).toContain(`The GitHub App ${APP.slug} is created`);
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    // The manifest: posted to GitHub's page for a new app, with the permissions and events the Worker needs.
    expect(action).toMatch(new RegExp(`^${WEB}/settings/apps/new\\?state=[0-9a-f]{32}$`));
    expect(manifest).toMatchObject({
      url: stage.worker.url,
      hook_attributes: { url: `${stage.worker.url}/github/webhook`, active: true },
      public: false,
      default_permissions: { administration: 'read', contents: 'read', metadata: 'read', issues: 'read', pull_requests: 'read' },
      default_events: ['star', 'watch', 'fork', 'issues', 'pull_request'],
    });
    expect(String(manifest.redirect_url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    // The secrets GitHub's conversion gave, stored, and never printed; no personal token.
    expect(stage.cloudflare.state.secrets.get('GITHUB_APP_ID')).toBe(String(APP.id));
    expect(stage.cloudflare.state.secrets.get('GITHUB_APP_PRIVATE_KEY')?.trim()).toBe(APP.pem.trim());
    expect(stage.cloudflare.state.secrets.get('GITHUB_WEBHOOK_SECRET')).toBe(APP.webhookSecret);
    expect(stage.cloudflare.state.secrets.has('GITHUB_TOKEN')).toBe(false);
    expect(run.stdout).not.toContain(APP.webhookSecret);
    expect(run.stdout).not.toContain('PRIVATE KEY');
    expect(run.stdout).toContain(`https://github.com/apps/${APP.slug}/installations/new`);

    // The Worker deployed with them signs in as the app and takes a star delivered with the app's secret.
    const health = (await (await fetch(`${stage.worker.url}/health`)).json()) as { github: string };
    expect(health.github).toBe('app');
    const delivery = await buildDelivery({
      event: 'star',
      action: 'created',
      repo: `${OWNER}/app`,
      at: `${new Date().toISOString().slice(0, 19)}Z`,
      secret: APP.webhookSecret,
    });
    const recorded = await fetch(`${stage.worker.url}/github/webhook`, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(recorded.status).toBe(201);
  });

  it('keeps the app it stored when run again, and asks GitHub for nothing', async () => {
    const before = new Map(stage.cloudflare.state.secrets);
    const run = await setup();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('keeping the GitHub App already stored');
    expect(run.stdout).not.toContain('in your browser');
    expect(stage.cloudflare.state.secrets).toEqual(before);
  });
});
