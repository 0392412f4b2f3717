import { RENEW_TOKEN } from './token-expiry';

/**
 * A GitHub call that failed, described for the maintainer who reads the status: what happened and what to do.
 * Messages never contain the token.
 */
export type FailureKind = 'auth' | 'no-push-access' | 'rate-limited' | 'not-found' | 'server' | 'timeout' | 'malformed' | 'network';

export class GitHubFailure extends Error {
  /** GitHub's `x-ratelimit-remaining` on the failed answer, when there was one: for the logs. */
  rateLimitRemaining: number | null = null;

  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'GitHubFailure';
  }
}

// An installation token lasts an hour and the collector asks for a new one when GitHub refuses it
// (app-installations.ts), so a 401 here is passing unless the installation or the app's key went away.
const APP_TOKEN_REJECTED =
  "GitHub rejected the GitHub App's installation token (401); the next run asks for a new one. If this goes on, check that the app is still installed on the owner's account and that GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY are the app's.";

interface HttpLikeError {
  status?: number;
  message?: string;
  name?: string;
  response?: { headers?: Record<string, string | undefined> };
}

/** What the collector signs in with: a personal token, or a GitHub App's installation token. */
export type SignedInWith = 'token' | 'app';

/**
 * Turns whatever Octokit or fetch threw into a GitHubFailure. A 401 or 403 is worded for a personal token, unless
 * `signedInWith` says the request carried a GitHub App's installation token.
 */
export function describeFailure(error: unknown, what: string, signedInWith: SignedInWith = 'token'): GitHubFailure {
  let failure = error instanceof GitHubFailure ? error : null;
  if (failure === null) {
    failure = classifyFailure(error, what);
    failure.rateLimitRemaining = rateLimitRemainingOf(error);
  }
  return signedInWith === 'app' ? forTheApp(failure, what) : failure;
}

/** A personal token's 401 or 403 worded for the GitHub App's installation token (the rest stays as it is). */
function forTheApp(failure: GitHubFailure, what: string): GitHubFailure {
  const message =
    failure.kind === 'auth' && failure.status === 401
      ? APP_TOKEN_REJECTED
      : failure.kind === 'no-push-access'
        ? `GitHub refused ${what} (403): traffic needs the GitHub App's "Administration: read" permission; add it in the app's settings and accept it on the installation.`
        : null;
  if (message === null) return failure;
  const worded = new GitHubFailure(failure.kind, message, failure.status);
  worded.rateLimitRemaining = failure.rateLimitRemaining;
  return worded;
}

function classifyFailure(error: unknown, what: string): GitHubFailure {
  const e = (error ?? {}) as HttpLikeError;
  const headers = e.response?.headers ?? {};
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || /timed? ?out|aborted/i.test(e.message ?? '')) {
    return new GitHubFailure('timeout', `GitHub did not answer ${what} in time; the next refresh will try again.`);
  }
  switch (e.status) {
    case 401:
      return new GitHubFailure('auth', `GitHub rejected GITHUB_TOKEN (401): the token was revoked or has expired; ${RENEW_TOKEN}.`, 401);
    case 403:
    case 429:
      if (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined || e.status === 429) {
        return new GitHubFailure(
          'rate-limited',
          `GitHub's rate limit was reached${resetTime(headers)}; the next refresh will catch up.`,
          e.status,
        );
      }
      return new GitHubFailure(
        'no-push-access',
        `GitHub refused ${what} (403): traffic needs a token with push access (fine-grained: "Administration: read"; classic: "repo").`,
        403,
      );
    case 404:
    case 410:
      return new GitHubFailure(
        'not-found',
        'GitHub does not know this repository: it was deleted or made private, or the token cannot see it. Check REPOS.',
        e.status,
      );
    default:
      if (e.status !== undefined && e.status >= 500) {
        return new GitHubFailure('server', `GitHub answered ${e.status} to ${what}; the next refresh will try again.`, e.status);
      }
      if (error instanceof SyntaxError || /JSON|Unexpected token|malformed/i.test(e.message ?? '')) {
        return new GitHubFailure('malformed', `GitHub's answer to ${what} was not the JSON expected; stored history is kept.`);
      }
      return new GitHubFailure('network', `Could not reach GitHub for ${what} (${e.message ?? 'unknown error'}).`, e.status);
  }
}

/** GitHub's `x-ratelimit-remaining` on a failed request's response, when it got that far. */
export function rateLimitRemainingOf(error: unknown): number | null {
  if (error instanceof GitHubFailure) return error.rateLimitRemaining;
  const remaining = Number((error as HttpLikeError | undefined)?.response?.headers?.['x-ratelimit-remaining'] ?? Number.NaN);
  return Number.isFinite(remaining) ? remaining : null;
}

function resetTime(headers: Record<string, string | undefined>): string {
  const reset = Number(headers['x-ratelimit-reset']);
  if (Number.isFinite(reset) && reset > 0) return ` until ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC`;
  const retryAfter = Number(headers['retry-after']);
  return Number.isFinite(retryAfter) ? ` for ${retryAfter} s` : '';
}
