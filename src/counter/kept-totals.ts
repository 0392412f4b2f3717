import { type FactTotals, sumFacts } from '../conversions/ratios';
import { addDays, type UtcDay } from '../dates';

/**
 * The counter's tables whose rows a README version's totals sum (HistoryRows, LinkRows, ContributionRows,
 * DownloadRows and the views): each has a `day` column, and a row changes the totals of that day on (a snapshot
 * of the counts also changes the gains of the next one, which is later).
 */
export const TOTALLED_TABLES = [
  'traffic',
  'counts',
  'gains',
  'views',
  'link_clicks',
  'unique_clickers',
  'contributions',
  'downloads',
] as const;

// GitHub's traffic answers cover the 14 days up to today, and rewrite them at each refresh
// (https://docs.github.com/en/rest/metrics/traffic): a range's last 14 days are summed afresh each time, not kept.
const UNSETTLED_DAYS = 14;

/**
 * Kept sums of the days from `from_day` to `to_day`: for each first day the longest one a caller's range settled
 * (a refresh GitHub answers with 304s sums a version's days up to today, one that brings news up to its window).
 * Whatever writes a row of a totalled table (a
 * refresh, a view, an import, the move from KV) drops every sum that reaches that row's day, through triggers, so a
 * kept sum is always the sum of the rows as they are: no writer has to remember it.
 */
const schemaOf = (tables: readonly string[]) => `
  CREATE TABLE IF NOT EXISTS kept_totals (
    from_day TEXT NOT NULL, to_day TEXT NOT NULL, totals TEXT NOT NULL, PRIMARY KEY (from_day, to_day)
  ) WITHOUT ROWID;
  ${tables
    .map(
      (table) => `
  CREATE TRIGGER IF NOT EXISTS kept_totals_after_insert_${table} AFTER INSERT ON ${table}
    BEGIN DELETE FROM kept_totals WHERE to_day >= NEW.day; END;
  CREATE TRIGGER IF NOT EXISTS kept_totals_after_update_${table} AFTER UPDATE ON ${table}
    BEGIN DELETE FROM kept_totals WHERE to_day >= MIN(OLD.day, NEW.day); END;
  CREATE TRIGGER IF NOT EXISTS kept_totals_after_delete_${table} AFTER DELETE ON ${table}
    BEGIN DELETE FROM kept_totals WHERE to_day >= OLD.day; END;`,
    )
    .join('')}
`;

/**
 * Sums of a README version's days, kept so that each refresh sums only the days since the last: a version live for
 * a year cost ~1 ms of a refresh's CPU summed whole (its snapshots each paired with the one before), and a refresh
 * GitHub answers with 304s did nothing else as costly. Every figure summed is a sum of per-day values, so a kept
 * sum plus the days after it is the sum of the whole range.
 */
export class KeptTotals {
  constructor(private readonly sql: SqlStorage) {
    this.sql.exec(schemaOf(TOTALLED_TABLES));
  }

  /**
   * The totals of the days from `from` to `to`: the sum kept from `from`, where it still holds, and `sum` of the days
   * after it. The range's days up to 14 days before `to` are then kept, for the next call.
   */
  over(from: UtcDay, to: UtcDay, sum: SumOfDays): FactTotals {
    const settledTo = addDays(to, -UNSETTLED_DAYS);
    if (settledTo < from) return sum(from, to);
    return sumFacts([this.settled(from, settledTo, sum), sum(addDays(settledTo, 1), to)]);
  }

  /** The totals from `from` to `to`, kept: grown from the longest sum kept within them. */
  private settled(from: UtcDay, to: UtcDay, sum: SumOfDays): FactTotals {
    const row = this.sql
      .exec<{ to_day: UtcDay; totals: string }>(
        'SELECT to_day, totals FROM kept_totals WHERE from_day = ? AND to_day <= ? ORDER BY to_day DESC LIMIT 1',
        from,
        to,
      )
      .toArray()[0];
    const kept = row ? { to: row.to_day, totals: JSON.parse(row.totals) as FactTotals } : null;
    if (kept?.to === to) return kept.totals;
    const totals = kept ? sumFacts([kept.totals, sum(addDays(kept.to, 1), to)]) : sum(from, to);
    this.sql.exec('INSERT INTO kept_totals (from_day, to_day, totals) VALUES (?, ?, ?)', from, to, JSON.stringify(totals));
    // The sum it grew from is of no more use: the calls that settle as far reach further now.
    if (kept) this.sql.exec('DELETE FROM kept_totals WHERE from_day = ? AND to_day = ?', from, kept.to);
    return totals;
  }
}

/** The stored days from `from` to `to`, summed from their rows. */
type SumOfDays = (from: UtcDay, to: UtcDay) => FactTotals;
