/**
 * The collector's schedule as rows of the registry object: the tracked repositories (REPOS with `owner/*` entries
 * expanded), where the round-robin over them stands, and how far a new expansion has come. A run reads a window
 * of a few names and writes one row, however many repositories there are: 10,000 names never cross RPC, and the
 * schedule costs no KV write (KV allows 1,000 a day; a cron every minute is 1,440 runs).
 */

/** How far a new expansion of the `owner/*` entries has come: the owner (an index into them) and the page next. */
export interface ExpansionProgress {
  /** Each expansion tags the names it lists with its own pass; names of older passes go when it finishes. */
  pass: number;
  owner: number;
  page: number;
}

export interface ScheduleState {
  /** The REPOS value the names were last expanded from, and when (null: the collector never ran here). */
  source: string | null;
  expandedAt: string | null;
  expansion: ExpansionProgress | null;
  /** How many repositories are tracked. */
  size: number;
  /** The repositories the round-robin looks at next, in order, wrapping around to the first. */
  window: string[];
  /** Repositories whose star history has older pages still to load, between their refreshes (oldest names first). */
  backfills: string[];
  /** Rows the collector wrote today (UTC), for its daily budget. */
  rowsToday: number;
}

/** What an older deployment kept in KV (`collector:cursor`), taken over on the first run. */
export interface LegacyCursor {
  position: number;
  repos: string[];
  backfills?: string[];
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS tracked (
    slug TEXT PRIMARY KEY,
    pass INTEGER NOT NULL,
    backfill INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS schedule (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- The last repository the round-robin passed; the next run starts after it.
    after TEXT,
    source TEXT,
    expanded_at TEXT,
    expansion TEXT,
    -- The rows the collector wrote on rows_day (its refreshes, backfills and these schedule rows).
    rows_day TEXT,
    rows_written INTEGER NOT NULL DEFAULT 0
  );
  INSERT OR IGNORE INTO schedule (id) VALUES (1);
`;

interface ScheduleRow {
  after: string | null;
  source: string | null;
  expanded_at: string | null;
  expansion: string | null;
  rows_day: string | null;
  rows_written: number;
  [column: string]: SqlStorageValue;
}

export class ScheduleRows {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  private row(): ScheduleRow {
    return this.sql.exec<ScheduleRow>('SELECT after, source, expanded_at, expansion, rows_day, rows_written FROM schedule WHERE id = 1').one();
  }

  /** Runs a statement that writes; returns the rows it wrote (what the free plan counts). */
  private write(query: string, ...bindings: SqlStorageValue[]): number {
    const cursor = this.sql.exec(query, ...bindings);
    cursor.toArray();
    return cursor.rowsWritten;
  }

  /** Whether `slug` is tracked: a name the owner's list already gave needs no question to GitHub. */
  has(slug: string): boolean {
    return this.sql.exec('SELECT 1 FROM tracked WHERE slug = ?', slug).toArray().length > 0;
  }

  /** The schedule as a run reads it on `today`: `windowSize` names from the cursor on and `backfillLimit` backfills. */
  state(windowSize: number, backfillLimit: number, today: string): ScheduleState {
    const { after, source, expanded_at: expandedAt, expansion, rows_day: rowsDay, rows_written: rowsWritten } = this.row();
    const names = (query: string, ...bindings: SqlStorageValue[]) => this.sql.exec<{ slug: string }>(query, ...bindings).toArray().map((row) => row.slug);
    const window = names('SELECT slug FROM tracked WHERE slug > ? ORDER BY slug LIMIT ?', after ?? '', windowSize);
    if (window.length < windowSize) window.push(...names('SELECT slug FROM tracked WHERE slug <= ? ORDER BY slug LIMIT ?', after ?? '', windowSize - window.length));
    return {
      source,
      expandedAt,
      expansion: expansion === null ? null : (JSON.parse(expansion) as ExpansionProgress),
      size: this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM tracked').one().n,
      window,
      backfills: names('SELECT slug FROM tracked WHERE backfill = 1 ORDER BY slug LIMIT ?', backfillLimit),
      rowsToday: rowsDay === today ? rowsWritten : 0,
    };
  }

  /** Every tracked name, sorted; null before the collector first ran with these rows (an older deployment's KV cursor still says). */
  names(): string[] | null {
    if (this.row().source === null) return null;
    return this.sql.exec<{ slug: string }>('SELECT slug FROM tracked ORDER BY slug').toArray().map((row) => row.slug);
  }

  /** Takes over an older deployment's KV cursor: its names (as pass 0), where its round-robin stood, its backfills. */
  takeOver(cursor: LegacyCursor): void {
    const backfills = new Set(cursor.backfills ?? []);
    for (const slug of cursor.repos) this.sql.exec('INSERT OR IGNORE INTO tracked (slug, pass, backfill) VALUES (?, 0, ?)', slug, backfills.has(slug) ? 1 : 0);
    const passed = cursor.position > 0 ? cursor.repos[cursor.position - 1] : undefined;
    if (passed !== undefined) this.sql.exec('UPDATE schedule SET after = ? WHERE id = 1', passed);
  }

  /**
   * Starts an expansion of `source`: the explicit names join at once, under the new pass; the `owner/*` pages
   * follow over the next runs (expanded). Names no longer in REPOS go when it finishes; until then runs skip them.
   */
  startExpansion(source: string, explicit: readonly string[], wildcardOwners: readonly string[], now: string): ExpansionProgress & { rowsWritten: number } {
    const last = this.sql.exec<{ pass: number | null }>('SELECT MAX(pass) AS pass FROM tracked').one().pass ?? 0;
    const progress: ExpansionProgress = { pass: last + 1, owner: 0, page: 1 };
    let rows = this.write('UPDATE schedule SET source = ?, expansion = ? WHERE id = 1', source, JSON.stringify(progress));
    rows += this.add(explicit, progress.pass);
    // Names confirmed with GitHub are refreshed too: the token sees private repositories that the owner's public
    // list leaves out.
    for (const owner of wildcardOwners) {
      rows += this.write(
        "INSERT INTO tracked (slug, pass) SELECT slug, ? FROM names WHERE state = 'confirmed' AND slug >= ? AND slug < ? ON CONFLICT DO UPDATE SET pass = excluded.pass",
        progress.pass,
        ...ownerRange(owner),
      );
    }
    if (wildcardOwners.length === 0) rows += this.finish(progress.pass, now);
    return { ...progress, rowsWritten: rows };
  }

  /**
   * What a run's pages of the expansion under way brought: the names listed, the owners whose list GitHub did not
   * give (the names they had at the last expansion stay), and where it goes on (null: done, dropping the names it
   * did not list).
   */
  expanded(pass: number, slugs: readonly string[], keptOwners: readonly string[], next: Omit<ExpansionProgress, 'pass'> | null, now: string): number {
    let rows = this.add(slugs, pass);
    for (const owner of keptOwners) rows += this.write('UPDATE tracked SET pass = ? WHERE slug >= ? AND slug < ?', pass, ...ownerRange(owner));
    if (next === null) rows += this.finish(pass, now);
    else rows += this.write('UPDATE schedule SET expansion = ? WHERE id = 1', JSON.stringify({ pass, ...next }));
    return rows;
  }

  private add(slugs: readonly string[], pass: number): number {
    let rows = 0;
    for (const slug of slugs) rows += this.write('INSERT INTO tracked (slug, pass) VALUES (?, ?) ON CONFLICT DO UPDATE SET pass = excluded.pass', slug, pass);
    return rows;
  }

  private finish(pass: number, now: string): number {
    return this.write('DELETE FROM tracked WHERE pass < ?', pass) + this.write('UPDATE schedule SET expansion = NULL, expanded_at = ? WHERE id = 1', now);
  }

  /** The round-robin passed `slug`: the next run starts after it. Returns the rows written (one). */
  advance(slug: string): number {
    return this.write('UPDATE schedule SET after = ? WHERE id = 1', slug);
  }

  /**
   * What a run did: the rows it wrote on `today` (its refreshes' and backfills' and its schedule's, these
   * included), and the backfills that started (`pending`) and ended (`done`).
   */
  recordRun(today: string, rowsWritten: number, pending: readonly string[], done: readonly string[]): void {
    // Only rows that change are written (the free plan counts rows written).
    let rows = 1;
    for (const slug of pending) rows += this.write('UPDATE tracked SET backfill = 1 WHERE slug = ? AND backfill = 0', slug);
    for (const slug of done) rows += this.write('UPDATE tracked SET backfill = 0 WHERE slug = ? AND backfill = 1', slug);
    this.sql.exec(
      'UPDATE schedule SET rows_written = CASE WHEN rows_day = ?1 THEN rows_written ELSE 0 END + ?2, rows_day = ?1 WHERE id = 1',
      today,
      rowsWritten + rows,
    );
  }
}

/** The slugs of `owner/…` run from "owner/" up to (not including) "owner0": '0' follows '/'. */
function ownerRange(owner: string): [string, string] {
  return [`${owner}/`, `${owner}0`];
}
