/**
 * When a failed GitHub request is worth repeating, and after how long. Pure: client.ts applies it around each
 * request, one request at a time.
 *
 * GitHub's guidance (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api and
 * .../rate-limits-for-the-rest-api#exceeding-the-rate-limit): make requests serially, not concurrently; on a rate
 * limit, wait for `retry-after` seconds if it is given, else until `x-ratelimit-reset` when
 * `x-ratelimit-remaining` is 0, else at least a minute. A refresh asks one thing at a time, so the serial part is
 * the caller's; this is the waiting part, and bounded retries of server errors. It replaces the throttling and
 * retry plugins, whose queues (a scheduler created per request) cost more CPU than the rest of a quiet refresh.
 */
export interface RetryPolicy {
  /** Milliseconds per second of `retry-after` and per backoff step (1000; lowered in tests). */
  baseMs: number;
  /** A rate limit that lifts later than this many seconds is not waited for: the next refresh catches up. */
  maxWaitSeconds: number;
  /** Repeats of a request that failed with a server error (or no answer). */
  serverRetries: number;
}

export interface FailedRequest {
  /** The HTTP status; Octokit gives 500 to a request that got no answer at all. */
  status?: number;
  message?: string;
  headers?: Record<string, string | undefined>;
}

// Statuses a repeat cannot change (the request or its token is wrong); 403 and 429 are rate limits when GitHub
// says so, handled apart.
const FINAL = new Set([304, 400, 401, 403, 404, 410, 422, 451]);
const RATE_LIMIT_RETRIES = 1;
const SECONDARY_LIMIT_WAIT_SECONDS = 60;

/** Milliseconds to wait before repeating the request for the `attempt`-th time (1 = the first repeat), or null. */
export function retryWaitMs(failure: FailedRequest, attempt: number, policy: RetryPolicy, now: number): number | null {
  const limitSeconds = rateLimitWaitSeconds(failure, now);
  if (limitSeconds !== null)
    return attempt <= RATE_LIMIT_RETRIES && limitSeconds <= policy.maxWaitSeconds ? limitSeconds * policy.baseMs : null;
  const status = failure.status;
  if (status === undefined || status < 400 || FINAL.has(status) || attempt > policy.serverRetries) return null;
  return attempt * attempt * policy.baseMs; // 1 s, then 4 s
}

/** Seconds GitHub asks to wait when the failure is a rate limit, or null when it is none. */
function rateLimitWaitSeconds(failure: FailedRequest, now: number): number | null {
  if (failure.status !== 403 && failure.status !== 429) return null;
  const headers = failure.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter)) return Math.max(0, retryAfter);
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    // One second past the reset, so that the repeat comes after it.
    return Number.isFinite(reset) ? Math.max(0, Math.ceil(reset - now / 1000) + 1) : null;
  }
  if (failure.status === 429 || /secondary rate limit/i.test(failure.message ?? '')) return SECONDARY_LIMIT_WAIT_SECONDS;
  return null; // a 403 that is no rate limit: no push access, a repeat cannot help
}
