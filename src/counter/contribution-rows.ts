import type { UtcDay } from '../dates';
import type { Contribution } from '../github/contributions';
import type { DailyContributions } from '../views';
import { IN_RANGE, type TotalsPart } from './kept-totals';
import { jsonBatches, rowsAsJson } from './sqlite-json';

/**
 * The counter's table of issues and pull requests, one row each by number: GitHub lists an issue again each time
 * it is updated, and a row is kept as first seen, so it is counted once, on the day it was opened.
 */
export const CONTRIBUTION_SCHEMA = `
  CREATE TABLE IF NOT EXISTS contributions (
    number INTEGER PRIMARY KEY, kind TEXT NOT NULL, day TEXT NOT NULL, first_timer INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS contributions_by_day ON contributions (day);
`;

/** The contributions' part of a month's totals (KeptTotals): issues and pull requests opened, and by whom new. */
export const CONTRIBUTION_TOTALS: TotalsPart = {
  table: 'contributions',
  from: `contributions WHERE day ${IN_RANGE}`,
  sums: { issuesOpened: "SUM(kind = 'issue')", pullsOpened: "SUM(kind = 'pull')", firstContributions: 'SUM(first_timer)' },
};

const DAILY = `
  SELECT day, SUM(kind = 'issue') AS issues, SUM(kind = 'pull') AS pulls, SUM(first_timer) AS firstTimers
  FROM contributions WHERE day BETWEEN ? AND ? GROUP BY day ORDER BY day`;

export class ContributionRows {
  constructor(private readonly sql: SqlStorage) {
    this.sql.exec(CONTRIBUTION_SCHEMA);
  }

  /** Adds the issues and pull requests not stored yet; returns how many were. Adding the same ones again adds none. */
  add(items: readonly Contribution[]): number {
    let added = 0;
    for (const batch of jsonBatches(items)) {
      this.sql.exec(
        `INSERT OR IGNORE INTO contributions (number, kind, day, first_timer)
         SELECT json_extract(value, '$.number'), json_extract(value, '$.kind'), json_extract(value, '$.day'), json_extract(value, '$.firstTimer')
         FROM json_each(?)`,
        batch,
      );
      added += this.sql.exec<{ n: number }>('SELECT changes() AS n').one().n;
    }
    return added;
  }

  /** Issues and pull requests opened per day from `from` to `to` (days with none left out). */
  daily(from: UtcDay, to: UtcDay): DailyContributions[] {
    return rowsAsJson<DailyContributions>(this.sql, DAILY, ['day', 'issues', 'pulls', 'firstTimers'], from, to);
  }

  /** The export's rows (`,"contributions":[…]`, days up to `today`); empty without any, so older lines stay as they were. */
  exportJson(today: UtcDay): string {
    const rows = this.sql
      .exec<{ json: string; n: number }>(
        `SELECT COUNT(*) AS n, COALESCE(json_group_array(json_object('number', number, 'kind', kind, 'day', day,
                'firstTimer', json(CASE WHEN first_timer = 1 THEN 'true' ELSE 'false' END))), '[]') AS json
         FROM (SELECT * FROM contributions WHERE day <= ? ORDER BY number)`,
        today,
      )
      .one();
    return rows.n === 0 ? '' : `,"contributions":${rows.json}`;
  }
}
