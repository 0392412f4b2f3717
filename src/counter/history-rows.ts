import type { FactTotals } from '../conversions/ratios';
import type { UtcDay } from '../dates';
import { emptyHistory, type RepoHistory } from '../history/model';
import { sameValue } from '../history/same-value';

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

type Row = Record<string, SqlStorageValue>;

export class HistoryRows {
  constructor(private readonly sql: SqlStorage) {
    this.sql.exec(HISTORY_SCHEMA);
  }

  /**
   * The history, or from `from` on: the days from `from`, and the last snapshot of the counts before it (what the
   * gains of `from` are counted from, and the latest counts where none is newer).
   */
  read(from: UtcDay = ''): RepoHistory {
    const history = emptyHistory();
    const since = (query: string) => this.sql.exec<Row>(query, from).toArray();
    for (const row of since('SELECT day, views, view_uniques, clones, clone_uniques FROM traffic WHERE day >= ?')) {
      history.traffic[row.day as UtcDay] = { views: row.views as number, viewUniques: row.view_uniques as number, clones: row.clones as number, cloneUniques: row.clone_uniques as number };
    }
    for (const row of since('SELECT day, stars, forks, watchers, open_issues FROM counts WHERE day >= (SELECT COALESCE(MAX(day), ?1) FROM counts WHERE day < ?1)')) {
      history.counts[row.day as UtcDay] = { stars: row.stars as number, forks: row.forks as number, watchers: row.watchers as number, openIssues: row.open_issues as number };
    }
    for (const row of since('SELECT kind, day, gained FROM gains WHERE day >= ?')) {
      (row.kind === 'stars' ? history.starsGained : history.forksGained)[row.day as UtcDay] = row.gained as number;
    }
    for (const row of since('SELECT kind, day, items FROM top_lists WHERE day >= ?')) {
      (row.kind === 'referrers' ? history.referrers : history.paths)[row.day as UtcDay] = JSON.parse(row.items as string);
    }
    for (const row of since('SELECT day, value FROM breakdowns WHERE day >= ?')) history.breakdowns[row.day as UtcDay] = JSON.parse(row.value as string);
    return history;
  }

  /**
   * GitHub's figures of the days from `from` to `to`, summed by SQLite: what `sumFacts` gives over the days'
   * facts, but for the README impressions (the counter's). Gains are counted as `dailyGains` counts them: a day's
   * gained row where there is one, else the difference between its snapshot and the one before.
   */
  totals(from: UtcDay, to: UtcDay): Omit<FactTotals, 'readmeImpressions'> {
    const traffic = this.sql
      .exec<Record<string, number>>(
        'SELECT COALESCE(SUM(views), 0) AS views, COALESCE(SUM(view_uniques), 0) AS viewUniques, COALESCE(SUM(clones), 0) AS clones, COALESCE(SUM(clone_uniques), 0) AS cloneUniques FROM traffic WHERE day BETWEEN ? AND ?',
        from,
        to,
      )
      .one();
    return { views: traffic.views ?? 0, viewUniques: traffic.viewUniques ?? 0, clones: traffic.clones ?? 0, cloneUniques: traffic.cloneUniques ?? 0, starsGained: this.gained('stars', from, to), forksGained: this.gained('forks', from, to) };
  }

  private gained(field: 'stars' | 'forks', from: UtcDay, to: UtcDay): number {
    const query = `
      SELECT
        (SELECT COALESCE(SUM(gained), 0) FROM gains WHERE kind = ?1 AND day BETWEEN ?2 AND ?3)
        + (SELECT COALESCE(SUM(difference), 0) FROM (
            SELECT day, ${field} - LAG(${field}) OVER (ORDER BY day) AS difference FROM counts
            WHERE day >= (SELECT COALESCE(MAX(day), ?2) FROM counts WHERE day < ?2) AND day <= ?3
          ) WHERE day >= ?2 AND difference IS NOT NULL AND day NOT IN (SELECT day FROM gains WHERE kind = ?1 AND day BETWEEN ?2 AND ?3)) AS n`;
    return this.sql.exec<{ n: number }>(query, field, from, to).one().n;
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
    const one = (query: string, ...values: SqlStorageValue[]) => this.sql.exec<{ json: string }>(query, ...values).one().json;
    const byDay = (select: string, table: string, where = '') =>
      one(`SELECT COALESCE(json_group_object(day, ${select}), '{}') AS json FROM (SELECT * FROM ${table} WHERE day BETWEEN ? AND ? ${where} ORDER BY day)`, from, to);
    const traffic = byDay(`json_object('views', views, 'viewUniques', view_uniques, 'clones', clones, 'cloneUniques', clone_uniques)`, 'traffic');
    const counts = byDay(`json_object('stars', stars, 'forks', forks, 'watchers', watchers, 'openIssues', open_issues)`, 'counts');
    const gains = (kind: string) => one(`SELECT COALESCE(json_group_object(day, gained), '{}') AS json FROM (SELECT day, gained FROM gains WHERE kind = ? AND day BETWEEN ? AND ? ORDER BY day)`, kind, from, to);
    const lists = (kind: string) => one(`SELECT COALESCE(json_group_object(day, json(items)), '{}') AS json FROM (SELECT day, items FROM top_lists WHERE kind = ? AND day BETWEEN ? AND ? ORDER BY day)`, kind, from, to);
    const breakdowns = byDay('json(value)', 'breakdowns');
    return `{"traffic":${traffic},"counts":${counts},"starsGained":${gains('stars')},"forksGained":${gains('forks')},"referrers":${lists('referrers')},"paths":${lists('paths')},"breakdowns":${breakdowns}}`;
  }

  /** Whether any history is stored. */
  isEmpty(): boolean {
    return ['traffic', 'counts', 'gains', 'top_lists', 'breakdowns'].every((table) => this.sql.exec(`SELECT 1 FROM ${table} LIMIT 1`).toArray().length === 0);
  }

  /**
   * Stores `next`, writing only the rows that differ. Days are never removed but from the top lists, which a
   * merge thins (one list per 14 days after 28): a history merged from a stale copy can then at worst repeat an
   * old value, never drop a day. `stored` is what `next` was merged from, when the caller has just read it (a
   * part of the history, read from a day on: only its days are compared). Returns how many rows it wrote.
   */
  write(next: RepoHistory, stored: RepoHistory = this.read()): number {
    let written = 0;
    const exec = (query: string, ...values: SqlStorageValue[]) => {
      written += this.sql.exec(query, ...values).rowsWritten;
    };
    const sync = <T>(before: Record<UtcDay, T>, after: Record<UtcDay, T>, upsert: (day: UtcDay, value: T) => void, remove?: (day: UtcDay) => void) => {
      for (const [day, value] of Object.entries(after)) {
        if (!(day in before) || !sameValue(before[day], value)) upsert(day, value);
      }
      if (remove) for (const day of Object.keys(before)) if (!(day in after)) remove(day);
    };
    sync(
      stored.traffic,
      next.traffic,
      (day, t) => exec('INSERT OR REPLACE INTO traffic VALUES (?, ?, ?, ?, ?)', day, t.views, t.viewUniques, t.clones, t.cloneUniques),
    );
    sync(
      stored.counts,
      next.counts,
      (day, c) => exec('INSERT OR REPLACE INTO counts VALUES (?, ?, ?, ?, ?)', day, c.stars, c.forks, c.watchers, c.openIssues),
    );
    for (const [kind, field] of [['stars', 'starsGained'], ['forks', 'forksGained']] as const) {
      sync(
        stored[field],
        next[field],
        (day, gained) => exec('INSERT OR REPLACE INTO gains VALUES (?, ?, ?)', kind, day, gained),
      );
    }
    for (const kind of ['referrers', 'paths'] as const) {
      sync(
        stored[kind],
        next[kind],
        (day, items) => exec('INSERT OR REPLACE INTO top_lists VALUES (?, ?, ?)', kind, day, JSON.stringify(items)),
        (day) => exec('DELETE FROM top_lists WHERE kind = ? AND day = ?', kind, day),
      );
    }
    sync(
      stored.breakdowns,
      next.breakdowns,
      (day, value) => exec('INSERT OR REPLACE INTO breakdowns VALUES (?, ?)', day, JSON.stringify(value)),
    );
    return written;
  }
}
