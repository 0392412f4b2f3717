import { describe, expect, it } from 'vitest';
import { isoWeekOf, previousWeek, weekRange } from './iso-week';

describe('ISO weeks', () => {
  it.each([
    ['2026-11-23', '2026-W48'],
    ['2026-11-29', '2026-W48'],
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
  ])('%s is in %s', (day, week) => expect(isoWeekOf(day)).toBe(week));

  it.each([
    ['2026-W48', { from: '2026-11-23', to: '2026-11-29' }],
    ['2025-W01', { from: '2024-12-30', to: '2025-01-05' }],
    ['2026-W53', { from: '2026-12-28', to: '2027-01-03' }],
    ['2025-W53', null],
    ['2026-W00', null],
    ['2026-48', null],
    // Before the calendar (year 0 once threw on a day that Date cannot write).
    ['0000-W01', null],
    ['2007-W10', null],
    ['2008-W02', { from: '2008-01-07', to: '2008-01-13' }],
  ])('%s → %j', (week, range) => expect(weekRange(week)).toEqual(range));

  it('the week before a Monday is the full week that just ended', () => {
    expect(previousWeek('2026-11-23')).toBe('2026-W47');
  });
});
