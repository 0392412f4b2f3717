import { describe, expect, it } from 'vitest';
import { makeDailyViews, makeHistory } from '../../test/factories';
import { addDays, type UtcDay } from '../dates';
import type { RepoHistory } from '../history/model';
import { historyForStep, historySteps, lineSteps, ROWS_PER_STEP, stepAt, type ImportStep } from './import-steps';

const days = (from: UtcDay, count: number) => Array.from({ length: count }, (_, i) => addDays(from, i));
const each = <T>(list: UtcDay[], value: (day: UtcDay) => T) => Object.fromEntries(list.map((day) => [day, value(day)]));

/** A history of `count` days of traffic and counts, stars gained every other day and forks gained every third. */
function historyOf(count: number): RepoHistory {
  const all = days('2024-01-01', count);
  return makeHistory({
    traffic: each(all, () => ({ views: 3, viewUniques: 1, clones: 0, cloneUniques: 0 })),
    counts: each(all, () => ({ stars: 5, forks: 1, watchers: 1, openIssues: 0 })),
    starsGained: each(
      all.filter((_, i) => i % 2 === 0),
      () => 1,
    ),
    forksGained: each(
      all.filter((_, i) => i % 3 === 0),
      () => 1,
    ),
  });
}

/** The rows of the history's daily figures a step of `figures` covers. */
function figureRows(history: RepoHistory, step: Extract<ImportStep, { kind: 'figures' }>): number {
  return [history.traffic, history.counts, history.starsGained, history.forksGained]
    .flatMap((table) => Object.keys(table))
    .filter((day) => day >= step.from && day <= step.to).length;
}

describe('historySteps', () => {
  it('covers every day of the figures once, in spans of at most ROWS_PER_STEP rows, and ends with the lists', () => {
    const history = historyOf(3 * 365);
    const steps = historySteps(history);
    expect(steps.at(-1)).toEqual({ kind: 'lists' });
    const spans = steps.filter((step): step is Extract<ImportStep, { kind: 'figures' }> => step.kind === 'figures');
    expect(spans.length).toBeGreaterThan(1);
    for (const span of spans) expect(figureRows(history, span)).toBeLessThanOrEqual(ROWS_PER_STEP);
    // In order, without overlap or gap: each day of the figures falls in exactly one span.
    const covered = Object.keys(history.traffic).map((day) => spans.filter((span) => day >= span.from && day <= span.to).length);
    expect(covered.every((count) => count === 1)).toBe(true);
    for (let i = 1; i < spans.length; i++) expect((spans[i]?.from ?? '') > (spans[i - 1]?.to ?? '')).toBe(true);
  });

  it('is the lists alone for a history without figures, one span for a short one', () => {
    expect(historySteps(makeHistory())).toEqual([{ kind: 'lists' }]);
    expect(historySteps(historyOf(30))).toEqual([{ kind: 'figures', from: '2024-01-01', to: '2024-01-30' }, { kind: 'lists' }]);
  });
});

describe('historyForStep', () => {
  it('gives each step only its part: together the parts are the whole history, each day once', () => {
    const history = historyOf(2 * 365);
    history.referrers = { '2024-06-01': [{ key: 'github.com', title: 'github.com', count: 4, uniques: 2 }] };
    history.breakdowns = { '2024-06-01': { page: { readme: 3 } } };
    const parts = historySteps(history).map((step) => historyForStep(history, step));
    const joined = makeHistory();
    for (const part of parts) {
      for (const table of ['traffic', 'counts', 'starsGained', 'forksGained', 'referrers', 'paths', 'breakdowns'] as const) {
        for (const day of Object.keys(part[table])) expect(joined[table]).not.toHaveProperty(day);
        Object.assign(joined[table], part[table]);
      }
    }
    expect(joined).toEqual(history);
    expect(parts.at(-1)?.traffic).toEqual({});
    expect(parts[0]?.referrers).toEqual({});
  });
});

describe('lineSteps', () => {
  it("writes the views a part at a time, then the counter's other rows, then the history, then its months' totals", () => {
    // 1,005 days of views, 2024-01-01 to 2026-10-01.
    const views = Array.from({ length: 2 * ROWS_PER_STEP + 5 }, (_, i) => makeDailyViews(addDays('2024-01-01', i)));
    const steps = lineSteps({ views, history: makeHistory() });
    expect(steps).toEqual([
      { kind: 'views', from: 0, to: ROWS_PER_STEP },
      { kind: 'views', from: ROWS_PER_STEP, to: 2 * ROWS_PER_STEP },
      { kind: 'views', from: 2 * ROWS_PER_STEP, to: 2 * ROWS_PER_STEP + 5 },
      { kind: 'counter' },
      { kind: 'lists' },
      // Whole months, twelve a step; October 2026 is not whole.
      { kind: 'totals', from: '2024-01-01', to: '2024-12-31' },
      { kind: 'totals', from: '2025-01-01', to: '2025-12-31' },
      { kind: 'totals', from: '2026-01-01', to: '2026-09-30' },
    ]);
    // The history's days count as the views' do: from the month of the first (2023-12-15) on.
    const history = makeHistory({ traffic: { '2023-12-15': { views: 1, viewUniques: 1, clones: 0, cloneUniques: 0 } } });
    expect(lineSteps({ views: views.slice(0, 31), history }).slice(-2)).toEqual([
      { kind: 'lists' },
      { kind: 'totals', from: '2023-12-01', to: '2024-01-31' },
    ]);
    expect(lineSteps({ views: [], history: makeHistory() })).toEqual([{ kind: 'counter' }, { kind: 'lists' }]);
  });

  it('refuses a step past the last', () => {
    const steps = lineSteps({ views: [], history: makeHistory() });
    expect(stepAt(steps, 1)).toEqual({ kind: 'lists' });
    expect(() => stepAt(steps, 2)).toThrow('no import step 2: the import has 2');
  });
});
