import { addDays, HOUR_MS, isoSecond, utcHour, type UtcDay, type UtcHour } from '../dates';
import { isStarBurst, STAR_BURST, type StarBurst } from '../conversions/hourly-burst';
import type { GitHubEvent } from '../webhooks/github-delivery';
import { jsonArrayOf, jsonBatches, rowsAsJson } from './sqlite-json';

/**
 * The counter's hourly rows: GitHub's webhook events at their exact time, and README impressions per hour (the
 * days stay in `views`). Events are kept for good, like the days; hours of impressions for HOURS_KEPT.
 */
export const HOURLY_SCHEMA = `
  -- One row per webhook delivery recorded. A delivery id or a signature (the HMAC of the body) seen before is a
  -- replay: GitHub's own redelivery repeats both, a forged one would repeat the signature.
  CREATE TABLE IF NOT EXISTS github_events (
    delivery TEXT PRIMARY KEY, signature TEXT NOT NULL UNIQUE, at TEXT NOT NULL, kind TEXT NOT NULL, delta INTEGER NOT NULL
  );
  -- By kind and time, with the count: a span's sums read the index alone (through the table's rows, the stars of a
  -- week of 2,000 took ~1.5 ms of an hours table's call). It replaces the index without the count.
  CREATE INDEX IF NOT EXISTS github_events_by_kind_time ON github_events (kind, at, delta);
  DROP INDEX IF EXISTS github_events_by_time;
  CREATE TABLE IF NOT EXISTS readme_hours (hour TEXT PRIMARY KEY, views INTEGER NOT NULL) WITHOUT ROWID;
  -- When a star burst was last announced, so that one burst is announced once.
  CREATE TABLE IF NOT EXISTS burst_notice (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);
`;

/** README impressions per hour are kept this long: the hourly view looks back at most a week. */
export const HOURS_KEPT = 14 * 24;

/** What happened in one hour: README impressions, and each kind of event (stars net of those taken back). */
export interface HourCounts {
  hour: UtcHour;
  readmeImpressions: number;
  stars: number;
  watches: number;
  forks: number;
  issues: number;
  pullRequests: number;
}

const COLUMN_OF = { star: 'stars', watch: 'watches', fork: 'forks', issue: 'issues', pull_request: 'pullRequests' } as const;

/** A recorded event as exports carry it: with its delivery id and signature, so that a replay stays refused after an import. */
export interface StoredGitHubEvent extends GitHubEvent {
  delivery: string;
  signature: string;
}

export interface HourlyViews {
  hour: UtcHour;
  views: number;
}

const EVENT_COLUMNS = ['delivery', 'signature', 'at', 'kind', 'delta'] as const;
// Events a value of the export: ~170 characters each, well inside SQLite's 2 MB a value.
const EXPORT_PAGE = 5000;

export type EventRecording = { recorded: false } | { recorded: true; burst: StarBurst | null };

export class HourlyRows {
  // The oldest hour kept, as of the last pruning: pruned again when the hour moves on.
  private prunedBefore: UtcHour = '';

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
  ) {
    this.sql.exec(HOURLY_SCHEMA);
  }

  /**
   * Records a delivery's event unless its delivery id or signature was recorded before (nothing is written then).
   * A star says whether it makes a burst not yet announced (hourly-burst.ts): the caller announces it.
   */
  recordEvent(delivery: string, signature: string, event: GitHubEvent, now: number): EventRecording {
    return this.storage.transactionSync(() => {
      const seen = this.sql.exec('SELECT 1 FROM github_events WHERE delivery = ? OR signature = ? LIMIT 1', delivery, signature).toArray();
      if (seen.length > 0) return { recorded: false };
      this.sql.exec(
        'INSERT INTO github_events (delivery, signature, at, kind, delta) VALUES (?, ?, ?, ?, ?)',
        delivery,
        signature,
        event.at,
        event.kind,
        event.delta,
      );
      return { recorded: true, burst: event.kind === 'star' && event.delta > 0 ? this.newBurst(now) : null };
    });
  }

  private newBurst(now: number): StarBurst | null {
    const hourAgo = isoSecond(now - HOUR_MS);
    const weekAgo = isoSecond(now - HOUR_MS - STAR_BURST.baselineHours * HOUR_MS);
    const { lastHour, before } = this.sql
      .exec<{ lastHour: number; before: number }>(
        `SELECT COALESCE(SUM(CASE WHEN at > ? THEN delta END), 0) AS lastHour, COALESCE(SUM(CASE WHEN at <= ? THEN delta END), 0) AS before
         FROM github_events WHERE kind = 'star' AND at > ?`,
        hourAgo,
        hourAgo,
        weekAgo,
      )
      .one();
    const burst: StarBurst = { stars: lastHour, hourlyAverage: before / STAR_BURST.baselineHours, at: isoSecond(now) };
    if (!isStarBurst(burst)) return null;
    const last = this.sql.exec<{ at: string }>('SELECT at FROM burst_notice').toArray()[0]?.at ?? '';
    if (last > isoSecond(now - STAR_BURST.quietHours * HOUR_MS)) return null;
    this.sql.exec('INSERT INTO burst_notice (id, at) VALUES (1, ?) ON CONFLICT DO UPDATE SET at = excluded.at', burst.at);
    return burst;
  }

  /** Adds README impressions to their hours, and drops hours older than HOURS_KEPT once the hour moves on. */
  addReadmeImpressions(byHour: ReadonlyMap<UtcHour, number>, now: number): void {
    for (const [hour, views] of byHour) {
      this.sql.exec(
        'INSERT INTO readme_hours (hour, views) VALUES (?, ?) ON CONFLICT DO UPDATE SET views = views + excluded.views',
        hour,
        views,
      );
    }
    const oldest = utcHour(now - HOURS_KEPT * HOUR_MS);
    if (oldest === this.prunedBefore) return;
    this.sql.exec('DELETE FROM readme_hours WHERE hour < ?', oldest);
    this.prunedBefore = oldest;
  }

  /**
   * Every hour from `from` to `to` (both included), in order, with what happened in it (zeros for a quiet hour):
   * summed hour by hour in one statement, each from its span of the index. Grouped by hour, a week of 2,000 stars
   * had SQLite sort every event.
   */
  hours(from: UtcHour, to: UtcHour): HourCounts[] {
    const hours: UtcHour[] = [];
    for (let time = Date.parse(`${from}:00:00Z`); utcHour(time) <= to; time += HOUR_MS) hours.push(utcHour(time));
    // An hour's events are those from HH:00:00 to before HH:60 (the next hour's HH+1:00 sorts after it).
    const sums = Object.entries(COLUMN_OF).map(
      ([kind, column]) =>
        `COALESCE((SELECT SUM(delta) FROM github_events WHERE kind = '${kind}' AND at >= value || ':00:00Z' AND at < value || ':60:00Z'), 0) AS ${column}`,
    );
    const query = `SELECT value AS hour, COALESCE((SELECT views FROM readme_hours WHERE hour = value), 0) AS readmeImpressions, ${sums.join(', ')}
      FROM json_each(?) ORDER BY key`;
    return rowsAsJson<HourCounts>(this.sql, query, ['hour', 'readmeImpressions', ...Object.values(COLUMN_OF)], JSON.stringify(hours));
  }

  /** Stars net of those taken back per day, as the webhook saw them, from `from` to `to`: for reconciling with star history. */
  starsByDay(from: UtcDay, to: UtcDay): Map<UtcDay, number> {
    const days: UtcDay[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
    // Day by day, each from its span of the index: grouped by day, SQLite sorted every star of the days.
    const rows = this.sql.exec<{ day: string; n: number | null }>(
      `SELECT value AS day, (SELECT SUM(delta) FROM github_events WHERE kind = 'star' AND at >= value || 'T00:00:00Z' AND at < value || 'T24:00:00Z') AS n
       FROM json_each(?)`,
      JSON.stringify(days),
    );
    return new Map([...rows].flatMap(({ day, n }) => (n === null ? [] : [[day, n] as const])));
  }

  /** The events and the hours of README impressions as an export line's `githubEvents` and `readmeHours` ('' for none). */
  exportJson(): string {
    const pages: string[] = [];
    for (let offset = 0; ; offset += EXPORT_PAGE) {
      const query = `SELECT ${EVENT_COLUMNS.join(', ')} FROM github_events ORDER BY at, delivery LIMIT ${EXPORT_PAGE} OFFSET ${offset}`;
      const json = jsonArrayOf(this.sql, query, EVENT_COLUMNS);
      // Said, never left out: the export marks the repository missing rather than write a short line.
      if (json === null) throw new Error("githubEvents: a page of events passes SQLite's 2 MB a value");
      if (json === '[]') break;
      pages.push(json.slice(1, -1));
    }
    const hours = jsonArrayOf(this.sql, 'SELECT hour, views FROM readme_hours ORDER BY hour', ['hour', 'views']) ?? '[]';
    return `${pages.length > 0 ? `,"githubEvents":[${pages.join(',')}]` : ''}${hours === '[]' ? '' : `,"readmeHours":${hours}`}`;
  }

  /**
   * Loads an export's events and hours: an event whose delivery or signature is here already is skipped (so the
   * same file twice changes nothing), and an hour keeps the larger count, as the days do.
   */
  importRows({ githubEvents, readmeHours }: { githubEvents: readonly StoredGitHubEvent[]; readmeHours: readonly HourlyViews[] }): void {
    for (const batch of jsonBatches(githubEvents)) {
      this.sql.exec(
        `INSERT OR IGNORE INTO github_events (delivery, signature, at, kind, delta)
         SELECT json_extract(value, '$.delivery'), json_extract(value, '$.signature'), json_extract(value, '$.at'),
                json_extract(value, '$.kind'), json_extract(value, '$.delta') FROM json_each(?)`,
        batch,
      );
    }
    for (const batch of jsonBatches(readmeHours)) {
      this.sql.exec(
        `INSERT INTO readme_hours (hour, views) SELECT json_extract(value, '$.hour'), json_extract(value, '$.views') FROM json_each(?) WHERE true
         ON CONFLICT DO UPDATE SET views = excluded.views WHERE excluded.views > views`,
        batch,
      );
    }
  }

  /** Whether any webhook event was ever recorded here. */
  hasEvents(): boolean {
    return this.sql.exec('SELECT 1 FROM github_events LIMIT 1').toArray().length > 0;
  }
}
