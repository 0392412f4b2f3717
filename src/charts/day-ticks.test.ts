import { describe, expect, it } from 'vitest';
import { dayTicks } from './day-ticks';

describe('dayTicks', () => {
  it('labels a few days each day, a month by Mondays, and never more than six', () => {
    expect(dayTicks('2026-03-01', '2026-03-04')).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    expect(dayTicks('2026-03-01', '2026-03-11')).toEqual([
      '2026-03-01',
      '2026-03-03',
      '2026-03-05',
      '2026-03-07',
      '2026-03-09',
      '2026-03-11',
    ]);
    // 2026-03-02 is a Monday.
    expect(dayTicks('2026-03-01', '2026-03-31')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30']);
  });

  it('takes the first of months for 90 days and a year, and of Januaries for years, in ISO days', () => {
    expect(dayTicks('2026-09-05', '2026-12-03')).toEqual(['2026-10-01', '2026-11-01', '2026-12-01']);
    expect(dayTicks('2025-12-04', '2026-12-03')).toEqual([
      '2026-01-01',
      '2026-03-01',
      '2026-05-01',
      '2026-07-01',
      '2026-09-01',
      '2026-11-01',
    ]);
    expect(dayTicks('2019-06-01', '2026-12-03')).toEqual(['2020-01-01', '2022-01-01', '2024-01-01', '2026-01-01']);
  });

  it('stays within six ticks for any span', () => {
    for (const last of ['2026-01-01', '2026-01-02', '2026-02-14', '2026-07-19', '2027-05-01', '2040-01-01', '2110-01-01']) {
      const ticks = dayTicks('2026-01-01', last);
      expect(ticks.length, last).toBeGreaterThan(0);
      expect(ticks.length, last).toBeLessThanOrEqual(6);
      for (const tick of ticks) expect(tick >= '2026-01-01' && tick <= last, `${last}: ${tick}`).toBe(true);
    }
  });
});
