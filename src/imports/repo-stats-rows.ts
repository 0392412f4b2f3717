import { MAX_COUNT } from '../counts';
import { DAY_MS, FIRST_DAY, isCalendarDay, utcDay, type UtcDay } from '../dates';
import type { PopularItem, RepoHistory } from '../history/model';
import { parseCount, parseTimestamp } from './csv-fields';
import type { CsvRecord } from './csv-records';
import { MAX_KEY_CHARS } from './formats';

/**
 * The rows of each github-repo-stats file kind, read into a RepoHistory: every field checked, every problem
 * reported through `context.reject` by line. Pure.
 */

// Snapshot files: the day and time of the Action's run in the name, and the column names (older and newer).
export const SNAPSHOT_NAME = /(?:^|\/)(\d{4}-\d{2}-\d{2})_(\d{6})_top_(referrers|paths)_snapshot\.csv$/;
export const SNAPSHOT_KEY = { referrers: ['referrer', 'referrers'], paths: ['url_path', 'path'] };
export const SNAPSHOT_TOTAL = ['views_total', 'count_total'];
export const SNAPSHOT_UNIQUE = ['views_unique', 'count_unique'];

export interface RowContext {
  header: string[];
  /** The position of a column in every record (looked up once per file, not once per row). */
  column: (name: string) => number;
  today: UtcDay;
  reject: (line: number, error: string) => void;
}

/** A record's fields, or null (its line rejected) when it has more or fewer fields than the header. */
function fieldsOf(record: CsvRecord, context: RowContext): string[] | null {
  if (record.fields.length !== context.header.length) {
    context.reject(record.line, `expected ${context.header.length} fields, found ${record.fields.length}`);
    return null;
  }
  return record.fields;
}

// The count columns of a traffic row, in the order readTraffic takes them.
const TRAFFIC_COUNTS = ['views_total', 'views_unique', 'clones_total', 'clones_unique'];

export function readTraffic(records: CsvRecord[], context: RowContext, history: RepoHistory): void {
  const dayOf = dayReader(context);
  // The Action leaves a field empty where GitHub reported nothing that day: nothing is zero.
  const countsOf = countsReader(context, TRAFFIC_COUNTS, true);
  const lineOfDay = new Map<UtcDay, number>();
  for (const record of records) {
    const row = fieldsOf(record, context);
    if (!row) continue;
    const day = dayOf(row, record.line);
    const counts = countsOf(row, record.line);
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
export function readGains(records: CsvRecord[], context: RowContext, column: string): Record<UtcDay, number> {
  const totals = new Map<UtcDay, number>();
  let previous: { epochMs: number; total: number; line: number } | null = null;
  const dayOf = dayReader(context);
  const totalOf = countsReader(context, [column], false);
  for (const record of records) {
    const row = fieldsOf(record, context);
    if (!row) continue;
    const day = dayOf(row, record.line);
    const [total] = totalOf(row, record.line) ?? [];
    if (!day || total === undefined) continue;
    if (previous && day.epochMs < previous.epochMs)
      context.reject(record.line, `earlier than line ${previous.line}: rows must be in time order`);
    else if (previous && total < previous.total)
      context.reject(record.line, `${column} goes down from ${previous.total} (line ${previous.line}) to ${total}`);
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

export function readSnapshot(
  records: CsvRecord[],
  context: RowContext,
  kind: 'referrers' | 'paths',
  name: string,
  history: RepoHistory,
): void {
  const day = SNAPSHOT_NAME.exec(name)?.[1] as UtcDay;
  if (!isCalendarDay(day, context.today)) {
    context.reject(1, `the file name's date ${day} is not a day from ${FIRST_DAY} to today`);
    return;
  }
  const keyColumn = context.header.find((c) => SNAPSHOT_KEY[kind].includes(c)) as string;
  const [totalColumn, uniqueColumn] = [
    context.header.find((c) => SNAPSHOT_TOTAL.includes(c)),
    context.header.find((c) => SNAPSHOT_UNIQUE.includes(c)),
  ] as [string, string];
  const keyAt = context.column(keyColumn);
  const countsOf = countsReader(context, [totalColumn, uniqueColumn], false);
  const items: PopularItem[] = [];
  const lineOfKey = new Map<string, number>();
  for (const record of records) {
    const row = fieldsOf(record, context);
    if (!row) continue;
    const key = (row[keyAt] ?? '').trim();
    const counts = countsOf(row, record.line);
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

/**
 * Reads a row's time_iso8601 into its day, or null (its line rejected) when it is not a time from FIRST_DAY to
 * today. The column is found once per file; the readers below are called once per row (years of the Action's files
 * are thousands of rows, in one request's CPU, and an isolate's first requests run them before V8 optimizes them).
 */
function dayReader(context: RowContext): (row: string[], line: number) => { day: UtcDay; epochMs: number } | null {
  const at = context.column('time_iso8601');
  return (row, line) => {
    const raw = (row[at] ?? '').trim();
    const epochMs = parseTimestamp(raw);
    if (epochMs === null) {
      context.reject(line, `time_iso8601: "${raw.slice(0, 40)}" is not a time such as 2021-01-14 17:41:02+00:00`);
      return null;
    }
    // A day made from a time is a real one: only its range is left to check.
    const day = utcDay(epochMs);
    if (day < FIRST_DAY || day > context.today) {
      context.reject(line, `time_iso8601: ${raw.slice(0, 40)} is not a day from ${FIRST_DAY} to today`);
      return null;
    }
    return { day, epochMs };
  };
}

/** Reads a row's counts in `columns` (found once per file), or null (its line rejected) when one is not a count. */
function countsReader(
  context: RowContext,
  columns: readonly string[],
  emptyIsZero: boolean,
): (row: string[], line: number) => number[] | null {
  const positions = columns.map((column) => context.column(column));
  return (row, line) => {
    const values: number[] = [];
    for (let i = 0; i < positions.length; i++) {
      const raw = (row[positions[i] as number] ?? '').trim();
      const count = parseCount(raw, MAX_COUNT, emptyIsZero);
      if (count === null) {
        context.reject(line, `${columns[i]}: "${raw.slice(0, 40)}" is not a whole number from 0 to ${MAX_COUNT}`);
        return null;
      }
      values.push(count);
    }
    return values;
  };
}
