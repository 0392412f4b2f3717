import { describe, expect, it } from 'vitest';
import { parseCount, parseTimestamp } from './csv-fields';

describe('parseTimestamp', () => {
  it.each([
    ['2021-01-14 17:41:02+00:00', '2021-01-14T17:41:02.000Z'],
    ['2021-01-14T17:41:02Z', '2021-01-14T17:41:02.000Z'],
    ['2021-01-14T17:41:02.123456Z', '2021-01-14T17:41:02.000Z'],
    ['2021-01-14 17:41', '2021-01-14T17:41:00.000Z'],
    ['2021-01-14', '2021-01-14T00:00:00.000Z'],
    ['2021-01-15 00:30:00+01:00', '2021-01-14T23:30:00.000Z'],
    ['2021-01-14 23:00:00-0030', '2021-01-14T23:30:00.000Z'],
    ['2024-02-29 12:00:00+00:00', '2024-02-29T12:00:00.000Z'],
    ['2020-12-31 23:59:59+00:00', '2020-12-31T23:59:59.000Z'],
    ['2021-01-14 17:41:02+00:30', '2021-01-14T17:11:02.000Z'],
  ])('reads %s', (raw, iso) => {
    expect(new Date(parseTimestamp(raw) ?? Number.NaN).toISOString()).toBe(iso);
  });

  it.each([
    '',
    'yesterday',
    '2021-1-14',
    '2021-02-29',
    '2021-13-01',
    '2021-01-14 24:00:00',
    '2021-01-14 12:60',
    '2021-01-14 12:00:00 UTC',
    '14/01/2021',
    // The Action's own form, read by position, refuses what the general form refuses.
    '2021-02-29 00:00:00+00:00',
    '2021-00-10 00:00:00+00:00',
    '2021-01-00 00:00:00+00:00',
    '2021-01-14 24:00:00+00:00',
    '2021-01-14 12:60:00+00:00',
    '2021-01-14 12:00:60+00:00',
    '2021-01-14 1a:00:00+00:00',
    '2021-01-14 12:00:00+00:0x',
  ])('refuses %j', (raw) => {
    expect(parseTimestamp(raw)).toBeNull();
  });
});

describe('parseCount', () => {
  it.each([
    ['0', false, 0],
    ['59', false, 59],
    ['91.0', false, 91],
    ['', true, 0],
    ['', false, null],
    ['-5', false, null],
    ['5.5', false, null],
    ['1e3', false, null],
    ['1001', false, null],
    [' 7', false, null],
  ])('%j (empty is zero: %s) → %s', (raw, emptyIsZero, count) => {
    expect(parseCount(raw, 1000, emptyIsZero)).toBe(count);
  });
});
