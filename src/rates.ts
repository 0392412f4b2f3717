/**
 * The rate math, written once: a share of two counts, and a count per 1,000 of an exposure (stars per 1,000 README
 * impressions). A zero or negative denominator gives null, "no data", never NaN or Infinity.
 */

/** numerator ÷ denominator, or null without a denominator. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 && Number.isFinite(numerator) ? numerator / denominator : null;
}

/** numerator per 1,000 of denominator, or null without a denominator. */
export function perThousand(numerator: number, denominator: number): number | null {
  const value = ratio(numerator, denominator);
  return value === null ? null : value * 1000;
}
