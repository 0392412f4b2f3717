import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { HISTORY_TOTALS, HistoryRows } from '../src/counter/history-rows';
import { KeptTotals } from '../src/counter/kept-totals';
import { addDays } from '../src/dates';
import { mergeHistories } from '../src/history/merge';
import { emptyHistory, type RepoHistory } from '../src/history/model';
import { buildDailyFacts } from '../src/history/daily-facts';
import { sumFacts } from '../src/conversions/ratios';
import { counterOf } from './worker';

const FIRST = '2025-01-01';

/** A history of `days` days from FIRST, each day's top lists holding `listChars` characters or so. */
function historyOf(days: number, listChars: number, bump = 0): RepoHistory {
  const history = emptyHistory();
  for (let i = 0; i < days; i++) {
    const day = addDays(FIRST, i);
    history.traffic[day] = { views: 10 + i + bump, viewUniques: 5 + i, clones: i % 3, cloneUniques: i % 2 };
    history.counts[day] = { stars: 100 + i, forks: 7, watchers: 3, openIssues: i % 5 };
    history.starsGained[day] = i % 4 === 0 ? -1 : 1;
    history.forksGained[day] = i % 7 === 0 ? 1 : 0;
    const item = (n: number) => ({
      key: `site-${n}.example`,
      title: 'x'.repeat(Math.max(0, Math.floor(listChars / 10) - 40)),
      count: n + i,
      uniques: n,
    });
    history.referrers[day] = Array.from({ length: 10 }, (_, n) => item(n));
    history.paths[day] = Array.from({ length: 10 }, (_, n) => item(n + 100));
    history.breakdowns[day] = { source: { 'github-camo': 3 + i } };
  }
  return history;
}

describe('an imported history merged by SQLite', () => {
  it("gives mergeHistories' history, writing only the rows that change, and nothing the second time", async () => {
    const today = addDays(FIRST, 420);
    const stored = historyOf(400, 300);
    // Overlapping the stored days from day 200 and running on past them; some fields larger, some smaller.
    const imported = emptyHistory();
    for (let i = 200; i < 415; i++) {
      const day = addDays(FIRST, i);
      imported.traffic[day] = { views: i % 2 === 0 ? 5 : 900, viewUniques: 5 + i + (i % 3), clones: 1, cloneUniques: 0 };
      if (i % 5 === 0) imported.counts[day] = { stars: 100 + i + (i % 2), forks: 6, watchers: 9, openIssues: 0 };
      imported.starsGained[day] = i % 3;
      if (i % 2 === 0) imported.forksGained[day] = 2;
      imported.referrers[day] = [{ key: 'imported.example', title: 'i', count: i, uniques: 1 }];
      if (i % 4 === 0) imported.breakdowns[day] = { source: { browser: i } };
    }
    // And days before any stored one.
    imported.traffic['2024-12-20'] = { views: 3, viewUniques: 3, clones: 0, cloneUniques: 0 };
    imported.paths['2024-12-20'] = [{ key: '/', title: 'home', count: 3, uniques: 3 }];
    const expected = mergeHistories(stored, imported, today).history;

    const changedRows = await runInDurableObject(counterOf('rows-co', 'merged-by-write'), (_instance, state) => {
      const rows = new HistoryRows(state.storage.sql);
      rows.write(stored, emptyHistory());
      return rows.write(expected);
    });
    await runInDurableObject(counterOf('rows-co', 'merged-by-sql'), (_instance, state) => {
      const rows = new HistoryRows(state.storage.sql);
      rows.write(stored, emptyHistory());
      expect(rows.mergeImported(imported, today)).toBe(changedRows);
      expect(rows.read()).toEqual(expected);
      expect(rows.mergeImported(imported, today)).toBe(0);
      expect(rows.read()).toEqual(expected);
    });
    expect(changedRows).toBeGreaterThan(400);
  });
});

describe('a history as rows of its object', () => {
  it('reads back what it wrote, whole and from a day on, writing only the rows that changed, also when the rows take many batches', async () => {
    await runInDurableObject(counterOf('rows-co', 'history'), (_instance, state) => {
      const rows = new HistoryRows(state.storage.sql);
      // 3 years with ~20 KB of top lists a day: ~44 MB of lists, far past one statement's 2 MB.
      const history = historyOf(1095, 20_000);
      const perDay = 1 + 1 + 2 + 2 + 1;
      expect(rows.write(history, emptyHistory())).toBe(1095 * perDay);
      expect(rows.read()).toEqual(history);

      const from = addDays(FIRST, 1000);
      const window = rows.read(from);
      expect(Object.keys(window.traffic)).toHaveLength(95);
      // The counts' last snapshot before the window comes with it: what the window's first gains are counted from.
      expect(Object.keys(window.counts)[0]).toBe(addDays(FIRST, 999));
      expect(Object.keys(window.counts)).toHaveLength(96);

      // The same history again writes nothing; one day changed, one row; a top list gone, one row deleted.
      expect(rows.write(history)).toBe(0);
      const changed = structuredClone(history);
      changed.traffic[addDays(FIRST, 500)] = { views: 1, viewUniques: 1, clones: 1, cloneUniques: 1 };
      delete changed.paths[addDays(FIRST, 3)];
      expect(rows.write(changed)).toBe(2);
      expect(rows.read()).toEqual(changed);
    });
  });
});

describe("a span's totals summed by SQLite", () => {
  it('equal the sum of the daily facts, for spans inside, across and outside the history, with days missing', async () => {
    const history = historyOf(120, 10);
    // Gaps: days without a snapshot, and stars gained only from snapshots on some days (no gained row).
    for (let i = 0; i < 120; i++) {
      const day = addDays(FIRST, i);
      if (i % 9 === 4) delete history.counts[day];
      if (i % 11 === 3) delete history.starsGained[day];
      if (i % 13 === 5) delete history.forksGained[day];
      const counts = history.counts[day];
      if (counts) history.counts[day] = { ...counts, forks: 7 + Math.floor(i / 6), watchers: 3 + (i % 4) };
    }
    const spans: Array<[string, string]> = [
      [FIRST, addDays(FIRST, 119)],
      ['2024-12-01', addDays(FIRST, 10)],
      [addDays(FIRST, 4), addDays(FIRST, 4)],
      [addDays(FIRST, 30), addDays(FIRST, 77)],
      [addDays(FIRST, 100), addDays(FIRST, 200)],
      [addDays(FIRST, 300), addDays(FIRST, 310)],
    ];
    const totals = await runInDurableObject(counterOf('rows-totals', 'totals'), (_instance, state) => {
      new HistoryRows(state.storage.sql).write(history, emptyHistory());
      // Summed by month (whole months kept, the days around them summed), twice: as summed, then as kept.
      const kept = new KeptTotals(state.storage.sql, HISTORY_TOTALS);
      return [...spans, ...spans].map(([from, to]) => kept.over(from, to));
    });
    [...spans, ...spans].forEach(([from, to], i) => {
      expect(totals[i], `${from} to ${to}`).toEqual(sumFacts(buildDailyFacts(history, [], from, to)));
    });
  });
});

describe("stars gained merged from GitHub's star history", () => {
  it('writes only the days whose count differs, and reads back as merged', async () => {
    const history = historyOf(30, 10);
    const page = Array.from({ length: 40 }, (_, i) => ({
      day: addDays(FIRST, i - 5),
      stars: i % 6 === 0 ? 9 : (history.starsGained[addDays(FIRST, i - 5)] ?? 0),
    }));
    const { written, again, read } = await runInDurableObject(counterOf('rows-stars', 'merge-stars'), (_instance, state) => {
      const rows = new HistoryRows(state.storage.sql);
      rows.write(history, emptyHistory());
      const written = rows.mergeStarsGained(page);
      return { written, again: rows.mergeStarsGained(page), read: rows.read().starsGained };
    });
    const expected = { ...history.starsGained, ...Object.fromEntries(page.map((gain) => [gain.day, gain.stars])) };
    const differing = page.filter((gain) => history.starsGained[gain.day] !== gain.stars).length;
    expect(differing).toBeGreaterThan(5);
    expect(written).toBe(differing);
    expect(again).toBe(0);
    expect(read).toEqual(expected);
  });
});
