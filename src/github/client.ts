import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { rateLimitRemainingOf } from './failure';

// @octokit/core with only the plugins used (requests by route, pagination, throttling, retries): @octokit/rest's
// generated endpoint methods would add ~13 KiB gzipped to the bundle for nothing.
const GitHubOctokit = Octokit.plugin(paginateRest, throttling, retry);

/** What this client has used of GitHub: for the run's budget and its log line. */
export interface GitHubUsage {
  /** Requests made; a retry of one is not counted again (the retry plugin repeats it inside). */
  requests: number;
  /** GitHub's `x-ratelimit-remaining` after the last answer, or null before GitHub gave one. */
  rateLimitRemaining: number | null;
}

export type GitHubClient = InstanceType<typeof GitHubOctokit> & { readonly usage: GitHubUsage };

export interface GitHubClientOptions {
  baseUrl: string;
  token: string | undefined;
  /** Milliseconds per second of `retry-after` and per backoff step; lowered in tests. */
  retryBaseMs?: number;
  /** A rate limit that resets later than this is not waited for: the next refresh catches up. */
  maxRateLimitWaitSeconds?: number;
  /** Per request. */
  timeoutMs?: number;
}

/**
 * An Octokit with GitHub's recommended throttling and bounded retries. Built per invocation, never at module
 * scope: the throttling plugin's timers cannot be created outside a request on Workers.
 */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const maxWait = options.maxRateLimitWaitSeconds ?? 60;
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Retry once when GitHub says how long to wait and the wait is short; otherwise give up and report it.
  const retryOnce = (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number) => retryCount < 1 && retryAfter <= maxWait;
  const octokit = new GitHubOctokit({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    auth: options.token,
    userAgent: 'repo-impressions',
    request: { fetch: fetchWithTimeout(timeoutMs) },
    throttle: { onRateLimit: retryOnce, onSecondaryRateLimit: retryOnce, retryAfterBaseValue: retryBaseMs },
    retry: { retries: 2, retryAfterBaseValue: retryBaseMs },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  return Object.assign(octokit, { usage: countUsage(octokit) });
}

function countUsage(octokit: InstanceType<typeof GitHubOctokit>): GitHubUsage {
  const usage: GitHubUsage = { requests: 0, rateLimitRemaining: null };
  octokit.hook.before('request', (options) => {
    usage.requests++;
    // @octokit/plugin-retry counts a request's retries in `options.request.retryCount`, and that object is the
    // client's shared default: the count leaked into every later request of the run, so each waited longer
    // (1 s, then 9 s and 16 s instead of 1 s and 4 s). Each request gets its own copy, counting from zero.
    const { retryCount: _leaked, ...request } = options.request ?? {};
    options.request = request;
  });
  octokit.hook.after('request', (response) => {
    const remaining = Number(response.headers['x-ratelimit-remaining']);
    if (Number.isFinite(remaining)) usage.rateLimitRemaining = remaining;
  });
  // Octokit throws on 304 Not Modified too, so most answers of a quiet day only come through here.
  octokit.hook.error('request', (error) => {
    usage.rateLimitRemaining = rateLimitRemainingOf(error) ?? usage.rateLimitRemaining;
    throw error;
  });
  return usage;
}

function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

/**
 * A request whose JSON answer is parsed with the runtime's own JSON.parse. Octokit parses answers with a reviver
 * that keeps big integers exact (json-with-bigint): several times slower, for numbers GitHub's traffic, counts and
 * star history never come near (all below 2^53). On a Worker's CPU budget that difference is most of a refresh's
 * parsing.
 */
export async function requestJson(github: GitHubClient, route: string, parameters: Record<string, unknown>): Promise<{ data: unknown; headers: Record<string, string | undefined> }> {
  const response = await github.request(route, { ...parameters, request: { parseSuccessResponseBody: false } });
  const body = response.data as ReadableStream<Uint8Array> | null;
  const text = body === null ? '' : await new Response(body).text();
  return { data: text === '' ? null : (JSON.parse(text) as unknown), headers: response.headers as Record<string, string | undefined> };
}
