import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type FactTotals, sumFacts } from '../src/conversions/ratios';
import { HistoryRows } from '../src/counter/history-rows';
import { KeptTotals, TOTALLED_TABLES } from '../src/counter/kept-totals';
import { addDays } from '../src/dates';
import { emptyHistory } from '../src/history/model';
import { counterOf } from './worker';

const FIRST = '2025-01-01';
const day = (i: number) => addDays(FIRST, i);

// One row a day in each table the totals sum, written as the counter's tables hold them.
const WRITE_ROW: Record<(typeof TOTALLED_TABLES)[number], string> = {
  traffic: 'INSERT OR REPLACE INTO traffic (day, views, view_uniques, clones, clone_uniques) VALUES (?1, ?2, 1, 1, 1)',
  counts: 'INSERT OR REPLACE INTO counts (day, stars, forks, watchers, open_issues) VALUES (?1, ?2, 1, 1, 1)',
  gains: "INSERT OR REPLACE INTO gains (kind, day, gained) VALUES ('stars', ?1, ?2)",
  views: "INSERT OR REPLACE INTO views (day, page, source, views) VALUES (?1, 'readme', 'github-camo', ?2)",
  link_clicks: "INSERT OR REPLACE INTO link_clicks (day, name, version, referrer, clicks) VALUES (?1, 'docs', '', '', ?2)",
  unique_clickers: 'INSERT OR REPLACE INTO unique_clickers (day, clickers) VALUES (?1, ?2)',
  contributions:
    "INSERT OR REPLACE INTO contributions (number, kind, day, first_timer) VALUES (CAST(julianday(?1) AS INTEGER), 'issue', ?1, ?2 % 2)",
  downloads: "INSERT OR REPLACE INTO downloads (package, day, downloads) VALUES ('npm:x', ?1, ?2)",
};

/**
 * A sum of the days from `from` to `to` with a figure from each totalled table (what the figure is does not matter
 * to what is kept), and the ranges it was asked for.
 */
function summing(sql: SqlStorage) {
  const asked: Array<[string, string]> = [];
  const one = (query: string, from: string, to: string) => sql.exec<{ n: number }>(query, from, to).one().n;
  const sum = (from: string, to: string): FactTotals => {
    asked.push([from, to]);
    const within = 'WHERE day BETWEEN ? AND ?';
    return {
      ...sumFacts([]),
      views: one(`SELECT COALESCE(SUM(views), 0) AS n FROM traffic ${within}`, from, to),
      watchersGained: one(`SELECT COALESCE(SUM(stars), 0) AS n FROM counts ${within}`, from, to),
      starsGained: one(`SELECT COALESCE(SUM(gained), 0) AS n FROM gains ${within}`, from, to),
      readmeImpressions: one(`SELECT COALESCE(SUM(views), 0) AS n FROM views ${within}`, from, to),
      linkClicks: one(`SELECT COALESCE(SUM(clicks), 0) AS n FROM link_clicks ${within}`, from, to),
      linkClickers: one(`SELECT COALESCE(SUM(clickers), 0) AS n FROM unique_clickers ${within}`, from, to),
      issuesOpened: one(`SELECT COALESCE(SUM(first_timer + 1), 0) AS n FROM contributions ${within}`, from, to),
      downloads: one(`SELECT COALESCE(SUM(downloads), 0) AS n FROM downloads ${within}`, from, to),
    };
  };
  return { sum, asked };
}

function seed(sql: SqlStorage, days: number) {
  for (let i = 0; i < days; i++) for (const write of Object.values(WRITE_ROW)) sql.exec(write, day(i), 10 + (i % 7));
}

describe("a README version's totals, kept", () => {
  it('are the sum of their rows, and the next call sums only the days after those kept', async () => {
    await runInDurableObject(counterOf('kept-totals', 'grows'), (_instance, state) => {
      const sql = state.storage.sql;
      seed(sql, 120);
      const kept = new KeptTotals(sql);
      const { sum, asked } = summing(sql);
      const check = (from: string, to: string) => {
        asked.length = 0;
        expect(kept.over(from, to, sum), `${from} to ${to}`).toEqual(summing(sql).sum(from, to));
        return [...asked];
      };
      expect(check(day(10), day(80))).toEqual([
        [day(10), day(66)],
        [day(67), day(80)],
      ]);
      // A day on: the kept days and one more, then the last 14 afresh.
      expect(check(day(10), day(81))).toEqual([
        [day(67), day(67)],
        [day(68), day(81)],
      ]);
      expect(check(day(10), day(81))).toEqual([[day(68), day(81)]]);
      // A shorter range of the same first day grows from what it can use; a range of another first day keeps its own.
      expect(check(day(10), day(40))).toEqual([
        [day(10), day(26)],
        [day(27), day(40)],
      ]);
      expect(check(day(10), day(81))).toEqual([[day(68), day(81)]]);
      expect(check(day(11), day(81))).toEqual([
        [day(11), day(67)],
        [day(68), day(81)],
      ]);
      // A range of 14 days or fewer keeps nothing.
      expect(check(day(100), day(113))).toEqual([[day(100), day(113)]]);
      expect(check(day(100), day(113))).toEqual([[day(100), day(113)]]);
    });
  });

  it.each(TOTALLED_TABLES)(
    'drop what they kept when a row of %s is written, updated or deleted on a kept day, not after',
    async (table) => {
      await runInDurableObject(counterOf('kept-totals', `written-${table}`), (_instance, state) => {
        const sql = state.storage.sql;
        seed(sql, 120);
        const kept = new KeptTotals(sql);
        const { sum, asked } = summing(sql);
        const agreed = () => {
          asked.length = 0;
          expect(kept.over(day(10), day(80), sum)).toEqual(summing(sql).sum(day(10), day(80)));
          return asked.length === 1;
        };
        expect(agreed()).toBe(false);
        expect(agreed()).toBe(true);
        // After the kept days (day 66 is the last): kept still.
        sql.exec(WRITE_ROW[table], day(67), 1000);
        expect(agreed()).toBe(true);
        // On the last kept day, and before the first: summed again, with the row as written.
        sql.exec(WRITE_ROW[table], day(66), 2000);
        expect(agreed()).toBe(false);
        sql.exec(WRITE_ROW[table], day(3), 3000);
        expect(agreed()).toBe(false);
        expect(agreed()).toBe(true);
        // Updated from a kept day to one after them all, and back.
        sql.exec(`UPDATE ${table} SET day = ? WHERE day = ?`, day(150), day(30));
        expect(agreed()).toBe(false);
        expect(agreed()).toBe(true);
        sql.exec(`UPDATE ${table} SET day = ? WHERE day = ?`, day(30), day(150));
        expect(agreed()).toBe(false);
        expect(agreed()).toBe(true);
        sql.exec(`DELETE FROM ${table} WHERE day = ?`, day(40));
        expect(agreed()).toBe(false);
        expect(agreed()).toBe(true);
      });
    },
  );

  it("count the first day's gains from the snapshot before it, also one written after the sum was kept", async () => {
    await runInDurableObject(counterOf('kept-totals', 'snapshots'), (_instance, state) => {
      const history = emptyHistory();
      // Snapshots every other day: each day's gains are counted from the snapshot before it.
      for (let i = 0; i < 100; i += 2) history.counts[day(i)] = { stars: 100 + i * 3, forks: 5 + i, watchers: 2 + (i % 5), openIssues: 0 };
      const rows = new HistoryRows(state.storage.sql);
      rows.write(history, emptyHistory());
      const kept = new KeptTotals(state.storage.sql);
      const sum = (from: string, to: string): FactTotals => ({ ...sumFacts([]), ...rows.totals(from, to) });
      const before = kept.over(day(20), day(90), sum);
      expect(before).toEqual(sum(day(20), day(90)));
      // A snapshot the day before the first: that day's gains are counted from it now.
      rows.write({ ...history, counts: { ...history.counts, [day(19)]: { stars: 500, forks: 1, watchers: 40, openIssues: 0 } } }, history);
      const after = kept.over(day(20), day(90), sum);
      expect(after).toEqual(sum(day(20), day(90)));
      expect(after.watchersGained).not.toBe(before.watchersGained);
    });
  });
});
