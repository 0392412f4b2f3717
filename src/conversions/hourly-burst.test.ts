import { describe, expect, it } from 'vitest';
import { isStarBurst } from './hourly-burst';

describe('isStarBurst', () => {
  it.each([
    [5, 0, true],
    [4, 0, false],
    // Five times the week's hourly average, and never fewer than five stars.
    [10, 2, true],
    [9, 2, false],
    [5, 1, true],
    [5, 1.01, false],
    [-3, 0, false],
  ])('%i stars in the hour against %d an hour before → %s', (stars, hourlyAverage, expected) => {
    expect(isStarBurst({ stars, hourlyAverage })).toBe(expected);
  });
});
