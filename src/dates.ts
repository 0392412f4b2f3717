/** UTC calendar days as `YYYY-MM-DD` strings: they sort, compare and key storage as plain text. */

/** Milliseconds in a UTC day (UTC has no daylight saving; leap seconds are not counted by Date). */
export const DAY_MS = 86_400_000;

export type UtcDay = string;

const DAY_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

// Formatting a date was the costliest step of parsing a view; views come in long runs of the same day. The last
// day is kept in three variables and names are cached by day number (a small integer, which a Map hashes at once)
// rather than in an object made per new day keyed by milliseconds: an import reads a new day on every row.
let lastDayStart = 0;
let lastDayEnd = DAY_MS;
let lastDayName = '1970-01-01';

export function utcDay(epochMs: number): UtcDay {
  if (epochMs >= lastDayStart && epochMs < lastDayEnd) return lastDayName;
  const dayNumber = Math.floor(epochMs / DAY_MS);
  let day = dayNames.get(dayNumber);
  if (day === undefined) {
    if (dayNames.size >= 8192) dayNames.clear();
    day = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    dayNames.set(dayNumber, day);
  }
  lastDayStart = dayNumber * DAY_MS;
  lastDayEnd = lastDayStart + DAY_MS;
  lastDayName = day;
  return day;
}

const dayNames = new Map<number, UtcDay>();

/** A UTC hour as `YYYY-MM-DDTHH`: it sorts with the days, and an ISO time starts with its hour. */
export type UtcHour = string;

export const HOUR_MS = 3_600_000;

/** An ISO time to the second, `YYYY-MM-DDTHH:MM:SSZ`, as GitHub writes its times: such times compare as text. */
export function isoSecond(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function utcHour(epochMs: number): UtcHour {
  const hour = Math.floor((epochMs - Math.floor(epochMs / DAY_MS) * DAY_MS) / HOUR_MS);
  return `${utcDay(epochMs)}T${hour < 10 ? '0' : ''}${hour}`;
}

/**
 * The first day of the calendar: GitHub opened in 2008, so no traffic, star, README view or counter it replaced
 * is older. Every day that comes in (a route's `from`/`to`, an import, a carried-over total) is checked against
 * FIRST_DAY…today once, at the edge, so the date arithmetic inside can trust it.
 */
export const FIRST_DAY: UtcDay = '2008-01-01';

/** Later than any day kept: the open end of a range "from a day on". */
export const FAR_FUTURE: UtcDay = '9999-12-31';

/** Whether `value` is a real `YYYY-MM-DD` day from FIRST_DAY to `today` (UTC), both included. */
export function isCalendarDay(value: string, today: UtcDay): boolean {
  return isRealDay(value) && value >= FIRST_DAY && value <= today;
}

/** What to say of a day outside the calendar: the allowed range, and what was given. */
export function calendarError(name: string, value: string, today: UtcDay): string {
  return `${name} must be a day from ${FIRST_DAY} to ${today} (today, UTC) as YYYY-MM-DD; it is "${value.slice(0, 40)}".`;
}

/** Whether `value` is a `YYYY-MM-DD` day that exists (2021-02-29 and 2024-13-45 do not). */
export function isRealDay(value: string): boolean {
  if (!DAY_SHAPE.test(value)) return false;
  return isRealDate(Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10)));
}

/** Whether year, month (1–12) and date name a day of the proleptic Gregorian calendar. */
export function isRealDate(year: number, month: number, date: number): boolean {
  if (!(month >= 1 && month <= 12)) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
  return date >= 1 && date <= daysInMonth;
}

// February's 28 in a common year; a table rather than a list built on each call, which runs once per imported row.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The latest entry of a by-day record on or before `to` (and not before `from`), with its day; undefined when
 * there is none. The one rule for "the counts, list or snapshot as last seen".
 */
export function latestByDay<T>(byDay: Record<UtcDay, T>, to: UtcDay, from: UtcDay = ''): { day: UtcDay; value: T } | undefined {
  let latest: UtcDay | undefined;
  for (const day of Object.keys(byDay)) if (day <= to && day >= from && (latest === undefined || day > latest)) latest = day;
  return latest === undefined ? undefined : { day: latest, value: byDay[latest] as T };
}

/** The earliest entry of a by-day record from `from` to `to` (both included), with its day; undefined when none. */
export function earliestByDay<T>(byDay: Record<UtcDay, T>, from: UtcDay, to: UtcDay): { day: UtcDay; value: T } | undefined {
  let earliest: UtcDay | undefined;
  for (const day of Object.keys(byDay)) if (day >= from && day <= to && (earliest === undefined || day < earliest)) earliest = day;
  return earliest === undefined ? undefined : { day: earliest, value: byDay[earliest] as T };
}

/** The day `offset` days after (or before, if negative) `day`. */
export function addDays(day: UtcDay, offset: number): UtcDay {
  return utcDay(midnightOf(day) + offset * DAY_MS);
}

// Walking a year of days day by day parsed and formatted each one: the days a refresh or report walks repeat.
const midnights = new Map<UtcDay, number>();

/** Epoch milliseconds of a day's UTC midnight. */
function midnightOf(day: UtcDay): number {
  let ms = midnights.get(day);
  if (ms === undefined) {
    if (midnights.size >= 8192) midnights.clear();
    ms = Date.parse(`${day}T00:00:00Z`);
    midnights.set(day, ms);
  }
  return ms;
}

/** Days since 1970-01-01: for grouping days into fixed periods. */
export function epochDay(day: UtcDay): number {
  return Math.round(midnightOf(day) / DAY_MS);
}

/** Epoch milliseconds of the midnight (UTC) that ends `epochMs`'s day. */
export function nextUtcMidnight(epochMs: number): number {
  return (Math.floor(epochMs / DAY_MS) + 1) * DAY_MS;
}

export const PERIODS = ['day', 'week', 'month', 'total'] as const;
export type Period = (typeof PERIODS)[number];

export function isPeriod(value: string): value is Period {
  return (PERIODS as readonly string[]).includes(value);
}

/**
 * First day counted by a badge period, or null for all time. Periods are trailing windows that include today:
 * `day` is today (UTC), `week` the last 7 days, `month` the last 30 days.
 */
export function periodStartDay(period: Period, today: UtcDay): UtcDay | null {
  switch (period) {
    case 'day':
      return today;
    case 'week':
      return addDays(today, -6);
    case 'month':
      return addDays(today, -29);
    case 'total':
      return null;
  }
}

/** A calendar month (`month` as YYYY-MM) and its first and last day. */
export interface CalendarMonth {
  month: string;
  from: UtcDay;
  to: UtcDay;
}

/** The calendar months whose every day is from `from` to `to`, in order. */
export function wholeMonths(from: UtcDay, to: UtcDay): CalendarMonth[] {
  const months: CalendarMonth[] = [];
  for (let start = from.endsWith('-01') ? from : nextMonthOf(from); ; start = nextMonthOf(start)) {
    const end = addDays(nextMonthOf(start), -1);
    if (end > to) return months;
    months.push({ month: start.slice(0, 7), from: start, to: end });
  }
}

/** The first day of the month after `day`'s. */
function nextMonthOf(day: UtcDay): UtcDay {
  // The 1st plus 32 days is always in the next month.
  return `${addDays(`${day.slice(0, 8)}01`, 32).slice(0, 8)}01`;
}
