import { describe, expect, it } from 'vitest';
import { makeFacts, makeTotals } from '../../test/factories';
import { computeRatios, sumFacts, trailingRatios, type FactTotals } from './ratios';

/** A typical month. */
const monthTotals = (overrides: Partial<FactTotals> = {}) =>
  makeTotals({
    readmeImpressions: 2000,
    views: 2500,
    viewUniques: 800,
    clones: 60,
    cloneUniques: 40,
    starsGained: 10,
    forksGained: 2,
    ...overrides,
  });
const dayFacts = (day: string) => makeFacts(day, { views: 120, viewUniques: 40 });

describe('computeRatios', () => {
  it.each([
    [
      'a typical week',
      monthTotals(),
      { starsPer1kImpressions: 5, forksPer1kImpressions: 1, starsPer1kUniqueVisitors: 12.5, cloneRate: 0.05, readmeRenderRate: 0.8 },
    ],
    [
      'no impressions yet',
      monthTotals({ readmeImpressions: 0 }),
      { starsPer1kImpressions: null, forksPer1kImpressions: null, starsPer1kUniqueVisitors: 12.5, cloneRate: 0.05, readmeRenderRate: 0 },
    ],
    [
      'no GitHub traffic (no token)',
      monthTotals({ views: 0, viewUniques: 0, clones: 0, cloneUniques: 0 }),
      { starsPer1kImpressions: 5, forksPer1kImpressions: 1, starsPer1kUniqueVisitors: null, cloneRate: null, readmeRenderRate: null },
    ],
    [
      'all zero',
      monthTotals({ readmeImpressions: 0, views: 0, viewUniques: 0, clones: 0, cloneUniques: 0, starsGained: 0, forksGained: 0 }),
      { starsPer1kImpressions: null, forksPer1kImpressions: null, starsPer1kUniqueVisitors: null, cloneRate: null, readmeRenderRate: null },
    ],
    [
      'stars lost',
      monthTotals({ starsGained: -4 }),
      { starsPer1kImpressions: -2, forksPer1kImpressions: 1, starsPer1kUniqueVisitors: -5, cloneRate: 0.05, readmeRenderRate: 0.8 },
    ],
  ])('%s', (_name, totals, expected) => {
    expect(computeRatios(totals)).toEqual(expected);
  });
});

describe('trailingRatios', () => {
  it('sums exactly the last 7, 28 and 90 days, today included', () => {
    const facts = Array.from({ length: 100 }, (_, i) => dayFacts(new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)));
    const today = '2026-04-10'; // day 100
    const result = trailingRatios(facts, today);
    expect(result['7d'].totals.readmeImpressions).toBe(700);
    expect(result['28d'].totals.starsGained).toBe(28);
    expect(result['90d'].totals.views).toBe(90 * 120);
    expect(result['7d'].ratios.starsPer1kImpressions).toBe(10);
  });

  it('ignores days after today and gives nulls for an empty window', () => {
    const result = trailingRatios([dayFacts('2026-05-01')], '2026-04-10');
    expect(result['7d'].totals).toEqual(sumFacts([]));
    expect(result['7d'].ratios.cloneRate).toBeNull();
  });
});
