import { describe, expect, it } from 'vitest';
import { makeFacts, makeHistory } from '../../test/factories';
import { addDays } from '../dates';
import { burstsOf, detectBursts } from './bursts';
import { buildVersions } from './readme-versions';

const START = '2026-08-01';
/** 60 quiet days (1–3 stars, ~200 views, 100 impressions a day), with the given days changed. */
function makeDays(changes: Record<number, { starsGained?: number; views?: number; readmeImpressions?: number }> = {}) {
  return Array.from({ length: 60 }, (_, i) =>
    makeFacts(addDays(START, i), { starsGained: 1 + (i % 3), views: 190 + (i % 5) * 5, readmeImpressions: 100, ...changes[i] }),
  );
}

describe('detectBursts', () => {
  it('finds nothing in quiet days', () => {
    expect(detectBursts(makeDays(), makeHistory(), [])).toEqual([]);
  });

  it('groups consecutive standing-out days into one event, explained by the referrer that grew and the README version', () => {
    const days = makeDays({
      44: { starsGained: 40, views: 1500, readmeImpressions: 900 },
      45: { starsGained: 18, views: 900, readmeImpressions: 500 },
    });
    const history = makeHistory({
      referrers: {
        [addDays(START, 43)]: [{ key: 'github.com', title: 'github.com', count: 300, uniques: 100 }],
        [addDays(START, 46)]: [
          { key: 'news.ycombinator.com', title: 'news.ycombinator.com', count: 2750, uniques: 2000 },
          { key: 'github.com', title: 'github.com', count: 320, uniques: 110 },
        ],
      },
    });
    const versions = buildVersions(
      [
        { sha: 'a', committedAt: `${addDays(START, 10)}T10:00:00Z`, message: 'v1' },
        { sha: 'b', committedAt: `${addDays(START, 40)}T10:00:00Z`, message: 'new intro' },
      ],
      Date.parse(`${addDays(START, 59)}T12:00:00Z`),
    );
    const [event, ...more] = detectBursts(days, history, versions);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      from: '2026-09-14',
      to: '2026-09-15',
      spiked: ['stars', 'views'],
      starsGained: 58,
      views: 2400,
      readmeImpressions: 1400,
      referrers: [
        { key: 'news.ycombinator.com', grew: 2750 },
        { key: 'github.com', grew: 20 },
      ],
      readmeVersion: { label: 'v2', since: '2026-09-10' },
    });
    // The 28 days before: a median of 2 stars a day; the event made 29 a day.
    expect(event?.starsTimesUsual).toBe(14.5);
    expect(event?.summary).toBe(
      '2026-09-14 to 2026-09-15: +58 stars (14.5× the usual), 2,400 views; news.ycombinator.com +2,750 views; 41.4 stars per 1k impressions; README v2 live since 2026-09-10',
    );
  });

  it('takes no baseline from before the history began', () => {
    const quietAfterNothing = [
      ...Array.from({ length: 30 }, (_, i) => makeFacts(addDays('2026-07-01', i), { starsGained: 0, views: 0, readmeImpressions: 0 })),
      ...makeDays(),
    ];
    expect(detectBursts(quietAfterNothing, makeHistory(), [])).toEqual([]);
  });

  it('needs two weeks of baseline and a minimum size', () => {
    expect(detectBursts(makeDays({ 5: { starsGained: 50 } }), makeHistory(), [])).toEqual([]); // too early to judge
    expect(detectBursts(makeDays({ 40: { starsGained: 4 } }), makeHistory(), [])).toEqual([]); // under 5 stars
  });

  it('is not blinded by an earlier burst (median, not mean)', () => {
    const events = detectBursts(makeDays({ 30: { starsGained: 60 }, 40: { starsGained: 30 } }), makeHistory(), []);
    expect(events.map((event) => event.from)).toEqual([addDays(START, 30), addDays(START, 40)]);
  });

  it('explains only the events asked for, each as it is among all of them', () => {
    const days = makeDays({ 30: { starsGained: 60 }, 40: { starsGained: 30 } });
    const all = detectBursts(days, makeHistory(), []);
    const later = detectBursts(days, makeHistory(), [], (event) => event.from > addDays(START, 35));
    expect(later).toEqual([all[1]]);
    expect(detectBursts(days, makeHistory(), [], () => false)).toEqual([]);
  });

  it('finds the events ending on a day or later as the whole check finds them, also one that began before that day', () => {
    // Events on days 20, 33–36 (begun before the day asked from, 35), 45 and 58–59.
    const days = makeDays({
      20: { starsGained: 50 },
      33: { starsGained: 40 },
      34: { starsGained: 45, views: 2000 },
      35: { views: 3000 },
      36: { starsGained: 50 },
      45: { starsGained: 40 },
      58: { views: 4000 },
      59: { starsGained: 60 },
    });
    const all = burstsOf(days);
    expect(all.map((burst) => [burst.from, burst.to])).toEqual(
      [
        [20, 20],
        [33, 36],
        [45, 45],
        [58, 59],
      ].map(([from, to]) => [addDays(START, from as number), addDays(START, to as number)]),
    );
    for (const from of [0, 20, 21, 34, 35, 37, 46, 58, 59, 60]) {
      const endingFrom = addDays(START, from);
      expect(burstsOf(days, endingFrom), endingFrom).toEqual(all.filter((burst) => burst.to >= endingFrom));
    }
  });

  it('names the referrer hosts of the breakdowns where GitHub lists none', () => {
    const history = makeHistory({ breakdowns: { [addDays(START, 50)]: { referrer: { 'dev.to': 420, '': 900, 'x.com': 12 } } } });
    const [event] = detectBursts(makeDays({ 50: { starsGained: 25 } }), history, []);
    expect(event?.referrerHosts).toEqual([
      { key: 'dev.to', grew: 420 },
      { key: 'x.com', grew: 12 },
    ]);
    expect(event?.summary).toContain('dev.to +420 views');
  });
  it('explains a burst by the first list at its end, not a later one that has let its biggest days go', () => {
    const days = makeDays({
      40: { starsGained: 30, views: 3000 },
      41: { starsGained: 25, views: 2500 },
      42: { starsGained: 20, views: 1500 },
    });
    const list = (count: number) => [{ key: 'news.ycombinator.com', title: 'news.ycombinator.com', count, uniques: 1 }];
    // GitHub's 14-day window: on day 42 it holds the whole event; by day 52 only its last days and their tail.
    const history = makeHistory({
      paths: {},
      referrers: { [addDays(START, 39)]: list(10), [addDays(START, 42)]: list(6742), [addDays(START, 52)]: list(539) },
    });
    const [event] = detectBursts(days, history, []);
    expect(event?.referrers).toEqual([{ key: 'news.ycombinator.com', grew: 6732 }]);
    expect(event?.listsCover).toBe(true);
  });

  it('says so when no GitHub list covers the event, rather than explain it by nothing', () => {
    const days = makeDays({ 40: { starsGained: 54 } });
    // A list from before the event and one from after its day left GitHub's window (day 40 + 14).
    const list = [{ key: 'github.com', title: 'github.com', count: 300, uniques: 1 }];
    const history = makeHistory({ referrers: { [addDays(START, 38)]: list, [addDays(START, 54)]: list } });
    const [event] = detectBursts(days, history, []);
    expect(event).toMatchObject({ referrers: [], paths: [], listsCover: false });
    expect(event?.summary).toBe(
      '2026-09-10: +54 stars (27× the usual), 190 views; no GitHub referrer list covers these days; 540 stars per 1k impressions',
    );
  });
});
