import * as v from 'valibot';
import type { CarriedOver, DailyLabelledViews, DailyViews, DailyVisitors } from '../counter/rows';
import { isRealDay } from '../dates';
import type { RepoHistory } from '../history/model';
import { SOURCE_CLASSES } from '../pixel/source-class';
import { isTracked, parseRepoSlug, repoSlug, type RepoPattern, type RepoRef } from '../repos';
import { CarriedOverSchema } from './carried-over';
import { EXPORT_FORMAT, EXPORT_VERSION, MAX_KEY_CHARS } from './formats';

/** One repository read from an export, validated. */
export interface ImportedRepo {
  ref: RepoRef;
  history: RepoHistory;
  views: DailyViews[];
  visitors: DailyVisitors[];
  labelled: DailyLabelledViews[];
  /** A total carried over from another counter; absent in exports of repositories without one. */
  carriedOver: CarriedOver | null;
}

export type ImportParse = { ok: true; repos: ImportedRepo[] } | { ok: false; rejected: Array<{ line: number; error: string }> };

export const MAX_LINE_CHARS = 8_000_000;
// isoDate checks the shape only: 2026-02-31 must be refused too.
const Day = v.pipe(
  v.string(),
  v.isoDate('a date must be YYYY-MM-DD'),
  v.check(isRealDay, 'not a real date'),
);
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const byDay = <T extends v.GenericSchema>(value: T) => v.record(Day, value);
const Popular = v.array(v.object({ key: v.pipe(v.string(), v.maxLength(MAX_KEY_CHARS)), title: v.pipe(v.string(), v.maxLength(MAX_KEY_CHARS)), count: Count, uniques: Count }));
const HistorySchema = v.object({
  traffic: byDay(v.object({ views: Count, viewUniques: Count, clones: Count, cloneUniques: Count })),
  counts: byDay(v.object({ stars: Count, forks: Count, watchers: Count, openIssues: Count })),
  starsGained: byDay(v.pipe(v.number(), v.integer())),
  // Exports written before fork gains existed have none.
  forksGained: v.optional(byDay(v.pipe(v.number(), v.integer())), {}),
  referrers: byDay(Popular),
  paths: byDay(Popular),
  breakdowns: v.optional(byDay(v.record(v.picklist(['page', 'source', 'referrer', 'country']), v.record(v.string(), Count))), {}),
});
const LineSchema = v.object({
  repo: v.string(),
  history: HistorySchema,
  views: v.array(v.object({ day: Day, page: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._\/-]{0,63}$/)), source: v.picklist(SOURCE_CLASSES), views: Count })),
  visitors: v.array(v.object({ day: Day, visitors: Count })),
  // Exports written before `?v=` labels existed have none.
  labelled: v.optional(v.array(v.object({ day: Day, label: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._-]{0,31}$/)), views: Count })), []),
  carriedOver: v.optional(CarriedOverSchema),
});

/**
 * Reads a whole export (NDJSON). Every line is checked before anything is written, and every problem is reported
 * with its line number: an import either applies completely or not at all. Pure.
 */
export function parseExport(text: string, tracked: readonly RepoPattern[]): ImportParse {
  const rejected: Array<{ line: number; error: string }> = [];
  const repos: ImportedRepo[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    if (raw.length > MAX_LINE_CHARS) return rejected.push({ line, error: `longer than ${MAX_LINE_CHARS} characters` });
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return rejected.push({ line, error: 'not JSON' });
    }
    if (line === 1) {
      const header = json as { format?: unknown; version?: unknown };
      if (header.format !== EXPORT_FORMAT || header.version !== EXPORT_VERSION) {
        rejected.push({ line, error: `not a ${EXPORT_FORMAT} file of version ${EXPORT_VERSION} (its first line must be the header GET /report/export writes)` });
      }
      return;
    }
    const parsed = v.safeParse(LineSchema, json);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
      return rejected.push({ line, error: `${path ? `${path}: ` : ''}${issue.message}` });
    }
    const ref = parseRepoSlug(parsed.output.repo);
    if (!ref) return rejected.push({ line, error: `"${parsed.output.repo}" is not an owner/repo name` });
    if (!isTracked(tracked, ref)) return rejected.push({ line, error: `${repoSlug(ref)} is not in REPOS` });
    if (seen.has(repoSlug(ref))) return rejected.push({ line, error: `${repoSlug(ref)} appears twice` });
    seen.add(repoSlug(ref));
    const keys = parsed.output.views.map((row) => `${row.day}|${row.page}|${row.source}`);
    if (new Set(keys).size !== keys.length) return rejected.push({ line, error: 'views: the same day, page and source appear twice' });
    if (new Set(parsed.output.visitors.map((row) => row.day)).size !== parsed.output.visitors.length) {
      return rejected.push({ line, error: 'visitors: the same day appears twice' });
    }
    if (new Set(parsed.output.labelled.map((row) => `${row.day}|${row.label}`)).size !== parsed.output.labelled.length) {
      return rejected.push({ line, error: 'labelled: the same day and label appear twice' });
    }
    const { history, views, visitors, labelled, carriedOver = null } = parsed.output;
    repos.push({ ref, history: history as RepoHistory, views, visitors, labelled, carriedOver });
  });
  if (lines[0]?.trim() === undefined || lines[0].trim() === '') rejected.unshift({ line: 1, error: 'empty file' });
  return rejected.length > 0 ? { ok: false, rejected } : { ok: true, repos };
}
