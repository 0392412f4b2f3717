import { describe, expect, it } from 'vitest';
import { utcDay } from '../src/dates';
import type { LinkAnswer, LinksAnswer } from '../src/report/responses';
import { TEST_REPORT_TOKEN } from './constants';
import { BOT_UA, BROWSER_UA, counterOf, fetchWorker, ORIGIN } from './worker';

const OWNER = 'link-co';
const REPOS = { REPOS: `${OWNER}/*`, PUBLIC_URL: ORIGIN };
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };

function register(body: unknown) {
  return fetchWorker(
    '/report/links',
    {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
    REPOS,
  );
}

function click(path: string, headers: Record<string, string> = {}) {
  return fetchWorker(path, { redirect: 'manual', headers: { 'user-agent': BROWSER_UA, ...headers } }, REPOS);
}

describe('tracked README links', () => {
  it('registers a link, redirects to it with a 302 that is not cached, and counts readers’ clicks exactly', async () => {
    const registered = await register({ repo: `${OWNER}/rocket`, name: 'Docs', destination: 'https://example.com/docs?x=1' });
    expect(registered.status).toBe(201);
    expect(await registered.json<LinkAnswer>()).toMatchObject({
      repo: `${OWNER}/rocket`,
      link: {
        name: 'docs',
        destination: 'https://example.com/docs?x=1',
        url: `${ORIGIN}/l/${OWNER}/rocket/docs`,
        markdown: `[docs](${ORIGIN}/l/${OWNER}/rocket/docs)`,
      },
      replaced: null,
    });
    const first = await click(`/l/${OWNER}/rocket/docs?v=v2`, { referer: 'https://github.com/', 'cf-connecting-ip': '203.0.113.7' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('https://example.com/docs?x=1');
    expect(first.headers.get('cache-control')).toBe('no-store');
    // The same reader again, another reader without a version, a bot, a prefetch and a HEAD: two clicks more, one counted reader more.
    await click(`/l/${OWNER}/rocket/docs?v=v2`, { referer: 'https://github.com/', 'cf-connecting-ip': '203.0.113.7' });
    await click(`/l/${OWNER}/rocket/DOCS`, { 'cf-connecting-ip': '198.51.100.2' });
    expect((await click(`/l/${OWNER}/rocket/docs`, { 'user-agent': BOT_UA })).status).toBe(302);
    expect((await click(`/l/${OWNER}/rocket/docs`, { 'sec-purpose': 'prefetch' })).status).toBe(302);
    expect((await fetchWorker(`/l/${OWNER}/rocket/docs`, { method: 'HEAD', redirect: 'manual' }, REPOS)).status).toBe(302);
    const today = utcDay(Date.now());
    const days = await counterOf(OWNER, 'rocket').days(today, today);
    expect(days.clicks).toEqual([
      { day: today, name: 'docs', version: '', referrer: '', clicks: 1 },
      { day: today, name: 'docs', version: 'v2', referrer: 'github.com', clicks: 2 },
    ]);
    expect(days.clickers).toEqual([{ day: today, clickers: 2 }]);
    const listed = await (await fetchWorker(`/report/links/${OWNER}/rocket`, { headers: auth }, REPOS)).json<LinksAnswer>();
    expect(listed.links.map((link) => link.name)).toEqual(['docs']);
  });

  it('never redirects to a link nobody registered, and refuses hostile names and destinations, storing nothing', async () => {
    const unknown = await click(`/l/${OWNER}/quiet/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('location')).toBeNull();
    expect(await unknown.text()).toContain('has no link named');
    const hostile: Array<[unknown, number, string]> = [
      ['javascript:alert(1)', 400, 'https:// or http://'],
      ['data:text/html,<script>1</script>', 400, 'https:// or http://'],
      ['//evil.example/x', 400, 'absolute URL'],
      [`https://example.com/${'a'.repeat(10_000)}`, 413, 'larger than'],
      ['https://gіthub.com/', 400, 'plain ASCII'],
      ['https://user:pass@example.com/', 400, 'user name or password'],
      ['https:/example.com', 400, 'name a host'],
      [42, 400, 'must be a URL'],
    ];
    for (const [destination, status, message] of hostile) {
      const response = await register({ repo: `${OWNER}/quiet`, name: 'docs', destination });
      expect(response.status, String(destination)).toBe(status);
      expect((await response.json<{ error: string }>()).error).toContain(message);
    }
    for (const name of ['', 'a/b', 'dоcs', 'x'.repeat(65), '-lead']) {
      const response = await register({ repo: `${OWNER}/quiet`, name, destination: 'https://example.com/' });
      expect(response.status, name).toBe(400);
    }
    expect(await counterOf(OWNER, 'quiet').links()).toEqual([]);
    expect((await click(`/l/${OWNER}/quiet/${encodeURIComponent('dоcs')}`)).status).toBe(400);
    expect((await click(`/l/${OWNER}/quiet/docs?v=${encodeURIComponent('<x>')}`)).status).toBe(400);
    expect((await fetchWorker('/report/links', { method: 'POST', body: '{}' }, REPOS)).status).toBe(401);
  });

  it('points a name at a new destination, and removes it: then it answers 404', async () => {
    await register({ repo: `${OWNER}/moving`, name: 'install', destination: 'https://example.com/old' });
    const moved = await register({ repo: `${OWNER}/moving`, name: 'install', destination: 'https://example.com/new' });
    expect(moved.status).toBe(200);
    expect((await moved.json<LinkAnswer>()).replaced?.destination).toBe('https://example.com/old');
    expect((await click(`/l/${OWNER}/moving/install`)).headers.get('location')).toBe('https://example.com/new');
    const removed = await fetchWorker(`/report/links/${OWNER}/moving/install`, { method: 'DELETE', headers: auth }, REPOS);
    expect(removed.status).toBe(200);
    expect((await click(`/l/${OWNER}/moving/install`)).status).toBe(404);
    expect((await fetchWorker(`/report/links/${OWNER}/moving/install`, { method: 'DELETE', headers: auth }, REPOS)).status).toBe(404);
  });
});
