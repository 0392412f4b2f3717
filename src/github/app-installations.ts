import { createAppAuth } from '@octokit/auth-app';
import githubAppJwt from 'universal-github-app-jwt';
import * as v from 'valibot';
import { parseLinks } from './answers';
import { requestJson, type GitHubClient } from './client';
import { describeFailure, GitHubFailure } from './failure';

/** GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY (PKCS#8 PEM, see private-key.ts). */
export interface GitHubAppCredentials {
  appId: string;
  privateKey: string;
}

/** The GitHub App's installation tokens, one per owner the app is installed on. */
export interface InstallationTokens {
  /**
   * An installation token for the owner's repositories (valid an hour), or null when the app is not installed on
   * that account. Throws a GitHubFailure when GitHub refuses the app itself (a wrong id or key).
   */
  tokenFor(owner: string): Promise<string | null>;
  /** GitHub refused the owner's token (the app was uninstalled or its access changed): ask again next time. */
  forget(owner: string): void;
}

// https://docs.github.com/en/rest/apps/apps#list-installations-for-the-authenticated-app: each installation's
// `account` is the user or organization it was installed on (nullable in GitHub's schema).
const InstallationListSchema = v.array(v.object({ id: v.number(), account: v.nullable(v.object({ login: v.string() })) }));

/** Installations listed at most: 100 a page. */
const MAX_INSTALLATION_PAGES = 3;

/**
 * What an isolate keeps between the cron runs it serves, per app: the owners' installations (listed again after an
 * hour, or when an owner is not among them) and each installation's token until 5 minutes before it expires. A run
 * in a warm isolate then signs nothing: the RSA signature and auth-app's work were ~6 ms of a run's CPU (bench:cpu),
 * against the free plan's 10 ms.
 */
interface AppCache {
  installations: { byOwner: Map<string, number>; listedAt: number } | null;
  tokens: Map<number, { token: string; expiresAt: number }>;
}
const appCaches = new Map<string, AppCache>();
const LIST_AGAIN_AFTER_MS = 3_600_000;
const TOKEN_MARGIN_MS = 300_000;

/**
 * Installation tokens through @octokit/auth-app: the app's JWT is signed with WebCrypto (RS256, workerd's own), once
 * a run, and exchanged for an installation token (`POST /app/installations/{id}/access_tokens`), both through
 * `github`'s requests, so the run counts them against its budget. Which installation serves an owner comes from a
 * listing of the app's installations. Both are kept in the isolate (AppCache).
 */
export function createInstallationTokens(github: GitHubClient, app: GitHubAppCredentials, now = Date.now): InstallationTokens {
  const cacheKey = `${app.appId}\n${app.privateKey}`;
  const cache = appCaches.get(cacheKey) ?? { installations: null, tokens: new Map() };
  appCaches.set(cacheKey, cache);
  let jwt: Promise<{ jwt: string; expiresAt: string }> | undefined;
  // auth-app would sign a JWT for each call; one a run is enough (GitHub takes it for 10 minutes).
  const createJwt = () => (jwt ??= signJwt(app));
  const auth = createAppAuth({ appId: app.appId, createJwt, request: github.request, log: { warn: () => {} } });
  let listedThisRun = false;

  async function installationOf(owner: string): Promise<number | undefined> {
    const known = cache.installations;
    const fresh = known !== null && now() - known.listedAt < LIST_AGAIN_AFTER_MS;
    if (fresh && (known.byOwner.has(owner) || listedThisRun)) return known.byOwner.get(owner);
    listedThisRun = true;
    cache.installations = { byOwner: await listInstallations(), listedAt: now() };
    return cache.installations.byOwner.get(owner);
  }

  async function listInstallations(): Promise<Map<string, number>> {
    const byOwner = new Map<string, number>();
    const { jwt: token } = await createJwt();
    try {
      for (let page = 1; page <= MAX_INSTALLATION_PAGES; page++) {
        const { data, headers } = await requestJson(github, 'GET /app/installations', {
          per_page: 100,
          page,
          headers: { authorization: `bearer ${token}` },
        });
        const parsed = v.safeParse(InstallationListSchema, data);
        if (!parsed.success) throw new GitHubFailure('malformed', "GitHub's list of the app's installations was not the JSON expected.");
        for (const { id, account } of parsed.output) if (account) byOwner.set(account.login.toLowerCase(), id);
        if (parseLinks(headers.link).next === undefined) break;
      }
    } catch (error) {
      throw appFailure(error, "the GitHub App's installations");
    }
    return byOwner;
  }

  async function tokenFor(owner: string): Promise<string | null> {
    const installationId = await installationOf(owner.toLowerCase());
    if (installationId === undefined) return null;
    const kept = cache.tokens.get(installationId);
    if (kept && kept.expiresAt - TOKEN_MARGIN_MS > now()) return kept.token;
    try {
      const { token, expiresAt } = await auth({ type: 'installation', installationId });
      cache.tokens.set(installationId, { token, expiresAt: Date.parse(expiresAt) });
      return token;
    } catch (error) {
      throw appFailure(error, `the GitHub App's token for ${owner}`);
    }
  }

  function forget(owner: string): void {
    const installationId = cache.installations?.byOwner.get(owner.toLowerCase());
    if (installationId !== undefined) cache.tokens.delete(installationId);
    cache.installations = null;
  }

  return { tokenFor, forget };
}

/** The app's JWT; signing makes no request, so what fails here is the key. */
async function signJwt(app: GitHubAppCredentials): Promise<{ jwt: string; expiresAt: string }> {
  try {
    const { token, expiration } = await githubAppJwt({ id: app.appId, privateKey: app.privateKey });
    return { jwt: token, expiresAt: new Date(expiration * 1000).toISOString() };
  } catch {
    throw new GitHubFailure(
      'auth',
      "GITHUB_APP_PRIVATE_KEY could not sign the GitHub App's token: set it to the private key file GitHub gave the app (the whole PEM text).",
    );
  }
}

/** GitHub refusing the app's JWT means the id or the key is wrong, not a token to renew. */
function appFailure(error: unknown, what: string): GitHubFailure {
  const failure = describeFailure(error, what);
  if (failure.kind !== 'auth') return failure;
  return new GitHubFailure(
    'auth',
    `GitHub refused the GitHub App (401) for ${what}: check GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY (the app's id and a private key of the app, as GitHub gave it).`,
    401,
  );
}

/** The message a repository gets when the app is not installed on its owner's account. */
export function appNotInstalledMessage(owner: string): string {
  return `The GitHub App is not installed on ${owner}'s account: install it there (the app's page on GitHub, "Install App") for this repository, or for all.`;
}
