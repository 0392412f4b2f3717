import { listDurableObjectIds } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { GifReader } from 'omggif';
import { describe, expect, it, vi } from 'vitest';
import { utcDay } from '../src/dates';
import { BROWSER_UA, CAMO_UA, counterOf, fetchWorker } from './worker';

function spyEvents() {
  const writeDataPoint = vi.fn();
  return { writeDataPoint, bindings: { EVENTS: { writeDataPoint } } };
}

async function expectNoCacheGif(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('image/gif');
  expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate, max-age=0');
  expect(response.headers.get('pragma')).toBe('no-cache');
  expect(Date.parse(response.headers.get('expires') ?? '')).toBeLessThan(Date.now());
  expect(response.headers.has('etag')).toBe(false);
  expect(response.headers.has('last-modified')).toBe(false);
  const gif = new GifReader(new Uint8Array(await response.arrayBuffer()));
  expect([gif.width, gif.height, gif.numFrames()]).toEqual([1, 1, 1]);
  const rgba = new Uint8Array(4);
  gif.decodeAndBlitFrameRGBA(0, rgba);
  expect(rgba[3]).toBe(0); // transparent
}

describe('GET /p/{owner}/{repo}.gif', () => {
  it('answers a transparent 1×1 GIF that camo and browsers must fetch every time', async () => {
    await expectNoCacheGif(await fetchWorker('/p/acme/rocket.gif', { headers: { 'user-agent': CAMO_UA } }), 200);
  });

  it('counts the view per day, page and source class', async () => {
    await fetchWorker('/p/acme/docs-site.gif?page=Docs/Install', { headers: { 'user-agent': CAMO_UA } });
    await fetchWorker('/p/ACME/Docs-Site.gif', { headers: { 'user-agent': BROWSER_UA } });
    await fetchWorker('/p/acme/docs-site.gif', { headers: { 'user-agent': BROWSER_UA } });
    const today = utcDay(Date.now());
    expect(await counterOf('acme', 'docs-site').dailyViews()).toEqual([
      { day: today, page: 'docs/install', source: 'github-camo', views: 1 },
      { day: today, page: 'readme', source: 'browser', views: 2 },
    ]);
  });

  it('writes exactly one Analytics Engine data point per view', async () => {
    const events = spyEvents();
    await fetchWorker(
      '/p/acme/rocket.gif?page=docs',
      { headers: { 'user-agent': BROWSER_UA, referer: 'https://news.example.com/item?id=1' }, cf: { country: 'NL', colo: 'AMS' } },
      events.bindings,
    );
    expect(events.writeDataPoint).toHaveBeenCalledTimes(1);
    expect(events.writeDataPoint).toHaveBeenCalledWith({
      indexes: ['acme/rocket'],
      blobs: ['acme', 'rocket', 'docs', 'browser', 'news.example.com', 'NL', 'AMS', 'chrome'],
      doubles: [1, 0],
    });
  });

  it('takes the location from CF-IPCountry and CF-Ray when Cloudflare adds them, request.cf otherwise', async () => {
    const events = spyEvents();
    const edgeHeaders = { 'cf-ipcountry': 'BR', 'cf-ray': '8e1f2a3b4c5d6e7f-GRU' };
    await fetchWorker(
      '/p/acme/rocket.gif',
      { headers: { 'user-agent': BROWSER_UA, ...edgeHeaders }, cf: { country: 'NL', colo: 'AMS' } },
      events.bindings,
    );
    await fetchWorker('/p/acme/rocket.gif', { headers: { 'user-agent': BROWSER_UA }, cf: { country: 'NL', colo: 'AMS' } }, events.bindings);
    expect(events.writeDataPoint.mock.calls.map(([point]) => point.blobs.slice(5, 7))).toEqual([
      ['BR', 'GRU'],
      ['NL', 'AMS'],
    ]);
  });

  it("records no location for a camo view: it would be GitHub's, not the viewer's", async () => {
    const events = spyEvents();
    await fetchWorker('/p/acme/rocket.gif', { headers: { 'user-agent': CAMO_UA }, cf: { country: 'US', colo: 'IAD' } }, events.bindings);
    expect(events.writeDataPoint).toHaveBeenCalledWith({
      indexes: ['acme/rocket'],
      blobs: ['acme', 'rocket', 'readme', 'github-camo', '', '', '', 'github-camo'],
      doubles: [1, 0],
    });
  });

  it('counts a profile README under owner/owner', async () => {
    await expectNoCacheGif(await fetchWorker('/p/octo-cat.gif', { headers: { 'user-agent': CAMO_UA } }), 200);
    expect(await counterOf('octo-cat', 'octo-cat').count(null)).toBe(1);
  });

  it('tracks every repository of an owner listed as owner/*', async () => {
    await fetchWorker('/p/whole-org/anything.gif', { headers: { 'user-agent': CAMO_UA } });
    expect(await counterOf('whole-org', 'anything').count(null)).toBe(1);
  });

  it('stores bots under their own class, outside impressions', async () => {
    await fetchWorker('/p/whole-org/bots.gif', { headers: { 'user-agent': 'Googlebot/2.1' } });
    const counter = counterOf('whole-org', 'bots');
    expect(await counter.dailyViews()).toEqual([{ day: utcDay(Date.now()), page: 'readme', source: 'bot', views: 1 }]);
    expect(await counter.count(null)).toBe(0);
  });

  it('answers HEAD without counting', async () => {
    const response = await fetchWorker('/p/whole-org/head-only.gif', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect(await counterOf('whole-org', 'head-only').count(null)).toBe(0);
  });
});

describe('bad pixel requests: a valid GIF, a 4xx, and nothing recorded', () => {
  it.each([
    ['untracked repository', '/p/acme/unknown.gif', 404],
    ['untracked owner', '/p/stranger/rocket.gif', 404],
    ['owner GitHub would refuse', '/p/ac_me/rocket.gif', 404],
    ['owner too long', `/p/${'o'.repeat(40)}/rocket.gif`, 404],
    ['repository "."', '/p/whole-org/..gif', 404],
    ['repository too long', `/p/whole-org/${'r'.repeat(101)}.gif`, 404],
    ['wrong extension', '/p/acme/rocket.png', 404],
    ['no extension', '/p/acme/rocket', 404],
    ['extra path segment', '/p/acme/rocket.gif/extra', 404],
    ['encoded slash in profile', '/p/acme%2Frocket.gif', 404],
    ['encoded slash in repo', '/p/whole-org/rocket%2F..%2Fx.gif', 404],
    ['encoded NUL', '/p/whole-org/rocket%00.gif', 404],
    ['malformed percent-encoding', '/p/whole-org/rock%E0%A4%A.gif', 404],
    ['non-ASCII owner', '/p/ówner/rocket.gif', 404],
    ['non-ASCII repository', '/p/whole-org/r%C3%B6cket.gif', 404],
    ['space in repository', '/p/whole-org/my%20repo.gif', 404],
    ['right-to-left override', '/p/whole-org/rocket%E2%80%AE.gif', 404],
    ['bad page label', '/p/acme/rocket.gif?page=../../etc/passwd', 400],
    ['page label with Unicode', '/p/acme/rocket.gif?page=%C3%BCber', 400],
    ['overlong path', `/p/acme/${'a'.repeat(3000)}.gif`, 414],
    ['overlong query', `/p/acme/rocket.gif?page=readme&x=${'q'.repeat(3000)}`, 414],
  ])('%s', async (_name, path, status) => {
    const events = spyEvents();
    const countersBefore = (await listDurableObjectIds(env.COUNTER)).length;
    await expectNoCacheGif(await fetchWorker(path, { headers: { 'user-agent': CAMO_UA } }, events.bindings), status);
    expect(events.writeDataPoint).not.toHaveBeenCalled();
    expect((await listDurableObjectIds(env.COUNTER)).length).toBe(countersBefore);
  });

  it('answers other methods with a 404 GIF and records nothing', async () => {
    const events = spyEvents();
    const response = await fetchWorker('/p/acme/rocket.gif', { method: 'POST', body: 'x' }, events.bindings);
    await expectNoCacheGif(response, 404);
    expect(events.writeDataPoint).not.toHaveBeenCalled();
  });
});
