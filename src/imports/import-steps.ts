import { MONTHS_PER_CALL } from '../counter/kept-totals';
import { type UtcDay, wholeMonths } from '../dates';
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
  | { kind: 'lists' }
  /**
   * The whole months from `from` to `to`, summed and kept (KeptTotals), once all is written: the first refresh
   * after the import then sums none of the line's months for its README versions.
   */
  | { kind: 'totals'; from: UtcDay; to: UtcDay };

/** What one step wrote, and how many steps its import has. */
export interface StepResult {
  steps: number;
  historyWritten: boolean;
}

/** Rows a step writes at most (a row of views, or a day of one figure). */
export const ROWS_PER_STEP = 500;

/**
 * The steps of an export line, in the order they are written: the counter's rows, then the history's, then the
 * totals of the months they fill.
 */
export function lineSteps(line: Pick<ExportLine, 'views' | 'history'>): ImportStep[] {
  const views: ImportStep[] = [];
  for (let from = 0; from < line.views.length; from += ROWS_PER_STEP)
    views.push({ kind: 'views', from, to: Math.min(from + ROWS_PER_STEP, line.views.length) });
  return [...views, { kind: 'counter' }, ...historySteps(line.history), ...totalsSteps(line)];
}

/** The whole months from the line's first day's to its last day, MONTHS_PER_CALL at a time. */
function totalsSteps(line: Pick<ExportLine, 'views' | 'history'>): ImportStep[] {
  const { history } = line;
  const days = [
    line.views.map((row) => row.day),
    ...[history.traffic, history.counts, history.starsGained, history.forksGained].map(Object.keys),
  ]
    .flat()
    .sort();
  const first = days[0];
  const last = days[days.length - 1];
  if (first === undefined || last === undefined) return [];
  const months = wholeMonths(`${first.slice(0, 8)}01`, last);
  const steps: ImportStep[] = [];
  for (let i = 0; i < months.length; i += MONTHS_PER_CALL) {
    const span = months.slice(i, i + MONTHS_PER_CALL);
    steps.push({ kind: 'totals', from: span[0]?.from as UtcDay, to: span[span.length - 1]?.to as UtcDay });
  }
  return steps;
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
