import { addDays, DAY_MS, FIRST_DAY, type UtcDay } from '../dates';

/** ISO 8601 weeks (`2026-W48`): Monday to Sunday, week 1 holds the year's first Thursday. Pure. */
export type IsoWeek = string;
const WEEK = /^(\d{4})-W(\d{2})$/;

export function isoWeekOf(day: UtcDay): IsoWeek {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = addDays(day, 3 - weekday);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${year}-01-01T00:00:00Z`)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday and Sunday of a week, or null when `week` is not a real ISO week of the calendar (2008 on). */
export function weekRange(week: IsoWeek): { from: UtcDay; to: UtcDay } | null {
  const match = WEEK.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  if (year < Number(FIRST_DAY.slice(0, 4))) return null;
  const jan4 = `${year}-01-04`;
  const mondayOfWeek1 = addDays(jan4, -((new Date(`${jan4}T00:00:00Z`).getUTCDay() + 6) % 7));
  const from = addDays(mondayOfWeek1, (Number(match[2]) - 1) * 7);
  return isoWeekOf(from) === week ? { from, to: addDays(from, 6) } : null;
}

/** The last full week before `day`. */
export function previousWeek(day: UtcDay): IsoWeek {
  return isoWeekOf(addDays(day, -7));
}
