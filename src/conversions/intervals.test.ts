import { describe, expect, it } from 'vitest';
import { betaI, binomialInterval, GAUSS_LEGENDRE_18, gammaP, logGamma, poissonInterval } from './intervals';

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
    expect(1 - gammaP(10_001, high)).toBeCloseTo(0.025, 4);
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
    // P(X ≤ 2) for X ~ Binomial(4, ½) is 1 − I_½(3, 2); P(X ≤ 1) for X ~ Poisson(2) is 1 − P(2, 2).
    expect(1 - betaI(3, 2, 0.5)).toBeCloseTo(11 / 16, 12);
    expect(1 - gammaP(2, 2)).toBeCloseTo(3 * Math.exp(-2), 12);
  });
});

/**
 * Today's definitions, as they were computed before the quantiles: the Poisson and binomial distribution
 * functions summed in log space, inverted by a hundred bisection steps. Slow (a loop over the count per step) but
 * plainly right; the quantiles must agree with them to 1e-9, relative.
 */
const reference = {
  poissonCdf(k: number, mean: number): number {
    if (k < 0) return 0;
    if (mean === 0) return 1;
    let logTerm = -mean;
    let logSum = logTerm;
    for (let j = 1; j <= k; j++) {
      logTerm += Math.log(mean / j);
      logSum = logAdd(logSum, logTerm);
    }
    return Math.min(1, Math.exp(logSum));
  },
  binomialCdf(k: number, n: number, p: number): number {
    if (k < 0) return 0;
    if (k >= n || p === 0) return 1;
    if (p === 1) return 0;
    let logTerm = n * Math.log1p(-p);
    let logSum = logTerm;
    const logOdds = Math.log(p) - Math.log1p(-p);
    for (let j = 0; j < k; j++) {
      logTerm += Math.log((n - j) / (j + 1)) + logOdds;
      logSum = logAdd(logSum, logTerm);
    }
    return Math.min(1, Math.exp(logSum));
  },
  poissonInterval(k: number) {
    const low = k === 0 ? 0 : solve((mean) => 1 - reference.poissonCdf(k - 1, mean), 0.025, 0, k);
    const high = solve((mean) => reference.poissonCdf(k, mean), 0.025, k, k + 10 * Math.sqrt(k + 1) + 10, true);
    return { low, high };
  },
  binomialInterval(k: number, n: number) {
    const low = k === 0 ? 0 : solve((p) => 1 - reference.binomialCdf(k - 1, n, p), 0.025, 0, k / n);
    const high = k === n ? 1 : solve((p) => reference.binomialCdf(k, n, p), 0.025, k / n, 1, true);
    return { low, high };
  },
};

function solve(f: (x: number) => number, target: number, from: number, to: number, falling = false): number {
  let [low, high] = [from, to];
  while (falling && f(high) > target) high *= 2;
  for (let i = 0; i < 100; i++) {
    const middle = (low + high) / 2;
    if (f(middle) > target !== falling) high = middle;
    else low = middle;
  }
  return (low + high) / 2;
}

function logAdd(a: number, b: number): number {
  const [big, small] = a > b ? [a, b] : [b, a];
  return big + Math.log1p(Math.exp(small - big));
}

const relative = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

describe('the quantiles agree with the bisection they replace, to 1e-9 relative', () => {
  it('Poisson, k from 0 to 300 and large counts', () => {
    const ks = [...Array.from({ length: 301 }, (_, k) => k), 499, 1000, 4500, 10_000, 50_000];
    const worst = Math.max(
      ...ks.flatMap((k) => {
        const ours = poissonInterval(k);
        const theirs = reference.poissonInterval(k);
        return [relative(ours.low, theirs.low), relative(ours.high, theirs.high)];
      }),
    );
    expect(worst).toBeLessThan(1e-9);
  });

  it('binomial, every k of n up to 60, and large n', () => {
    const cases: Array<[number, number]> = [];
    for (let n = 1; n <= 60; n++) for (let k = 0; k <= n; k++) cases.push([k, n]);
    cases.push([1, 5000], [30, 5000], [2500, 5000], [4999, 5000], [12, 50_000], [20_000, 50_000], [3500, 7002], [30_000, 50_000]);
    const worst = Math.max(
      ...cases.flatMap(([k, n]) => {
        const ours = binomialInterval(k, n);
        const theirs = reference.binomialInterval(k, n);
        return [relative(ours.low, theirs.low), relative(ours.high, theirs.high)];
      }),
    );
    expect(worst).toBeLessThan(1e-9);
  });
});

describe('the special functions', () => {
  it.each([
    [1, 0],
    [2, 0],
    [3, Math.log(2)],
    [11, Math.log(3_628_800)],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [101, 363.73937555556347], // ln 100!
  ])('logGamma(%f) = %f', (x, expected) => expect(logGamma(x)).toBeCloseTo(expected, 10));

  it('P(a, x) and I_x(a, b) have their closed forms where there are some', () => {
    expect(gammaP(1, 2)).toBeCloseTo(1 - Math.exp(-2), 14);
    expect(gammaP(3, 2.5)).toBeCloseTo(1 - Math.exp(-2.5) * (1 + 2.5 + 2.5 ** 2 / 2), 14);
    expect(betaI(1, 1, 0.3)).toBeCloseTo(0.3, 14);
    expect(betaI(2, 3, 0.4)).toBeCloseTo(0.5248, 12); // 1 − (1 − x)^3 (1 + 3x) at 0.4
  });

  it("integrates with Gauss–Legendre's 18-point rule: weights summing to 1, exact up to degree 35", () => {
    const { nodes, weights } = GAUSS_LEGENDRE_18;
    const integral = (power: number) => nodes.reduce((sum, node, j) => sum + (weights[j] as number) * node ** power, 0);
    for (let power = 0; power <= 35; power++) expect(integral(power)).toBeCloseTo(1 / (power + 1), 14);
  });

  it('P(a, x) integrated from a = 100 on, summed below, and I_x(a, b) past 3,000: each agrees where they meet', () => {
    for (const x of [70, 85, 99, 110, 125]) expect(gammaP(100, x)).toBeCloseTo(gammaP(99.999999, x), 7);
    for (const x of [0.47, 0.495, 0.5, 0.505, 0.53]) expect(betaI(3000.000001, 3000.000001, x)).toBeCloseTo(betaI(3000, 3000, x), 7);
  });

  it('meets its probability for 50 stars and for 50,000', () => {
    for (const k of [50, 50_000]) {
      const { low, high } = poissonInterval(k);
      expect(gammaP(k, low)).toBeCloseTo(0.025, 10);
      expect(gammaP(k + 1, high)).toBeCloseTo(0.975, 10);
    }
  });
});
