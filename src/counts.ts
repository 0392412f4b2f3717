import * as v from 'valibot';

/**
 * The one ceiling on a count that comes in from outside (an import, a carried-over total, GitHub's answers):
 * larger than any repository's views, stars or clones, and small enough that every sum of a few years of them
 * stays an exact integer (Number.MAX_SAFE_INTEGER is ~9 × 10^15). A count above it is refused, never stored:
 * merging keeps the larger value, so a stored 1e300 could never be undone.
 */
export const MAX_COUNT = 1e12;

const message = `a whole number from 0 to ${MAX_COUNT}`;

/** Whether `value` is a count: a whole number from 0 to MAX_COUNT. */
export function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_COUNT;
}

/** A count: a whole number from 0 to MAX_COUNT. */
export const CountSchema = v.pipe(v.number(message), v.check<number, string>(isCount, message));

/** Whether `value` is a change of a count (stars gained, which an unstar can make negative): a whole number within ±MAX_COUNT. */
export function isCountChange(value: unknown): value is number {
  return Number.isInteger(value) && Math.abs(value as number) <= MAX_COUNT;
}

const changeMessage = `a whole number from -${MAX_COUNT} to ${MAX_COUNT}`;

/** A change of a count: see isCountChange. */
export const CountChangeSchema = v.pipe(v.number(changeMessage), v.check<number, string>(isCountChange, changeMessage));
