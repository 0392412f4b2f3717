import { addDays, calendarError, isCalendarDay, type UtcDay } from '../dates';

export const MAX_RANGE_DAYS = 731;
export const DEFAULT_RANGE_DAYS = 28;

export type DateRange = { ok: true; from: UtcDay; to: UtcDay } | { ok: false; error: string };

/**
 * `?from=&to=` (YYYY-MM-DD, both included, each a day of the calendar: 2008-01-01 to today); by default the last
 * 28 days up to today. At most MAX_RANGE_DAYS, checked before any day of it is walked. Pure.
 */
export function parseDateRange(from: string | undefined, to: string | undefined, today: UtcDay): DateRange {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && !isCalendarDay(value, today)) return { ok: false, error: calendarError(name, value, today) };
  }
  const end = to ?? today;
  const start = from ?? addDays(end, -(DEFAULT_RANGE_DAYS - 1));
  if (start > end) return { ok: false, error: `from (${start}) is after to (${end}).` };
  if (addDays(start, MAX_RANGE_DAYS - 1) < end)
    return { ok: false, error: `The range is longer than ${MAX_RANGE_DAYS} days (two years): ask for less.` };
  return { ok: true, from: start, to: end };
}
