import { describe, expect, it } from 'vitest';
import { makeCounts, makeDailyViews, makeHistory } from '../../test/factories';
import { cumulativeStars, dailyImpressions, everyDayOf, rangeStart } from './chart-series';

describe('cumulativeStars', () => {
  it('adds up the daily gains of a complete star history to the count', () => {
    const history = makeHistory({
      starsGained: { '2026-01-01': 3, '2026-01-02': 0, '2026-01-03': 5 },
      counts: { '2026-01-03': makeCounts({ stars: 8 }) },
    });
    expect(cumulativeStars(history, '2026-01-03')).toEqual({
      total: 8,
      points: [
        { day: '2026-01-01', value: 3 },
        { day: '2026-01-02', value: 3 },
        { day: '2026-01-03', value: 8 },
      ],
    });
  });

  it('passes through the snapshots where there is no star history, a gap credited to the day that saw it', () => {
    const history = makeHistory({
      counts: { '2026-01-01': makeCounts({ stars: 10 }), '2026-01-04': makeCounts({ stars: 16 }), '2026-01-05': makeCounts({ stars: 15 }) },
    });
    expect(cumulativeStars(history, '2026-01-05').points).toEqual([
      { day: '2026-01-01', value: 10 },
      { day: '2026-01-02', value: 10 },
      { day: '2026-01-03', value: 10 },
      { day: '2026-01-04', value: 16 },
      { day: '2026-01-05', value: 15 },
    ]);
  });

  it('continues past the last snapshot with later gains, and stops at today', () => {
    const history = makeHistory({
      starsGained: { '2026-01-01': 2, '2026-01-02': 1, '2026-01-03': 4, '2026-01-09': 9 },
      counts: { '2026-01-02': makeCounts({ stars: 3 }) },
    });
    expect(cumulativeStars(history, '2026-01-03')).toEqual({
      total: 7,
      points: [
        { day: '2026-01-01', value: 2 },
        { day: '2026-01-02', value: 3 },
        { day: '2026-01-03', value: 7 },
      ],
    });
  });

  it('has nothing to draw for an empty history', () => {
    expect(cumulativeStars(makeHistory(), '2026-01-03')).toEqual({ total: null, points: [] });
  });
});

describe('dailyImpressions', () => {
  it('counts README impressions every day of the range, zero where none, bots and other pages left out', () => {
    const views = [
      makeDailyViews('2026-01-02', { views: 5 }),
      makeDailyViews('2026-01-02', { source: 'bot', views: 50 }),
      makeDailyViews('2026-01-02', { page: 'docs', views: 9 }),
      makeDailyViews('2026-01-04', { source: 'browser', views: 2 }),
    ];
    expect(dailyImpressions(views, '2026-01-01', '2026-01-04').map((point) => point.value)).toEqual([0, 5, 0, 2]);
  });
});

describe('everyDayOf', () => {
  it('fills every day of the range, zero where a day has no total', () => {
    const totals = [
      { day: '2026-01-02', views: 5 },
      { day: '2026-01-04', views: 2 },
    ];
    expect(everyDayOf(totals, '2026-01-01', '2026-01-04')).toEqual([
      { day: '2026-01-01', value: 0 },
      { day: '2026-01-02', value: 5 },
      { day: '2026-01-03', value: 0 },
      { day: '2026-01-04', value: 2 },
    ]);
  });
});

describe('rangeStart', () => {
  it.each([
    ['all', null],
    ['1y', '2024-01-05'],
    ['90d', '2024-10-06'],
  ] as const)('%s starts %s', (range, start) => {
    expect(rangeStart(range, '2025-01-03')).toBe(start);
  });
});
