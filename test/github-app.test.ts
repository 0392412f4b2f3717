import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config';
import { utcDay } from '../src/dates';
import { pkcs8PrivateKey } from '../src/github/private-key';
import { runScheduledCollector } from '../src/jobs/scheduled-run';
import { readStatus, storesOf } from '../src/stores/repo-store';
import otherPublicKey from './fixtures/github-app-other-key.pub.pem?raw';
import appKey from './fixtures/github-app-test-key.pem?raw';
import appKeyPkcs8 from './fixtures/github-app-test-key.pkcs8.pem?raw';
import appPublicKey from './fixtures/github-app-test-key.pub.pem?raw';
import {
  appRequests,
  githubApiUrl,
  makeDayCounts,
  makeStandInRepo,
  requestsFor,
  revokeAppTokens,
  setApp,
  setScenario,
} from './github/scenario';
import { fetchWorker } from './worker';

/** The Worker's settings with a GitHub App in place of GITHUB_TOKEN, as `wrangler secret put` would set them. */
function appEnv(appId: string, repos: string, overrides: Partial<Env> = {}): Env {
  return {
    ...env,
    REPOS: repos,
    GITHUB_API_URL: githubApiUrl,
    GITHUB_TOKEN: undefined,
    GITHUB_APP_ID: appId,
    GITHUB_APP_PRIVATE_KEY: appKey,
    ...overrides,
  } as Env;
}

describe('the GitHub App private key', () => {
  it("is wrapped from GitHub's PKCS#1 file into the PKCS#8 that openssl writes, byte for byte", () => {
    expect(appKey).toContain('-----BEGIN RSA PRIVATE KEY-----');
    expect(pkcs8PrivateKey(appKey)).toBe(appKeyPkcs8.trim());
  });

  it('is taken as it is in PKCS#8, with newlines typed as \\n, and refused when it is no key', () => {
    expect(pkcs8PrivateKey(appKeyPkcs8)).toBe(appKeyPkcs8.trim());
    expect(pkcs8PrivateKey(appKey.trim().replaceAll('\n', '\\n'))).toBe(appKeyPkcs8.trim());
    expect(pkcs8PrivateKey('ghp_notAKey')).toBeNull();
    expect(pkcs8PrivateKey('-----BEGIN RSA PRIVATE KEY-----\n!!!\n-----END RSA PRIVATE KEY-----')).toBeNull();
  });

  it('imports into WebCrypto as an RS256 signing key', async () => {
    const der = Uint8Array.from(atob((pkcs8PrivateKey(appKey) ?? '').replace(/-----[^-]+-----|\s/g, '')), (c) => c.charCodeAt(0));
    const key = await crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    expect(key.type).toBe('private');
  });
});

describe('GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY', () => {
  it.each([
    [{ GITHUB_APP_ID: '123' }, 'A GitHub App needs both GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY; only one of them is set.'],
    [{ GITHUB_APP_PRIVATE_KEY: appKey }, 'A GitHub App needs both GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY; only one of them is set.'],
    [
      { GITHUB_APP_ID: 'my-app', GITHUB_APP_PRIVATE_KEY: appKey },
      'GITHUB_APP_ID must be the app\'s numeric App ID, shown on its settings page on GitHub; it is "my-app".',
    ],
    [
      { GITHUB_APP_ID: '123', GITHUB_APP_PRIVATE_KEY: 'SHA256:abcdef' },
      'GITHUB_APP_PRIVATE_KEY must be the private key GitHub gave the app: the whole .pem file, from "-----BEGIN RSA PRIVATE KEY-----" to its END line.',
    ],
  ])('%j → a problem that says what to fix, never the key', (settings, problem) => {
    const config = parseConfig({ ...env, REPOS: 'acme/rocket', ...settings });
    expect(config.problems).toEqual([problem]);
    expect(config.githubApp).toBeNull();
  });

  it('both right: the app, with its key as PKCS#8', () => {
    const config = parseConfig({ ...env, REPOS: 'acme/rocket', GITHUB_APP_ID: ' 123 ', GITHUB_APP_PRIVATE_KEY: appKey });
    expect(config.problems).toEqual([]);
    expect(config.githubApp).toEqual({ appId: '123', privateKey: appKeyPkcs8.trim() });
  });

  it('/health says the app signs the collector in, and that a GITHUB_TOKEN left set is not used', async () => {
    const response = await fetchWorker('/health', undefined, { GITHUB_APP_ID: '123', GITHUB_APP_PRIVATE_KEY: appKey });
    const body = (await response.json()) as { github: string; notes: string[]; token: unknown };
    expect(body.github).toBe('app');
    expect(body.token).toBeNull();
    expect(body.notes).toEqual([
      'GITHUB_TOKEN is set but not used: the GitHub App (GITHUB_APP_ID) signs the collector in.',
      "GITHUB_WEBHOOK_SECRET is not set: the GitHub App's webhook deliveries are refused (404); set it to the app's webhook secret (`npx wrangler secret put GITHUB_WEBHOOK_SECRET`) or turn the app's webhook off.",
    ]);
    // With the webhook's secret, nothing more to say of it.
    const withSecret = await fetchWorker('/health', undefined, {
      GITHUB_APP_ID: '123',
      GITHUB_APP_PRIVATE_KEY: appKey,
      GITHUB_WEBHOOK_SECRET: 's',
    });
    expect(((await withSecret.json()) as { notes: string[] }).notes).toHaveLength(1);
  });
});

describe('the collector with a GitHub App', () => {
  it("signs in with the app's JWT, takes each owner's installation token, and reads traffic with it", async () => {
    const owner = 'app-owner';
    const now = Date.now();
    const views = makeDayCounts(utcDay(now), 14, (i) => i + 1);
    // No scenario token: only an installation token the app stand-in issued for this account is accepted.
    await setScenario(owner, {
      today: utcDay(now),
      repos: [makeStandInRepo('rocket', { views, private: true }), makeStandInRepo('zephyr')],
    });
    await setApp('4101', {
      publicKey: appPublicKey,
      installations: [
        { id: 71, account: 'elsewhere' },
        { id: 72, account: 'App-Owner' },
      ],
    });
    const worker = appEnv('4101', `${owner}/rocket, ${owner}/zephyr`, { COLLECTOR_REPOS_PER_RUN: '1' });

    const summary = await runScheduledCollector(worker, parseConfig(worker), now);

    expect(summary?.refreshed).toEqual([expect.objectContaining({ repo: `${owner}/rocket`, state: 'ok' })]);
    expect((await appRequests('4101')).map(({ method, path, status }) => `${method} ${path} ${status}`)).toEqual([
      'GET /app/installations?per_page=100&page=1 200',
      'POST /app/installations/72/access_tokens 201',
    ]);
    const seen = await requestsFor(owner);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.every((request) => request.authorized)).toBe(true);
    const status = await readStatus(storesOf(env), { owner, repo: 'rocket' });
    expect(status?.traffic).toBe('ok');
    // The run counts the app's own requests with the rest.
    expect(summary?.githubRequests).toBe(seen.length + 2);

    // The next run, in the same isolate, refreshes the other repository with the token it kept: nothing signed.
    const next = await runScheduledCollector(worker, parseConfig(worker), now + 600_000);
    expect(next?.refreshed).toEqual([expect.objectContaining({ repo: `${owner}/zephyr`, state: 'ok' })]);
    expect(await appRequests('4101')).toHaveLength(2);
  });

  it('refreshes nothing for an owner the app is not installed on, and says to install it there', async () => {
    const owner = 'app-uninstalled';
    const now = Date.now();
    await setScenario(owner, { today: utcDay(now), repos: [makeStandInRepo('rocket')] });
    await setApp('4102', { publicKey: appPublicKey, installations: [{ id: 81, account: 'someone-else' }] });
    const worker = appEnv('4102', `${owner}/rocket`);

    const summary = await runScheduledCollector(worker, parseConfig(worker), now);

    expect(summary?.refreshed).toEqual([
      expect.objectContaining({
        state: 'error',
        message: `The GitHub App is not installed on ${owner}'s account: install it there (the app's page on GitHub, "Install App") for this repository, or for all.`,
      }),
    ]);
    expect(await requestsFor(owner)).toEqual([]);
    expect((await appRequests('4102')).map(({ path }) => path)).toEqual(['/app/installations?per_page=100&page=1']);
  });

  it("says GitHub rejected the app's installation token, not GITHUB_TOKEN, and asks for a new one on the next run", async () => {
    const owner = 'app-revoked';
    const now = Date.now();
    await setScenario(owner, { today: utcDay(now), repos: [makeStandInRepo('rocket')] });
    await setApp('4104', { publicKey: appPublicKey, installations: [{ id: 95, account: owner }] });
    const worker = appEnv('4104', `${owner}/rocket`, { REFRESH_INTERVAL_HOURS: '1' });
    expect((await runScheduledCollector(worker, parseConfig(worker), now))?.refreshed[0]?.state).toBe('ok');

    await revokeAppTokens('4104');
    const refused = await runScheduledCollector(worker, parseConfig(worker), now + 3_600_000);

    const status = await readStatus(storesOf(env), { owner, repo: 'rocket' });
    expect(refused?.refreshed[0]?.state).toBe('error');
    expect(status?.message).toContain("GitHub rejected the GitHub App's installation token (401); the next run asks for a new one.");
    expect(status?.message).not.toContain('GITHUB_TOKEN');
    const renewed = await runScheduledCollector(worker, parseConfig(worker), now + 7_200_000);
    expect(renewed?.refreshed[0]?.state).toBe('ok');
    expect((await appRequests('4104')).filter(({ method }) => method === 'POST')).toHaveLength(2);
  });

  it('says GitHub refused the app when its key is not the one GitHub has, and reads nothing', async () => {
    const owner = 'app-wrong-key';
    const now = Date.now();
    await setScenario(owner, { today: utcDay(now), repos: [makeStandInRepo('rocket')] });
    await setApp('4103', { publicKey: otherPublicKey, installations: [{ id: 91, account: owner }] });
    const worker = appEnv('4103', `${owner}/rocket`);

    const summary = await runScheduledCollector(worker, parseConfig(worker), now);

    const outcome = summary?.refreshed[0];
    expect(outcome?.state).toBe('error');
    expect(outcome?.message).toBe(
      "GitHub refused the GitHub App (401) for the GitHub App's installations: check GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY (the app's id and a private key of the app, as GitHub gave it).",
    );
    expect(JSON.stringify(summary)).not.toContain('PRIVATE KEY');
    expect(await requestsFor(owner)).toEqual([]);
  });
});
