import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { HistoryRows } from '../src/counter/history-rows';
import { addDays } from '../src/dates';
import { emptyHistory, type RepoHistory } from '../src/history/model';
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
    const item = (n: number) => ({ key: `site-${n}.example`, title: 'x'.repeat(Math.max(0, Math.floor(listChars / 10) - 40)), count: n + i, uniques: n });
    history.referrers[day] = Array.from({ length: 10 }, (_, n) => item(n));
    history.paths[day] = Array.from({ length: 10 }, (_, n) => item(n + 100));
    history.breakdowns[day] = { source: { 'github-camo': 3 + i } };
  }
  return history;
}

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
