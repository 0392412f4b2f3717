import { isCalendarDay, type UtcDay } from '../dates';
import type { RepoHistory } from './model';

/**
 * The history without days outside the calendar (before 2008-01-01 or after `today`): GitHub's star history
 * pads the current week with days still to come, and deployments older than the calendar check may have stored
 * impossible days. An export holds only what an import takes back. Pure.
 */
export function historyWithinCalendar(history: RepoHistory, today: UtcDay): RepoHistory {
  const keep = <T>(byDay: Record<UtcDay, T>): Record<UtcDay, T> => {
    const kept: Record<UtcDay, T> = {};
    for (const [day, value] of Object.entries(byDay)) if (isCalendarDay(day, today)) kept[day] = value;
    return kept;
  };
  return {
    traffic: keep(history.traffic),
    counts: keep(history.counts),
    starsGained: keep(history.starsGained),
    forksGained: keep(history.forksGained),
    referrers: keep(history.referrers),
    paths: keep(history.paths),
    breakdowns: keep(history.breakdowns),
  };
}
