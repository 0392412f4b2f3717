import { DurableObject } from 'cloudflare:workers';
import { nextUtcMidnight, utcDay, type UtcDay } from '../dates';
import { hmacSha256Hex, importHmacKey, randomHex } from '../hash';
import { logError } from '../log';
import { IMPRESSION_SQL } from '../pixel/source-class';
import { DEFAULT_PAGE } from '../pixel/view-request';
import type { CounterDays, CounterHit, DailyViews, DailyVisitors } from './rows';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS views (
    day TEXT NOT NULL, page TEXT NOT NULL, source TEXT NOT NULL, views INTEGER NOT NULL,
    PRIMARY KEY (day, page, source)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS unique_visitors (day TEXT PRIMARY KEY, visitors INTEGER NOT NULL) WITHOUT ROWID;
  -- The current day's salt and salted visitor hashes. Both are deleted when the day ends, after which nobody
  -- (this Worker included) can tell whether two visits came from the same person.
  CREATE TABLE IF NOT EXISTS daily_salt (day TEXT PRIMARY KEY, salt TEXT NOT NULL) WITHOUT ROWID;
  -- The newest day that ever had a salt: an older day's salt is gone for good and is never made again.
  CREATE TABLE IF NOT EXISTS newest_salted_day (id INTEGER PRIMARY KEY CHECK (id = 1), day TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS daily_visitor_hashes (
    day TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (day, hash)
  ) WITHOUT ROWID;
`;

const FOREVER_AGO: UtcDay = '';
const FAR_FUTURE: UtcDay = '9999-12-31';

/**
 * The exact view counter of one repository (one object per `owner/repo`). A Durable Object handles its requests
 * one at a time and each count below is a single synchronous SQL statement, so concurrent views can never lose
 * an update, unlike a read-modify-write on KV.
 */
export class RepoCounter extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private saltKey: { day: UtcDay; key: Promise<CryptoKey> } | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
  }

  record(hit: CounterHit): Promise<void> {
    return this.recordMany([hit]);
  }

  /** Records a batch of views: one upsert per day × page × source, then the visitors in order. */
  async recordMany(hits: CounterHit[]): Promise<void> {
    const totals = new Map<string, { hit: CounterHit; views: number }>();
    for (const hit of hits) {
      const key = `${hit.day}|${hit.page}|${hit.source}`;
      const total = totals.get(key);
      if (total) total.views++;
      else totals.set(key, { hit, views: 1 });
    }
    for (const { hit, views } of totals.values()) {
      this.sql.exec(
        `INSERT INTO views (day, page, source, views) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET views = views + excluded.views`,
        hit.day,
        hit.page,
        hit.source,
        views,
      );
    }
    await this.recordVisitors(hits);
  }

  /**
   * Loads daily counts from elsewhere (seed data, an import). Merging keeps the larger value per day × page ×
   * source, like the collector's history, so loading the same rows twice changes nothing.
   */
  importDailyViews(rows: DailyViews[]): void {
    // One statement over a JSON array: a year of rows as separate statements cost ~5 µs each in the object.
    this.sql.exec(
      `INSERT INTO views (day, page, source, views)
       SELECT json_extract(value, '$.day'), json_extract(value, '$.page'), json_extract(value, '$.source'), json_extract(value, '$.views')
       FROM json_each(?) WHERE true
       ON CONFLICT DO UPDATE SET views = MAX(views, excluded.views)`,
      JSON.stringify(rows),
    );
  }

  /** Loads daily unique-visitor counts (an import); the larger value per day wins. */
  importDailyVisitors(rows: DailyVisitors[]): void {
    this.sql.exec(
      `INSERT INTO unique_visitors (day, visitors)
       SELECT json_extract(value, '$.day'), json_extract(value, '$.visitors')
       FROM json_each(?) WHERE true
       ON CONFLICT DO UPDATE SET visitors = MAX(visitors, excluded.visitors)`,
      JSON.stringify(rows),
    );
  }

  /** Records a view and returns the impressions since `since` (inclusive, null for all time), this one included. */
  async recordAndCount(hit: CounterHit, since: UtcDay | null): Promise<number> {
    await this.record(hit);
    return this.count(since);
  }

  /** README impressions (every source but bots) since `since`, or for all time when null. */
  count(since: UtcDay | null): number {
    return this.sql
      .exec<{ n: number }>(`SELECT COALESCE(SUM(views), 0) AS n FROM views WHERE ${IMPRESSION_SQL} AND day >= ?`, since ?? FOREVER_AGO)
      .one().n;
  }

  /**
   * The days' views and unique visitors, and the all-time impressions of every page and of the README alone, in
   * one call: the report table asks this of every repository.
   */
  recentViews(from: UtcDay, to: UtcDay): CounterDays & { allTime: number; readmeAllTime: number } {
    return { ...this.days(from, to), allTime: this.count(null), readmeAllTime: this.countPage(DEFAULT_PAGE) };
  }

  /** The days' views and unique visitors, in one call. */
  days(from: UtcDay, to: UtcDay): CounterDays {
    return { views: this.dailyViews(from, to), visitors: this.dailyVisitors(from, to) };
  }

  /** All-time impressions of one page. */
  private countPage(page: string): number {
    return this.sql.exec<{ n: number }>(`SELECT COALESCE(SUM(views), 0) AS n FROM views WHERE ${IMPRESSION_SQL} AND page = ?`, page).one().n;
  }

  dailyViews(from: UtcDay = FOREVER_AGO, to: UtcDay = FAR_FUTURE): DailyViews[] {
    const rows = this.sql.exec<Record<string, string | number>>(
      'SELECT day, page, source, views FROM views WHERE day BETWEEN ? AND ? ORDER BY day, page, source',
      from,
      to,
    );
    return rows.toArray() as unknown as DailyViews[];
  }

  dailyVisitors(from: UtcDay = FOREVER_AGO, to: UtcDay = FAR_FUTURE): DailyVisitors[] {
    const rows = this.sql.exec<Record<string, string | number>>(
      'SELECT day, visitors FROM unique_visitors WHERE day BETWEEN ? AND ? ORDER BY day',
      from,
      to,
    );
    return rows.toArray() as unknown as DailyVisitors[];
  }

  /** Runs just after midnight UTC: forgets the past day's salt and hashes even if no view comes the next day. */
  override alarm(): void {
    this.forgetDaysBefore(utcDay(Date.now()));
  }

  /** Salts the visitor keys of a batch concurrently, then counts each new day × hash once. */
  private async recordVisitors(hits: CounterHit[]): Promise<void> {
    // One salted hash per day × visitor in a batch: a README with several images of one repository sends them
    // together, from the same viewer.
    const visits = new Map<string, { day: UtcDay; visitorKey: string }>();
    for (const { day, visitorKey } of hits) if (visitorKey !== null) visits.set(`${day}|${visitorKey}`, { day, visitorKey });
    if (visits.size === 0) return; // camo, proxies, bots, DNT: most batches
    const salted = await Promise.all(
      [...visits.values()].map(async ({ day, visitorKey }) => {
        // A late view for a day whose salt is already forgotten counts as a view only.
        const key = this.saltKeyFor(day);
        return key === null ? null : { day, hash: await hmacSha256Hex(await key, visitorKey) };
      }),
    );
    // No await from here on, so no other request can interleave between a hash's insert and its count.
    for (const visitor of salted) {
      if (visitor === null) continue;
      const inserted = this.sql.exec('INSERT OR IGNORE INTO daily_visitor_hashes (day, hash) VALUES (?, ?)', visitor.day, visitor.hash);
      if (inserted.rowsWritten === 0) continue;
      this.sql.exec(
        `INSERT INTO unique_visitors (day, visitors) VALUES (?, 1)
         ON CONFLICT DO UPDATE SET visitors = visitors + 1`,
        visitor.day,
      );
    }
  }

  /** The day's salt as an HMAC key, created on the day's first visitor; null if the day is already forgotten. */
  private saltKeyFor(day: UtcDay): Promise<CryptoKey> | null {
    if (this.saltKey?.day === day) return this.saltKey.key;
    const newest = this.sql.exec<{ day: string }>('SELECT day FROM newest_salted_day').toArray()[0]?.day ?? '';
    if (newest > day) return null;
    const stored = this.sql.exec<{ salt: string }>('SELECT salt FROM daily_salt WHERE day = ?', day).toArray()[0];
    // A salt forgotten at the end of its day (alarm) is not made again for that day either.
    if (!stored && newest === day) return null;
    let salt = stored?.salt;
    if (salt === undefined) {
      this.forgetDaysBefore(day);
      salt = randomHex(32);
      this.sql.exec('INSERT INTO daily_salt (day, salt) VALUES (?, ?)', day, salt);
      this.sql.exec('INSERT INTO newest_salted_day (id, day) VALUES (1, ?) ON CONFLICT DO UPDATE SET day = excluded.day', day);
      this.ctx.storage
        .setAlarm(nextUtcMidnight(Date.parse(`${day}T00:00:00Z`)))
        .catch((error: unknown) => logError('salt alarm not set', { day }, error));
    }
    this.saltKey = { day, key: importHmacKey(salt) };
    return this.saltKey.key;
  }

  private forgetDaysBefore(day: UtcDay): void {
    this.sql.exec('DELETE FROM daily_salt WHERE day < ?', day);
    this.sql.exec('DELETE FROM daily_visitor_hashes WHERE day < ?', day);
    if (this.saltKey && this.saltKey.day < day) this.saltKey = undefined;
  }
}
