import { emptyStatus, type RepoStatus } from '../records/repo-status';

/** The repository's refresh status and the summary of its history, as one JSON row (RepoStatus). */
export const STATUS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS repo_status (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL);
`;

/** The row as a StatusRow keeps it: its text, and its status once a read has parsed it. */
interface KeptRow {
  text: string | null;
  status: Readonly<RepoStatus> | null;
}

/**
 * The status row, read once and kept parsed. Nearly every call of a repository's object reads the status (a
 * cron run's schedule, a refresh, a report line, a chart), and its 90 days of summary made it the object's largest
 * allocation: ~130 MB of one bench:cpu session's ~690 (reading it, and reading it again to compare a write), and
 * the scavenges that copy it. What is kept is frozen, so a reader cannot change it for the next. A write keeps the
 * text it wrote, parsed at the next read, rather than reading the row back: that would be a second copy of the
 * text, which outlives the scavenges and fills the heap that V8's full collections sweep. A transaction rolled
 * back forgets it (it would otherwise be ahead of the row), and the next read parses the row again.
 */
export class StatusRow {
  private kept: KeptRow | null = null;

  constructor(private readonly sql: SqlStorage) {
    this.sql.exec(STATUS_SCHEMA);
  }

  /** The status, its fields missing from older rows filled in: a new object, whose nested values are frozen. */
  read(): RepoStatus {
    const kept = this.keptRow();
    kept.status ??= statusOf(kept.text);
    return { ...kept.status };
  }

  /** Whether a status is stored at all. */
  exists(): boolean {
    return this.keptRow().text !== null;
  }

  /** Stores `status` unless the row already says the same; returns whether it was written. */
  write(status: RepoStatus): boolean {
    const value = JSON.stringify(status);
    if (this.keptRow().text === value) return false;
    this.sql.exec('INSERT OR REPLACE INTO repo_status (id, value) VALUES (1, ?)', value);
    this.kept = { text: value, status: null };
    return true;
  }

  /** Forgets the status kept (a transaction that may have read or written it was rolled back). */
  forget(): void {
    this.kept = null;
  }

  /** The row as kept, or else as stored (then kept): its text, and its status once a read has parsed it. */
  private keptRow(): KeptRow {
    this.kept ??= { text: this.sql.exec<{ value: string }>('SELECT value FROM repo_status').toArray()[0]?.value ?? null, status: null };
    return this.kept;
  }
}

/** A stored status's text parsed, the fields older rows lack filled in, frozen. */
function statusOf(text: string | null): Readonly<RepoStatus> {
  return deepFreeze({ ...emptyStatus(), ...(text === null ? {} : (JSON.parse(text) as Partial<RepoStatus>)) });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
