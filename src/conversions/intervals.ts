/**
 * Exact 95% intervals for counts of events (stars) per exposure (README impressions, page views). Pure.
 *
 * Garwood's Poisson interval and Clopper–Pearson's binomial one are quantiles of the gamma and beta
 * distributions. They are found here by inverting the regularized incomplete gamma and beta functions: a start
 * from a normal approximation (Wilson–Hilferty for the gamma), then Halley steps, as in Numerical Recipes (3rd ed.,
 * §6.2 and §6.4, `invgammp` and `invbetai`). A dozen evaluations at most, where a bisection over the Poisson or
 * binomial sum cost a loop over the count for each of its hundred steps (710 ms of a cron run for 4,500 stars).
 * Written here rather than taken from a statistics package: @stdlib's quantiles weigh 52 KB gzipped.
 */

export interface Interval {
  low: number;
  high: number;
}

const ALPHA = 0.05;
const EPSILON = 1e-15;
const MAX_STEPS = 30;

/**
 * Garwood's exact interval for the mean of a Poisson count `k`: the means under which seeing `k` or more (resp.
 * `k` or fewer) has probability 2.5%, i.e. the 2.5% quantile of Gamma(k) and the 97.5% one of Gamma(k + 1).
 */
export function poissonInterval(k: number): Interval {
  return { low: k === 0 ? 0 : gammaQuantile(ALPHA / 2, k), high: gammaQuantile(1 - ALPHA / 2, k + 1) };
}

/**
 * Clopper–Pearson's exact interval for a binomial proportion, `k` successes in `n` trials: the 2.5% quantile of
 * Beta(k, n − k + 1) and the 97.5% one of Beta(k + 1, n − k).
 */
export function binomialInterval(k: number, n: number): Interval {
  return { low: k === 0 ? 0 : betaQuantile(ALPHA / 2, k, n - k + 1), high: k === n ? 1 : betaQuantile(1 - ALPHA / 2, k + 1, n - k) };
}

/** ln Γ(x) for x > 0: Lanczos' approximation (g = 7, 9 terms), good to ~15 digits. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** P(a, x), the regularized lower incomplete gamma function: P(X ≤ x) for X ~ Gamma(a). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (a >= QUADRATURE_FROM) return gammaPByQuadrature(a, x);
  const prefix = Math.exp(a * Math.log(x) - x - logGamma(a));
  if (x < a + 1) {
    // The series, which converges quickly below the mean.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; Math.abs(term) > Math.abs(sum) * EPSILON && n < 100_000; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.min(1, sum * prefix);
  }
  return Math.max(0, 1 - prefix * gammaContinuedFraction(a, x));
}

/**
 * From this `a` on, P(a, x) is integrated rather than summed: near the mean the series and the continued fraction
 * take a number of terms that grows as √a (~2,000 at 50,000 stars), the quadrature 18 (Numerical Recipes'
 * `gammpapprox`, its switch at 100). The quantiles it gives agree with the series' to 2e-12 for a from 100 to 2e6.
 */
const QUADRATURE_FROM = 100;

/**
 * P(a, x) by 18-point Gauss–Legendre quadrature of the density from x to where its tail is negligible (11.5 √a
 * above the mode, or 7.5 below it), as Numerical Recipes' `gammpapprox`.
 */
function gammaPByQuadrature(a: number, x: number): number {
  const a1 = a - 1;
  const logA1 = Math.log(a1);
  const root = Math.sqrt(a1);
  const end = x > a1 ? Math.max(a1 + 11.5 * root, x + 6 * root) : Math.max(0, Math.min(a1 - 7.5 * root, x - 5 * root));
  let sum = 0;
  for (let j = 0; j < GAUSS_LEGENDRE_18.nodes.length; j++) {
    const t = x + (end - x) * (GAUSS_LEGENDRE_18.nodes[j] as number);
    // The density over its value at the mode a − 1, in logs (Γ(a) and the mode's power apart).
    sum += (GAUSS_LEGENDRE_18.weights[j] as number) * Math.exp(-(t - a1) + a1 * (Math.log(t) - logA1));
  }
  const integral = sum * (end - x) * Math.exp(a1 * (logA1 - 1) - logGamma(a));
  // Above the mode the integral is the upper tail Q; below it, −P (integrated downwards).
  return x > a1 ? Math.max(0, 1 - integral) : Math.min(1, -integral);
}

/**
 * Gauss–Legendre's 18 nodes and weights on [0, 1], as Newton's method on the Legendre polynomial P₁₈ gives them
 * (the weights sum to 1; the rule integrates polynomials up to degree 35 exactly: both tested).
 */
export const GAUSS_LEGENDRE_18 = {
  nodes: [
    0.0042174157895344955, 0.022088025214301144, 0.05369876675122215, 0.09814752051373843, 0.1541564784698234, 0.22011458446302623,
    0.2941244192685787, 0.37405688715424723, 0.45761249347913235, 0.5423875065208676, 0.6259431128457528, 0.7058755807314213,
    0.7798854155369738, 0.8458435215301766, 0.9018524794862616, 0.9463012332487779, 0.9779119747856988, 0.9957825842104655,
  ],
  weights: [
    0.010808006763241573, 0.02485727444748492, 0.03821286512744459, 0.05047102205314361, 0.06127760335573918, 0.07032145733532531,
    0.07734233756313265, 0.08213824187291634, 0.08457119148157177, 0.08457119148157177, 0.08213824187291634, 0.0773423375631326,
    0.07032145733532531, 0.06127760335573918, 0.05047102205314361, 0.03821286512744459, 0.02485727444748492, 0.010808006763241573,
  ],
} as const;

/** The continued fraction of Q(a, x)·Γ(a)/(x^a e^−x) (Numerical Recipes' `gcf`). */
function gammaContinuedFraction(a: number, x: number): number {
  return continuedFraction(x + 1 - a, (i) => [-i * (i - a), x + 1 - a + 2 * i]);
}

/**
 * 1 / (b0 + a1 / (b1 + a2 / (b2 + …))), with `term(n)` giving [a_n, b_n], by the modified Lentz method, to
 * double precision.
 */
function continuedFraction(b0: number, term: (n: number) => [number, number]): number {
  const tiny = 1e-300;
  const nonZero = (value: number) => (Math.abs(value) < tiny ? tiny : value);
  let c = 1 / tiny;
  let d = 1 / nonZero(b0);
  let h = d;
  for (let n = 1; n < 100_000; n++) {
    const [an, bn] = term(n);
    d = 1 / nonZero(an * d + bn);
    c = nonZero(bn + an / c);
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return h;
}

/** I_x(a, b), the regularized incomplete beta function: P(X ≤ x) for X ~ Beta(a, b). */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (a > BETA_QUADRATURE_FROM && b > BETA_QUADRATURE_FROM) return betaIByQuadrature(a, b, x);
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  // The continued fraction converges quickly on the side of the mean it is taken from.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Past this a and b, I_x(a, b) is integrated as P(a, x) is (Numerical Recipes' `betaiapprox`, its switch): the
 * continued fraction's terms grow as √a near the mean. Its quantiles agree with the fraction's to 2e-11.
 */
const BETA_QUADRATURE_FROM = 3000;

/** I_x(a, b) by 18-point Gauss–Legendre quadrature of the density from x to 10 standard deviations past the mean. */
function betaIByQuadrature(a: number, b: number, x: number): number {
  const [a1, b1] = [a - 1, b - 1];
  const mean = a / (a + b);
  const [logMean, logRest] = [Math.log(mean), Math.log(1 - mean)];
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  const end = x > mean ? Math.min(1, Math.max(mean + 10 * sd, x + 5 * sd)) : Math.max(0, Math.min(mean - 10 * sd, x - 5 * sd));
  let sum = 0;
  for (let j = 0; j < GAUSS_LEGENDRE_18.nodes.length; j++) {
    const t = x + (end - x) * (GAUSS_LEGENDRE_18.nodes[j] as number);
    sum += (GAUSS_LEGENDRE_18.weights[j] as number) * Math.exp(a1 * (Math.log(t) - logMean) + b1 * (Math.log1p(-t) - logRest));
  }
  const integral = sum * (end - x) * Math.exp(a1 * logMean - logGamma(a) + b1 * logRest - logGamma(b) + logGamma(a + b));
  // Above the mean the integral is the upper tail; below it, −I (integrated downwards).
  return integral > 0 ? Math.max(0, 1 - integral) : Math.min(1, -integral);
}

/** The continued fraction of I_x(a, b)·a·B(a, b)/(x^a (1 − x)^b) (Numerical Recipes' `betacf`). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  return continuedFraction(1, (n) => {
    const m = Math.floor(n / 2);
    // Odd terms -(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)), even ones m(b − m)x / ((a + 2m − 1)(a + 2m)).
    const an =
      n % 2 === 1 ? (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)) : (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    return [an, 1];
  });
}

/** −z for the normal quantile z of `p` when p < 0.5 (else z): the rational start of Numerical Recipes' inverses. */
function normalStart(p: number): number {
  const pp = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(pp));
  const x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
  return p < 0.5 ? -x : x;
}

/** The x with P(a, x) = p (a ≥ 1 here): Wilson–Hilferty's start, then Halley steps. */
export function gammaQuantile(p: number, a: number): number {
  const logGammaA = logGamma(a);
  let x: number;
  if (a > 1) x = Math.max(1e-3, a * (1 - 1 / (9 * a) - normalStart(p) / (3 * Math.sqrt(a))) ** 3);
  else {
    const t = 1 - a * (0.253 + a * 0.12);
    x = p < t ? (p / t) ** (1 / a) : 1 - Math.log(1 - (p - t) / (1 - t));
  }
  for (let step = 0; step < MAX_STEPS; step++) {
    if (x <= 0) return 0;
    const density = Math.exp((a - 1) * Math.log(x) - x - logGammaA);
    if (density === 0) break;
    const ratio = (gammaP(a, x) - p) / density;
    // Halley's correction: the density's slope over the density is (a − 1)/x − 1.
    const change = ratio / (1 - 0.5 * Math.min(1, ratio * ((a - 1) / x - 1)));
    x -= change;
    if (x <= 0) x = 0.5 * (x + change);
    if (Math.abs(change) <= 1e-14 * x) break;
  }
  return x;
}

/** The x with I_x(a, b) = p (a, b ≥ 1 here): a normal start, then Halley steps. */
export function betaQuantile(p: number, a: number, b: number): number {
  let x: number;
  if (a >= 1 && b >= 1) {
    const z = normalStart(p);
    const al = (z * z - 3) / 6;
    const h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1));
    const w = (z * Math.sqrt(al + h)) / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5 / 6 - 2 / (3 * h));
    x = a / (a + b * Math.exp(2 * w));
  } else {
    const [lna, lnb] = [Math.log(a / (a + b)), Math.log(b / (a + b))];
    const t = Math.exp(a * lna) / a;
    const u = Math.exp(b * lnb) / b;
    const w = t + u;
    x = p < t / w ? (a * w * p) ** (1 / a) : 1 - (b * w * (1 - p)) ** (1 / b);
  }
  const logBetaInverse = logGamma(a + b) - logGamma(a) - logGamma(b);
  for (let step = 0; step < MAX_STEPS; step++) {
    if (x === 0 || x === 1) return x;
    const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) + logBetaInverse);
    const ratio = (betaI(a, b, x) - p) / density;
    const change = ratio / (1 - 0.5 * Math.min(1, ratio * ((a - 1) / x - (b - 1) / (1 - x))));
    x -= change;
    if (x <= 0) x = 0.5 * (x + change);
    if (x >= 1) x = 0.5 * (x + change + 1);
    if (Math.abs(change) <= 1e-14 * x && step > 0) break;
  }
  return x;
}
