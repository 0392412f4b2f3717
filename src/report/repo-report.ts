import type { ReadmeChange } from '../conversions/readme-versions';
import { utcDay, type UtcDay } from '../dates';
import { buildDailyFacts } from '../history/daily-facts';
import type { RepoDays } from '../history/model';
import { insightsOfFacts, insightsStart, type RepoInsights } from './repo-insights';
import { seriesOfFacts, type RepoSeries } from './repo-series';

export interface DayRange {
  from: UtcDay;
  to: UtcDay;
}

/**
 * A repository's report: its daily series over one range, and its README versions and events for another (as of
 * `now`), from one pass of the daily facts over the days both need. What GET /report/{owner}/{repo} answers with
 * the token, and what a week's digest is made of. `days` must cover `reportStart` to today. Pure.
 */
export function buildRepoReport(
  repo: string,
  days: RepoDays,
  changes: readonly ReadmeChange[],
  ranges: { series: DayRange; insights: DayRange },
  now: number,
): { series: RepoSeries; insights: RepoInsights } {
  const today = utcDay(now);
  const start = reportStart(changes, ranges);
  const end = ranges.series.to > today ? ranges.series.to : today;
  const facts = buildDailyFacts(days.history, days.views, start, end, days);
  const between = (from: UtcDay, to: UtcDay) => facts.filter((fact) => fact.day >= from && fact.day <= to);
  return {
    series: seriesOfFacts(repo, days, between(ranges.series.from, ranges.series.to), ranges.series.from, ranges.series.to),
    insights: insightsOfFacts(days, between(insightsStart(changes, ranges.insights.from), today), changes, ranges.insights, now),
  };
}

/** The first day a report needs: the series' first, or the insights' (insightsStart), whichever is earlier. */
export function reportStart(changes: readonly ReadmeChange[], ranges: { series: DayRange; insights: DayRange }): UtcDay {
  const insights = insightsStart(changes, ranges.insights.from);
  return ranges.series.from < insights ? ranges.series.from : insights;
}
