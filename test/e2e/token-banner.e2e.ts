import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubStandIn } from '../github/stand-in';
import { CHROMIUM, launchChromium } from './built-worker';
import { waitForHealth } from './deployed-worker';
import { freePort } from './free-port';

const REQUIRED = process.env.REQUIRE_BROWSER_TESTS === '1';
const TOKEN = 'banner-report-token';
const GITHUB_TOKEN = 'github_pat_bannerStandIn0123456789';
const OWNER = 'banner-co';
const today = new Date().toISOString().slice(0, 10);
// Two days and a bit from now, to the minute, as GitHub's GitHub-Authentication-Token-Expiration gives it.
const expiresAt = new Date(Math.floor((Date.now() + 2.5 * 86_400_000) / 60_000) * 60_000).toISOString();
const expirationHeader = `${expiresAt.slice(0, 10)} ${expiresAt.slice(11, 19)} UTC`;

/**
 * The dashboard's token banner, as a maintainer meets it: `wrangler dev` runs the Worker, its cron runs against
 * the GitHub stand-in (wrangler's `/__scheduled`), GitHub's answers say when the token expires, then refuse it;
 * the dashboard in Chromium shows each warning above the table.
 */
describe.skipIf(!existsSync(CHROMIUM) && !REQUIRED)('the token banner in Chromium', { timeout: 120_000 }, () => {
  const github = new GitHubStandIn();
  let state = '';
  let origin = '';
  let githubUrl = '';
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;

  /** The owner's two repositories; GitHub takes `token` and says it expires at `expiresAt`. */
  function scenario(token: string) {
    const repo = (name: string) => ({
      name,
      stars: 5,
      forks: 1,
      watchers: 2,
      openIssues: 0,
      views: [{ day: today, count: 9, uniques: 4 }],
    });
    return fetch(`${githubUrl}/__standin/owners/${OWNER}`, {
      method: 'PUT',
      body: JSON.stringify({ today, token, pushAccess: true, tokenExpiresAt: expirationHeader, repos: [repo('one'), repo('two')] }),
    });
  }

  beforeAll(async () => {
    githubUrl = await github.start();
    await scenario(GITHUB_TOKEN);
    state = mkdtempSync(join(tmpdir(), 'repo-impressions-banner-'));
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const vars = {
      REPOS: `${OWNER}/one,${OWNER}/two`,
      REPORT_TOKEN: TOKEN,
      GITHUB_TOKEN,
      GITHUB_API_URL: githubUrl,
      // One repository a run: the second run asks GitHub again, about the other one.
      COLLECTOR_REPOS_PER_RUN: '1',
    };
    const args = ['wrangler', 'dev', '--persist-to', state, '--ip', '127.0.0.1', '--port', String(port), '--test-scheduled'];
    for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
    server = spawn('npx', args, { env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, stdio: 'pipe', detached: true });
    await waitForHealth(origin);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    if (state) rmSync(state, { recursive: true, force: true });
    await github.stop();
  });

  async function cronRun(): Promise<void> {
    const response = await fetch(`${origin}/__scheduled?cron=${encodeURIComponent('*/10 * * * *')}`);
    expect(response.ok).toBe(true);
  }

  async function signedInDashboard(): Promise<Page> {
    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${origin}/dashboard`);
    await page.fill('#token', TOKEN);
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('#repos tbody tr');
    return page;
  }

  it("shows nothing before the collector has heard of the token, then warns days ahead of GitHub's expiry date", async () => {
    const quiet = await signedInDashboard();
    expect(await quiet.locator('#token-banner').isVisible()).toBe(false);
    await quiet.close();

    await cronRun();
    // The cron run is the Worker's waitUntil: /health says when it has recorded what GitHub said.
    await expect
      .poll(
        async () => ((await (await fetch(`${origin}/health`)).json()) as { token: { expiresAt: string | null } | null }).token?.expiresAt,
        { timeout: 30_000 },
      )
      .toBe(expiresAt);
    const page = await signedInDashboard();
    const banner = page.locator('#token-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toBe(
      `GITHUB_TOKEN expires in 3 days (${expiresAt.replace('T', ' ').slice(0, 16)} UTC): make a new token (fine-grained: "Administration: read" on the repositories; classic: "repo"), then wrangler secret put GITHUB_TOKEN or npm run setup.`,
    );
    expect(await banner.getAttribute('role')).toBe('alert');
    // The commands to run are set as code.
    expect(await banner.locator('code').allTextContents()).toEqual(['wrangler secret put GITHUB_TOKEN', 'npm run setup']);
    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: 'artifacts/dashboard-token-banner.png' });
    await page.close();
  });

  it('says the token was revoked once GitHub refuses it', async () => {
    await scenario('github_pat_someOtherToken');
    await cronRun();
    await expect
      .poll(
        async () => ((await (await fetch(`${origin}/health`)).json()) as { token: { rejectedAt: string | null } | null }).token?.rejectedAt,
        { timeout: 30_000 },
      )
      .not.toBeNull();
    const page = await signedInDashboard();
    const banner = page.locator('#token-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.textContent()).toContain('GitHub rejected GITHUB_TOKEN (401): the token was revoked or has expired');
    await page.screenshot({ path: 'artifacts/dashboard-token-rejected.png' });
    await page.close();
  });
});
