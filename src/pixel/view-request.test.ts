import { describe, expect, it } from 'vitest';
import { parseRepoList } from '../repos';
import { parsePage, parseViewRequest, referrerHost, type ViewRequest } from './view-request';

const tracked = parseRepoList('acme/rocket, whole-org/*').patterns;
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const NOW = Date.UTC(2026, 10, 25, 12, 30);

function makeViewRequest(overrides: Partial<Omit<ViewRequest, 'headers'>> & { headers?: Record<string, string> } = {}): ViewRequest {
  const { headers, ...rest } = overrides;
  return {
    url: 'https://impressions.example/p/acme/rocket.gif',
    owner: 'acme',
    repo: 'rocket',
    page: undefined,
    readCf: () => ({ country: 'DE', colo: 'FRA' }),
    now: NOW,
    ...rest,
    headers: new Headers({ 'user-agent': CHROME, 'cf-connecting-ip': '203.0.113.7', ...headers }),
  };
}

describe('parseViewRequest', () => {
  it('describes a browser view with nothing identifying in the event', () => {
    const result = parseViewRequest(makeViewRequest({ headers: { referer: 'https://example.org/some/private/path?q=1' } }), tracked);
    expect(result).toEqual({
      ok: true,
      event: {
        owner: 'acme',
        repo: 'rocket',
        page: 'readme',
        version: null,
        source: 'browser',
        referrerHost: 'example.org',
        country: 'DE',
        colo: 'FRA',
        userAgentFamily: 'chrome',
        bot: false,
        day: '2026-11-25',
        hour: '2026-11-25T12',
      },
      visitor: `203.0.113.7\n${CHROME}`,
    });
  });

  it.each([
    ['camo', { 'user-agent': 'github-camo (876de43e)' }],
    ['a bot', { 'user-agent': 'Googlebot/2.1' }],
    ['DNT: 1', { dnt: '1' }],
    ['Sec-GPC: 1', { 'sec-gpc': '1' }],
  ])('%s counts as a view but never as a visitor', (_name, headers) => {
    const result = parseViewRequest(makeViewRequest({ headers }), tracked);
    expect(result.ok && result.visitor).toBeNull();
  });

  it('ignores a Referer passed on by an image proxy', () => {
    const result = parseViewRequest(
      makeViewRequest({ headers: { 'user-agent': 'YahooMailProxy; https://help.yahoo.com', referer: 'https://mail.example/inbox/42' } }),
      tracked,
    );
    expect(result.ok && result.event.referrerHost).toBe('');
  });

  it('has no visitor without a client IP', () => {
    const request = makeViewRequest();
    request.headers.delete('cf-connecting-ip');
    const result = parseViewRequest(request, tracked);
    expect(result.ok && result.visitor).toBeNull();
  });

  it.each([
    [{ owner: 'acme', repo: 'unknown' }, 404, 'repository not tracked'],
    [{ owner: 'ac_me', repo: 'rocket' }, 404, 'not a valid GitHub repository name'],
    [{ owner: 'acme', repo: '..' }, 404, 'not a valid GitHub repository name'],
    [{ page: '../etc' }, 400, 'invalid page label'],
    [{ page: 'a'.repeat(65) }, 400, 'invalid page label'],
    [{ url: `https://impressions.example/p/acme/rocket.gif?x=${'a'.repeat(2100)}` }, 414, 'URL too long'],
  ])('refuses %j with %i', (overrides, status, reason) => {
    expect(parseViewRequest(makeViewRequest(overrides), tracked)).toEqual({ ok: false, status, reason });
  });

  it('ignores malformed cf values', () => {
    const result = parseViewRequest(makeViewRequest({ readCf: () => ({ country: '<b>', colo: 42 }) }), tracked);
    expect(result.ok && [result.event.country, result.event.colo]).toEqual(['', '']);
  });

  it.each([
    ['github-camo (876de43e)', 'github-camo', ''],
    ['Mozilla/5.0 (via ggpht.com GoogleImageProxy)', 'image-proxy', ''],
    [CHROME, 'browser', 'DE'],
    ['Googlebot/2.1', 'bot', 'DE'],
  ])('records a location only when the client is the viewer: %s', (userAgent, source, country) => {
    let cfReads = 0;
    const readCf = () => {
      cfReads++;
      return { country: 'DE', colo: 'FRA' };
    };
    const result = parseViewRequest(makeViewRequest({ headers: { 'user-agent': userAgent }, readCf }), tracked);
    expect(result.ok && [result.event.source, result.event.country]).toEqual([source, country]);
    expect(cfReads).toBe(country === '' ? 0 : 1);
  });

  it('leaves out the location Cloudflare gives a proxy’s request, which is the proxy’s own', () => {
    const headers = { 'user-agent': 'github-camo (876de43e)', 'cf-ipcountry': 'US', 'cf-ray': '8e1f2a3b4c5d6e7f-IAD' };
    const result = parseViewRequest(makeViewRequest({ headers }), tracked);
    expect(result.ok && [result.event.country, result.event.colo]).toEqual(['', '']);
  });

  it('takes a browser view’s location from Cloudflare’s headers when they carry it', () => {
    const headers = { 'cf-ipcountry': 'BR', 'cf-ray': '8e1f2a3b4c5d6e7f-GRU' };
    const result = parseViewRequest(makeViewRequest({ headers, readCf: () => ({ country: 'DE', colo: 'FRA' }) }), tracked);
    expect(result.ok && [result.event.country, result.event.colo]).toEqual(['BR', 'GRU']);
  });
});

describe('parsePage', () => {
  it.each([
    [undefined, 'readme'],
    ['', 'readme'],
    ['Docs/Install', 'docs/install'],
    ['v2.0_notes', 'v2.0_notes'],
    ['/lead', null],
    ['trail/', null],
    ['a//b', null],
    ['../x', null],
    ['with space', null],
    ['ünï', null],
  ])('%j → %j', (value, page) => expect(parsePage(value)).toBe(page));
});

describe('referrerHost', () => {
  it.each([
    [null, ''],
    ['https://GitHub.com/acme/rocket', 'github.com'],
    ['http://localhost:8080/x', 'localhost'],
    ['javascript:alert(1)', ''],
    ['not a url', ''],
  ])('%j → %j', (referer, host) => expect(referrerHost(referer)).toBe(host));
});

describe('?v= version labels', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['V7', 'v7'],
    ['2026-09-demo-gif', '2026-09-demo-gif'],
  ])('%j → %j', (version, label) => {
    const parsed = parseViewRequest(makeViewRequest({ version }), tracked);
    expect(parsed.ok && parsed.event.version).toBe(label);
  });

  it.each(['-v1', 'v 1', 'a'.repeat(33), 'v1/2'])('refuses %j with a 400 and records nothing', (version) => {
    expect(parseViewRequest(makeViewRequest({ version }), tracked)).toEqual({ ok: false, status: 400, reason: 'invalid version label' });
  });
});
