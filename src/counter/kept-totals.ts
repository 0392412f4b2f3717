import { type FactTotals, sumFacts } from '../conversions/ratios';
import { addDays, type CalendarMonth, type UtcDay, wholeMonths } from '../dates';

/**
 * What one table of the counter adds to a month's totals: per row, its day (`day`, a column by default `day`) and
 * SQL for some of the figures (`figures`), read `from` its rows between the days ?1 and ?2. Its triggers drop the
 * months a row written to `table` changes: its own, or (`changesLater`) also every later one.
 */
export interface TotalsPart {
  table: string;
  from: string;
  figures: Partial<Record<keyof FactTotals, string>>;
  day?: string;
  changesLater?: boolean;
}

const FIGURES = Object.keys(sumFacts([])) as Array<keyof FactTotals>;
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

// Durable Objects' SQLite allows 5 terms in a compound SELECT (sqlite3_limit SQLITE_LIMIT_COMPOUND_SELECT in
// workerd's src/workerd/util/sqlite.c++): the parts' rows are joined 4 at a time, then those.
const TERMS_PER_SELECT = 4;

/** The parts' figures from ?1 to ?2, summed by month in one statement (a statement each cost ~20 µs a month). */
function monthlySql(parts: readonly TotalsPart[]): string {
  let rows = parts.map(
    (part) =>
      `SELECT substr(${part.day ?? 'day'}, 1, 7) AS month, ${FIGURES.map((figure) => `${part.figures[figure] ?? 0} AS ${figure}`).join(', ')} FROM ${part.from}`,
  );
  while (rows.length > 1) {
    const joined: string[] = [];
    for (let i = 0; i < rows.length; i += TERMS_PER_SELECT)
      joined.push(`SELECT * FROM (${rows.slice(i, i + TERMS_PER_SELECT).join(' UNION ALL ')})`);
    rows = joined;
  }
  return `SELECT month, ${FIGURES.map((figure) => `SUM(${figure}) AS ${figure}`).join(', ')} FROM (${rows[0]}) GROUP BY month`;
}

/**
 * Sums of a repository's days kept by calendar month, so that a README version's totals cost the same for a week
 * or for years: a range is its whole months, kept, and the days before and after them, summed. A version live for
 * a year cost ~1 ms of a refresh's CPU summed whole (its snapshots each paired with the one before), three years
 * ~3, and a refresh GitHub answers with 304s did nothing else as costly. Every figure summed is a sum of per-day
 * values, so months add up to the range.
 */
export class KeptTotals {
  private readonly monthly: string;

  constructor(
    private readonly sql: SqlStorage,
    parts: readonly TotalsPart[],
  ) {
    this.monthly = monthlySql(parts);
    // Once made, the triggers stay (one changed later needs a name of its own): parsing two dozen of them again
    // cost ~0.2 ms of each object's first call.
    const made = this.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name GLOB ?", `${TRIGGER_PREFIX}*`)
      .one().n;
    if (made < new Set(parts.map((part) => part.table)).size * TRIGGER_EVENTS.length) this.sql.exec(schemaOf(parts));
  }

  /** The totals of the days from `from` to `to`: their whole months as kept (the others summed and kept), and the days before and after them. */
  over(from: UtcDay, to: UtcDay): FactTotals {
    const months = wholeMonths(from, to);
    const first = months[0];
    const last = months[months.length - 1];
    if (!first || !last) return this.summed(from, to);
    const parts = this.months(months);
    if (from < first.from) parts.push(this.summed(from, addDays(first.from, -1)));
    if (to > last.to) parts.push(this.summed(addDays(last.to, 1), to));
    return sumFacts(parts);
  }

  /** Keeps the whole months from `from` to `to` (an import's last steps: its first refresh then sums none of them). */
  keep(from: UtcDay, to: UtcDay): void {
    this.months(wholeMonths(from, to));
  }

  /** The totals of `months` (in order): those kept, and the others summed in one statement and kept. */
  private months(months: readonly CalendarMonth[]): FactTotals[] {
    const first = months[0];
    const last = months[months.length - 1];
    if (!first || !last) return [];
    const kept = new Map(
      this.sql
        .exec<{ month: string; totals: string }>(
          'SELECT month, totals FROM month_totals WHERE month BETWEEN ? AND ?',
          first.month,
          last.month,
        )
        .toArray()
        .map((row) => [row.month, JSON.parse(row.totals) as FactTotals]),
    );
    const missing = months.filter((month) => !kept.has(month.month));
    const span = { first: missing[0], last: missing[missing.length - 1] };
    if (span.first && span.last) {
      const summed = this.byMonth(span.first.from, span.last.to);
      for (const { month } of missing) {
        const totals = summed.get(month) ?? sumFacts([]);
        this.sql.exec('INSERT OR REPLACE INTO month_totals (month, totals) VALUES (?, ?)', month, JSON.stringify(totals));
        kept.set(month, totals);
      }
    }
    return months.map((month) => kept.get(month.month) ?? sumFacts([]));
  }

  /** The days from `from` to `to`, summed from their rows. */
  private summed(from: UtcDay, to: UtcDay): FactTotals {
    return sumFacts([...this.byMonth(from, to).values()]);
  }

  /** The days from `from` to `to`, summed from their rows by month (months without any left out). */
  private byMonth(from: UtcDay, to: UtcDay): Map<string, FactTotals> {
    const rows = this.sql.exec<FactTotals & { month: string }>(this.monthly, from, to).toArray();
    return new Map(rows.map(({ month, ...totals }) => [month, totals]));
  }
}
