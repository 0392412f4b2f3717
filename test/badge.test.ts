import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { addDays, utcDay } from '../src/dates';
import { CAMO_UA, counterOf, fetchWorker } from './worker';

const camo = { headers: { 'user-agent': CAMO_UA } };
const NOT_CACHED = 'no-cache, no-store, must-revalidate, max-age=0';

/** The badge's text as a screen reader gets it: `aria-label="label: message"`. */
async function badgeText(response: Response, cacheControl = NOT_CACHED): Promise<string> {
  expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
  expect(response.headers.get('cache-control')).toBe(cacheControl);
  expect(response.headers.has('etag')).toBe(false);
  const svg = await response.text();
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
  return /aria-label="([^"]*)"/.exec(svg)?.[1] ?? '';
}

async function seedViews(owner: string, repo: string, rows: Array<[day: string, source: string, views: number]>) {
  await runInDurableObject(counterOf(owner, repo), (_instance, state) => {
    for (const [day, source, views] of rows) {
      state.storage.sql.exec('INSERT INTO views (day, page, source, views) VALUES (?, ?, ?, ?)', day, 'readme', source, views);
    }
  });
}

describe('GET /badge/{owner}/{repo}.svg', () => {
  it('counts the view and shows the count including it', async () => {
    expect(await badgeText(await fetchWorker('/badge/whole-org/fresh.svg', camo))).toBe('views: 1');
    expect(await badgeText(await fetchWorker('/badge/whole-org/fresh.svg', camo))).toBe('views: 2');
    await fetchWorker('/p/whole-org/fresh.gif', camo);
    expect(await badgeText(await fetchWorker('/badge/whole-org/fresh.svg', camo))).toBe('views: 4');
  });

  it('shows day, week, month and total periods, abbreviated, without bots', async () => {
    const today = utcDay(Date.now());
    await seedViews('whole-org', 'periods', [
      [addDays(today, -40), 'github-camo', 1_000_000],
      [addDays(today, -20), 'github-camo', 200_000],
      [addDays(today, -3), 'browser', 30_000],
      [today, 'github-camo', 4_000],
      [today, 'bot', 999_999],
    ]);
    const text = async (period: string) => badgeText(await fetchWorker(`/badge/whole-org/periods.svg?period=${period}`, camo));
    expect(await text('day')).toBe('views: 4k'); // 4,000 + this view
    expect(await text('week')).toBe('views: 34k'); // 34,002
    expect(await text('month')).toBe('views: 234k'); // 234,003
    expect(await text('total')).toBe('views: 1.2M'); // 1,234,004
  });

  it('takes label, color and style', async () => {
    const response = await fetchWorker('/badge/whole-org/looks.svg?label=README%20views&color=%23ff8800&style=for-the-badge', camo);
    expect(response.status).toBe(200);
    expect(await badgeText(response)).toBe('README VIEWS: 1');
    expect(await counterOf('whole-org', 'looks').count(null)).toBe(1);
  });

  it('counts a profile README badge under owner/owner', async () => {
    expect(await badgeText(await fetchWorker('/badge/octo-cat.svg', camo))).toBe('views: 1');
  });

  it('answers HEAD without counting', async () => {
    const response = await fetchWorker('/badge/whole-org/head.svg', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await counterOf('whole-org', 'head').count(null)).toBe(0);
  });

  it.each([
    ['untracked', '/badge/acme/unknown.svg', 404, 'views: not tracked'],
    ['invalid name', '/badge/whole-org/bad%20name.svg', 404, 'views: not tracked'],
    // A tracked repository with a malformed ?page= or ?v= says what to fix, not "not tracked".
    ['bad page', '/badge/whole-org/bad-page.svg?page=..', 400, 'views: bad page'],
    ['bad version label', '/badge/whole-org/bad-v.svg?v=Not%20A%20Label', 400, 'views: bad v'],
    ['bad period', '/badge/whole-org/bad-period.svg?period=year', 400, 'views: period must be day|week|month|total'],
    ['bad style', '/badge/whole-org/bad-style.svg?style=3d', 400, 'views: style must be flat|flat-square|for-the-badge|plastic'],
    ['bad extension', '/badge/whole-org/bad-ext.png', 404, 'views: not tracked'],
    ['extra segment', '/badge/whole-org/x/y.svg', 404, 'views: not found'],
  ])('%s: a valid grey badge with a 4xx, and no view counted', async (_name, path, status, text) => {
    const response = await fetchWorker(path, camo);
    expect(response.status).toBe(status);
    expect(await badgeText(response)).toBe(text);
    const repo = /whole-org\/([\w-]+)/.exec(path)?.[1];
    if (repo) expect(await counterOf('whole-org', repo).count(null)).toBe(0);
  });
});

describe('GET /badge/{owner}/{repo}.json', () => {
  it('answers shields endpoint JSON without counting a view', async () => {
    await fetchWorker('/badge/whole-org/endpoint.svg', camo);
    for (let i = 0; i < 2; i++) {
      const response = await fetchWorker('/badge/whole-org/endpoint.json?label=hits&color=green', camo);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate, max-age=0');
      expect(await response.json()).toEqual({ schemaVersion: 1, label: 'hits', message: '1', color: 'green', style: 'flat' });
    }
  });

  // Shields reads an endpoint only when it answers 200: any other status is drawn as its own "custom badge |
  // invalid" (or "resource not found"), and the words below are lost. So every .json answers 200, an error marked
  // isError (which keeps a ?color= on the shields URL from repainting it); the .svg badges keep their statuses.
  const REPOS = { REPOS: 'octo/demo' };
  it.each([
    ['/badge/someone/else', '', 404, 'views', 'not tracked'],
    ['/badge/octo/de~mo', '', 404, 'views', 'not tracked'],
    ['/badge/octo/demo', '?period=century', 400, 'views', 'period must be day|week|month|total'],
    ['/badge/octo/demo', '?label=%E2%80%AEevil', 400, 'views', 'bad label'],
    ['/badge/octo/demo/nope', '', 404, 'views', 'not found'],
    ['/badge/octo/demo/stars-gained', '?color=notacolour', 400, 'stars this week', 'bad color'],
    ['/badge/octo/demo/github-views', '', 403, 'views (14 days)', 'private: set PUBLIC_REPORT'],
  ])('%s.json%s: 200 with isError; the .svg keeps %i', async (path, query, svgStatus, label, message) => {
    const response = await fetchWorker(`${path}.json${query}`, {}, REPOS);
    expect(response.status).toBe(200);
    // Not cached, so a fix shows at once; but "private" is the deployment's choice, cached like a figure.
    const cached = svgStatus === 403 ? 'public, max-age=300' : NOT_CACHED;
    expect(response.headers.get('cache-control')).toBe(cached);
    expect(await response.json()).toEqual({ schemaVersion: 1, label, message, color: 'lightgrey', style: 'flat', isError: true });
    const svg = await fetchWorker(`${path}.svg${query}`, camo, REPOS);
    expect(svg.status).toBe(svgStatus);
    expect(await badgeText(svg, cached)).toBe(`${label}: ${message}`);
  });

  it('says "not found" as endpoint JSON for a .json path no route knows, and a badge for any other', async () => {
    const json = await fetchWorker('/badge/octo/demo/stars-gained/more.json', {}, REPOS);
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ schemaVersion: 1, message: 'not found', isError: true });
    expect((await fetchWorker('/badge/octo/demo/stars-gained/more.svg', {}, REPOS)).status).toBe(404);
  });
});
