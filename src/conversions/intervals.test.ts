import { describe, expect, it } from 'vitest';
import { binomialCdf, binomialInterval, poissonCdf, poissonInterval } from './intervals';

describe('poissonInterval (Garwood, 95%)', () => {
  // Published values of the exact interval (e.g. Ulm 1990's table; the chi-square form 0.5·χ²).
  it.each([
    [0, 0, 3.689],
    [1, 0.0253, 5.572],
    [2, 0.2422, 7.225],
    [10, 4.795, 18.39],
    [50, 37.11, 65.92],
  ])('k = %i: %f to %f', (k, low, high) => {
    const interval = poissonInterval(k);
    expect(interval.low).toBeCloseTo(low, low < 1 ? 3 : 2);
    expect(interval.high).toBeCloseTo(high, 2);
  });

  it('stays exact for large counts', () => {
    const { low, high } = poissonInterval(10_000);
    expect(low).toBeGreaterThan(9_800);
    expect(high).toBeLessThan(10_200);
    expect(poissonCdf(10_000, high)).toBeCloseTo(0.025, 4);
  });
});

describe('binomialInterval (Clopper–Pearson, 95%)', () => {
  it.each([
    [0, 10, 0, 0.3085],
    [5, 10, 0.1871, 0.8129],
    [1, 20, 0.00127, 0.2487],
    [10, 10, 0.6915, 1],
  ])('%i of %i: %f to %f', (k, n, low, high) => {
    const interval = binomialInterval(k, n);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('has the distribution function it is built on', () => {
    expect(binomialCdf(2, 4, 0.5)).toBeCloseTo(11 / 16, 12);
    expect(poissonCdf(1, 2)).toBeCloseTo(3 * Math.exp(-2), 12);
  });
});
