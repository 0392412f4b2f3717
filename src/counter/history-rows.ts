import { FAR_FUTURE, type UtcDay } from '../dates';
import type { RepoHistory } from '../history/model';
import { sameValue } from '../history/same-value';
import { daysThinnedAway } from '../history/top-lists';
import { IN_RANGE, type TotalsPart } from './kept-totals';
import { jsonBatches } from './sqlite-json';

/**
 * A repository's kept history as rows of its own Durable Object (SQLite), one row per day and kind: GitHub's
 * traffic, the snapshots of its counts, stars and forks gained, the top lists and the impression breakdowns.
 * Writing a history writes only the rows that differ from the stored ones, so a refresh that changed two days
 * writes two rows, where a KV value was rewritten whole.
 */
export const HISTORY_SCHEMA = `
  CREATE TABLE IF NOT EXISTS traffic (
    day TEXT PRIMARY KEY, views INTEGER NOT NULL, view_uniques INTEGER NOT NULL, clones INTEGER NOT NULL, clone_uniques INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS counts (
    day TEXT PRIMARY KEY, stars INTEGER NOT NULL, forks INTEGER NOT NULL, watchers INTEGER NOT NULL, open_issues INTEGER NOT NULL
  ) WITHOUT ROWID;
  -- Stars and forks gained per day (kind 'stars' or 'forks').
  CREATE TABLE IF NOT EXISTS gains (kind TEXT NOT NULL, day TEXT NOT NULL, gained INTEGER NOT NULL, PRIMARY KEY (kind, day)) WITHOUT ROWID;
  -- GitHub's top referrers and paths (kind 'referrers' or 'paths') as seen on a day, as JSON arrays.
  CREATE TABLE IF NOT EXISTS top_lists (kind TEXT NOT NULL, day TEXT NOT NULL, items TEXT NOT NULL, PRIMARY KEY (kind, day)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS breakdowns (day TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

/**
 * What of an imported history a merge writes: its daily figures (traffic, counts, gains), all of them or those of
 * the days from `from` to `to` (both included), or none; and its top lists and breakdowns, or not.
 */
export interface HistoryMerge {
  figures: 'all' | { from: UtcDay; to: UtcDay } | null;
  lists: boolean;
}

export const WHOLE_HISTORY: HistoryMerge = { figures: 'all', lists: true };

/** The figures of a day the counter's own tables hold, not GitHub's history rows. */
export type CountedHere =
  | 'readmeImpressions'
  | 'linkClicks'
  | 'linkClickers'
  | 'issuesOpened'
  | 'pullsOpened'
  | 'firstContributions'
  | 'downloads';

/** The sum of a snapshot's differences from the one before it in `field`, on the days without a gained row of `kind`. */
const gainedBySnapshots = (field: string, kind?: string) => {
  const noGainedRow = kind ? ` FILTER (WHERE NOT EXISTS (SELECT 1 FROM gains WHERE kind = '${kind}' AND gains.day = snapshot.day))` : '';
  return `SUM(snapshot.${field} - before.${field})${noGainedRow}`;
};

/**
 * The history's part of a range's totals (KeptTotals): GitHub's traffic, and the gains as `dailyGains` counts
 * them: a day's gained row where there is one, else the difference between its snapshot and the one before. Each
 * snapshot is paired with the one before it by the primary key (a statement per figure, with a window function
 * each, took ~1 ms of a refresh for a README version's days); a snapshot changes the next one's gains, however
 * much later.
 */
export const HISTORY_TOTALS: readonly TotalsPart[] = [
  {
    table: 'traffic',
    from: `traffic WHERE day ${IN_RANGE}`,
    sums: { views: 'SUM(views)', viewUniques: 'SUM(view_uniques)', clones: 'SUM(clones)', cloneUniques: 'SUM(clone_uniques)' },
  },
  {
    table: 'gains',
    from: `gains WHERE kind IN ('stars', 'forks') AND day ${IN_RANGE}`,
    sums: { starsGained: "SUM(gained) FILTER (WHERE kind = 'stars')", forksGained: "SUM(gained) FILTER (WHERE kind = 'forks')" },
  },
  {
    table: 'counts',
    from: `counts AS snapshot JOIN counts AS before ON before.day = (SELECT day FROM counts WHERE day < snapshot.day ORDER BY day DESC LIMIT 1)
           WHERE snapshot.day ${IN_RANGE}`,
    sums: {
      starsGained: gainedBySnapshots('stars', 'stars'),
      forksGained: gainedBySnapshots('forks', 'forks'),
      watchersGained: gainedBySnapshots('watchers'),
    },
    changesLater: true,
  },
];

export class HistoryRows {
  constructor(private readonly sql: SqlStorage) {
    this.sql.exec(HISTORY_SCHEMA);
  }

  /**
   * The history, or from `from` on: the days from `from`, and the last snapshot of the counts before it (what the
   * gains of `from` are counted from, and the latest counts where none is newer). Built by SQLite as JSON text and
   * parsed once: a year read row by row cost ~1.8 ms of CPU.
   */
  read(from: UtcDay = ''): RepoHistory {
    return JSON.parse(this.jsonOf(from, FAR_FUTURE, 'with the snapshot before')) as RepoHistory;
  }

  /** `read(from)` of the figures alone: traffic, counts and gains, no top lists or breakdowns (the report table's). */
  readFigures(from: UtcDay): RepoHistory {
    return JSON.parse(this.jsonOf(from, FAR_FUTURE, 'with the snapshot before', 'figures only')) as RepoHistory;
  }

  /**
   * Stars gained per day, as GitHub's star history gives them, into the rows: only the days whose count differs
   * are written. Returns the rows written.
   */
  mergeStarsGained(days: ReadonlyArray<{ day: UtcDay; stars: number }>): number {
    let written = 0;
    for (const batch of jsonBatches(days.map((gain) => [gain.day, gain.stars]))) {
      // `WHERE true`: SQLite's upsert after a SELECT needs a WHERE to parse.
      written += this.sql.exec(
        `INSERT INTO gains (kind, day, gained) SELECT 'stars', json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?) WHERE true
         ON CONFLICT (kind, day) DO UPDATE SET gained = excluded.gained WHERE gained <> excluded.gained`,
        batch,
      ).rowsWritten;
    }
    return written;
  }

  /** Stars gained on the days before `from`, summed: what a history read from `from` leaves out of the total. */
  starsGainedBefore(from: UtcDay): number {
    return this.sql.exec<{ n: number }>("SELECT COALESCE(SUM(gained), 0) AS n FROM gains WHERE kind = 'stars' AND day < ?", from).one().n;
  }

  /**
   * The history from `from` to `to` as JSON text, built by SQLite from the rows (the same shape as
   * JSON.stringify(read()), days in order): an export's line costs no JavaScript objects.
   */
  json(from: UtcDay, to: UtcDay): string {
    return this.jsonOf(from, to, 'days only');
  }

  private jsonOf(
    from: UtcDay,
    to: UtcDay,
    counts: 'days only' | 'with the snapshot before',
    tables: 'all' | 'figures only' = 'all',
  ): string {
    const countsFrom = counts === 'days only' ? '?1' : '(SELECT COALESCE(MAX(day), ?1) FROM counts WHERE day < ?1)';
    const byDay = (select: string, rows: string) => `(SELECT COALESCE(json_group_object(day, ${select}), '{}') FROM (${rows}))`;
    const traffic = byDay(
      `json_object('views', views, 'viewUniques', view_uniques, 'clones', clones, 'cloneUniques', clone_uniques)`,
      'SELECT * FROM traffic WHERE day >= ?1 AND day <= ?2 ORDER BY day',
    );
    const snapshots = byDay(
      `json_object('stars', stars, 'forks', forks, 'watchers', watchers, 'openIssues', open_issues)`,
      `SELECT * FROM counts WHERE day >= ${countsFrom} AND day <= ?2 ORDER BY day`,
    );
    const gains = (kind: string) =>
      byDay('gained', `SELECT day, gained FROM gains WHERE kind = '${kind}' AND day BETWEEN ?1 AND ?2 ORDER BY day`);
    // The figures in one statement (a statement each cost ~0.1 ms of a refresh): ~200 characters a day, below
    // SQLite's 2 MB a value for 30 years.
    const figures = this.sql
      .exec<{ json: string }>(
        `SELECT '"traffic":' || ${traffic} || ',"counts":' || ${snapshots} || ',"starsGained":' || ${gains('stars')} || ',"forksGained":' || ${gains('forks')} AS json`,
        from,
        to,
      )
      .one().json;
    if (tables === 'figures only') return `{${figures},"referrers":{},"paths":{},"breakdowns":{}}`;
    // Top lists and breakdowns are JSON text already, and their days together can pass SQLite's 2 MB a value:
    // their rows are joined here, not by SQLite.
    const joined = (rows: ReadonlyArray<{ day: string; json: string }>) => `{${rows.map((row) => `"${row.day}":${row.json}`).join(',')}}`;
    const lists = this.sql
      .exec<{ kind: string; day: string; json: string }>(
        'SELECT kind, day, items AS json FROM top_lists WHERE day BETWEEN ? AND ? ORDER BY kind, day',
        from,
        to,
      )
      .toArray();
    const breakdowns = this.sql
      .exec<{ day: string; json: string }>('SELECT day, value AS json FROM breakdowns WHERE day BETWEEN ? AND ? ORDER BY day', from, to)
      .toArray();
    const ofKind = (kind: string) => joined(lists.filter((row) => row.kind === kind));
    return `{${figures},"referrers":${ofKind('referrers')},"paths":${ofKind('paths')},"breakdowns":${joined(breakdowns)}}`;
  }

  /**
   * The first and last day of the kept figures (traffic, counts, gains), or null when there are none: what a
   * report's `historySpan` says of the whole history, where the report reads only its own days.
   */
  span(): { from: UtcDay; to: UtcDay } | null {
    const { first, last } = this.sql
      .exec<{ first: UtcDay | null; last: UtcDay | null }>(
        `SELECT MIN(first) AS first, MAX(last) AS last FROM (
           SELECT MIN(day) AS first, MAX(day) AS last FROM traffic UNION ALL
           SELECT MIN(day), MAX(day) FROM counts UNION ALL
           SELECT MIN(day), MAX(day) FROM gains WHERE kind IN ('stars', 'forks'))`,
      )
      .one();
    return first !== null && last !== null ? { from: first, to: last } : null;
  }

  /** Whether any history is stored. */
  isEmpty(): boolean {
    return ['traffic', 'counts', 'gains', 'top_lists', 'breakdowns'].every(
      (table) => this.sql.exec(`SELECT 1 FROM ${table} LIMIT 1`).toArray().length === 0,
    );
  }

  /**
   * Merges an imported history into the rows with mergeHistories' rule (history/merge.ts), in SQL rather than by
   * reading the stored history into JavaScript (a year into a year took ~5 ms of CPU so): per date and field the
   * larger value wins, stored top lists and breakdowns are kept and the imported fill the days missing, then the
   * top lists are thinned as of `today`. Only rows that change are written; returns how many. `part` is what of
   * the history is merged (an import writes it in steps: import-steps.ts).
   */
  mergeImported(imported: RepoHistory, today: UtcDay, part: HistoryMerge = WHOLE_HISTORY): number {
    let written = 0;
    const merge = (insert: string, rows: SqlStorageValue[][]) => {
      for (const batch of jsonBatches(rows)) written += this.sql.exec(insert, batch).rowsWritten;
    };
    const larger = (table: string, key: string[], fields: string[]) => {
      const columns = [...key, ...fields];
      const values = columns.map((_, i) => `value ->> ${i}`).join(', ');
      return (
        `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values} FROM json_each(?) WHERE true ` +
        `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${fields.map((field) => `${field} = MAX(${field}, excluded.${field})`).join(', ')} ` +
        `WHERE ${fields.map((field) => `excluded.${field} > ${field}`).join(' OR ')}`
      );
    };
    const missing = (table: string, columns: number) =>
      `INSERT OR IGNORE INTO ${table} SELECT ${Array.from({ length: columns }, (_, i) => `value ->> ${i}`).join(', ')} FROM json_each(?)`;
    const entries = <T>(record: Record<UtcDay, T>) => Object.entries(record) as Array<[UtcDay, T]>;
    const { figures } = part;
    if (figures !== null) {
      const inSpan = <T>(record: Record<UtcDay, T>) =>
        figures === 'all' ? entries(record) : entries(record).filter(([day]) => day >= figures.from && day <= figures.to);
      merge(
        larger('traffic', ['day'], ['views', 'view_uniques', 'clones', 'clone_uniques']),
        inSpan(imported.traffic).map(([day, t]) => [day, t.views, t.viewUniques, t.clones, t.cloneUniques]),
      );
      merge(
        larger('counts', ['day'], ['stars', 'forks', 'watchers', 'open_issues']),
        inSpan(imported.counts).map(([day, c]) => [day, c.stars, c.forks, c.watchers, c.openIssues]),
      );
      const gains = [
        ['stars', 'starsGained'],
        ['forks', 'forksGained'],
      ] as const;
      merge(
        larger('gains', ['kind', 'day'], ['gained']),
        gains.flatMap(([kind, field]) => inSpan(imported[field]).map(([day, gained]) => [kind, day, gained])),
      );
    }
    if (!part.lists) return written;
    // Thinned as mergeHistories thins the merged lists: an imported list thinning would remove is not written.
    for (const kind of ['referrers', 'paths'] as const) {
      const stored = this.sql
        .exec<{ day: UtcDay }>('SELECT day FROM top_lists WHERE kind = ?', kind)
        .toArray()
        .map((row) => row.day);
      const thinned = new Set(daysThinnedAway([...new Set([...stored, ...Object.keys(imported[kind])])], today));
      const added = entries(imported[kind]).filter(([day]) => !thinned.has(day));
      merge(
        missing('top_lists', 3),
        added.map(([day, items]) => [kind, day, JSON.stringify(items)]),
      );
      for (const batch of jsonBatches(stored.filter((day) => thinned.has(day)))) {
        written += this.sql.exec(
          'DELETE FROM top_lists WHERE kind = ? AND day IN (SELECT value FROM json_each(?))',
          kind,
          batch,
        ).rowsWritten;
      }
    }
    merge(
      missing('breakdowns', 2),
      entries(imported.breakdowns).map(([day, value]) => [day, JSON.stringify(value)]),
    );
    return written;
  }

  /**
   * Stores `next`, writing only the rows that differ. Days are never removed but from the top lists, which a
   * merge thins (one list per 14 days after 28): a history merged from a stale copy can then at worst repeat an
   * old value, never drop a day. `stored` is what `next` was merged from, when the caller has just read it (a
   * part of the history, read from a day on: only its days are compared). Returns how many rows it wrote.
   */
  write(next: RepoHistory, stored: RepoHistory = this.read()): number {
    let written = 0;
    // The changed rows of a table go to SQLite as JSON, one statement per batch: a statement per row cost ~2.7 ms
    // of CPU for a year. Batches stay far below SQLite's 2 MB a value (a day's top list can hold ~20 KB).
    const upsert = (table: string, rows: SqlStorageValue[][]) => {
      const columns = rows[0]?.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ');
      for (const batch of jsonBatches(rows)) {
        written += this.sql.exec(`INSERT OR REPLACE INTO ${table} SELECT ${columns} FROM json_each(?)`, batch).rowsWritten;
      }
    };
    const changed = <T>(before: Record<UtcDay, T>, after: Record<UtcDay, T>) =>
      (Object.entries(after) as Array<[UtcDay, T]>).filter(([day, value]) => !(day in before) || !sameValue(before[day], value));
    upsert(
      'traffic',
      changed(stored.traffic, next.traffic).map(([day, t]) => [day, t.views, t.viewUniques, t.clones, t.cloneUniques]),
    );
    upsert(
      'counts',
      changed(stored.counts, next.counts).map(([day, c]) => [day, c.stars, c.forks, c.watchers, c.openIssues]),
    );
    const gains = [
      ['stars', 'starsGained'],
      ['forks', 'forksGained'],
    ] as const;
    upsert(
      'gains',
      gains.flatMap(([kind, field]) => changed(stored[field], next[field]).map(([day, gained]) => [kind, day, gained])),
    );
    upsert(
      'top_lists',
      (['referrers', 'paths'] as const).flatMap((kind) =>
        changed(stored[kind], next[kind]).map(([day, items]) => [kind, day, JSON.stringify(items)]),
      ),
    );
    for (const kind of ['referrers', 'paths'] as const) {
      const removed = Object.keys(stored[kind]).filter((day) => !(day in next[kind]));
      for (const batch of jsonBatches(removed)) {
        written += this.sql.exec(
          'DELETE FROM top_lists WHERE kind = ? AND day IN (SELECT value FROM json_each(?))',
          kind,
          batch,
        ).rowsWritten;
      }
    }
    upsert(
      'breakdowns',
      changed(stored.breakdowns, next.breakdowns).map(([day, value]) => [day, JSON.stringify(value)]),
    );
    return written;
  }
}
