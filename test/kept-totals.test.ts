import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type FactTotals, sumFacts } from '../src/conversions/ratios';
import { HISTORY_TOTALS, HistoryRows } from '../src/counter/history-rows';
import { KeptTotals } from '../src/counter/kept-totals';
import { COUNTER_TOTALS } from '../src/counter/repo-counter';
import { emptyHistory } from '../src/history/model';
import { counterOf } from './worker';

const FIRST = '2025-01-01';
const TABLES = [...new Set(COUNTER_TOTALS.map((part) => part.table))];

// One row a day in each table the totals sum, as the counter's tables hold them.
const WRITE_ROW: Record<string, string> = {
  traffic: 'INSERT OR REPLACE INTO traffic (day, views, view_uniques, clones, clone_uniques) VALUES (?1, ?2, 1, 1, 1)',
  counts: 'INSERT OR REPLACE INTO counts (day, stars, forks, watchers, open_issues) VALUES (?1, ?2, ?2 % 5, ?2 % 3, 1)',
  gains: "INSERT OR REPLACE INTO gains (kind, day, gained) VALUES ('stars', ?1, ?2)",
  views: "INSERT OR REPLACE INTO views (day, page, source, views) VALUES (?1, 'readme', 'github-camo', ?2)",
  link_clicks: "INSERT OR REPLACE INTO link_clicks (day, name, version, referrer, clicks) VALUES (?1, 'docs', '', '', ?2)",
  unique_clickers: 'INSERT OR REPLACE INTO unique_clickers (day, clickers) VALUES (?1, ?2)',
  contributions:
    "INSERT OR REPLACE INTO contributions (number, kind, day, first_timer) VALUES (CAST(julianday(?1) AS INTEGER), 'issue', ?1, ?2 % 2)",
  downloads: "INSERT OR REPLACE INTO downloads (package, day, downloads) VALUES ('npm:x', ?1, ?2)",
};

/** 2025-01-01 to 2025-04-30: a row a day in every table, each day's values different. */
function seed(sql: SqlStorage) {
  for (let i = 0; i < 120; i++) {
    const day = new Date(Date.parse(`${FIRST}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
    for (const table of TABLES) sql.exec(WRITE_ROW[table] as string, day, 10 + i * 7);
  }
}

const keptMonths = (sql: SqlStorage) =>
  sql
    .exec<{ month: string }>('SELECT month FROM month_totals ORDER BY month')
    .toArray()
    .map((row) => row.month);

/** The totals of `from` to `to` with nothing kept: summed in a transaction that is then rolled back. */
function summedAfresh(storage: DurableObjectStorage, kept: KeptTotals, from: string, to: string): FactTotals {
  let totals: FactTotals | undefined;
  try {
    storage.transactionSync(() => {
      storage.sql.exec('DELETE FROM month_totals');
      totals = kept.over(from, to);
      throw new Error('rolled back');
    });
  } catch {}
  if (!totals) throw new Error('nothing summed');
  return totals;
}

describe("a README version's totals, kept by month", () => {
  it('use the months kept as they are, and keep the whole months of a range not kept yet', async () => {
    await runInDurableObject(counterOf('kept-totals', 'as-kept'), (_instance, state) => {
      const sql = state.storage.sql;
      seed(sql);
      const kept = new KeptTotals(sql, COUNTER_TOTALS);
      const totals = kept.over('2025-01-10', '2025-03-20');
      expect(keptMonths(sql)).toEqual(['2025-02']);
      // A row written for each month kept, counted.
      expect(kept.rowsWritten).toBe(1);
      expect(totals.views).toBe(sumOfSeeded('2025-01-10', '2025-03-20'));
      // February as kept (a marker in place of its sums), the days around it summed.
      sql.exec("UPDATE month_totals SET totals = ? WHERE month = '2025-02'", JSON.stringify({ ...sumFacts([]), views: 1 }));
      expect(kept.over('2025-01-10', '2025-03-20').views).toBe(
        sumOfSeeded('2025-01-10', '2025-01-31') + 1 + sumOfSeeded('2025-03-01', '2025-03-20'),
      );
      expect(kept.over('2025-01-01', '2025-04-30').views).toBe(
        sumOfSeeded('2025-01-01', '2025-04-30') - sumOfSeeded('2025-02-01', '2025-02-28') + 1,
      );
      expect(keptMonths(sql)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
      expect(kept.rowsWritten).toBe(4);
      // A range within a month keeps nothing; the months of a range without any rows are kept as zero.
      sql.exec('DELETE FROM month_totals');
      expect(kept.over('2025-02-03', '2025-02-20').views).toBe(sumOfSeeded('2025-02-03', '2025-02-20'));
      expect(kept.over('2030-01-01', '2030-02-28')).toEqual(sumFacts([]));
      expect(keptMonths(sql)).toEqual(['2030-01', '2030-02']);
      // Months before the first row of any table sum to nothing, and are not kept (nor summed, nor missing).
      sql.exec('DELETE FROM month_totals');
      expect(kept.over('2024-10-01', '2025-01-31').views).toBe(sumOfSeeded('2025-01-01', '2025-01-31'));
      expect(keptMonths(sql)).toEqual(['2025-01']);
      expect(kept.isKept('2024-10-01', '2025-01-31')).toBe(true);
    });
  });

  it.each(TABLES)('drop the month of a row of %s written, updated or deleted (counts: the months from it on), no other', async (table) => {
    await runInDurableObject(counterOf('kept-totals', `written-${table}`), (_instance, state) => {
      const sql = state.storage.sql;
      seed(sql);
      const kept = new KeptTotals(sql, COUNTER_TOTALS);
      const all = ['2025-01', '2025-02', '2025-03', '2025-04'];
      // A snapshot's gains are counted from the one before: the months after its own change with it.
      const without = (month: string) => all.filter((name) => !(name === month || (table === 'counts' && name > month)));
      const rekept = () => {
        expect(kept.over('2025-01-01', '2025-04-30')).toEqual(summedAfresh(state.storage, kept, '2025-01-01', '2025-04-30'));
        expect(keptMonths(sql)).toEqual(all);
      };
      rekept();
      // After the months kept: all kept still.
      sql.exec(WRITE_ROW[table] as string, '2025-05-03', 1000);
      expect(keptMonths(sql)).toEqual(all);
      sql.exec(WRITE_ROW[table] as string, '2025-03-15', 2000);
      expect(keptMonths(sql)).toEqual(without('2025-03'));
      rekept();
      // Updated from a kept day to one after them all, and back.
      sql.exec(`UPDATE ${table} SET day = ? WHERE day = ?`, '2025-06-01', '2025-02-10');
      expect(keptMonths(sql)).toEqual(without('2025-02'));
      rekept();
      sql.exec(`UPDATE ${table} SET day = ? WHERE day = ?`, '2025-02-10', '2025-06-01');
      expect(keptMonths(sql)).toEqual(without('2025-02'));
      rekept();
      sql.exec(`DELETE FROM ${table} WHERE day = ?`, '2025-04-02');
      expect(keptMonths(sql)).toEqual(without('2025-04'));
      rekept();
      sql.exec(`DELETE FROM ${table} WHERE day = ?`, '2025-01-20');
      expect(keptMonths(sql)).toEqual(without('2025-01'));
      rekept();
    });
  });

  it("count a month's first gains from the snapshot before it, also one written in an earlier month after it was kept", async () => {
    await runInDurableObject(counterOf('kept-totals', 'snapshots'), (_instance, state) => {
      const history = emptyHistory();
      // A snapshot every ten days (the 6th, 16th and 26th of January, the 5th of February…): each day's gains are
      // counted from the snapshot before it.
      for (let i = 5; i < 100; i += 10) {
        const day = new Date(Date.parse(`${FIRST}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
        history.counts[day] = { stars: 100 + i * 3, forks: 5 + i, watchers: 2 + (i % 7), openIssues: 0 };
      }
      const rows = new HistoryRows(state.storage.sql);
      rows.write(history, emptyHistory());
      const kept = new KeptTotals(state.storage.sql, HISTORY_TOTALS);
      const february = kept.over('2025-02-01', '2025-02-28');
      expect(kept.over('2025-01-21', '2025-04-01')).toEqual(summedAfresh(state.storage, kept, '2025-01-21', '2025-04-01'));
      // A snapshot on the 30th of January: the gains of the 5th of February are counted from it now.
      rows.write(
        { ...history, counts: { ...history.counts, '2025-01-30': { stars: 500, forks: 1, watchers: 40, openIssues: 0 } } },
        history,
      );
      expect(kept.over('2025-02-01', '2025-02-28')).not.toEqual(february);
      expect(kept.over('2025-01-21', '2025-04-01')).toEqual(summedAfresh(state.storage, kept, '2025-01-21', '2025-04-01'));
    });
  });
});

/** GitHub's page views seeded from `from` to `to` (10 + 7 a day on from the first): what `views` sums. */
function sumOfSeeded(from: string, to: string): number {
  const index = (day: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${FIRST}T00:00:00Z`)) / 86_400_000);
  let sum = 0;
  for (let i = Math.max(0, index(from)); i <= Math.min(119, index(to)); i++) sum += 10 + i * 7;
  return sum;
}
