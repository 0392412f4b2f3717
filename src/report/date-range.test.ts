import { describe, expect, it } from 'vitest';
import { parseDateRange } from './date-range';

describe('parseDateRange', () => {
  it.each([
    [undefined, undefined, { ok: true, from: '2026-10-29', to: '2026-11-25' }],
    ['2026-01-01', '2026-01-31', { ok: true, from: '2026-01-01', to: '2026-01-31' }],
    ['2026-11-01', undefined, { ok: true, from: '2026-11-01', to: '2026-11-25' }],
    ['2024-11-25', '2026-11-25', { ok: true, from: '2024-11-25', to: '2026-11-25' }],
    ['2024-11-24', '2026-11-25', { ok: false, error: 'The range is longer than 731 days (two years): ask for less.' }],
    ['2026-02-30', undefined, { ok: false, error: 'from must be a date as YYYY-MM-DD, e.g. 2026-11-25; it is "2026-02-30".' }],
    [undefined, '25/11/2026', { ok: false, error: 'to must be a date as YYYY-MM-DD, e.g. 2026-11-25; it is "25/11/2026".' }],
    ['2026-05-02', '2026-05-01', { ok: false, error: 'from (2026-05-02) is after to (2026-05-01).' }],
  ])('from=%s to=%s', (from, to, expected) => {
    expect(parseDateRange(from, to, '2026-11-25')).toEqual(expected);
  });
});
