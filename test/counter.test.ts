import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CounterHit } from '../src/views';
import { nextUtcMidnight, utcDay } from '../src/dates';
import { sha256Hex } from '../src/hash';
import { BOT_UA, BROWSER_UA, CAMO_UA, counterOf, fetchWorker } from './worker';

const PAGES = ['readme', 'docs/install', 'docs/api'] as const;
const SOURCES = [
  ['github-camo', CAMO_UA],
  ['browser', BROWSER_UA],
  ['bot', BOT_UA],
  ['image-proxy', 'Mozilla/5.0 (via ggpht.com GoogleImageProxy)'],
  ['unknown', ''],
] as const;

describe('exact counts under concurrency', () => {
  it('counts 600 concurrent views spread over pages and source classes without losing one', async () => {
    const requests = Array.from({ length: 600 }, (_, i) => ({
      page: PAGES[i % PAGES.length] ?? 'readme',
      source: SOURCES[(i * 7) % SOURCES.length] ?? SOURCES[0],
      ip: `198.51.100.${i % 50}`,
    }));
    const expected = new Map<string, number>();
    for (const { page, source } of requests) {
      const key = `${page}|${source[0]}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }

    const responses = await Promise.all(
      requests.map(({ page, source, ip }) =>
        fetchWorker(`/p/whole-org/busy.gif?page=${page}`, { headers: { 'user-agent': source[1], 'cf-connecting-ip': ip } }),
      ),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);

    const counter = counterOf('whole-org', 'busy');
    const stored = new Map((await counter.dailyViews()).map((row) => [`${row.page}|${row.source}`, row.views]));
    expect(stored).toEqual(expected);
    const bots = [...expected].filter(([key]) => key.endsWith('|bot')).reduce((sum, [, n]) => sum + n, 0);
    expect(bots).toBeGreaterThan(0);
    expect(await counter.count(null)).toBe(600 - bots);
    // Browsers and "unknown" clients show their own IP; each distinct IP + user agent is one visitor.
    const visitors = new Set(
      requests.filter(({ source }) => source[0] === 'browser' || source[0] === 'unknown').map(({ source, ip }) => `${ip}|${source[1]}`),
    );
    expect(visitors.size).toBe(20);
    expect((await counter.dailyVisitors())[0]?.visitors).toBe(visitors.size);
  });
});

describe('write coalescing', () => {
  it('sends concurrent views to the counter in a few batched calls, alike views as one hit, each view counted once', async () => {
    let calls = 0;
    const sent: CounterHit[] = [];
    const countingNamespace = {
      idFromName: (name: string) => env.COUNTER.idFromName(name),
      get: (id: DurableObjectId) => {
        const stub = env.COUNTER.get(id);
        return {
          recordMany: (hits: CounterHit[]) => {
            calls++;
            sent.push(...hits);
            return stub.recordMany(hits);
          },
        };
      },
    } as unknown as Env['COUNTER'];

    await Promise.all(
      Array.from({ length: 600 }, (_, i) =>
        fetchWorker(
          `/p/whole-org/${i % 2 ? 'batch-a' : 'batch-b'}.gif`,
          { headers: { 'user-agent': CAMO_UA } },
          { COUNTER: countingNamespace },
        ),
      ),
    );
    expect(await counterOf('whole-org', 'batch-a').count(null)).toBe(300);
    expect(await counterOf('whole-org', 'batch-b').count(null)).toBe(300);
    expect(calls).toBeGreaterThanOrEqual(2); // at least one call per repository
    expect(calls).toBeLessThan(60);
    // Through camo every view of a repository on a day is alike: each call carries one hit with a count.
    expect(sent).toHaveLength(calls);
    expect(sent.reduce((sum, hit) => sum + (hit.views ?? 1), 0)).toBe(600);
  });
});

describe('unique visitors', () => {
  afterEach(() => vi.useRealTimers());

  const view = (repo: string, headers: Record<string, string>) =>
    fetchWorker(`/p/whole-org/${repo}.gif`, { headers: { 'user-agent': BROWSER_UA, ...headers } });

  it('same IP and user agent on the same day is one visitor; another IP or user agent is another', async () => {
    await view('uniq-a', { 'cf-connecting-ip': '203.0.113.1' });
    await view('uniq-a', { 'cf-connecting-ip': '203.0.113.1' });
    await view('uniq-a', { 'cf-connecting-ip': '203.0.113.2' });
    await view('uniq-a', { 'cf-connecting-ip': '203.0.113.1', 'user-agent': `${BROWSER_UA} Edg/131.0` });
    const counter = counterOf('whole-org', 'uniq-a');
    expect(await counter.count(null)).toBe(4);
    expect((await counter.dailyVisitors()).map((row) => row.visitors)).toEqual([3]);
  });

  it('views that share a batch in the Worker keep their visitors apart', async () => {
    const ips = ['203.0.113.21', '203.0.113.22', '203.0.113.21', '203.0.113.21', '203.0.113.22', '203.0.113.23'];
    await Promise.all(ips.map((ip) => view('uniq-concurrent', { 'cf-connecting-ip': ip })));
    const counter = counterOf('whole-org', 'uniq-concurrent');
    expect(await counter.count(null)).toBe(6);
    expect((await counter.dailyVisitors()).map((row) => row.visitors)).toEqual([3]);
  });

  it('several images from one viewer in one batch count as one visitor and every view', async () => {
    const counter = counterOf('whole-org', 'uniq-batch');
    const hit = (visitorKey: string, page = 'readme') => ({ day: '2026-01-10', page, source: 'browser' as const, visitorKey });
    await counter.recordMany([hit('viewer-1'), hit('viewer-1', 'docs'), hit('viewer-2'), hit('viewer-1')]);
    expect(await counter.count(null)).toBe(4);
    expect(await counter.dailyVisitors()).toEqual([{ day: '2026-01-10', visitors: 2 }]);
  });

  it('the same visitor on the next day is new again', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 0, 10, 23, 59));
    await view('uniq-b', { 'cf-connecting-ip': '203.0.113.9' });
    await view('uniq-b', { 'cf-connecting-ip': '203.0.113.9' });
    vi.setSystemTime(Date.UTC(2026, 0, 11, 0, 1));
    await view('uniq-b', { 'cf-connecting-ip': '203.0.113.9' });
    expect(await counterOf('whole-org', 'uniq-b').dailyVisitors()).toEqual([
      { day: '2026-01-10', visitors: 1 },
      { day: '2026-01-11', visitors: 1 },
    ]);
  });

  it.each([
    ['camo', { 'user-agent': CAMO_UA }],
    ['another image proxy', { 'user-agent': 'YahooMailProxy; https://help.yahoo.com' }],
    ['a bot', { 'user-agent': BOT_UA }],
    ['DNT: 1', { dnt: '1' }],
    ['Sec-GPC: 1', { 'sec-gpc': '1' }],
    ['no client IP', { 'cf-connecting-ip': '' }],
  ])('%s: a view, never a unique visitor', async (name, headers) => {
    const repo = `never-${name.replace(/\W+/g, '-').toLowerCase()}`;
    await view(repo, { 'cf-connecting-ip': '203.0.113.50', ...headers });
    const counter = counterOf('whole-org', repo);
    expect((await counter.dailyViews()).map((row) => row.views)).toEqual([1]);
    expect(await counter.dailyVisitors()).toEqual([]);
  });
});

describe('privacy of stored data', () => {
  afterEach(() => vi.useRealTimers());

  it('stores no IP, user agent or unsalted hash, and forgets the salt and hashes after the day', async () => {
    const ip = '192.0.2.77';
    const today = utcDay(Date.now());
    await fetchWorker('/p/whole-org/private.gif', { headers: { 'user-agent': BROWSER_UA, 'cf-connecting-ip': ip } });
    const unsalted = await sha256Hex(`${ip}\n${BROWSER_UA}`);
    const counter = counterOf('whole-org', 'private');

    const dump = () =>
      runInDurableObject(counter, (_instance, state) => {
        const tables = state.storage.sql
          .exec<{ name: string }>(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'",
          )
          .toArray()
          .map((row) => row.name);
        return Object.fromEntries(tables.map((table) => [table, state.storage.sql.exec(`SELECT * FROM ${table}`).toArray()]));
      });

    const during = await dump();
    const text = JSON.stringify(during);
    expect(text).not.toContain(ip);
    expect(text).not.toContain('Chrome');
    expect(text).not.toContain(unsalted);
    expect(during.daily_salt).toHaveLength(1);
    expect(during.daily_visitor_hashes).toHaveLength(1);

    // An alarm at the coming midnight forgets the salt and the hashes, even if no view comes the next day.
    const midnight = nextUtcMidnight(Date.now());
    expect(await runInDurableObject(counter, (_instance, state) => state.storage.getAlarm())).toBe(midnight);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(midnight + 60_000);
    expect(await runDurableObjectAlarm(counter)).toBe(true);
    const after = await dump();
    expect(after.daily_salt).toEqual([]);
    expect(after.daily_visitor_hashes).toEqual([]);
    expect(after.unique_visitors).toEqual([{ day: today, visitors: 1 }]);

    // A view for that day arriving late, from someone new: a view, but the forgotten salt is never made again.
    await counter.record({ day: today, page: 'readme', source: 'browser', visitorKey: 'late-visitor' });
    const late = await dump();
    expect(late.daily_salt).toEqual([]);
    expect(late.unique_visitors).toEqual([{ day: today, visitors: 1 }]);
  });

  it('a late view for a forgotten day counts as a view but not a visitor', async () => {
    const counter = counterOf('whole-org', 'late');
    await counter.record({ day: '2026-02-02', page: 'readme', source: 'browser', visitorKey: 'k1' });
    await counter.record({ day: '2026-02-01', page: 'readme', source: 'browser', visitorKey: 'k2' });
    expect(await counter.dailyViews()).toEqual([
      { day: '2026-02-01', page: 'readme', source: 'browser', views: 1 },
      { day: '2026-02-02', page: 'readme', source: 'browser', views: 1 },
    ]);
    expect(await counter.dailyVisitors()).toEqual([{ day: '2026-02-02', visitors: 1 }]);
  });
});

describe('importDailyViews', () => {
  it('merges by the larger value per day, page and source, so importing twice changes nothing', async () => {
    const counter = counterOf('whole-org', 'imported');
    await counter.record({ day: '2026-05-01', page: 'readme', source: 'github-camo', visitorKey: null });
    const rows = [
      { day: '2026-05-01', page: 'readme', source: 'github-camo' as const, views: 40 },
      { day: '2026-05-02', page: 'docs', source: 'browser' as const, views: 3 },
    ];
    await counter.importDailyViews(rows);
    await counter.importDailyViews(rows);
    await counter.importDailyViews([{ day: '2026-05-02', page: 'docs', source: 'browser', views: 1 }]);
    expect(await counter.dailyViews()).toEqual(rows);
  });
});
