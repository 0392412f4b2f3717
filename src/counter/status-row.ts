import { emptyStatus, type RepoStatus } from '../records/repo-status';

/** The repository's refresh status and the summary of its history, as one JSON row (RepoStatus). */
export const STATUS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS repo_status (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL);
`;

/**
 * The status row, read once and kept parsed. Nearly every call of a repository's object reads the status (a
 * cron run's schedule, a refresh, a report line, a chart), and its 90 days of summary made it the object's largest
 * allocation: ~130 MB of one bench:cpu session's ~690 (reading it, and reading it again to compare a write), and
 * the scavenges that copy it. What is kept is frozen, so a reader cannot change it for the next; a write forgets
 * it (a transaction rolled back would otherwise leave it ahead of the row), and the next read parses the row again.
 */
export class StatusRow {
  private kept: { text: string | null; status: Readonly<RepoStatus> } | null = null;

  constructor(private readonly sql: SqlStorage) {
    this.sql.exec(STATUS_SCHEMA);
  }

  /** The status, its fields missing from older rows filled in: a new object, whose nested values are frozen. */
  read(): RepoStatus {
    this.kept ??= this.parsed();
    return { ...this.kept.status };
  }

  /** Whether a status is stored at all. */
  exists(): boolean {
    return this.text() !== null;
  }

  /** Stores `status` unless the row already says the same; returns whether it was written. */
  write(status: RepoStatus): boolean {
    const value = JSON.stringify(status);
    if (this.text() === value) return false;
    this.kept = null;
    this.sql.exec('INSERT OR REPLACE INTO repo_status (id, value) VALUES (1, ?)', value);
    return true;
  }

  /** Forgets the status kept parsed (a transaction that may have read it was rolled back). */
  forget(): void {
    this.kept = null;
  }

  private parsed(): { text: string | null; status: Readonly<RepoStatus> } {
    const text = this.storedText();
    const status = { ...emptyStatus(), ...(text === null ? {} : (JSON.parse(text) as Partial<RepoStatus>)) };
    return { text, status: deepFreeze(status) };
  }

  /** The row's text, as kept or as stored. */
  private text(): string | null {
    return this.kept ? this.kept.text : this.storedText();
  }

  private storedText(): string | null {
    return this.sql.exec<{ value: string }>('SELECT value FROM repo_status').toArray()[0]?.value ?? null;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
