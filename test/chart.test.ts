import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { chartGeometry } from '../src/charts/chart-svg';
import { addDays, utcDay } from '../src/dates';
import { storesOf } from '../src/stores/repo-store';
import { makeCounts, makeHistory } from './factories';
import { writeHistory } from './records';
import { CAMO_UA, counterFailing, counterOf, fetchWorker } from './worker';

const REPOS = { REPOS: 'chart-co/rocket, chart-co/empty' };
const TODAY = utcDay(Date.now());

describe('GET /chart/{owner}/{repo}/stars.svg', () => {
  it('draws stars held each day, exactly as the history adds up, cacheable for an hour', async () => {
    // 3 stars two days ago, 0 yesterday, 5 today: 8 in all.
    await writeHistory(
      storesOf(env),
      { owner: 'chart-co', repo: 'rocket' },
      makeHistory({
        starsGained: { [addDays(TODAY, -2)]: 3, [addDays(TODAY, -1)]: 0, [TODAY]: 5 },
        counts: { [TODAY]: makeCounts({ stars: 8 }) },
      }),
    );
    const response = await fetchWorker('/chart/chart-co/rocket/stars.svg', {}, REPOS);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    const svg = await response.text();
    const expected = [
      { day: addDays(TODAY, -2), value: 3 },
      { day: addDays(TODAY, -1), value: 3 },
      { day: TODAY, value: 8 },
    ];
    expect(svg).toContain(`<path class="line" d="${chartGeometry(expected).linePath}"/>`);
    expect(svg).toContain('★ 8 stars today'); // the latest count, whatever the range
    expect(svg).toContain('@media (prefers-color-scheme: dark)');
  });

  it('takes ?theme=dark and ?range=90d, and counts no view', async () => {
    const before = await counterOf('chart-co', 'rocket').count(null);
    const svg = await (
      await fetchWorker('/chart/chart-co/rocket/stars.svg?theme=dark&range=90d', { headers: { 'user-agent': CAMO_UA } }, REPOS)
    ).text();
    expect(svg).toContain('.bg{fill:#0d1117}');
    expect(svg).not.toContain('@media');
    expect(await counterOf('chart-co', 'rocket').count(null)).toBe(before);
  });

  it.each([
    ['/chart/chart-co/unknown/stars.svg', 404, 'Not tracked here: chart-co/unknown'],
    ['/chart/chart-co/rocket/forks.svg', 404, 'Not a chart: use stars.svg or impressions.svg'],
    ['/chart/chart-co/rocket/stars.svg?range=5y', 400, 'range must be all|1y|90d'],
    ['/chart/chart-co/rocket/stars.svg?theme=pink', 400, 'theme must be auto|light|dark'],
    ['/chart/chart-co/rocket/stars.svg?markers=versions,forks', 400, 'markers must be versions, bursts or versions,bursts'],
    ['/chart/chart-co/empty/stars.svg', 200, 'No stars recorded yet: the collector fills this in'],
  ])('%s → %i, still an SVG that says why', async (path, status, text) => {
    const response = await fetchWorker(path, {}, REPOS);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await response.text();
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain(text);
    // Its title says it too, for screen readers and hover.
    expect(svg.match(/<title id="title">([^<]*)<\/title>/)?.[1]).toMatch(/^(repo-impressions|chart-co\/empty): .+/);
  });

  it('answers 503 with an SVG when storage fails', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await fetchWorker('/chart/chart-co/rocket/stars.svg', {}, { ...REPOS, COUNTER: counterFailing() });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('<title id="title">repo-impressions: Unavailable for a moment');
    errors.mockRestore();
  });
});

describe('GET /chart/{owner}/{repo}/impressions.svg', () => {
  it('draws README impressions per day from the first counted day', async () => {
    for (let i = 0; i < 3; i++) await fetchWorker('/p/chart-co/rocket.gif', { headers: { 'user-agent': CAMO_UA } }, REPOS);
    const svg = await (await fetchWorker('/chart/chart-co/rocket/impressions.svg', {}, REPOS)).text();
    expect(svg).toContain('3 README impressions');
    expect(svg).toMatch(/<circle class="dot"/); // one day so far
    expect(svg).toContain(`README impressions per day from ${TODAY} (3) to ${TODAY} (3), 1 day.`);
  });

  it('counts only README impressions, and starts on the first day anything was viewed', async () => {
    const counter = counterOf('chart-co', 'empty');
    const day = (back: number) => addDays(TODAY, -back);
    await counter.importDailyViews([
      { day: day(4), page: 'docs', source: 'github-camo', views: 7 },
      { day: day(3), page: 'readme', source: 'github-camo', views: 2 },
      { day: day(3), page: 'readme', source: 'browser', views: 3 },
      { day: day(3), page: 'readme', source: 'bot', views: 50 },
      { day: day(1), page: 'readme', source: 'github-camo', views: 4 },
    ]);
    const svg = await (await fetchWorker('/chart/chart-co/empty/impressions.svg', {}, REPOS)).text();
    expect(svg).toContain('9 README impressions in all');
    // The headline's total is the range's, and says so.
    const recent = await (await fetchWorker('/chart/chart-co/empty/impressions.svg?range=90d', {}, REPOS)).text();
    expect(recent).toContain('9 README impressions in the last 90 days');
    expect(svg).toContain(`README impressions per day from ${day(4)} (0) to ${TODAY} (0), 5 days.`);
    const expected = [0, 5, 0, 4, 0].map((value, i) => ({ day: day(4 - i), value }));
    expect(svg).toContain(`<path class="line" d="${chartGeometry(expected).linePath}"/>`);
  });
});
