import type { UtcDay } from '../dates';
import { MAX_LINKS_PER_REPO } from '../links/link-rules';
import { IN_RANGE, type TotalsPart } from './kept-totals';
import { jsonArrayOf, jsonBatches } from './sqlite-json';
import type { DailyClickers, DailyLinkClicks, TrackedLink } from '../views';

/** The counter's tables for tracked README links; created with the counter's own. */
export const LINK_SCHEMA = `
  CREATE TABLE IF NOT EXISTS links (name TEXT PRIMARY KEY, destination TEXT NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
  -- Clicks per day, link, ?v= README version ('' without) and Referer host ('' without): nothing else of a click.
  CREATE TABLE IF NOT EXISTS link_clicks (
    day TEXT NOT NULL, name TEXT NOT NULL, version TEXT NOT NULL, referrer TEXT NOT NULL, clicks INTEGER NOT NULL,
    PRIMARY KEY (day, name, version, referrer)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS unique_clickers (day TEXT PRIMARY KEY, clickers INTEGER NOT NULL) WITHOUT ROWID;
`;

/** The links' part of a month's totals (KeptTotals): the clicks, and the readers who clicked, each once a day. */
export const LINK_TOTALS: readonly TotalsPart[] = [
  { table: 'link_clicks', from: `link_clicks WHERE day ${IN_RANGE}`, sums: { linkClicks: 'SUM(clicks)' } },
  { table: 'unique_clickers', from: `unique_clickers WHERE day ${IN_RANGE}`, sums: { linkClickers: 'SUM(clickers)' } },
];

/** What a click counts: its day, link, version label and Referer host. */
export interface LinkClick {
  day: UtcDay;
  name: string;
  version: string | null;
  referrer: string;
}

const SELECT_LINKS = 'SELECT name, destination, created_at AS createdAt FROM links';
type LinkRow = TrackedLink & Record<string, SqlStorageValue>;

export type LinkChange = { ok: true; link: TrackedLink; replaced: TrackedLink | null } | { ok: false; error: string };

/**
 * A repository's tracked links and their clicks, inside its counter. Every count is one synchronous statement in
 * the object, so concurrent clicks never lose one.
 */
export class LinkRows {
  constructor(private readonly sql: SqlStorage) {
    this.sql.exec(LINK_SCHEMA);
  }

  list(): TrackedLink[] {
    return this.sql.exec<LinkRow>(`${SELECT_LINKS} ORDER BY name`).toArray();
  }

  find(name: string): TrackedLink | null {
    return this.sql.exec<LinkRow>(`${SELECT_LINKS} WHERE name = ?`, name).toArray()[0] ?? null;
  }

  /** Registers a link, or points an existing name at a new destination (its clicks stay its own). */
  save(name: string, destination: string, now: string): LinkChange {
    const replaced = this.find(name);
    if (!replaced && this.count() >= MAX_LINKS_PER_REPO)
      return {
        ok: false,
        error: `a repository has at most ${MAX_LINKS_PER_REPO} links: remove one first (DELETE /report/links/{owner}/{repo}/{name})`,
      };
    const createdAt = replaced?.createdAt ?? now;
    this.sql.exec(
      'INSERT INTO links (name, destination, created_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET destination = excluded.destination',
      name,
      destination,
      createdAt,
    );
    return { ok: true, link: { name, destination, createdAt }, replaced };
  }

  /** Removes a link: it answers 404 from then on. Its counted clicks stay in the history. */
  remove(name: string): TrackedLink | null {
    const link = this.find(name);
    if (link) this.sql.exec('DELETE FROM links WHERE name = ?', name);
    return link;
  }

  private count(): number {
    return this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM links').one().n;
  }

  /** Counts one click. */
  recordClick({ day, name, version, referrer }: LinkClick): void {
    this.sql.exec(
      `INSERT INTO link_clicks (day, name, version, referrer, clicks) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT DO UPDATE SET clicks = clicks + 1`,
      day,
      name,
      version ?? '',
      referrer,
    );
  }

  /** Counts a first click of the day by a reader (VisitorCounter tells which are). */
  countClicker(day: UtcDay): void {
    this.sql.exec('INSERT INTO unique_clickers (day, clickers) VALUES (?, 1) ON CONFLICT DO UPDATE SET clickers = clickers + 1', day);
  }

  clicks(from: UtcDay, to: UtcDay): DailyLinkClicks[] {
    return this.sql
      .exec<Record<string, string | number>>(
        'SELECT day, name, version, referrer, clicks FROM link_clicks WHERE day BETWEEN ? AND ? ORDER BY day, name, version, referrer',
        from,
        to,
      )
      .toArray() as unknown as DailyLinkClicks[];
  }

  clickers(from: UtcDay, to: UtcDay): DailyClickers[] {
    return this.sql
      .exec<Record<string, string | number>>('SELECT day, clickers FROM unique_clickers WHERE day BETWEEN ? AND ? ORDER BY day', from, to)
      .toArray() as unknown as DailyClickers[];
  }

  /**
   * Loads an export's links and clicks (checked by checkExportLine). A stored link keeps its destination; an
   * imported name not stored is added while the repository has room (MAX_LINKS_PER_REPO). Clicks and clickers keep
   * the larger value per key, as views do, so loading the same line twice changes nothing.
   */
  importRows({ links, clicks, clickers }: { links: TrackedLink[]; clicks: DailyLinkClicks[]; clickers: DailyClickers[] }): void {
    for (const link of links) {
      if (this.count() >= MAX_LINKS_PER_REPO) break;
      this.sql.exec(
        'INSERT OR IGNORE INTO links (name, destination, created_at) VALUES (?, ?, ?)',
        link.name,
        link.destination,
        link.createdAt,
      );
    }
    for (const batch of jsonBatches(clicks)) {
      this.sql.exec(
        `INSERT INTO link_clicks (day, name, version, referrer, clicks)
         SELECT json_extract(value, '$.day'), json_extract(value, '$.name'), json_extract(value, '$.version'), json_extract(value, '$.referrer'), json_extract(value, '$.clicks')
         FROM json_each(?) WHERE true
         ON CONFLICT DO UPDATE SET clicks = excluded.clicks WHERE excluded.clicks > clicks`,
        batch,
      );
    }
    for (const batch of jsonBatches(clickers)) {
      this.sql.exec(
        `INSERT INTO unique_clickers (day, clickers)
         SELECT json_extract(value, '$.day'), json_extract(value, '$.clickers') FROM json_each(?) WHERE true
         ON CONFLICT DO UPDATE SET clickers = excluded.clickers WHERE excluded.clickers > clickers`,
        batch,
      );
    }
  }

  /**
   * The export's part, as JSON text built by SQLite (`,"links":[…],"clicks":[…],"clickers":[…]`), days up to
   * `today`; empty for a repository without links or clicks, so its line is as before links existed.
   */
  exportJson(from: UtcDay, today: UtcDay): string {
    const links = jsonArrayOf(this.sql, `${SELECT_LINKS} ORDER BY name`, ['name', 'destination', 'createdAt']) ?? '[]';
    const clicks = jsonArrayOf(
      this.sql,
      'SELECT day, name, version, referrer, clicks FROM link_clicks WHERE day BETWEEN ? AND ? ORDER BY day, name, version, referrer',
      ['day', 'name', 'version', 'referrer', 'clicks'],
      from,
      today,
    );
    const clickers = jsonArrayOf(
      this.sql,
      'SELECT day, clickers FROM unique_clickers WHERE day BETWEEN ? AND ? ORDER BY day',
      ['day', 'clickers'],
      from,
      today,
    );
    // Said, never left out: the export marks the repository missing rather than write a short line.
    if (clicks === null || clickers === null) throw new Error("link clicks: the rows pass SQLite's 2 MB a value");
    if (links === '[]' && clicks === '[]' && clickers === '[]') return '';
    return `,"links":${links},"clicks":${clicks},"clickers":${clickers}`;
  }
}
