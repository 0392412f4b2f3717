import { describe, expect, it } from 'vitest';
import { addDays } from '../dates';
import { mergeHistories, mergeHistory } from './merge';
import { emptyHistory, type PopularItem } from './model';
import { mostViewedFirst, thinTopLists } from './top-lists';

describe('thinTopLists', () => {
  // 2026-01-01 starts a 14-day period (days since 1970 divisible by 14): periods begin Jan 1, Jan 15, Jan 29, …
  const listOf = (day: string): PopularItem[] => [{ key: 'github.com', title: 'github.com', count: Number(day.slice(-2)), uniques: 1 }];
  const dailyLists = (from: string, days: number) =>
    Object.fromEntries(Array.from({ length: days }, (_, i) => addDays(from, i)).map((day) => [day, listOf(day)]));
  const withLists = (lists: Record<string, PopularItem[]>) => ({ ...emptyHistory(), referrers: lists, paths: lists });
  const TODAY = '2026-03-31';

  it('keeps the last 28 days whole, and before them the last list of each 14-day period', () => {
    const { history, changed } = thinTopLists(withLists(dailyLists('2026-01-01', 90)), TODAY);
    expect(changed).toBe(true);
    const recent = Array.from({ length: 28 }, (_, i) => addDays('2026-03-04', i));
    expect(Object.keys(history.referrers).sort()).toEqual([
      '2026-01-14',
      '2026-01-28',
      '2026-02-11',
      '2026-02-25',
      '2026-03-03',
      ...recent,
    ]);
    expect(history.paths).toEqual(history.referrers);
    expect(history.referrers['2026-02-11']).toEqual(listOf('2026-02-11'));
  });

  it('keeps the last list seen in a period even when its last day was missed, and changes nothing twice', () => {
    const lists = dailyLists('2026-01-01', 12); // Jan 1 to Jan 12: the refreshes stopped before the period's end
    const { history } = thinTopLists(withLists(lists), TODAY);
    expect(Object.keys(history.referrers)).toEqual(['2026-01-12']);
    expect(thinTopLists(history, TODAY)).toEqual({ history, changed: false });
  });

  it('runs in every collector merge and every import merge', () => {
    const stored = withLists(dailyLists('2026-01-01', 60));
    const merged = mergeHistory(stored, { day: TODAY });
    expect(merged.changed).toBe(true);
    expect(Object.keys(merged.history.referrers)).toHaveLength(Object.keys(thinTopLists(stored, TODAY).history.referrers).length);
    const imported = mergeHistories(emptyHistory(), stored, TODAY);
    expect(imported.history).toEqual(merged.history);
    expect(mergeHistories(imported.history, stored, TODAY).changed).toBe(false);
  });
});

describe('mostViewedFirst', () => {
  const item = (key: string, count: number, uniques: number): PopularItem => ({ key, title: key, count, uniques });

  it('puts the most viewed first, ties by unique visitors, then by name, and leaves the list it was given alone', () => {
    const items = [
      item('news.ycombinator.com', 297, 200),
      item('Google', 446, 300),
      item('github.com', 297, 250),
      item('b.example', 5, 1),
      item('a.example', 5, 1),
    ];
    expect(mostViewedFirst(items).map((one) => one.key)).toEqual([
      'Google',
      'github.com',
      'news.ycombinator.com',
      'a.example',
      'b.example',
    ]);
    expect(items[0]?.key).toBe('news.ycombinator.com');
  });
});
