import { describe, expect, it, vi } from 'vitest';
import { CAMO_UA, fetchWorker } from './worker';

async function problems(bindings: Record<string, unknown>): Promise<{ status: number; problems: string[] }> {
  const response = await fetchWorker('/health', undefined, bindings as Partial<Env>);
  const body = (await response.json()) as { problems?: string[] };
  return { status: response.status, problems: body.problems ?? [] };
}

describe('configuration problems: GET /health says what to fix', () => {
  it.each([
    [
      { GITHUB_API_URL: 'ftp://example.com' },
      'GITHUB_API_URL must be an http(s) URL such as https://api.github.com; it is "ftp://example.com".',
    ],
    [{ GITHUB_API_URL: 'not a url' }, 'GITHUB_API_URL must be an http(s) URL such as https://api.github.com; it is "not a url".'],
    [{ REFRESH_INTERVAL_HOURS: '0' }, 'REFRESH_INTERVAL_HOURS must be a whole number from 1 to 168; it is "0".'],
    [{ REFRESH_INTERVAL_HOURS: 'daily' }, 'REFRESH_INTERVAL_HOURS must be a whole number from 1 to 168; it is "daily".'],
    [{ COLLECTOR_GITHUB_REQUESTS_PER_RUN: '3' }, 'COLLECTOR_GITHUB_REQUESTS_PER_RUN must be a whole number from 6 to 1000; it is "3".'],
    [{ INCLUDE_FORKS: 'yes' }, 'INCLUDE_FORKS must be "true" or "false"; it is "yes".'],
    [{ PUBLIC_REPORT: '1' }, 'PUBLIC_REPORT must be "true" or "false"; it is "1".'],
    [
      { CF_ACCOUNT_ID: 'abc', CF_API_TOKEN: 'cf-secret-token' },
      'CF_ACCOUNT_ID must be the 32-character account ID shown in the Cloudflare dashboard; it is "abc".',
    ],
    [{ CF_API_TOKEN: 'cf-secret-token' }, 'Impression breakdowns need both CF_ACCOUNT_ID and CF_API_TOKEN; only one of them is set.'],
    [
      { COUNTER: undefined },
      'binding COUNTER (Durable Object) is missing: add the [[durable_objects.bindings]] entry and its migration of the README to wrangler.toml.',
    ],
    [
      { EVENTS: undefined },
      'binding EVENTS (Analytics Engine) is missing: add the [[analytics_engine_datasets]] entry of the README to wrangler.toml.',
    ],
    [
      { REPORTS: undefined },
      'binding REPORTS (KV namespace) is missing: create it with `wrangler kv namespace create REPORTS` and add its [[kv_namespaces]] entry to wrangler.toml.',
    ],
    [
      { REPOS: 'acme/rocket, a/b/c' },
      'REPOS: "a/b/c" is not an "owner/repo" or "owner/*" entry GitHub would allow; fix the entry in wrangler.toml [vars] or the dashboard.',
    ],
  ])('%j', async (bindings, problem) => {
    const result = await problems(bindings);
    expect(result.status).toBe(503);
    expect(result.problems).toEqual([problem]);
    expect(JSON.stringify(result)).not.toContain('cf-secret-token');
  });

  it('lists every problem at once', async () => {
    expect((await problems({ INCLUDE_FORKS: 'maybe', REFRESH_INTERVAL_HOURS: '999', COUNTER: undefined })).problems).toHaveLength(3);
  });

  it('the pixel still serves images, and logs each store it could not write', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await fetchWorker('/p/acme/rocket.gif', { headers: { 'user-agent': CAMO_UA } }, {
      COUNTER: undefined,
      EVENTS: undefined,
    } as Partial<Env>);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    const badge = await fetchWorker('/badge/acme/rocket.svg', { headers: { 'user-agent': CAMO_UA } }, {
      COUNTER: undefined,
    } as Partial<Env>);
    expect(badge.status).toBe(200);
    expect(await badge.text()).toContain('unavailable');
    expect(errors.mock.calls.map((call) => (JSON.parse(String(call[0])) as { message: string }).message)).toEqual([
      'analytics engine write failed',
      'counter write failed',
      'counter write failed',
    ]);
    errors.mockRestore();
  });
});
