import { describe, expect, it } from 'vitest';
import { makeDailyViews, makeHistory } from '../../test/factories';
import { addDays } from '../dates';
import type { RepoHistory } from '../history/model';
import { earlierWeeksOf, earlierWeeksRange, repoWeek, weekStart } from './repo-week';

const FIRST = '2025-01-01';
const day = (i: number) => addDays(FIRST, i);
// 400 days: README v1 from day 0, v2 from day 200, v3 from day 390 (in the week of days 388–394); 100 README
// impressions a day; 1 star a day, 2 under v2, 5 under v3, and a burst of 40 on day 392.
const stars = (i: number) => (i === 392 ? 40 : i >= 390 ? 5 : i >= 200 ? 2 : 1);
const history = makeHistory({
  traffic: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [day(i), { views: 300, viewUniques: 90, clones: 3, cloneUniques: 2 }])),
  starsGained: Object.fromEntries(Array.from({ length: 400 }, (_, i) => [day(i), stars(i)])),
});
const views = Array.from({ length: 400 }, (_, i) => makeDailyViews(day(i), { views: 100 }));
const changes = [0, 200, 390].map((i, n) => ({
  sha: String(n).repeat(40),
  committedAt: `${day(i)}T08:00:00Z`,
  message: `README v${n + 1}`,
}));
const range = { from: day(388), to: day(394) };

/** The part of a history from `from` on, as an object reads its rows (with the last snapshot of the counts before). */
function from(start: string, whole: RepoHistory): RepoHistory {
  const since = <T>(byDay: Record<string, T>) => Object.fromEntries(Object.entries(byDay).filter(([d]) => d >= start));
  return {
    ...whole,
    traffic: since(whole.traffic),
    counts: since(whole.counts),
    starsGained: since(whole.starsGained),
    forksGained: since(whole.forksGained),
    referrers: since(whole.referrers),
    paths: since(whole.paths),
    breakdowns: since(whole.breakdowns),
  };
}

describe('weekStart', () => {
  it("reaches back to the previous README version's first day when a version went live in the week", () => {
    expect(weekStart(changes, range)).toBe(day(200));
    expect(weekStart(changes, { from: day(380), to: day(386) })).toBe(day(352)); // no new version: the 28-day baseline
  });

  it('gives a week that says what the whole history says: the same days, events and README verdicts', () => {
    const whole = repoWeek('acme/rocket', { history, views, visitors: [], labelled: [], clicks: [], clickers: [] }, changes, range);
    const start = weekStart(changes, range);
    const part = repoWeek(
      'acme/rocket',
      {
        history: from(start, history),
        views: views.filter((row) => row.day >= start),
        visitors: [],
        labelled: [],
        clicks: [],
        clickers: [],
      },
      changes,
      range,
    );
    expect(part).toEqual(whole);
    expect(whole.news.readmeChanges).toEqual([
      { repo: 'acme/rocket', label: 'v3', since: day(390), verdict: expect.stringMatching(/the previous README/) },
    ]);
    expect(whole.news.events).toEqual([{ repo: 'acme/rocket', summary: expect.stringMatching(new RegExp(`^${day(392)}: \\+40 stars`)) }]);
  });
});

describe('earlierWeeksOf', () => {
  it('sums the README impressions of the 8 weeks before last week, a week at a time, oldest first', () => {
    const range = { from: '2026-11-16' };
    expect(earlierWeeksRange(range)).toEqual({ from: '2026-09-14', to: '2026-11-08' });
    const perDay = [
      { day: '2026-09-13', views: 999 }, // before the range
      { day: '2026-09-14', views: 1 },
      { day: '2026-09-20', views: 2 },
      { day: '2026-09-21', views: 4 },
      { day: '2026-11-08', views: 8 },
      { day: '2026-11-09', views: 999 }, // last week's, not an earlier week's
    ];
    expect(earlierWeeksOf(perDay, range)).toEqual([3, 4, 0, 0, 0, 0, 0, 8]);
  });
});
