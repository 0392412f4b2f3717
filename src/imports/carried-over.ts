import * as v from 'valibot';
import type { CarriedOver, CarriedOverChange } from '../views';
import { countOf } from '../wording';
import { MAX_COUNT } from '../counts';
import { calendarError, isCalendarDay, isRealDay, type UtcDay } from '../dates';
import { isPlainText } from '../plain-text';

/**
 * A count carried over from another counter (`POST /report/baseline`, and exports): how many views it had counted
 * before a day, and what it was. Validated here once for both. Pure.
 */
const MAX_SOURCE_LENGTH = 100;

export const CarriedOverSchema = v.object({
  views: v.pipe(
    v.number('views must be a whole number'),
    v.integer('views must be a whole number'),
    v.minValue(0, 'views must not be negative'),
    v.maxValue(MAX_COUNT, `views must be at most ${MAX_COUNT}`),
  ),
  before: v.pipe(
    v.string('before must be a day, YYYY-MM-DD'),
    v.isoDate('before must be a day, YYYY-MM-DD'),
    v.check(isRealDay, 'before is not a real day'),
  ),
  source: v.pipe(
    v.string('source must say where the count comes from, e.g. "hits.seeyoufarm.com"'),
    v.trim(),
    v.minLength(1, 'source must say where the count comes from, e.g. "hits.seeyoufarm.com"'),
    v.maxLength(MAX_SOURCE_LENGTH, `source must be at most ${MAX_SOURCE_LENGTH} characters`),
    v.check(isPlainText, 'source must be plain text'),
  ),
});

export type CarriedOverParse = { ok: true; carriedOver: CarriedOver } | { ok: false; error: string };

/**
 * Reads a carried-over count; `before` is a day of the calendar, today at the latest: the other counter's views
 * are of the days before it, so none of them are days still to come (and today's counted views stay counted).
 */
export function parseCarriedOver(input: unknown, today: UtcDay): CarriedOverParse {
  // Picked first, so that a missing field gets its own message rather than valibot's "Invalid key".
  const { views, before, source } = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const parsed = v.safeParse(CarriedOverSchema, { views, before, source });
  if (!parsed.success) return { ok: false, error: parsed.issues[0].message };
  if (!isCalendarDay(parsed.output.before, today)) return { ok: false, error: calendarError('before', parsed.output.before, today) };
  return { ok: true, carriedOver: parsed.output };
}

/** What setting (or removing, with null) a carried-over total did to the badge, said to the one who did it. */
export function describeCarriedOverChange(carried: CarriedOver | null, change: CarriedOverChange): string {
  const total = `The badge's all-time count is now ${countOf(change.badgeTotal, 'view')} (it was ${countOf(change.previousBadgeTotal, 'view')})`;
  if (carried === null) return `${total}: the views counted here, with nothing carried over.`;
  const { replaced } = change;
  const standsIn = replaced
    ? `it stands in for the ${countOf(replaced.views, 'view')} counted here from ${replaced.from} to ${replaced.to}, the days before ${carried.before}, which the badge no longer adds`
    : `no day before ${carried.before} was counted here, so it replaces none`;
  return `${total}: ${countOf(carried.views, 'view')} carried over from ${carried.source}, plus those counted here from ${carried.before} on; ${standsIn}.`;
}
