import { describe, expect, it } from 'vitest';
import {
  addDays,
  isoSecond,
  isPeriod,
  isRealDay,
  latestByDay,
  nextUtcMidnight,
  periodStartDay,
  utcDay,
  utcHour,
  wholeMonths,
} from './dates';

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

describe('isRealDay', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2021-04-31', false],
    ['2021-12-31', true],
    ['2021-00-10', false],
    ['2024-13-45', false],
    ['2024-12-32', false],
    ['2021-1-14', false],
    ['2021-01-14T00:00:00Z', false],
    ['', false],
  ])('%s → %s', (day, real) => {
    expect(isRealDay(day)).toBe(real);
  });
});

describe('latestByDay', () => {
  const byDay = { '2026-01-03': 'c', '2026-01-01': 'a', '2026-01-05': 'e' };
  it.each([
    ['2026-01-04', undefined, { day: '2026-01-03', value: 'c' }],
    ['2026-01-05', undefined, { day: '2026-01-05', value: 'e' }],
    ['2026-12-31', '2026-01-06', undefined],
    ['2025-12-31', undefined, undefined],
    ['2026-01-02', '2026-01-01', { day: '2026-01-01', value: 'a' }],
  ])('on or before %s (from %s)', (to, from, expected) => {
    expect(latestByDay(byDay, to, from)).toEqual(expected);
  });
});

describe('UTC hours and seconds', () => {
  it.each([
    [Date.UTC(2026, 10, 25, 0, 0, 0), '2026-11-25T00'],
    [Date.UTC(2026, 10, 25, 9, 59, 59, 999), '2026-11-25T09'],
    [Date.UTC(2026, 11, 31, 23, 0, 0), '2026-12-31T23'],
  ])('utcHour(%i) is %s', (epochMs, hour) => {
    expect(utcHour(epochMs)).toBe(hour);
  });

  it('writes a time to the second, as GitHub does', () => {
    expect(isoSecond(Date.UTC(2026, 11, 6, 12, 0, 30, 999))).toBe('2026-12-06T12:00:30Z');
  });
});

describe('wholeMonths', () => {
  it.each([
    ['2025-01-10', '2025-03-20', ['2025-02']],
    ['2025-01-01', '2025-01-31', ['2025-01']],
    ['2024-02-01', '2024-02-29', ['2024-02']],
    ['2023-02-01', '2023-02-28', ['2023-02']],
    ['2025-11-30', '2026-02-27', ['2025-12', '2026-01']],
    ['2025-01-31', '2025-02-27', []],
    ['2025-03-05', '2025-03-04', []],
  ])('from %s to %s: %j', (from, to, months) => {
    expect(wholeMonths(from, to).map((month) => month.month)).toEqual(months);
    for (const month of wholeMonths(from, to)) expect(addDays(month.to, 1).slice(0, 7)).not.toBe(month.month);
  });
});
