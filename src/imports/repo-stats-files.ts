import { emptyHistory, type PopularItem, type RepoHistory } from '../history/model';
import { DAY_MS, isRealDay, utcDay, type UtcDay } from '../dates';
import { parseCount, parseTimestamp } from './csv-fields';
import { readCsv, type CsvRecord } from './csv-records';

/**
 * Reads the CSV files that the jgehrcke/github-repo-stats Action keeps in its data branch
 * (https://github.com/jgehrcke/github-repo-stats) into a RepoHistory, so that years of traffic kept before this
 * Worker existed join the collector's. Every row is checked and every problem is reported by file and line:
 * the caller writes nothing unless the whole set is clean. Pure.
 */

export type RepoStatsKind = 'views-clones' | 'stars' | 'forks' | 'referrers' | 'paths';

export interface RepoStatsFile {
  name: string;
  text: string;
}

export interface Rejection {
  file: string;
  line: number;
  error: string;
}

export type RepoStatsParse =
  | { ok: true; history: RepoHistory; read: Partial<Record<RepoStatsKind, { files: number; rows: number }>>; skipped: Array<{ file: string; reason: string }> }
  | { ok: false; rejected: Rejection[] };

export const MAX_ROW_CHARS = 4096;
// The same limit as an export's referrers and paths (import.ts), so that whatever is imported exports and imports back.
export const MAX_KEY_CHARS = 2000;
const MAX_COUNT = 1_000_000_000;
// GitHub opened in 2008; its traffic API keeps 14 days. Anything earlier is not GitHub's data.
const FIRST_DAY = '2008-01-01';

// Column names per kind. Older versions of the Action named the snapshot columns differently; both are read.
const TRAFFIC_COLUMNS = ['time_iso8601', 'clones_total', 'clones_unique', 'views_total', 'views_unique'];
const SNAPSHOT_NAME = /(?:^|\/)(\d{4}-\d{2}-\d{2})_(\d{6})_top_(referrers|paths)_snapshot\.csv$/;
const SNAPSHOT_KEY = { referrers: ['referrer', 'referrers'], paths: ['url_path', 'path'] };
const SNAPSHOT_TOTAL = ['views_total', 'count_total'];
const SNAPSHOT_UNIQUE = ['views_unique', 'count_unique'];

const EXPECTED_FILES =
  'expected views_clones_aggregate.csv (time_iso8601,clones_total,clones_unique,views_total,views_unique), ' +
  'stargazers.csv or stars.csv (time_iso8601,stars_cumulative), forks.csv (time_iso8601,forks_cumulative), ' +
  'or snapshots/*_top_referrers_snapshot.csv and *_top_paths_snapshot.csv';

export function parseRepoStatsFiles(files: readonly RepoStatsFile[], today: UtcDay): RepoStatsParse {
  const rejected: Rejection[] = [];
  const history = emptyHistory();
  const read: Partial<Record<RepoStatsKind, { files: number; rows: number }>> = {};
  const skipped: Array<{ file: string; reason: string }> = [];
  const firstOfKind = new Map<RepoStatsKind, string>();
  // Snapshots in time order, so that the day's last one wins when the Action ran several times a day.
  const ordered = [...files].sort((a, b) => snapshotTime(a.name).localeCompare(snapshotTime(b.name)));

  for (const { name, text } of ordered) {
    const reject = (line: number, error: string) => rejected.push({ file: name, line, error });
    const csv = readCsv(text, MAX_ROW_CHARS);
    if (!csv.ok) {
      reject(csv.line, csv.error);
      continue;
    }
    const columns = new Set(csv.header);
    if (columns.size !== csv.header.length) {
      reject(1, `a column is named twice (${csv.header.join(',').slice(0, 200)})`);
      continue;
    }
    if (sameColumns(csv.header, ['time_iso8601', 'stargazers_cumulative_snapshot'])) {
      skipped.push({ file: name, reason: 'occasional star totals: the stars gained per day come from stargazers.csv (or stars.csv)' });
      continue;
    }
    const kind = kindOf(name, csv.header);
    if (!kind) {
      reject(1, `columns "${csv.header.join(',').slice(0, 200)}" are not a github-repo-stats file: ${EXPECTED_FILES}`);
      continue;
    }
    const positions = new Map(csv.header.map((column, i) => [column, i]));
    const context: RowContext = { header: csv.header, column: (column) => positions.get(column) ?? -1, today, reject };
    if (kind === 'views-clones' || kind === 'stars' || kind === 'forks') {
      const earlier = firstOfKind.get(kind);
      if (earlier) {
        reject(1, `a second ${kind} file: ${earlier} was already given`);
        continue;
      }
      firstOfKind.set(kind, name);
    }
    if (kind === 'views-clones') readTraffic(csv.records, context, history);
    else if (kind === 'stars') history.starsGained = readGains(csv.records, context, 'stars_cumulative');
    else if (kind === 'forks') history.forksGained = readGains(csv.records, context, 'forks_cumulative');
    else readSnapshot(csv.records, context, kind, name, history);
    const tally = (read[kind] ??= { files: 0, rows: 0 });
    tally.files++;
    tally.rows += csv.records.length;
  }
  return rejected.length > 0 ? { ok: false, rejected } : { ok: true, history, read, skipped };
}

interface RowContext {
  header: string[];
  /** The position of a column in every record (looked up once per file, not once per row). */
  column: (name: string) => number;
  today: UtcDay;
  reject: (line: number, error: string) => void;
}

function kindOf(name: string, header: string[]): RepoStatsKind | null {
  if (sameColumns(header, TRAFFIC_COLUMNS)) return 'views-clones';
  if (sameColumns(header, ['time_iso8601', 'stars_cumulative'])) return 'stars';
  if (sameColumns(header, ['time_iso8601', 'forks_cumulative'])) return 'forks';
  const snapshot = SNAPSHOT_NAME.exec(name)?.[3] as 'referrers' | 'paths' | undefined;
  if (!snapshot || header.length !== 3) return null;
  const [key, total, unique] = [header.find((c) => SNAPSHOT_KEY[snapshot].includes(c)), header.find((c) => SNAPSHOT_TOTAL.includes(c)), header.find((c) => SNAPSHOT_UNIQUE.includes(c))];
  return key && total && unique ? snapshot : null;
}

function sameColumns(header: string[], expected: string[]): boolean {
  return header.length === expected.length && expected.every((column) => header.includes(column));
}

/** A record's fields, or null (its line rejected) when it has more or fewer fields than the header. */
function fieldsOf(record: CsvRecord, context: RowContext): string[] | null {
  if (record.fields.length !== context.header.length) {
    context.reject(record.line, `expected ${context.header.length} fields, found ${record.fields.length}`);
    return null;
  }
  return record.fields;
}

function readTraffic(records: CsvRecord[], context: RowContext, history: RepoHistory): void {
  const lineOfDay = new Map<UtcDay, number>();
  for (const record of records) {
    const row = fieldsOf(record, context);
    if (!row) continue;
    const day = readDay(row, record.line, context);
    // The Action leaves a field empty where GitHub reported nothing that day: nothing is zero.
    const counts = readCounts(row, ['views_total', 'views_unique', 'clones_total', 'clones_unique'], record.line, context, true);
    if (!day || !counts) continue;
    const [views, viewUniques, clones, cloneUniques] = counts as [number, number, number, number];
    const earlier = lineOfDay.get(day.day);
    if (earlier !== undefined) context.reject(record.line, `${day.day} is already on line ${earlier}`);
    else if (day.epochMs % DAY_MS !== 0) context.reject(record.line, 'time_iso8601: traffic rows are whole UTC days (00:00:00+00:00)');
    else if (viewUniques > views || cloneUniques > clones) context.reject(record.line, 'more unique visitors than views or clones');
    else {
      lineOfDay.set(day.day, record.line);
      history.traffic[day.day] = { views, viewUniques, clones, cloneUniques };
    }
  }
}

/**
 * Gains per day from a cumulative series: one row per star or fork event (stars.csv), or one per day at most
 * (stargazers.csv, resampled by the Action). Either way a day gains its last total minus the previous day's,
 * counting from zero, since the Action lists every stargazer or fork from the first.
 */
function readGains(records: CsvRecord[], context: RowContext, column: string): Record<UtcDay, number> {
  const totals = new Map<UtcDay, number>();
  let previous: { epochMs: number; total: number; line: number } | null = null;
  for (const record of records) {
    const row = fieldsOf(record, context);
    if (!row) continue;
    const day = readDay(row, record.line, context);
    const [total] = readCounts(row, [column], record.line, context, false) ?? [];
    if (!day || total === undefined) continue;
    if (previous && day.epochMs < previous.epochMs) context.reject(record.line, `earlier than line ${previous.line}: rows must be in time order`);
    else if (previous && total < previous.total) context.reject(record.line, `${column} goes down from ${previous.total} (line ${previous.line}) to ${total}`);
    else {
      previous = { epochMs: day.epochMs, total, line: record.line };
      totals.set(day.day, total);
    }
  }
  const gains: Record<UtcDay, number> = {};
  let before = 0;
  for (const [day, total] of totals) {
    if (total > before) gains[day] = total - before;
    before = total;
  }
  return gains;
}

function readSnapshot(records: CsvRecord[], context: RowContext, kind: 'referrers' | 'paths', name: string, history: RepoHistory): void {
  const day = SNAPSHOT_NAME.exec(name)?.[1] as UtcDay;
  if (!isRealDay(day) || day < FIRST_DAY || day > context.today) return context.reject(1, `the file name's date ${day} is not a day from ${FIRST_DAY} to today`);
  const keyColumn = context.header.find((c) => SNAPSHOT_KEY[kind].includes(c)) as string;
  const [totalColumn, uniqueColumn] = [context.header.find((c) => SNAPSHOT_TOTAL.includes(c)), context.header.find((c) => SNAPSHOT_UNIQUE.includes(c))] as [string, string];
  const items: PopularItem[] = [];
  const lineOfKey = new Map<string, number>();
  for (const record of records) {
    const row = fieldsOf(record, context);
    if (!row) continue;
    const key = (row[context.column(keyColumn)] ?? '').trim();
    const counts = readCounts(row, [totalColumn, uniqueColumn], record.line, context, false);
    if (!counts) continue;
    const [count, uniques] = counts as [number, number];
    if (key === '') context.reject(record.line, `${keyColumn} is empty`);
    else if (key.length > MAX_KEY_CHARS) context.reject(record.line, `${keyColumn} is longer than ${MAX_KEY_CHARS} characters`);
    else if (lineOfKey.has(key)) context.reject(record.line, `${key.slice(0, 100)} is already on line ${lineOfKey.get(key)}`);
    else {
      lineOfKey.set(key, record.line);
      // GitHub's popular paths come with page titles, the Action keeps none; a referrer is its own title.
      items.push({ key, title: kind === 'referrers' ? key : '', count, uniques });
    }
  }
  history[kind][day] = items;
}

/** The time of a snapshot from its file name, or '' for other files (they are read first). */
function snapshotTime(name: string): string {
  const match = SNAPSHOT_NAME.exec(name);
  return match ? `${match[1]}_${match[2]}` : '';
}

function readDay(row: string[], line: number, context: RowContext): { day: UtcDay; epochMs: number } | null {
  const raw = (row[context.column('time_iso8601')] ?? '').trim();
  const epochMs = parseTimestamp(raw);
  if (epochMs === null) {
    context.reject(line, `time_iso8601: "${raw.slice(0, 40)}" is not a time such as 2021-01-14 17:41:02+00:00`);
    return null;
  }
  const day = utcDay(epochMs);
  if (day < FIRST_DAY || day > context.today) {
    context.reject(line, `time_iso8601: ${raw.slice(0, 40)} is not a day from ${FIRST_DAY} to today`);
    return null;
  }
  return { day, epochMs };
}

function readCounts(row: string[], columns: string[], line: number, context: RowContext, emptyIsZero: boolean): number[] | null {
  const values: number[] = [];
  for (const column of columns) {
    const raw = (row[context.column(column)] ?? '').trim();
    const count = parseCount(raw, MAX_COUNT, emptyIsZero);
    if (count === null) {
      context.reject(line, `${column}: "${raw.slice(0, 40)}" is not a whole number from 0 to ${MAX_COUNT}`);
      return null;
    }
    values.push(count);
  }
  return values;
}
