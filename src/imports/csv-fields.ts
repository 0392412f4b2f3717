import { isRealDate } from '../dates';

/** Field parsers for imported CSV: timestamps and counts as the github-repo-stats Action writes them. Pure. */

// `2021-01-14 17:41:02+00:00` as the Action writes it (pandas), or ISO 8601 with a T or Z; no zone means UTC.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/;
// pandas writes 4.0 for whole numbers in a column that also holds an empty field.
const WHOLE_NUMBER = /^\d{1,13}(?:\.0*)?$/;

/** Epoch milliseconds of a timestamp, or null when it is not one (or names a day or hour that does not exist). */
export function parseTimestamp(raw: string): number | null {
  // The Action's own form, on every row it writes, is read by position; any other form through TIMESTAMP.
  if (isActionForm(raw)) {
    return utcTime(
      digitsAt(raw, 0, 4),
      digitsAt(raw, 5, 2),
      digitsAt(raw, 8, 2),
      digitsAt(raw, 11, 2),
      digitsAt(raw, 14, 2),
      digitsAt(raw, 17, 2),
      0,
    );
  }
  const match = TIMESTAMP.exec(raw);
  if (!match) return null;
  const group = (index: number) => Number(match[index] ?? 0);
  const offsetMinutes = (match[7] === '-' ? -1 : 1) * (group(8) * 60 + group(9));
  return utcTime(group(1), group(2), group(3), group(4), group(5), group(6), offsetMinutes);
}

/** Epoch milliseconds of a time at a UTC offset, or null when the day or hour does not exist. */
function utcTime(year: number, month: number, date: number, hours: number, minutes: number, seconds: number, offsetMinutes: number) {
  if (!isRealDate(year, month, date) || hours > 23 || minutes > 59 || seconds > 59) return null;
  // Date.UTC and arithmetic rather than Date.parse of a rebuilt string.
  return Date.UTC(year, month - 1, date, hours, minutes, seconds) - offsetMinutes * 60_000;
}

// `YYYY-MM-DD HH:MM:SS+00:00`, what the Action writes on every row.
const ACTION_FORM = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00$/;

/**
 * Whether `raw` has exactly the Action's form: then it is read by position, without TIMESTAMP's match and its nine
 * substrings on each row (a year of the Action's files is ~440 rows, years of them thousands, all in one request's
 * CPU). One test of a regular expression without groups, native code however cold the isolate's own is.
 */
function isActionForm(raw: string): boolean {
  return ACTION_FORM.test(raw);
}

/** The number written by `count` digits of `raw` from `at` (known to be digits). */
function digitsAt(raw: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) value = value * 10 + raw.charCodeAt(i) - 48;
  return value;
}

/** A whole number from 0 to `max`, or null; an empty field is 0 when `emptyIsZero`. */
export function parseCount(raw: string, max: number, emptyIsZero: boolean): number | null {
  const count = raw === '' && emptyIsZero ? 0 : WHOLE_NUMBER.test(raw) ? Number.parseInt(raw, 10) : Number.NaN;
  return count <= max ? count : null;
}
