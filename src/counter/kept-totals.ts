import { type FactTotals, sumFacts } from '../conversions/ratios';
import { addDays, type CalendarMonth, FAR_FUTURE, type UtcDay, wholeMonths } from '../dates';
import type { KeptMonths } from '../records/repo-records';

/**
 * What one table of the counter adds to a range's totals: `sums`, SQL of aggregates of some of the figures over
 * the rows `from` (a FROM clause whose days are IN_RANGE). Its triggers drop the kept months a row written to
 * `table` changes: its own, or (`changesLater`) also every later one.
 */
export interface TotalsPart {
  table: string;
  from: string;
  sums: Partial<Record<keyof FactTotals, string>>;
  changesLater?: boolean;
}

/** Whole months one call sums at most to keep them (a year of a repository's rows: ~1 ms of CPU). */
export const MONTHS_PER_CALL = 12;

/** The days of the range being summed, as a part's SQL names them. */
export const IN_RANGE = 'BETWEEN ranges.first AND ranges.last';

const TRIGGER_PREFIX = 'month_totals_after_';
const TRIGGER_EVENTS = ['insert', 'update', 'delete'] as const;

/** The months a row written to `part`'s table changes, as SQL of a trigger's `OLD` and `NEW` rows after `event`. */
function monthsChanged(part: TotalsPart, event: (typeof TRIGGER_EVENTS)[number]): string {
  const days = { insert: ['NEW.day'], update: ['OLD.day', 'NEW.day'], delete: ['OLD.day'] }[event];
  const month = (day: string) => `substr(${day}, 1, 7)`;
  if (part.changesLater) return `month >= ${month(days.length === 1 ? (days[0] as string) : `MIN(${days.join(', ')})`)}`;
  return `month IN (${days.map(month).join(', ')})`;
}

/**
 * A calendar month's totals (`month` as YYYY-MM). Whatever writes a row of a totalled table (a refresh, a view, an
 * import, the move from KV) drops the kept months it changes, through triggers, so a kept month is always the sum
 * of its rows as they are: no writer has to remember it.
 */
function schemaOf(parts: readonly TotalsPart[]): string {
  const tables = new Map(parts.map((part) => [part.table, part]));
  const triggers = [...tables.values()].flatMap((part) =>
    TRIGGER_EVENTS.map(
      (event) => `
  CREATE TRIGGER IF NOT EXISTS ${TRIGGER_PREFIX}${event}_${part.table} AFTER ${event.toUpperCase()} ON ${part.table}
    BEGIN DELETE FROM month_totals WHERE ${monthsChanged(part, event)}; END;`,
    ),
  );
  return `CREATE TABLE IF NOT EXISTS month_totals (month TEXT PRIMARY KEY, totals TEXT NOT NULL) WITHOUT ROWID;${triggers.join('')}`;
}

/**
 * The parts' sums of each of a JSON array of ranges (`[first, last]`), in one statement: a row a range, a JSON
 * object a part. A statement a part and range cost ~20 µs more each; grouping the rows by month, ~1 µs a row more
 * for SQLite's sort.
 */
function rangesSql(parts: readonly TotalsPart[]): string {
  const sums = parts.map((part) => {
    const figures = Object.entries(part.sums).map(([figure, sum]) => `'${figure}', COALESCE(${sum}, 0)`);
    return `(SELECT json_object(${figures.join(', ')}) FROM ${part.from})`;
  });
  // In the array's order (json_each's key): each row is matched to its range by position.
  const columns = sums.map((sum, i) => `${sum} AS p${i}`).join(', ');
  return `WITH ranges AS (SELECT key, value ->> 0 AS first, value ->> 1 AS last FROM json_each(?)) SELECT ${columns} FROM ranges ORDER BY key`;
}

/**
 * Sums of a repository's days kept by calendar month, so that a README version's totals cost the same for a week
 * or for years: a range is its whole months, kept, and the days before and after them, summed. A version live for
 * a year cost ~1 ms of a refresh's CPU summed whole (its snapshots each paired with the one before), three years
 * ~3, and a refresh GitHub answers with 304s did nothing else as costly. Every figure summed is a sum of per-day
 * values, so months add up to the range.
 */
export class KeptTotals {
  private readonly ranges: string;
  private readonly firstDay: string;
  /** Rows this object's kept sums have written since it started: a call's share is the difference it made. */
  rowsWritten = 0;

  constructor(
    private readonly sql: SqlStorage,
    parts: readonly TotalsPart[],
  ) {
    this.ranges = rangesSql(parts);
    // The first day of any row the parts sum (a day past them all when there is none).
    const tables = [...new Set(parts.map((part) => part.table))];
    this.firstDay = `SELECT MIN(${tables.map((table) => `COALESCE((SELECT MIN(day) FROM ${table}), '${FAR_FUTURE}')`).join(', ')}) AS day`;
    // Once made, the triggers stay (one changed later needs a name of its own): parsing two dozen of them again
    // cost ~0.2 ms of each object's first call.
    const made = this.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name GLOB ?", `${TRIGGER_PREFIX}*`)
      .one().n;
    if (made < tables.length * TRIGGER_EVENTS.length) this.sql.exec(schemaOf(parts));
  }

  /**
   * The totals of the days from `from` to `to`: their whole months as kept (the others summed, and kept unless
   * `keep none`), and the days before and after them.
   */
  over(from: UtcDay, to: UtcDay, keeping: KeptMonths = 'keep them'): FactTotals {
    const months = wholeMonths(from, to);
    const first = months[0];
    const last = months[months.length - 1];
    if (!first || !last) return sumFacts(this.summed([[from, to]]));
    const around: Array<[UtcDay, UtcDay]> = [];
    if (from < first.from) around.push([from, addDays(first.from, -1)]);
    if (to > last.to) around.push([addDays(last.to, 1), to]);
    return sumFacts(this.months(months, around, keeping));
  }

  /**
   * Keeps the whole months from `from` to `to` not kept yet, MONTHS_PER_CALL of them at most; returns how many are
   * left to keep. An import's last steps, and a refresh's call before its merge, so that the merge sums none of them.
   */
  keep(from: UtcDay, to: UtcDay): number {
    const { missing } = this.kept(wholeMonths(from, to));
    this.months(missing.slice(0, MONTHS_PER_CALL), []);
    return Math.max(0, missing.length - MONTHS_PER_CALL);
  }

  /** Whether every whole month from `from` to `to` is kept. */
  isKept(from: UtcDay, to: UtcDay): boolean {
    return this.kept(wholeMonths(from, to)).missing.length === 0;
  }

  /**
   * The totals of `months` (in order), those kept and the others summed (and kept, unless `keep none`), and then
   * of the ranges `around` them, all summed in one statement.
   */
  private months(
    months: readonly CalendarMonth[],
    around: ReadonlyArray<[UtcDay, UtcDay]>,
    keeping: KeptMonths = 'keep them',
  ): FactTotals[] {
    const { kept, missing } = this.kept(months);
    const summed = this.summed([...missing.map((month): [UtcDay, UtcDay] => [month.from, month.to]), ...around]);
    if (missing.length > 0 && keeping === 'keep them') {
      const rows = missing.map((month, i) => [month.month, JSON.stringify(summed[i])]);
      this.rowsWritten += this.sql.exec(
        'INSERT OR REPLACE INTO month_totals (month, totals) SELECT value ->> 0, value ->> 1 FROM json_each(?)',
        JSON.stringify(rows),
      ).rowsWritten;
    }
    return [...kept, ...summed];
  }

  /**
   * Of `months` (in order), the totals of those kept, and those not kept. Months before the first day any table
   * holds sum to nothing, and are neither: a new repository's README versions reach back before its first row, and
   * keeping those months would write rows of zeros.
   */
  private kept(months: readonly CalendarMonth[]): { kept: FactTotals[]; missing: CalendarMonth[] } {
    const firstDay = this.sql.exec<{ day: UtcDay }>(this.firstDay).one().day;
    const withRows = months.filter((month) => month.to >= firstDay);
    const first = withRows[0];
    const last = withRows[withRows.length - 1];
    if (!first || !last) return { kept: [], missing: [] };
    const rows = this.sql
      .exec<{ month: string; totals: string }>(
        'SELECT month, totals FROM month_totals WHERE month BETWEEN ? AND ?',
        first.month,
        last.month,
      )
      .toArray();
    const keptMonths = new Set(rows.map((row) => row.month));
    return {
      kept: rows.map((row) => JSON.parse(row.totals) as FactTotals),
      missing: withRows.filter((month) => !keptMonths.has(month.month)),
    };
  }

  /** The totals of each of `ranges` (first and last day), summed from their rows. */
  private summed(ranges: ReadonlyArray<[UtcDay, UtcDay]>): FactTotals[] {
    if (ranges.length === 0) return [];
    const rows = this.sql.exec<Record<string, string>>(this.ranges, JSON.stringify(ranges)).toArray();
    return rows.map((row) => {
      const totals = sumFacts([]);
      for (const json of Object.values(row)) {
        for (const [figure, sum] of Object.entries(JSON.parse(json) as Partial<FactTotals>)) totals[figure as keyof FactTotals] += sum;
      }
      return totals;
    });
  }
}
