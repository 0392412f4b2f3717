import { describe, expect, it } from 'vitest';
import { parseDateRange } from './date-range';

describe('parseDateRange', () => {
  it.each([
    [undefined, undefined, { ok: true, from: '2026-10-29', to: '2026-11-25' }],
    ['2026-01-01', '2026-01-31', { ok: true, from: '2026-01-01', to: '2026-01-31' }],
    ['2026-11-01', undefined, { ok: true, from: '2026-11-01', to: '2026-11-25' }],
    ['2024-11-25', '2026-11-25', { ok: true, from: '2024-11-25', to: '2026-11-25' }],
    ['2024-11-24', '2026-11-25', { ok: false, error: 'The range is longer than 731 days (two years): ask for less.' }],
    [
      '2026-02-30',
      undefined,
      { ok: false, error: 'from must be a day from 2008-01-01 to 2026-11-25 (today, UTC) as YYYY-MM-DD; it is "2026-02-30".' },
    ],
    [
      '2024-02-30',
      undefined,
      { ok: false, error: 'from must be a day from 2008-01-01 to 2026-11-25 (today, UTC) as YYYY-MM-DD; it is "2024-02-30".' },
    ],
    [
      undefined,
      '25/11/2026',
      { ok: false, error: 'to must be a day from 2008-01-01 to 2026-11-25 (today, UTC) as YYYY-MM-DD; it is "25/11/2026".' },
    ],
    // Year 0 once sent the day walk into an endless loop; days before GitHub existed, or after today, are refused.
    [
      '0000-01-01',
      '0001-01-01',
      { ok: false, error: 'from must be a day from 2008-01-01 to 2026-11-25 (today, UTC) as YYYY-MM-DD; it is "0000-01-01".' },
    ],
    [
      undefined,
      '0000-01-01',
      { ok: false, error: 'to must be a day from 2008-01-01 to 2026-11-25 (today, UTC) as YYYY-MM-DD; it is "0000-01-01".' },
    ],
    [
      '2007-12-31',
      '2008-01-05',
      { ok: false, error: 'from must be a day from 2008-01-01 to 2026-11-25 (today, UTC) as YYYY-MM-DD; it is "2007-12-31".' },
    ],
    ['2008-01-01', '2008-01-05', { ok: true, from: '2008-01-01', to: '2008-01-05' }],
    [
      undefined,
      '9999-12-31',
      { ok: false, error: 'to must be a day from 2008-01-01 to 2026-11-25 (today, UTC) as YYYY-MM-DD; it is "9999-12-31".' },
    ],
    [
      undefined,
      '2026-11-26',
      { ok: false, error: 'to must be a day from 2008-01-01 to 2026-11-25 (today, UTC) as YYYY-MM-DD; it is "2026-11-26".' },
    ],
    ['2026-05-02', '2026-05-01', { ok: false, error: 'from (2026-05-02) is after to (2026-05-01).' }],
  ])('from=%s to=%s', (from, to, expected) => {
    expect(parseDateRange(from, to, '2026-11-25')).toEqual(expected);
  });
});
