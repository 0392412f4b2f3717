/**
 * Exact 95% intervals for counts of events (stars) per exposure (README impressions, page views). Pure.
 *
 * Written here rather than taken from a statistics package: the beta and gamma quantiles of @stdlib weigh 52 KB
 * gzipped in the bundle, while an exact interval needs only the Poisson and binomial distribution functions,
 * summed in log space, and a bisection.
 */

export interface Interval {
  low: number;
  high: number;
}

const ALPHA = 0.05;
const ITERATIONS = 100;

/**
 * Garwood's exact interval for the mean of a Poisson count `k`: the means under which seeing `k` or more (resp.
 * `k` or fewer) has probability 2.5%.
 */
export function poissonInterval(k: number): Interval {
  const low = k === 0 ? 0 : solve((mean) => 1 - poissonCdf(k - 1, mean), ALPHA / 2, 0, k);
  const high = solve((mean) => poissonCdf(k, mean), ALPHA / 2, k, k + 10 * Math.sqrt(k + 1) + 10, true);
  return { low, high };
}

/**
 * Clopper–Pearson's exact interval for a binomial proportion: `k` successes in `n` trials.
 */
export function binomialInterval(k: number, n: number): Interval {
  const low = k === 0 ? 0 : solve((p) => 1 - binomialCdf(k - 1, n, p), ALPHA / 2, 0, k / n);
  const high = k === n ? 1 : solve((p) => binomialCdf(k, n, p), ALPHA / 2, k / n, 1, true);
  return { low, high };
}

/** P(X ≤ k) for X ~ Poisson(mean), summed in log space so that large counts neither overflow nor underflow. */
export function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  if (mean === 0) return 1;
  let logTerm = -mean;
  let logSum = logTerm;
  for (let j = 1; j <= k; j++) {
    logTerm += Math.log(mean / j);
    logSum = logAdd(logSum, logTerm);
  }
  return Math.min(1, Math.exp(logSum));
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space. */
export function binomialCdf(k: number, n: number, p: number): number {
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
}

/**
 * The x in [from, to] where `f(x)` equals `target`, for `f` increasing (or decreasing, `falling`), by bisection.
 */
function solve(f: (x: number) => number, target: number, from: number, to: number, falling = false): number {
  let [low, high] = [from, to];
  // Widen the bracket until it holds the answer (a falling f must drop below the target at `high`).
  while (falling && f(high) > target) high *= 2;
  for (let i = 0; i < ITERATIONS; i++) {
    const middle = (low + high) / 2;
    const above = f(middle) > target;
    if (above !== falling) high = middle;
    else low = middle;
  }
  return (low + high) / 2;
}

function logAdd(a: number, b: number): number {
  const [big, small] = a > b ? [a, b] : [b, a];
  return big + Math.log1p(Math.exp(small - big));
}
