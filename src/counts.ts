import * as v from 'valibot';

/**
 * The one ceiling on a count that comes in from outside (an import, a carried-over total, GitHub's answers):
 * larger than any repository's views, stars or clones, and small enough that every sum of a few years of them
 * stays an exact integer (Number.MAX_SAFE_INTEGER is ~9 × 10^15). A count above it is refused, never stored:
 * merging keeps the larger value, so a stored 1e300 could never be undone.
 */
export const MAX_COUNT = 1e12;

const message = `a whole number from 0 to ${MAX_COUNT}`;

/** A count: a whole number from 0 to MAX_COUNT. */
export const CountSchema = v.pipe(v.number(message), v.integer(message), v.minValue(0, message), v.maxValue(MAX_COUNT, message));

/** A change of a count (stars gained, which an unstar can make negative): a whole number within ±MAX_COUNT. */
export const CountChangeSchema = v.pipe(
  v.number(`a whole number from -${MAX_COUNT} to ${MAX_COUNT}`),
  v.integer(`a whole number from -${MAX_COUNT} to ${MAX_COUNT}`),
  v.minValue(-MAX_COUNT, `a whole number from -${MAX_COUNT} to ${MAX_COUNT}`),
  v.maxValue(MAX_COUNT, `a whole number from -${MAX_COUNT} to ${MAX_COUNT}`),
);
