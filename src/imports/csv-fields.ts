import { isRealDate } from '../dates';

/** Field parsers for imported CSV: timestamps and counts as the github-repo-stats Action writes them. Pure. */

// `2021-01-14 17:41:02+00:00` as the Action writes it (pandas), or ISO 8601 with a T or Z; no zone means UTC.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):?(\d{2}))?)?$/;
// pandas writes 4.0 for whole numbers in a column that also holds an empty field.
const WHOLE_NUMBER = /^\d{1,13}(?:\.0*)?$/;

/** Epoch milliseconds of a timestamp, or null when it is not one (or names a day or hour that does not exist). */
export function parseTimestamp(raw: string): number | null {
  const match = TIMESTAMP.exec(raw);
  if (!match) return null;
  // Each group read on its own, nothing built per row: this runs once per row of years of data.
  const year = Number(match[1]);
  const month = Number(match[2]);
  const date = Number(match[3]);
  const hours = Number(match[4] ?? 0);
  const minutes = Number(match[5] ?? 0);
  const seconds = Number(match[6] ?? 0);
  if (!isRealDate(year, month, date) || hours > 23 || minutes > 59 || seconds > 59) return null;
  // Date.UTC and arithmetic rather than Date.parse of a rebuilt string.
  const offsetMinutes = (match[7] === '-' ? -1 : 1) * (Number(match[8] ?? 0) * 60 + Number(match[9] ?? 0));
  return Date.UTC(year, month - 1, date, hours, minutes, seconds) - offsetMinutes * 60_000;
}

/** A whole number from 0 to `max`, or null; an empty field is 0 when `emptyIsZero`. */
export function parseCount(raw: string, max: number, emptyIsZero: boolean): number | null {
  const count = raw === '' && emptyIsZero ? 0 : WHOLE_NUMBER.test(raw) ? Number.parseInt(raw, 10) : Number.NaN;
  return count <= max ? count : null;
}
