/**
 * The collector's schedule as rows of the registry object: the tracked repositories (REPOS with `owner/*` entries
 * expanded), where the round-robin over them stands, and how far a new expansion has come. A run reads a window
 * of a few names and writes a row or two, however many repositories there are: 10,000 names never cross RPC, and
 * the schedule costs no KV write (KV allows 1,000 a day; a cron every minute is 1,440 runs).
 *
 * A name is tracked while REPOS names it, a page of its owner's list (as last read) holds it, or GitHub confirmed
 * it. Each page of an owner's list is kept as it was read, so a new expansion writes only what changed: a page
 * that GitHub gives as before writes nothing (10,000 names re-listed daily would otherwise be 10,000 rows a day
 * of the free plan's 100,000). Names that left REPOS or a page wait in `dropped` until the expansion ends, and go
 * then unless another page or REPOS still holds them.
 */

/** How far a new expansion of the `owner/*` entries has come: the owner (an index into them) and the page next. */
export interface ExpansionProgress {
  owner: number;
  page: number;
}

/** A page of an owner's list as a run read it: its names (owner/repo), and whether it was the last. */
export interface ListedPage {
  owner: string;
  page: number;
  slugs: string[];
  last: boolean;
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
  CREATE TABLE IF NOT EXISTS tracked (slug TEXT PRIMARY KEY, backfill INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS explicit_names (slug TEXT PRIMARY KEY) WITHOUT ROWID;
  -- A page of an owner's list as last read: its names as a JSON array.
  CREATE TABLE IF NOT EXISTS list_pages (owner TEXT NOT NULL, page INTEGER NOT NULL, slugs TEXT NOT NULL, PRIMARY KEY (owner, page)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS dropped (slug TEXT PRIMARY KEY) WITHOUT ROWID;
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
    return this.sql
      .exec<ScheduleRow>('SELECT after, source, expanded_at, expansion, rows_day, rows_written FROM schedule WHERE id = 1')
      .one();
  }

  /** Runs a statement that writes; returns the rows it wrote (what the free plan counts). */
  private write(query: string, ...bindings: SqlStorageValue[]): number {
    const cursor = this.sql.exec(query, ...bindings);
    cursor.toArray();
    return cursor.rowsWritten;
  }

  private slugs(query: string, ...bindings: SqlStorageValue[]): string[] {
    return this.sql
      .exec<{ slug: string }>(query, ...bindings)
      .toArray()
      .map((row) => row.slug);
  }

  /** Whether `slug` is tracked: a name the owner's list already gave needs no question to GitHub. */
  has(slug: string): boolean {
    return this.sql.exec('SELECT 1 FROM tracked WHERE slug = ?', slug).toArray().length > 0;
  }

  /** The schedule as a run reads it on `today`: `windowSize` names from the cursor on and `backfillLimit` backfills. */
  state(windowSize: number, backfillLimit: number, today: string): ScheduleState {
    const { after, source, expanded_at: expandedAt, expansion, rows_day: rowsDay, rows_written: rowsWritten } = this.row();
    const window = this.slugs('SELECT slug FROM tracked WHERE slug > ? ORDER BY slug LIMIT ?', after ?? '', windowSize);
    if (window.length < windowSize)
      window.push(...this.slugs('SELECT slug FROM tracked WHERE slug <= ? ORDER BY slug LIMIT ?', after ?? '', windowSize - window.length));
    return {
      source,
      expandedAt,
      expansion: expansion === null ? null : (JSON.parse(expansion) as ExpansionProgress),
      size: this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM tracked').one().n,
      window,
      backfills: this.slugs('SELECT slug FROM tracked WHERE backfill = 1 ORDER BY slug LIMIT ?', backfillLimit),
      rowsToday: rowsDay === today ? rowsWritten : 0,
    };
  }

  /** Every tracked name, sorted; null before the collector first ran with these rows (an older deployment's KV cursor still says). */
  names(): string[] | null {
    if (this.row().source === null) return null;
    return sortedSlugs(this.sql, 'tracked');
  }

  /**
   * Takes over an older deployment's KV cursor: its names, where its round-robin stood, its backfills. Its names
   * stay until the first expansion ends, and then only those that REPOS or a page of a list still holds.
   */
  takeOver(cursor: LegacyCursor): void {
    const backfills = new Set(cursor.backfills ?? []);
    for (const slug of cursor.repos) {
      this.sql.exec('INSERT OR IGNORE INTO tracked (slug, backfill) VALUES (?, ?)', slug, backfills.has(slug) ? 1 : 0);
      this.sql.exec('INSERT OR IGNORE INTO dropped (slug) VALUES (?)', slug);
    }
    const passed = cursor.position > 0 ? cursor.repos[cursor.position - 1] : undefined;
    if (passed !== undefined) this.sql.exec('UPDATE schedule SET after = ? WHERE id = 1', passed);
  }

  /**
   * Starts an expansion of `source`: REPOS's explicit names and the names GitHub confirmed join at once; the
   * `owner/*` pages follow over the next runs (expanded). Returns where it goes on and the rows it wrote.
   */
  startExpansion(
    source: string,
    explicit: readonly string[],
    wildcardOwners: readonly string[],
    now: string,
  ): { expansion: ExpansionProgress; rowsWritten: number } {
    const expansion: ExpansionProgress = { owner: 0, page: 1 };
    let rows = this.write('UPDATE schedule SET source = ?, expansion = ? WHERE id = 1', source, JSON.stringify(expansion));
    // Names REPOS no longer gives: explicit ones, and the pages of owners no longer under an owner/* entry.
    const stillExplicit = new Set(explicit);
    for (const slug of this.slugs('SELECT slug FROM explicit_names')) {
      if (!stillExplicit.has(slug)) rows += this.write('DELETE FROM explicit_names WHERE slug = ?', slug) + this.drop([slug]);
    }
    const owners = new Set(wildcardOwners);
    for (const { owner } of this.sql.exec<{ owner: string }>('SELECT DISTINCT owner FROM list_pages').toArray()) {
      if (!owners.has(owner)) rows += this.dropPages(owner, 0);
    }
    for (const slug of explicit) rows += this.write('INSERT OR IGNORE INTO explicit_names (slug) VALUES (?)', slug) + this.track(slug);
    // Names confirmed with GitHub are refreshed too: the token sees private repositories that the owner's public
    // list leaves out.
    for (const owner of wildcardOwners) {
      rows += this.write(
        "INSERT OR IGNORE INTO tracked (slug) SELECT slug FROM names WHERE state = 'confirmed' AND slug >= ? AND slug < ?",
        ...ownerRange(owner),
      );
    }
    if (wildcardOwners.length === 0) rows += this.finish(now);
    return { expansion, rowsWritten: rows };
  }

  /**
   * The pages of the expansion under way that a run read, and where it goes on (null: done). A page as it was
   * before writes nothing; an owner whose list GitHub did not give keeps its pages as they were.
   */
  expanded(pages: readonly ListedPage[], next: ExpansionProgress | null, now: string): number {
    let rows = 0;
    for (const { owner, page, slugs, last } of pages) {
      const json = JSON.stringify(slugs);
      const before = this.sql
        .exec<{ slugs: string }>('SELECT slugs FROM list_pages WHERE owner = ? AND page = ?', owner, page)
        .toArray()[0]?.slugs;
      if (before !== json) {
        rows += this.write(
          'INSERT INTO list_pages (owner, page, slugs) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET slugs = excluded.slugs',
          owner,
          page,
          json,
        );
        const listed = new Set(slugs);
        rows += this.drop(before === undefined ? [] : (JSON.parse(before) as string[]).filter((slug) => !listed.has(slug)));
        for (const slug of slugs) rows += this.track(slug);
      }
      // The list ends here: pages after it (the owner has fewer repositories than before) are gone.
      if (last) rows += this.dropPages(owner, page);
    }
    if (next === null) rows += this.finish(now);
    else rows += this.write('UPDATE schedule SET expansion = ? WHERE id = 1', JSON.stringify(next));
    return rows;
  }

  private track(slug: string): number {
    return this.write('INSERT OR IGNORE INTO tracked (slug) VALUES (?)', slug);
  }

  private drop(slugs: readonly string[]): number {
    let rows = 0;
    for (const slug of slugs) rows += this.write('INSERT OR IGNORE INTO dropped (slug) VALUES (?)', slug);
    return rows;
  }

  /** Forgets the owner's pages after `page`; their names wait in `dropped`. */
  private dropPages(owner: string, page: number): number {
    let rows = 0;
    for (const { slugs } of this.sql
      .exec<{ slugs: string }>('SELECT slugs FROM list_pages WHERE owner = ? AND page > ?', owner, page)
      .toArray()) {
      rows += this.drop(JSON.parse(slugs) as string[]);
    }
    return rows + this.write('DELETE FROM list_pages WHERE owner = ? AND page > ?', owner, page);
  }

  /** Ends the expansion: each dropped name goes unless REPOS, a page or GitHub's confirmation still holds it. */
  private finish(now: string): number {
    let rows = 0;
    for (const slug of this.slugs('SELECT slug FROM dropped')) {
      const [owner = ''] = slug.split('/');
      const held =
        this.sql.exec('SELECT 1 FROM explicit_names WHERE slug = ?', slug).toArray().length > 0 ||
        this.sql
          .exec('SELECT 1 FROM list_pages, json_each(list_pages.slugs) WHERE owner = ? AND json_each.value = ? LIMIT 1', owner, slug)
          .toArray().length > 0 ||
        this.sql.exec("SELECT 1 FROM names WHERE slug = ? AND state = 'confirmed'", slug).toArray().length > 0;
      if (!held) rows += this.write('DELETE FROM tracked WHERE slug = ?', slug);
    }
    rows += this.write('DELETE FROM dropped');
    return rows + this.write('UPDATE schedule SET expansion = NULL, expanded_at = ? WHERE id = 1', now);
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

/**
 * Every slug of `table` (or those `where` keeps), sorted. SQLite joins them into one JSON array: 10,000 rows read
 * one by one cost ~13 ms of CPU, past the free plan's 10 ms; one string built and parsed costs ~4.
 */
export function sortedSlugs(sql: SqlStorage, table: string, where = 'TRUE'): string[] {
  const { slugs } = sql
    .exec<{ slugs: string }>(`SELECT json_group_array(slug) AS slugs FROM (SELECT slug FROM ${table} WHERE ${where} ORDER BY slug)`)
    .one();
  return JSON.parse(slugs) as string[];
}

/** The slugs of `owner/…` run from "owner/" up to (not including) "owner0": '0' follows '/'. */
function ownerRange(owner: string): [string, string] {
  return [`${owner}/`, `${owner}0`];
}
