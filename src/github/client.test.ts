import { describe, expect, it } from 'vitest';
import { githubApiUrl, makeStandInRepo, requestsFor, setScenario } from '../../test/github/scenario';
import { createGitHubClient, lazyGitHubClient } from './client';

const TOKEN = 'ghp_standInToken0123456789';

describe('createGitHubClient', () => {
  it('counts its requests, and keeps the retries of each request its own', async () => {
    await setScenario('client-retries', {
      today: '2026-03-01',
      token: TOKEN,
      repos: ['a', 'b'].map((name) => makeStandInRepo(name, { faults: { repo: { kind: 'status', status: 502 } } })),
    });
    const github = createGitHubClient({ baseUrl: githubApiUrl, token: TOKEN, retryBaseMs: 1 });
    for (const repo of ['a', 'b'])
      await github.request('GET /repos/{owner}/{repo}', { owner: 'client-retries', repo }).catch(() => undefined);
    // Two repeats each, then the failure: each request repeats on its own count.
    expect((await requestsFor('client-retries')).map((request) => request.path)).toEqual([
      '/repos/client-retries/a',
      '/repos/client-retries/a',
      '/repos/client-retries/a',
      '/repos/client-retries/b',
      '/repos/client-retries/b',
      '/repos/client-retries/b',
    ]);
    expect(github.usage.requests).toBe(2);
    expect(github.usage.rateLimitRemaining).toEqual(expect.any(Number));
  });
});

describe('lazyGitHubClient', () => {
  it('asks nothing until used, then counts what it asks in the usage read before', async () => {
    await setScenario('client-lazy', { today: '2026-03-01', token: TOKEN, repos: [makeStandInRepo('a')] });
    const github = lazyGitHubClient({ baseUrl: githubApiUrl, token: TOKEN });
    const usage = github.usage;
    expect(usage.requests).toBe(0);
    expect(await requestsFor('client-lazy')).toEqual([]);
    const { data } = await github.rest.repos.get({ owner: 'client-lazy', repo: 'a' });
    expect(data.full_name).toBe('client-lazy/a');
    expect(usage.requests).toBe(1);
    expect(github.usage).toBe(usage);
    expect(usage.rateLimitRemaining).toEqual(expect.any(Number));
  });
});
