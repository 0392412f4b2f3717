import { createAppAuth } from '@octokit/auth-app';
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
}

// https://docs.github.com/en/rest/apps/apps#list-installations-for-the-authenticated-app: each installation's
// `account` is the user or organization it was installed on (nullable in GitHub's schema).
const InstallationListSchema = v.array(v.object({ id: v.number(), account: v.nullable(v.object({ login: v.string() })) }));

/** Installations listed at most: 100 a page. */
const MAX_INSTALLATION_PAGES = 3;

/**
 * Installation tokens through @octokit/auth-app: it signs the app's JWT with WebCrypto (RS256, workerd's own) and
 * exchanges it for an installation token (`POST /app/installations/{id}/access_tokens`), both through `github`'s
 * requests, so the run counts them against its budget. Which installation serves an owner comes from one listing
 * of the app's installations a run; auth-app keeps each installation's token until it expires, so an owner's
 * repositories share one. Built per invocation: tokens live an hour and a run asks for a few.
 */
export function createInstallationTokens(github: GitHubClient, app: GitHubAppCredentials): InstallationTokens {
  const auth = createAppAuth({ appId: app.appId, privateKey: app.privateKey, request: github.request, log: { warn: () => {} } });
  let installations: Promise<Map<string, number>> | undefined;

  async function listInstallations(): Promise<Map<string, number>> {
    const byOwner = new Map<string, number>();
    const jwt = await signedJwt();
    try {
      for (let page = 1; page <= MAX_INSTALLATION_PAGES; page++) {
        const { data, headers } = await requestJson(github, 'GET /app/installations', {
          per_page: 100,
          page,
          headers: { authorization: `bearer ${jwt}` },
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

  /** The app's JWT; signing makes no request, so what fails here is the key. */
  async function signedJwt(): Promise<string> {
    try {
      return (await auth({ type: 'app' })).token;
    } catch {
      throw new GitHubFailure(
        'auth',
        "GITHUB_APP_PRIVATE_KEY could not sign the GitHub App's token: set it to the private key file GitHub gave the app (the whole PEM text).",
      );
    }
  }

  async function tokenFor(owner: string): Promise<string | null> {
    installations ??= listInstallations();
    const installationId = (await installations).get(owner.toLowerCase());
    if (installationId === undefined) return null;
    try {
      return (await auth({ type: 'installation', installationId })).token;
    } catch (error) {
      throw appFailure(error, `the GitHub App's token for ${owner}`);
    }
  }

  return { tokenFor };
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
