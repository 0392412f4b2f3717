import { describe, expect, it } from 'vitest';
import { makeCounts, makeHistory, makeTrafficDay } from '../../test/factories';
import { addDays } from '../dates';
import { mergeHistories, mergeHistory, type HistoryUpdate } from './merge';
import { emptyHistory, type TrafficCounts } from './model';

/**
 * The real traffic of day `i`, and what GitHub's window shows on day `seenOn`: days seenOn−13 … seenOn, today still
 * partial. So a refresh at least every 13 days sees every past day whole once.
 */
function trueTraffic(i: number): TrafficCounts {
  return { views: 50 + ((i * 37) % 41), viewUniques: 10 + ((i * 13) % 9), clones: (i * 7) % 5, cloneUniques: (i * 3) % 3 };
}
const START = '2026-01-01';
function windowSeenOn(seenOnIndex: number): Array<TrafficCounts & { day: string }> {
  const days: Array<TrafficCounts & { day: string }> = [];
  for (let i = Math.max(0, seenOnIndex - 13); i <= seenOnIndex; i++) {
    const full = trueTraffic(i);
    // Today is partial: a fraction of the day's traffic so far.
    const cut = (n: number) => (i === seenOnIndex ? Math.floor(n / 2) : n);
    days.push({
      day: addDays(START, i),
      views: cut(full.views),
      viewUniques: cut(full.viewUniques),
      clones: cut(full.clones),
      cloneUniques: cut(full.cloneUniques),
    });
  }
  return days;
}

describe('mergeHistory', () => {
  it('keeps the larger value per date and field', () => {
    const first = mergeHistory(emptyHistory(), { day: '2026-01-14', traffic: [makeTrafficDay('2026-01-01', { views: 5, clones: 9 })] });
    const second = mergeHistory(first.history, { day: '2026-01-15', traffic: [makeTrafficDay('2026-01-01', { views: 12, clones: 3 })] });
    expect(second.history.traffic['2026-01-01']).toEqual({ views: 12, viewUniques: 4, clones: 9, cloneUniques: 1 });
    expect(second.changed).toBe(true);
  });

  it('is idempotent: the same update twice changes nothing', () => {
    const update: HistoryUpdate = {
      day: '2026-01-14',
      traffic: [makeTrafficDay('2026-01-13'), makeTrafficDay('2026-01-14')],
      counts: makeCounts(),
      starsGained: [{ day: '2026-01-14', stars: 3 }],
      referrers: [{ key: 'news.ycombinator.com', title: 'news.ycombinator.com', count: 40, uniques: 30 }],
      paths: [{ key: '/acme/rocket', title: 'acme/rocket', count: 90, uniques: 50 }],
    };
    const once = mergeHistory(emptyHistory(), update);
    const twice = mergeHistory(once.history, update);
    expect(once.changed).toBe(true);
    expect(twice.changed).toBe(false);
    expect(twice.history).toEqual(once.history);
  });

  it('leaves stored parts alone when a refresh brings nothing for them', () => {
    const stored = mergeHistory(emptyHistory(), {
      day: '2026-01-14',
      traffic: [makeTrafficDay('2026-01-14')],
      counts: makeCounts(),
    }).history;
    const result = mergeHistory(stored, { day: '2026-01-14' });
    expect(result).toEqual({ history: stored, changed: false });
  });

  it('keeps the latest snapshot of a day, even when stars go down', () => {
    const morning = mergeHistory(emptyHistory(), { day: '2026-01-14', counts: makeCounts({ stars: 101 }) }).history;
    const evening = mergeHistory(morning, { day: '2026-01-14', counts: makeCounts({ stars: 99 }) });
    expect(evening.history.counts['2026-01-14']?.stars).toBe(99);
  });

  it('does not change its input', () => {
    const stored = emptyHistory();
    mergeHistory(stored, { day: '2026-01-14', traffic: [makeTrafficDay('2026-01-14')] });
    expect(stored).toEqual(emptyHistory());
  });

  it.each([
    ['daily refreshes', 1],
    ['refreshes twice a day (same window twice)', 0.5],
    ['a refresh every 13 days', 13],
  ])('rebuilds 60 days of traffic exactly from sliding 14-day windows: %s', (_name, every) => {
    let history = emptyHistory();
    const seenOn: number[] = [];
    for (let t = 13; t < 60 + 13; t += every) seenOn.push(Math.min(Math.floor(t), 59 + 13));
    for (const index of seenOn) {
      const window = windowSeenOn(index).filter((day) => day.day < addDays(START, 60));
      history = mergeHistory(history, { day: addDays(START, index), traffic: window }).history;
    }
    const days = Object.keys(history.traffic).sort();
    expect(days).toHaveLength(60);
    for (let i = 0; i < 60; i++) expect(history.traffic[addDays(START, i)]).toEqual(trueTraffic(i));
  });
});

describe('mergeHistories', () => {
  it('keeps the larger value per date and field, fills missing dates from either side, and is idempotent', () => {
    const stored = emptyHistory();
    stored.traffic = { '2026-01-01': { views: 10, viewUniques: 4, clones: 1, cloneUniques: 1 } };
    stored.counts = { '2026-01-01': makeCounts({ stars: 100 }) };
    const imported = emptyHistory();
    imported.traffic = {
      '2026-01-01': { views: 8, viewUniques: 6, clones: 1, cloneUniques: 1 },
      '2025-12-31': { views: 3, viewUniques: 2, clones: 0, cloneUniques: 0 },
    };
    imported.counts = { '2026-01-01': makeCounts({ stars: 98, forks: 12 }) };
    stored.forksGained = { '2025-12-30': 2 };
    imported.forksGained = { '2025-12-30': 1, '2025-12-31': 3 };
    const once = mergeHistories(stored, imported, '2026-01-02');
    expect(once.changed).toBe(true);
    expect(once.history.traffic).toEqual({
      '2026-01-01': { views: 10, viewUniques: 6, clones: 1, cloneUniques: 1 },
      '2025-12-31': { views: 3, viewUniques: 2, clones: 0, cloneUniques: 0 },
    });
    expect(once.history.counts['2026-01-01']).toEqual(makeCounts({ stars: 100, forks: 12 }));
    expect(once.history.forksGained).toEqual({ '2025-12-30': 2, '2025-12-31': 3 });
    expect(mergeHistories(once.history, imported, '2026-01-02')).toEqual({ history: once.history, changed: false });
  });
});

describe('mergeHistories: whether anything changed', () => {
  it('is false for a history merged with itself or with rows whose keys come in another order, true for one new value', () => {
    const stored = makeHistory({
      traffic: { '2026-03-01': { views: 5, viewUniques: 2, clones: 1, cloneUniques: 1 } },
      starsGained: { '2026-03-01': 3 },
    });
    expect(mergeHistories(stored, stored, '2026-03-10').changed).toBe(false);
    const reordered = makeHistory({ traffic: { '2026-03-01': { cloneUniques: 1, clones: 1, viewUniques: 2, views: 5 } } });
    expect(mergeHistories(stored, reordered, '2026-03-10').changed).toBe(false);
    expect(mergeHistories(stored, makeHistory({ starsGained: { '2026-03-01': 4 } }), '2026-03-10').changed).toBe(true);
    expect(mergeHistories(stored, makeHistory({ forksGained: { '2026-03-02': 0 } }), '2026-03-10').changed).toBe(true);
  });
});
