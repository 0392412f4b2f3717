import { addDays, utcDay, type UtcDay } from '../dates';
import { BREAKDOWN_DIMENSIONS, breakdownSql, parseBreakdownRows, type BreakdownDimension } from '../events/breakdown-sql';
import { queryAnalyticsEngine, type AnalyticsSqlConfig } from '../events/sql-client';
import { eventIndex } from '../events/write-event';
import type { Breakdowns } from '../history/model';
import { errorMessage, type Log } from '../log';
import { repoSlug, type RepoRef } from '../repos';

export interface AnalyticsDeps {
  sql: AnalyticsSqlConfig;
  dataset: string;
}

/** One query per dimension for all of a run's repositories: impressions per repository, day and value. */
export async function fetchBreakdowns(
  analytics: AnalyticsDeps,
  refs: readonly RepoRef[],
  from: UtcDay,
  to: UtcDay,
): Promise<Map<string, Record<UtcDay, Breakdowns>>> {
  const slugByIndex = new Map(refs.map((ref) => [eventIndex(ref), repoSlug(ref)]));
  const bySlug = new Map<string, Record<UtcDay, Breakdowns>>();
  for (const dimension of Object.keys(BREAKDOWN_DIMENSIONS) as BreakdownDimension[]) {
    const sql = breakdownSql(analytics.dataset, dimension, [...slugByIndex.keys()], from, to);
    for (const row of parseBreakdownRows(await queryAnalyticsEngine(analytics.sql, sql))) {
      const slug = slugByIndex.get(row.repo);
      if (!slug) continue;
      const days = bySlug.get(slug) ?? {};
      const day = days[row.day] ?? {};
      const values = day[dimension] ?? {};
      values[row.value] = row.views;
      day[dimension] = values;
      days[row.day] = day;
      bySlug.set(slug, days);
    }
  }
  return bySlug;
}

/** Days of Analytics Engine breakdowns fetched per refresh: like GitHub's window, so a gap loses nothing. */
const BREAKDOWN_DAYS = 14;

/** The last 14 days' breakdowns of a run's repositories; a failure is logged and reported, and gives none. */
export async function fetchRecentBreakdowns(
  analytics: AnalyticsDeps | undefined,
  refs: readonly RepoRef[],
  now: number,
  errors: string[],
  log: Log,
): Promise<Map<string, Record<UtcDay, Breakdowns>>> {
  if (!analytics || refs.length === 0) return new Map();
  const today = utcDay(now);
  try {
    return await fetchBreakdowns(analytics, refs, addDays(today, -(BREAKDOWN_DAYS - 1)), today);
  } catch (error) {
    const message = `Impression breakdowns not fetched: ${errorMessage(error)}.`;
    errors.push(message);
    log({ level: 'warn', message: 'breakdowns not fetched', error: message });
    return new Map();
  }
}
