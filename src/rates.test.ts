import { describe, expect, it } from 'vitest';
import { perThousand, ratio } from './rates';

describe('rates', () => {
  it.each([
    [3, 1500, 0.002, 2],
    [0, 10, 0, 0],
    [-2, 400, -0.005, -5],
    [5, 0, null, null],
    [5, -1, null, null],
    [Number.NaN, 10, null, null],
  ])('%d of %d: ratio %s, per 1,000 %s', (numerator, denominator, share, per1k) => {
    expect(ratio(numerator, denominator)).toBe(share);
    expect(perThousand(numerator, denominator)).toBe(per1k);
  });
});
