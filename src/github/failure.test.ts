import { describe, expect, it } from 'vitest';
import { describeFailure, GitHubFailure, rateLimitRemainingOf } from './failure';

/** An error shaped like Octokit's RequestError: a status and the response headers. */
const httpError = (status: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP ${status}`), { status, response: { headers } });

describe('describeFailure', () => {
  it.each([
    ['a bad token', httpError(401), 'auth', 401, /GitHub rejected GITHUB_TOKEN \(401\): the token was revoked or has expired/],
    [
      'a token without push access',
      httpError(403),
      'no-push-access',
      403,
      /traffic views \(403\): traffic needs a token with push access \(fine-grained: "Administration: read"/,
    ],
    [
      'the primary rate limit',
      httpError(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1773144000' }),
      'rate-limited',
      403,
      /rate limit was reached until 12:00 UTC/,
    ],
    ['a secondary rate limit', httpError(403, { 'retry-after': '30' }), 'rate-limited', 403, /reached for 30 s/],
    ['too many requests', httpError(429), 'rate-limited', 429, /next refresh will catch up/],
    ['a deleted repository', httpError(404), 'not-found', 404, /deleted or made private/],
    ['a repository gone for good', httpError(410), 'not-found', 410, /Check REPOS/],
    ['a server error', httpError(502), 'server', 502, /GitHub answered 502 to traffic views/],
    [
      'a timeout',
      Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
      'timeout',
      undefined,
      /did not answer traffic views in time/,
    ],
    ['malformed JSON', new SyntaxError('Unexpected token < in JSON'), 'malformed', undefined, /not the JSON expected/],
    ['no network', new TypeError('fetch failed'), 'network', undefined, /Could not reach GitHub for traffic views \(fetch failed\)/],
  ])('%s', (_name, error, kind, status, message) => {
    const failure = describeFailure(error, 'traffic views');
    expect(failure.kind).toBe(kind);
    expect(failure.status).toBe(status);
    expect(failure.message).toMatch(message);
  });

  it('keeps a GitHubFailure as it is', () => {
    const failure = new GitHubFailure('malformed', 'Already described.');
    expect(describeFailure(failure, 'anything')).toBe(failure);
  });

  it('never puts the token into a message', () => {
    const token = 'ghp_secretSecretSecret0123456789';
    const failure = describeFailure(
      Object.assign(new Error(`request to https://x-access-token:${token}@api.github.com failed`), { status: 401 }),
      'the repository',
    );
    expect(failure.message).not.toContain(token);
  });
});

describe('rateLimitRemainingOf', () => {
  it.each([
    ['a response with the header', httpError(403, { 'x-ratelimit-remaining': '42' }), 42],
    ['a response without it', httpError(500), null],
    ['no response at all', new TypeError('fetch failed'), null],
    ['a described failure', Object.assign(new GitHubFailure('server', 'x'), { rateLimitRemaining: 7 }), 7],
  ])('%s: %s', (_name, error, remaining) => {
    expect(rateLimitRemainingOf(error)).toBe(remaining);
  });
});
