import { nextUtcMidnight, type UtcDay } from '../dates';
import { hmacSha256Hex, importHmacKey, randomHex } from '../hash';
import { logError } from '../log';
import type { CounterHit } from '../views';

/** The counter's tables for unique visitors; created with the counter's own. */
export const VISITOR_SCHEMA = `
  -- The current day's salt and salted visitor hashes. Both are deleted when the day ends, after which nobody
  -- (this Worker included) can tell whether two visits came from the same person.
  CREATE TABLE IF NOT EXISTS daily_salt (day TEXT PRIMARY KEY, salt TEXT NOT NULL) WITHOUT ROWID;
  -- The newest day that ever had a salt: an older day's salt is gone for good and is never made again.
  CREATE TABLE IF NOT EXISTS newest_salted_day (id INTEGER PRIMARY KEY CHECK (id = 1), day TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS daily_visitor_hashes (
    day TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (day, hash)
  ) WITHOUT ROWID;
`;

/**
 * Daily unique visitors of one repository, inside its counter. Each visitor key (an unsalted hash of IP + user
 * agent, made in the Worker) is salted with a secret made for the day; at midnight UTC an alarm deletes the secret
 * and the day's hashes, so afterwards nobody can link two visits, and a forgotten day is never salted again.
 */
export class VisitorCounter {
  private saltKey: { day: UtcDay; key: Promise<CryptoKey> } | undefined;

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
  ) {
    this.sql.exec(VISITOR_SCHEMA);
  }

  /** Salts the visitor keys of a batch concurrently, then counts each new day × hash once. */
  async record(hits: CounterHit[]): Promise<void> {
    await this.countFirstVisits(hits, (day) =>
      this.sql.exec('INSERT INTO unique_visitors (day, visitors) VALUES (?, 1) ON CONFLICT DO UPDATE SET visitors = visitors + 1', day),
    );
  }

  /**
   * Calls `count` once for each visit whose visitor has not been seen on its day, under `kind` (views and link
   * clicks are counted apart: a reader who sees the README and clicks a link is one of each). The same daily
   * salt, forgotten at the same midnight.
   */
  async countFirstVisits(
    visits: ReadonlyArray<{ day: UtcDay; visitorKey: string | null }>,
    count: (day: UtcDay) => void,
    kind: 'view' | 'click' = 'view',
  ): Promise<void> {
    // One salted hash per day × visitor in a batch: a README with several images of one repository sends them
    // together, from the same viewer.
    const distinct = new Map<string, { day: UtcDay; visitorKey: string }>();
    for (const { day, visitorKey } of visits) if (visitorKey !== null) distinct.set(`${day}|${visitorKey}`, { day, visitorKey });
    if (distinct.size === 0) return; // camo, proxies, bots, DNT: most batches
    const salted = await Promise.all(
      [...distinct.values()].map(async ({ day, visitorKey }) => {
        // A late view for a day whose salt is already forgotten counts as a view only.
        const key = this.saltKeyFor(day);
        return key === null ? null : { day, hash: await hmacSha256Hex(await key, kind === 'view' ? visitorKey : `${kind}\n${visitorKey}`) };
      }),
    );
    // No await from here on, so no other request can interleave between a hash's insert and its count.
    for (const visitor of salted) {
      if (visitor === null) continue;
      const inserted = this.sql.exec('INSERT OR IGNORE INTO daily_visitor_hashes (day, hash) VALUES (?, ?)', visitor.day, visitor.hash);
      if (inserted.rowsWritten > 0) count(visitor.day);
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
      this.storage
        .setAlarm(nextUtcMidnight(Date.parse(`${day}T00:00:00Z`)))
        .catch((error: unknown) => logError('salt alarm not set', { day }, error));
    }
    this.saltKey = { day, key: importHmacKey(salt) };
    return this.saltKey.key;
  }

  /** Deletes the salts and hashes of the days before `day`: at the end of each day, and before a new salt. */
  forgetDaysBefore(day: UtcDay): void {
    this.sql.exec('DELETE FROM daily_salt WHERE day < ?', day);
    this.sql.exec('DELETE FROM daily_visitor_hashes WHERE day < ?', day);
    if (this.saltKey && this.saltKey.day < day) this.saltKey = undefined;
  }
}
