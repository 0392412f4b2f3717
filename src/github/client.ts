import { Octokit } from '@octokit/rest';
import { rateLimitRemainingOf, type SignedInWith } from './failure';
import { parseTokenExpiration } from './token-expiry';

const TOKEN_EXPIRATION_HEADER = 'github-authentication-token-expiration';
import { retryWaitMs, type FailedRequest, type RetryPolicy } from './retry-policy';

// @octokit/rest: its typed endpoint methods (`github.rest.repos.getViews`) are what the calls below use; pages are
// followed by their callers, a few a run. Throttling (waiting out rate limits as GitHub asks) and repeating server
// errors are retry-policy.ts's, applied around each request below: with @octokit/plugin-throttling 11 and
// plugin-retry 8 instead, a refresh's isolate CPU went from 12.6 to 17.9 ms (a first refresh) and from 5.8 to 8.8
// ms (GitHub answering 304), medians of 9 in one bench:cpu session, against the free plan's 10 ms.
const GitHubOctokit = Octokit;

/** What this client has used of GitHub: for the run's budget and its log line. */
export interface GitHubUsage {
  /** Requests made; a retry of one is not counted again (the retry plugin repeats it inside). */
  requests: number;
  /** GitHub's `x-ratelimit-remaining` after the last answer, or null before GitHub gave one. */
  rateLimitRemaining: number | null;
  /** When the token expires, as GitHub's last answer said (`GitHub-Authentication-Token-Expiration`); null if it never does. */
  tokenExpiresAt: string | null;
  /** GitHub answered 401: the token was revoked or has expired. */
  tokenRejected: boolean;
}

export type GitHubClient = InstanceType<typeof GitHubOctokit> & { readonly usage: GitHubUsage };

export interface GitHubClientOptions {
  baseUrl: string;
  token: string | undefined;
  /** A GitHub App's installation token rather than a personal one: what a refusal tells the maintainer to do differs. */
  signedInWith?: SignedInWith;
  /** Milliseconds per second of `retry-after` and per backoff step; lowered in tests. */
  retryBaseMs?: number;
  /** A rate limit that resets later than this is not waited for: the next refresh catches up. */
  maxRateLimitWaitSeconds?: number;
  /** Per request. */
  timeoutMs?: number;
}

/**
 * An Octokit that waits out GitHub's rate limits when the wait is short and repeats server errors a bounded
 * number of times (retry-policy.ts). Built per invocation: its waits are timers of the invocation that asks.
 */
export function createGitHubClient(options: GitHubClientOptions, usage: GitHubUsage = noUsage()): GitHubClient {
  const policy: RetryPolicy = {
    baseMs: options.retryBaseMs ?? 1000,
    maxWaitSeconds: options.maxRateLimitWaitSeconds ?? 60,
    serverRetries: 2,
  };
  const octokit = new GitHubOctokit({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    auth: options.token,
    userAgent: 'repo-impressions',
    request: { fetch: fetchWithTimeout(options.timeoutMs ?? 10_000) },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = retryWaitMs(failedRequestOf(error), attempt, policy, Date.now());
        if (wait === null) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  });
  // Registered after the repeats, so these see each request once, however often it was repeated.
  return Object.assign(octokit, { usage: countUsage(octokit, usage) });
}

/**
 * Has each request carry the token of the owner it is about (a GitHub App's installation token, see
 * app-installations.ts): the owner is the route's `owner`, `username` or `org`. A request that brings its own
 * authorization (the app's JWT) keeps it; one about no owner goes without.
 */
export function authorizeByOwner(github: GitHubClient, tokenFor: (owner: string) => Promise<string | null>): GitHubClient {
  github.hook.before('request', async (options) => {
    const headers = options.headers as Record<string, string | undefined>;
    const owner = options.owner ?? options.username ?? options.org;
    if (headers.authorization || typeof owner !== 'string') return;
    const token = await tokenFor(owner);
    if (token) headers.authorization = `token ${token}`;
  });
  return github;
}

function failedRequestOf(error: unknown): FailedRequest {
  const e = (error ?? {}) as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };
  return { status: e.status, message: e.message, headers: e.response?.headers };
}

/**
 * createGitHubClient's client, built at its first use but for its `usage` (which counts what it then asks): a cron
 * run that lists no owner and checks no name asks GitHub nothing itself, and building an Octokit cost it ~0.3 ms.
 */
export function lazyGitHubClient(options: GitHubClientOptions): GitHubClient {
  const usage = noUsage();
  let client: GitHubClient | undefined;
  const built = () => {
    client ??= createGitHubClient(options, usage);
    return client;
  };
  return new Proxy({ usage } as GitHubClient, {
    get: (target, key) => (key === 'usage' ? target.usage : Reflect.get(built(), key)),
  });
}

function noUsage(): GitHubUsage {
  return { requests: 0, rateLimitRemaining: null, tokenExpiresAt: null, tokenRejected: false };
}

function countUsage(octokit: InstanceType<typeof GitHubOctokit>, usage: GitHubUsage): GitHubUsage {
  const noteExpiry = (headers: Record<string, string | number | undefined> | undefined) => {
    const expiresAt = parseTokenExpiration(String(headers?.[TOKEN_EXPIRATION_HEADER] ?? ''));
    if (expiresAt !== null) usage.tokenExpiresAt = expiresAt;
  };
  octokit.hook.before('request', () => {
    usage.requests++;
  });
  octokit.hook.after('request', (response) => {
    const remaining = Number(response.headers['x-ratelimit-remaining']);
    if (Number.isFinite(remaining)) usage.rateLimitRemaining = remaining;
    noteExpiry(response.headers);
  });
  // Octokit throws on 304 Not Modified too, so most answers of a quiet day only come through here.
  octokit.hook.error('request', (error) => {
    usage.rateLimitRemaining = rateLimitRemainingOf(error) ?? usage.rateLimitRemaining;
    const failed = error as { status?: number; response?: { headers?: Record<string, string | undefined> } };
    noteExpiry(failed.response?.headers);
    if (failed.status === 401) usage.tokenRejected = true;
    throw error;
  });
  return usage;
}

function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/**
 * Options for an Octokit request that hand its answer's body over unparsed, for jsonOf. Octokit parses answers
 * with a reviver that keeps big integers exact (json-with-bigint): several times slower, for numbers GitHub's
 * traffic, counts and star history never come near (all below 2^53). On a Worker's CPU budget that difference is
 * most of a refresh's parsing.
 */
export const UNPARSED_BODY = { request: { parseSuccessResponseBody: false } } as const;

/** The answer of a request made with UNPARSED_BODY, its JSON parsed with the runtime's own JSON.parse. */
export async function jsonOf(
  request: Promise<{ data: unknown; headers: object }>,
): Promise<{ data: unknown; headers: Record<string, string | undefined> }> {
  const response = await request;
  const body = response.data as ReadableStream<Uint8Array> | null;
  const text = body === null ? '' : await new Response(body).text();
  return { data: text === '' ? null : (JSON.parse(text) as unknown), headers: response.headers as Record<string, string | undefined> };
}

/** A request by route (for an endpoint without a typed method), its JSON parsed as jsonOf parses it. */
export function requestJson(
  github: GitHubClient,
  route: string,
  parameters: Record<string, unknown>,
): Promise<{ data: unknown; headers: Record<string, string | undefined> }> {
  return jsonOf(github.request(route, { ...parameters, ...UNPARSED_BODY }));
}
