import type { UtcDay } from '../dates';
import { emptyHistory, type RepoHistory } from '../history/model';
import type { ExportLine } from './export-line';

/**
 * One invocation's share of writing an import into a repository's object. A line is written in steps of at most
 * ROWS_PER_STEP rows, each a call of its own with its own CPU, so that a call costs the same for a month of history
 * or for years: in one call, a year of views (1,460 rows) took ~4 ms, and the year's history ~7.
 */
export type ImportStep =
  /** Rows `from` (inclusive) to `to` (exclusive) of the line's views. */
  | { kind: 'views'; from: number; to: number }
  /** The counter's other rows: visitors, labels, links and their clicks, contributions, downloads, hours, the carried-over total. */
  | { kind: 'counter' }
  /** The history's daily figures (traffic, counts, stars and forks gained) from `from` to `to`, both included. */
  | { kind: 'figures'; from: UtcDay; to: UtcDay }
  /** The history's top lists and breakdowns, then the status's summary, which counts every step before it. */
  | { kind: 'lists' };

/** What one step wrote, and how many steps its import has. */
export interface StepResult {
  steps: number;
  historyWritten: boolean;
}

/** Rows a step writes at most (a row of views, or a day of one figure). */
export const ROWS_PER_STEP = 500;

/** The steps of an export line, in the order they are written: the counter's rows, then the history's. */
export function lineSteps(line: Pick<ExportLine, 'views' | 'history'>): ImportStep[] {
  const views: ImportStep[] = [];
  for (let from = 0; from < line.views.length; from += ROWS_PER_STEP)
    views.push({ kind: 'views', from, to: Math.min(from + ROWS_PER_STEP, line.views.length) });
  return [...views, { kind: 'counter' }, ...historySteps(line.history)];
}

/** The steps of an imported history: its daily figures a span of days at a time, then its lists and the summary. */
export function historySteps(history: RepoHistory): ImportStep[] {
  const rowsByDay = new Map<UtcDay, number>();
  for (const table of [history.traffic, history.counts, history.starsGained, history.forksGained])
    for (const day of Object.keys(table) as UtcDay[]) rowsByDay.set(day, (rowsByDay.get(day) ?? 0) + 1);
  const steps: ImportStep[] = [];
  let span: { from: UtcDay; to: UtcDay; rows: number } | null = null;
  for (const day of [...rowsByDay.keys()].sort()) {
    const rows = rowsByDay.get(day) ?? 0;
    if (span !== null && span.rows + rows <= ROWS_PER_STEP) {
      span.to = day;
      span.rows += rows;
      continue;
    }
    if (span !== null) steps.push({ kind: 'figures', from: span.from, to: span.to });
    span = { from: day, to: day, rows };
  }
  if (span !== null) steps.push({ kind: 'figures', from: span.from, to: span.to });
  return [...steps, { kind: 'lists' }];
}

/** Step `index` of `steps`; a step past the last is a caller's bug. */
export function stepAt(steps: readonly ImportStep[], index: number): ImportStep {
  const step = steps[index];
  if (!step) throw new Error(`no import step ${index}: the import has ${steps.length}`);
  return step;
}

/**
 * The part of `history` that `step` writes: the daily figures of its days, or the lists. A history's steps are sent
 * one by one, each with only its part, rather than the whole history each time.
 */
export function historyForStep(history: RepoHistory, step: ImportStep): RepoHistory {
  const none = emptyHistory();
  if (step.kind === 'lists') return { ...none, referrers: history.referrers, paths: history.paths, breakdowns: history.breakdowns };
  if (step.kind !== 'figures') return none;
  const inSpan = <T>(record: Record<UtcDay, T>) =>
    Object.fromEntries(Object.entries(record).filter(([day]) => day >= step.from && day <= step.to)) as Record<UtcDay, T>;
  return {
    ...none,
    traffic: inSpan(history.traffic),
    counts: inSpan(history.counts),
    starsGained: inSpan(history.starsGained),
    forksGained: inSpan(history.forksGained),
  };
}
