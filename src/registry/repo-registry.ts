import { DurableObject } from 'cloudflare:workers';
import { ScheduleRows, sortedSlugs, type ExpansionProgress, type LegacyCursor, type ListedPage, type ScheduleState } from './schedule-rows';

/**
 * Names under an `owner/*` entry that have counted views, and whether GitHub knows them (one object for the
 * whole Worker, named REGISTRY_NAME). Anyone can load `/p/acme/made-up-123.gif`, so a name is only listed in
 * reports and exports once the collector has confirmed it with GitHub; until then it costs no KV write and no
 * report row. A name GitHub does not know is refused and its counter cleared; a refused name viewed again is
 * cleared again by the next run, without asking GitHub, until REFUSAL_DAYS have passed.
 */
export type NameState = 'pending' | 'confirmed' | 'refused';

export interface NameToCheck {
  slug: string;
  state: Exclude<NameState, 'confirmed'>;
  /** The collector tracks it already (an owner's list named it): confirmed without asking GitHub. */
  listed: boolean;
}

export const REGISTRY_NAME = 'registry';
/** Unconfirmed names kept at most: a flood of made-up names stops here instead of growing storage. */
export const MAX_PENDING = 1000;
/** A refused name is asked of GitHub again after this long (a repository may be created under it later). */
export const REFUSAL_DAYS = 7;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS names (
    slug TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('pending', 'confirmed', 'refused')),
    since TEXT NOT NULL,
    -- A refused name whose counter counted views again: the next run clears it.
    viewed_again INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  -- What the collector last heard of GITHUB_TOKEN, and which of its warnings were posted (one row).
  CREATE TABLE IF NOT EXISTS token_state (
    id INTEGER PRIMARY KEY CHECK (id = 1), expires_at TEXT, rejected_at TEXT, checked_at TEXT NOT NULL,
    announced TEXT NOT NULL DEFAULT '[]'
  );
`;

/** What the collector last heard of GITHUB_TOKEN: when it expires, whether GitHub refused it, which warnings went out. */
export interface TokenState {
  expiresAt: string | null;
  /** When GitHub last answered 401 (a later run without one clears it). */
  rejectedAt: string | null;
  checkedAt: string | null;
  announced: string[];
}

export class RepoRegistry extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly schedule: ScheduleRows;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
    this.schedule = new ScheduleRows(this.sql);
  }

  /** What the collector last heard of the token (nothing yet: all null). */
  tokenState(): TokenState {
    const row = this.sql
      .exec<{ expires_at: string | null; rejected_at: string | null; checked_at: string; announced: string }>('SELECT * FROM token_state')
      .toArray()[0];
    if (!row) return { expiresAt: null, rejectedAt: null, checkedAt: null, announced: [] };
    return {
      expiresAt: row.expires_at,
      rejectedAt: row.rejected_at,
      checkedAt: row.checked_at,
      announced: JSON.parse(row.announced) as string[],
    };
  }

  /**
   * Records what a run heard of the token. A new expiry (a new token) forgets the warnings posted for the old one;
   * a run without a 401 clears the refusal and its warning.
   */
  recordToken(heard: { expiresAt: string | null; rejected: boolean; at: string }): TokenState {
    const before = this.tokenState();
    const renewed = before.expiresAt !== heard.expiresAt;
    const announced = (renewed ? [] : before.announced).filter((key) => heard.rejected || key !== 'rejected');
    const next: TokenState = {
      expiresAt: heard.expiresAt,
      rejectedAt: heard.rejected ? heard.at : null,
      checkedAt: heard.at,
      announced,
    };
    this.writeToken(next);
    return next;
  }

  /** Notes a warning as posted, before it is sent: each goes out at most once, even if a run is cut short. */
  markTokenAnnounced(key: string): void {
    const state = this.tokenState();
    if (!state.announced.includes(key)) this.writeToken({ ...state, announced: [...state.announced, key] });
  }

  private writeToken(state: TokenState): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO token_state (id, expires_at, rejected_at, checked_at, announced) VALUES (1, ?, ?, ?, ?)',
      state.expiresAt,
      state.rejectedAt,
      state.checkedAt ?? new Date(0).toISOString(),
      JSON.stringify(state.announced),
    );
  }

  /**
   * A counter's first view of a name: it waits for the collector. Returns the name's state, or `full` when too
   * many names wait already (the name is offered again by its counter's next batch).
   */
  offer(slug: string, now: string): NameState | 'full' {
    const known = this.sql.exec<{ state: NameState }>('SELECT state FROM names WHERE slug = ?', slug).toArray()[0];
    if (known?.state === 'refused') this.sql.exec('UPDATE names SET viewed_again = 1 WHERE slug = ?', slug);
    if (known) return known.state;
    const pending = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM names WHERE state = 'pending'").one().n;
    if (pending >= MAX_PENDING) return 'full';
    this.sql.exec("INSERT INTO names (slug, state, since) VALUES (?, 'pending', ?)", slug, now);
    return 'pending';
  }

  /** Names that GitHub knows, or that an import or a carried-over total (with REPORT_TOKEN) brought in. */
  confirm(slugs: string[], now: string): void {
    for (const slug of slugs) {
      this.sql.exec(
        "INSERT INTO names (slug, state, since) VALUES (?, 'confirmed', ?) ON CONFLICT DO UPDATE SET state = 'confirmed', since = excluded.since, viewed_again = 0 WHERE state != 'confirmed'",
        slug,
        now,
      );
    }
  }

  /** A name GitHub does not know: refused, and asked again only after REFUSAL_DAYS. */
  refuse(slug: string, now: string): void {
    this.sql.exec("UPDATE names SET state = 'refused', since = ?, viewed_again = 0 WHERE slug = ?", now, slug);
  }

  /** A refused name's counter was cleared again; its refusal keeps its day, so it is still asked again in time. */
  markCleared(slug: string): void {
    this.sql.exec('UPDATE names SET viewed_again = 0 WHERE slug = ?', slug);
  }

  /**
   * What the collector checks next, oldest first: names waiting for GitHub, and refused names viewed again (to
   * clear; those refused longer ago than REFUSAL_DAYS are asked again, as pending).
   */
  namesToCheck(limit: number, now: string): NameToCheck[] {
    const expired = new Date(Date.parse(now) - REFUSAL_DAYS * 86_400_000).toISOString();
    this.sql.exec(
      "UPDATE names SET state = 'pending', viewed_again = 0 WHERE state = 'refused' AND viewed_again = 1 AND since < ?",
      expired,
    );
    return this.sql
      .exec<{ slug: string; state: NameToCheck['state'] }>(
        "SELECT slug, state FROM names WHERE state = 'pending' OR (state = 'refused' AND viewed_again = 1) ORDER BY since LIMIT ?",
        limit,
      )
      .toArray()
      .map((name) => ({ ...name, listed: this.schedule.has(name.slug) }));
  }

  /** Every confirmed name, sorted. */
  confirmedNames(): string[] {
    return sortedSlugs(this.sql, 'names', "state = 'confirmed'");
  }

  /** Every name a report lists: those the collector expanded (null before it first ran here) and the confirmed ones. */
  listed(): { expanded: string[] | null; confirmed: string[] } {
    return { expanded: this.schedule.names(), confirmed: this.confirmedNames() };
  }

  // The collector's schedule (ScheduleRows): one call to read it and one or two to move it, each run.

  scheduleState(windowSize: number, backfillLimit: number, today: string): ScheduleState {
    return this.schedule.state(windowSize, backfillLimit, today);
  }

  takeOverCursor(cursor: LegacyCursor): void {
    this.ctx.storage.transactionSync(() => this.schedule.takeOver(cursor));
  }

  startExpansion(
    source: string,
    explicit: string[],
    wildcardOwners: string[],
    now: string,
  ): { expansion: ExpansionProgress; rowsWritten: number } {
    return this.ctx.storage.transactionSync(() => this.schedule.startExpansion(source, explicit, wildcardOwners, now));
  }

  expanded(pages: ListedPage[], next: ExpansionProgress | null, now: string): number {
    return this.ctx.storage.transactionSync(() => this.schedule.expanded(pages, next, now));
  }

  advance(slug: string): number {
    return this.schedule.advance(slug);
  }

  recordRun(today: string, rowsWritten: number, pending: string[], done: string[]): void {
    this.ctx.storage.transactionSync(() => this.schedule.recordRun(today, rowsWritten, pending, done));
  }
}
