import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, utcDay } from '../src/dates';
import { storesOf } from '../src/stores/repo-store';
import { makeCounts, makeHistory } from './factories';
import { writeHistory } from './records';
import { counterOf, fetchWorker } from './worker';

const REPOS = { REPOS: 'metric-co/rocket, metric-co/fresh' };
const TODAY = utcDay(Date.now());

/** 400 README impressions and 6 new stars over the last 28 days; 120 GitHub views and 9 clones in the last 14. */
beforeAll(async () => {
  const traffic: Record<string, { views: number; viewUniques: number; clones: number; cloneUniques: number }> = {};
  for (let i = 0; i < 20; i++)
    traffic[addDays(TODAY, -i)] = {
      views: i < 14 ? 10 - (i % 3) * 5 + 5 : 100,
      viewUniques: 1,
      clones: i === 3 ? 9 : i === 15 ? 40 : 0,
      cloneUniques: 1,
    };
  await writeHistory(
    storesOf(env),
    { owner: 'metric-co', repo: 'rocket' },
    makeHistory({
      traffic,
      starsGained: { [addDays(TODAY, -2)]: 4, [addDays(TODAY, -10)]: 2, [addDays(TODAY, -40)]: 30 },
      counts: { [TODAY]: makeCounts({ stars: 136 }) },
    }),
  );
  await counterOf('metric-co', 'rocket').importDailyViews([
    { day: addDays(TODAY, -1), page: 'readme', source: 'github-camo', views: 300 },
    { day: addDays(TODAY, -20), page: 'readme', source: 'github-camo', views: 100 },
    { day: addDays(TODAY, -1), page: 'readme', source: 'bot', views: 999 },
  ]);
  // 5 clicks on a tracked link today, one of them a bot's (not counted) … and 30 days ago, outside the window.
  const rocket = counterOf('metric-co', 'rocket');
  await rocket.saveLink('docs', 'https://docs.example/');
  for (const day of [TODAY, TODAY, TODAY, TODAY, addDays(TODAY, -30)]) {
    await rocket.follow('docs', { day, name: 'docs', version: null, referrer: 'github.com' }, null);
  }
  await rocket.follow('docs', null, null);
  // Downloads of two packages: 1,250 in the 7 days ending yesterday (the registries' last), 9,000 the day before them.
  await rocket.mergeDownloads([
    { day: addDays(TODAY, -1), package: 'npm:rocket', downloads: 1000 },
    { day: addDays(TODAY, -7), package: 'pypi:rocket', downloads: 250 },
    { day: addDays(TODAY, -8), package: 'npm:rocket', downloads: 9000 },
  ]);
});

const sumViews14 = () => Array.from({ length: 14 }, (_, i) => 10 - (i % 3) * 5 + 5).reduce((sum, views) => sum + views, 0);

describe('GET /badge/{owner}/{repo}/{metric}', () => {
  it.each([
    ['stars-per-1k', 'stars per 1k views', '15'], // 6 stars / 400 impressions × 1,000
    ['clicks-per-1k', 'clicks per 1k views', '10'], // 4 link clicks / 400 impressions × 1,000
    ['stars-gained', 'stars this week', '+4'],
    ['downloads-week', 'downloads/week', '1.2k'], // 1,250, never rounded up
  ])('%s.json shows %s: %s', async (metric, label, message) => {
    const response = await fetchWorker(`/badge/metric-co/rocket/${metric}.json`, {}, REPOS);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await response.json()).toEqual({ schemaVersion: 1, label, message, color: 'blue', style: 'flat' });
  });

  it('draws the same as SVG, with the view badge options', async () => {
    const response = await fetchWorker(
      '/badge/metric-co/rocket/stars-per-1k.svg?label=conversion&color=green&style=flat-square',
      {},
      REPOS,
    );
    expect(response.status).toBe(200);
    const svg = await response.text();
    expect(svg).toContain('aria-label="conversion: 15"');
  });

  it('shows GitHub traffic of 14 days only with PUBLIC_REPORT=true', async () => {
    // Endpoint JSON says so with a 200 (shields draws nothing else); the .svg answers 403.
    const closed = await fetchWorker('/badge/metric-co/rocket/github-views.json', {}, REPOS);
    expect(closed.status).toBe(200);
    const closedSvg = await fetchWorker('/badge/metric-co/rocket/github-views.svg', {}, REPOS);
    expect(closedSvg.status).toBe(403);
    expect(await closed.json()).toMatchObject({ message: 'private: set PUBLIC_REPORT', isError: true });
    // The deployment's choice, not a mistake in the URL: cached like the figures.
    for (const response of [closed, closedSvg]) expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const views = await (await fetchWorker('/badge/metric-co/rocket/github-views.json', {}, { ...REPOS, PUBLIC_REPORT: 'true' })).json();
    expect(views).toMatchObject({ label: 'views (14 days)', message: String(sumViews14()) });
    const clones = await (await fetchWorker('/badge/metric-co/rocket/clones.json', {}, { ...REPOS, PUBLIC_REPORT: 'true' })).json();
    expect(clones).toMatchObject({ label: 'clones (14 days)', message: '9' });
  });

  it.each([
    ['/badge/metric-co/other/stars-gained.svg', 404, 'not tracked'],
    ['/badge/metric-co/rocket/forks.svg', 404, 'not found'],
    ['/badge/metric-co/rocket/stars-gained.svg?style=round', 400, 'style must be'],
  ])('%s → %i: %s', async (path, status, text) => {
    const response = await fetchWorker(path, {}, REPOS);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(await response.text()).toContain(text);
  });

  it('says "no data yet" for stars and downloads before anything counted them, rather than 0', async () => {
    await counterOf('metric-co', 'fresh').importDailyViews([{ day: TODAY, page: 'readme', source: 'github-camo', views: 50 }]);
    for (const metric of ['stars-per-1k', 'stars-gained', 'downloads-week']) {
      const body = await (await fetchWorker(`/badge/metric-co/fresh/${metric}.json`, {}, REPOS)).json();
      expect(body, metric).toMatchObject({ message: 'no data yet' });
    }
  });

  it('refuses a ?period=, which would look as if it changed the fixed window', async () => {
    const response = await fetchWorker('/badge/metric-co/rocket/stars-per-1k.svg?period=week', {}, REPOS);
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate, max-age=0');
    expect(await response.text()).toContain('no period: always 28 days');
    const json = await (await fetchWorker('/badge/metric-co/rocket/clones.json?period=day', {}, REPOS)).json();
    expect(json).toMatchObject({ message: 'no period: always 14 days', isError: true });
  });

  it('counts no view', async () => {
    const before = await counterOf('metric-co', 'rocket').count(null);
    await fetchWorker('/badge/metric-co/rocket/stars-gained.svg', {}, REPOS);
    expect(await counterOf('metric-co', 'rocket').count(null)).toBe(before);
  });
});
