import type { UtcDay } from '../dates';
import type { DailyDownloads } from '../views';
import { IN_RANGE, type TotalsPart } from './kept-totals';
import { jsonArrayOf, jsonBatches, rowsAsJson } from './sqlite-json';

/** The counter's table of package downloads per day, kept for good (registries keep 90 days to 18 months). */
export const DOWNLOAD_SCHEMA = `
  CREATE TABLE IF NOT EXISTS downloads (
    package TEXT NOT NULL, day TEXT NOT NULL, downloads INTEGER NOT NULL, PRIMARY KEY (package, day)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS downloads_by_day ON downloads (day);
`;

const COLUMNS = ['day', 'package', 'downloads'] as const;

/** The downloads' part of a month's totals (KeptTotals): all packages' downloads. */
export const DOWNLOAD_TOTALS: TotalsPart = {
  table: 'downloads',
  from: `downloads WHERE day ${IN_RANGE}`,
  sums: { downloads: 'SUM(downloads)' },
};

export class DownloadRows {
  constructor(private readonly sql: SqlStorage) {
    this.sql.exec(DOWNLOAD_SCHEMA);
  }

  /**
   * Merges a registry's days (an answer or an import): the larger count per package and day, as views are merged,
   * so an answer repeated, or one that counts a day again lower, changes nothing. Returns the rows written.
   */
  merge(rows: readonly DailyDownloads[]): number {
    let written = 0;
    for (const batch of jsonBatches(rows)) {
      this.sql.exec(
        `INSERT INTO downloads (package, day, downloads)
         SELECT json_extract(value, '$.package'), json_extract(value, '$.day'), json_extract(value, '$.downloads') FROM json_each(?) WHERE true
         ON CONFLICT DO UPDATE SET downloads = excluded.downloads WHERE excluded.downloads > downloads`,
        batch,
      );
      written += this.sql.exec<{ n: number }>('SELECT changes() AS n').one().n;
    }
    return written;
  }

  /** Downloads per day and package from `from` to `to`. */
  daily(from: UtcDay, to: UtcDay): DailyDownloads[] {
    const query = 'SELECT day, package, downloads FROM downloads WHERE day BETWEEN ? AND ? ORDER BY day, package';
    return rowsAsJson<DailyDownloads>(this.sql, query, COLUMNS, from, to);
  }

  /** The last day stored of each package. */
  lastDays(): Map<string, UtcDay> {
    const rows = this.sql.exec<{ package: string; day: UtcDay }>('SELECT package, MAX(day) AS day FROM downloads GROUP BY package');
    return new Map(rows.toArray().map((row) => [row.package, row.day]));
  }

  /** The export's rows (`,"downloads":[…]`, days from `from` to `today`); empty without any. */
  exportJson(from: UtcDay, today: UtcDay): string {
    const query = 'SELECT day, package, downloads FROM downloads WHERE day BETWEEN ? AND ? ORDER BY day, package';
    const json = jsonArrayOf(this.sql, query, COLUMNS, from, today);
    // Said, never left out: the export marks the repository missing rather than write a short line.
    if (json === null) throw new Error("downloads: the rows pass SQLite's 2 MB a value");
    return json === '[]' ? '' : `,"downloads":${json}`;
  }
}
