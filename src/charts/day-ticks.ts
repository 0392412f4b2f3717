import { addDays, epochDay, type UtcDay } from '../dates';

/**
 * Ticks for an axis of UTC days, labelled as ISO days (`2026-09-01`), never a bare year or month name: at most
 * `wanted` of them, every day, 2 days, week (Mondays), 2 weeks, on the first of every 1, 2, 3 or 6 months, or on
 * the first of January of every 1, 2, 5 or 10 years, whichever is the finest that fits. Pure.
 */
export function dayTicks(first: UtcDay, last: UtcDay, wanted = 6): UtcDay[] {
  for (const days of [1, 2, 7, 14]) {
    const ticks = everyNthDay(first, last, days);
    if (ticks.length <= wanted) return ticks;
  }
  for (const months of [1, 2, 3, 6, 12, 24, 60, 120]) {
    const ticks = monthStarts(first, last, months);
    if (ticks.length <= wanted) return ticks;
  }
  return [first];
}

/** Days `step` apart from `first` (a week and two: from the first Monday, so that the days are the same weekday). */
function everyNthDay(first: UtcDay, last: UtcDay, step: number): UtcDay[] {
  // 1970-01-01, epoch day 0, was a Thursday: Mondays are the days whose epoch day is 4 modulo 7.
  const start = step % 7 === 0 ? addDays(first, (((4 - epochDay(first)) % 7) + 7) % 7) : first;
  const ticks: UtcDay[] = [];
  for (let day = start; day <= last; day = addDays(day, step)) ticks.push(day);
  return ticks;
}

/** The first days of months from `first` to `last` whose month count since year 0 is a multiple of `months`. */
function monthStarts(first: UtcDay, last: UtcDay, months: number): UtcDay[] {
  const ticks: UtcDay[] = [];
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7)) - 1;
  for (; ; month++) {
    if (month === 12) [year, month] = [year + 1, 0];
    const day = `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-01`;
    if (day > last) return ticks;
    if (day >= first && (year * 12 + month) % months === 0) ticks.push(day);
  }
}
