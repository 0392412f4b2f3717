import { describe, expect, it } from 'vitest';
import { addDays, isPeriod, nextUtcMidnight, periodStartDay, utcDay } from './dates';

describe('UTC days', () => {
  it.each([
    [Date.UTC(2026, 10, 25, 0, 0, 0), '2026-11-25'],
    [Date.UTC(2026, 10, 25, 23, 59, 59, 999), '2026-11-25'],
    [Date.UTC(2026, 11, 31, 23, 59, 59), '2026-12-31'],
  ])('utcDay(%i) = %s', (ms, day) => expect(utcDay(ms)).toBe(day));

  it.each([
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-11-25', -29, '2026-10-27'],
  ])('addDays(%s, %i) = %s', (day, offset, expected) => expect(addDays(day, offset)).toBe(expected));

  it('finds the next midnight', () => {
    expect(nextUtcMidnight(Date.UTC(2026, 10, 25, 13))).toBe(Date.UTC(2026, 10, 26));
    expect(nextUtcMidnight(Date.UTC(2026, 10, 25))).toBe(Date.UTC(2026, 10, 26));
  });
});

describe('periodStartDay', () => {
  it.each([
    ['day', '2026-11-25'],
    ['week', '2026-11-19'],
    ['month', '2026-10-27'],
    ['total', null],
  ] as const)('%s starts %s', (period, start) => expect(periodStartDay(period, '2026-11-25')).toBe(start));

  it('knows its periods', () => {
    expect(isPeriod('week')).toBe(true);
    expect(isPeriod('year')).toBe(false);
  });
});

describe('utcDay across days', () => {
  it('is right going forwards and backwards in time', () => {
    const times = [Date.UTC(2026, 10, 25, 23, 59, 59, 999), Date.UTC(2026, 10, 26), Date.UTC(2026, 10, 25, 12), Date.UTC(1999, 11, 31, 23)];
    expect(times.map(utcDay)).toEqual(['2026-11-25', '2026-11-26', '2026-11-25', '1999-12-31']);
  });
});
