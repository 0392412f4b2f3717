import * as v from 'valibot';
import type { UtcDay } from '../dates';
import { isTracked, parseRepoSlug, repoSlug, type RepoPattern, type RepoRef } from '../repos';
import { lineChecker, type ExportLine, type LineCheck } from './export-line';
import { EXPORT_FORMAT, EXPORT_VERSION } from './formats';

// The rules of one line live in export-line.ts; these names were imported from here before.
export { checkExportLine, MissingLineSchema, type ExportLine, type LineCheck } from './export-line';

/** One repository read from an export, validated. */
export type ImportedRepo = Omit<ExportLine, 'repo'> & { ref: RepoRef };

export type ImportParse = { ok: true; repos: ImportedRepo[] } | { ok: false; rejected: Array<{ line: number; error: string }> };

export const MAX_LINE_CHARS = 8_000_000;

const HeaderSchema = v.object({
  format: v.literal(EXPORT_FORMAT),
  version: v.literal(EXPORT_VERSION),
  repositories: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

/** A repository line of an export as the Worker hands it to the repository's object, which checks it. */
export interface PlannedLine {
  line: number;
  ref: RepoRef;
  text: string;
  /** The line checked, where planImport was given `checkLine` or the line had to be parsed to find its name. */
  checked?: ExportLine;
}

export interface ImportPlan {
  lines: PlannedLine[];
  rejected: Rejection[];
}

type Rejection = { line: number; error: string };

// How an export begins each repository line: its name first, so that the Worker reads the name without parsing
// the ~170 KB of a year (the repository's object parses and checks the line).
const LINE_START = /^\{"repo":("(?:[^"\\]|\\.){0,400}")/;

/**
 * What is checked of a whole export (NDJSON) before any repository line is parsed: its header and the number of
 * lines it announces (so a download cut short is never taken for a whole one), and each line's repository:
 * named once, tracked, the line within MAX_LINE_CHARS. `checkLine` checks the lines themselves where given (see
 * parseExport); the Worker leaves that to each repository's object. A line that does not begin as an export
 * writes it (edited by hand) is parsed here to find its name. Pure.
 */
export function planImport(
  text: string,
  tracked: readonly RepoPattern[],
  today: UtcDay,
  checkLine?: (raw: string) => LineCheck,
): ImportPlan {
  const rejected: Rejection[] = [];
  const planned: PlannedLine[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  // The caller's check, or one made on the first line that needs it.
  let check: ((raw: string) => LineCheck) | undefined = checkLine;
  let announced: number | null = null;
  let repositoryLines = 0;
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const reject = (error: string) => {
      rejected.push({ line, error });
    };
    if (raw.trim() === '') continue;
    if (line > 1) repositoryLines++;
    if (raw.length > MAX_LINE_CHARS) {
      reject(`longer than ${MAX_LINE_CHARS} characters`);
      continue;
    }
    if (line === 1) {
      const header = v.safeParse(HeaderSchema, parseOrUndefined(raw));
      if (header.success) announced = header.output.repositories;
      else
        rejected.push({
          line,
          error: `not a ${EXPORT_FORMAT} file of version ${EXPORT_VERSION} (its first line must be the header GET /report/export writes)`,
        });
      continue;
    }
    check ??= lineChecker(today);
    const start = LINE_START.exec(raw)?.[1];
    let checked = start === undefined ? check(raw) : undefined;
    if (checked && !checked.ok) {
      reject(checked.error);
      continue;
    }
    const repo = checked?.ok ? checked.line.repo : (JSON.parse(start as string) as string);
    const ref = parseRepoSlug(repo);
    if (!ref) {
      reject(`"${repo.slice(0, 200)}" is not an owner/repo name`);
      continue;
    }
    if (!isTracked(tracked, ref)) {
      reject(`${repoSlug(ref)} is not in REPOS`);
      continue;
    }
    if (seen.has(repoSlug(ref))) {
      reject(`${repoSlug(ref)} appears twice`);
      continue;
    }
    seen.add(repoSlug(ref));
    if (checked === undefined && checkLine) checked = checkLine(raw);
    if (checked && !checked.ok) {
      reject(checked.error);
      continue;
    }
    planned.push({ line, ref, text: raw, ...(checked ? { checked: checked.line } : {}) });
  }
  if (lines[0]?.trim() === undefined || lines[0].trim() === '') rejected.unshift({ line: 1, error: 'empty file' });
  else if (announced !== null && announced !== repositoryLines) {
    rejected.push({
      line: 1,
      error: `the header says ${announced} repositories but the file holds ${repositoryLines}: the download was cut short or the file was edited; export again (a file split by hand needs a header with its own count)`,
    });
  }
  return { lines: planned, rejected };
}

function parseOrUndefined(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * Reads a whole export (NDJSON): planImport with every line checked here. Every problem is reported with its line
 * number: an import either applies completely or not at all. Pure.
 */
export function parseExport(text: string, tracked: readonly RepoPattern[], today: UtcDay): ImportParse {
  const plan = planImport(text, tracked, today, lineChecker(today));
  if (plan.rejected.length > 0) return { ok: false, rejected: plan.rejected };
  const repos = plan.lines.flatMap(({ ref, checked }) => {
    if (!checked) return [];
    const { repo: _repo, ...line } = checked;
    return [{ ref, ...line }];
  });
  return { ok: true, repos };
}
