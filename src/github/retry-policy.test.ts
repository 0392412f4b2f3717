import { describe, expect, it } from 'vitest';
import { retryWaitMs, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { baseMs: 1000, maxWaitSeconds: 60, serverRetries: 2 };
const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('retryWaitMs', () => {
  it('repeats a server error, or a request that got no answer, twice: after 1 s, then 4 s', () => {
    for (const status of [500, 502, 503]) {
      expect([1, 2, 3].map((attempt) => retryWaitMs({ status }, attempt, policy, NOW))).toEqual([1000, 4000, null]);
    }
  });

  it('never repeats what a repeat cannot change', () => {
    for (const status of [304, 400, 401, 404, 410, 422, 451]) expect(retryWaitMs({ status }, 1, policy, NOW)).toBeNull();
    expect(retryWaitMs({ status: 403, message: 'Must have push access to repository' }, 1, policy, NOW)).toBeNull();
    expect(retryWaitMs({}, 1, policy, NOW)).toBeNull();
  });

  it("waits once for as long as GitHub's retry-after says, when that is short enough", () => {
    expect(retryWaitMs({ status: 429, headers: { 'retry-after': '2' } }, 1, policy, NOW)).toBe(2000);
    expect(retryWaitMs({ status: 403, headers: { 'retry-after': '30' } }, 1, policy, NOW)).toBe(30_000);
    expect(retryWaitMs({ status: 429, headers: { 'retry-after': '2' } }, 2, policy, NOW)).toBeNull();
    expect(retryWaitMs({ status: 429, headers: { 'retry-after': '600' } }, 1, policy, NOW)).toBeNull();
  });

  it('waits until one second past x-ratelimit-reset when no requests remain', () => {
    const reset = String(NOW / 1000 + 20);
    expect(retryWaitMs({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } }, 1, policy, NOW)).toBe(
      21_000,
    );
    const later = String(NOW / 1000 + 3600);
    expect(retryWaitMs({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': later } }, 1, policy, NOW)).toBeNull();
  });

  it('waits a minute for a secondary rate limit that gives no time, as GitHub advises', () => {
    const secondary = { status: 403, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' };
    expect(retryWaitMs(secondary, 1, policy, NOW)).toBe(60_000);
    expect(retryWaitMs({ status: 429 }, 1, policy, NOW)).toBe(60_000);
    expect(retryWaitMs(secondary, 1, { ...policy, maxWaitSeconds: 30 }, NOW)).toBeNull();
  });
});
