import { buildVersions, type ReadmeChange } from '../conversions/readme-versions';
import { addDays, epochDay, type UtcDay } from '../dates';
import { insightsStart } from '../report/repo-insights';
import { buildRepoReport } from '../report/repo-report';
import type { SeriesRow } from '../report/repo-series';
import type { RepoDays } from '../history/model';
import type { DayTotal } from '../views';
import type { DigestNews } from './digest';
import { WEEKS_BEFORE } from './movers';

/** One repository's part of a weekly digest: its days of the week and the week before, and its news. */
export interface RepoWeek {
  repo: string;
  thisWeek: SeriesRow[];
  lastWeek: SeriesRow[];
  /** README impressions of each of the weeks before last week that the mover rule reads, oldest first. */
  earlierWeeks: number[];
  news: DigestNews;
}

/** The days before last week whose README impressions the mover rule reads, a week at a time. */
export function earlierWeeksRange(range: { from: UtcDay }): { from: UtcDay; to: UtcDay } {
  return { from: addDays(range.from, -7 * WEEKS_BEFORE), to: addDays(range.from, -8) };
}

/** Per-day README impressions of `earlierWeeksRange` summed into its weeks, oldest first. */
export function earlierWeeksOf(perDay: readonly DayTotal[], range: { from: UtcDay }): number[] {
  const { from } = earlierWeeksRange(range);
  const weeks = Array.from({ length: WEEKS_BEFORE - 1 }, () => 0);
  for (const { day, views } of perDay) {
    const week = Math.floor((epochDay(day) - epochDay(from)) / 7);
    if (week >= 0 && week < weeks.length) weeks[week] = (weeks[week] as number) + views;
  }
  return weeks;
}

/**
 * The first day a repository's week needs: the events' baseline before it, and, for each README version that went
 * live in the week, the first day of the version before it (the verdict compares the two). Days before it change
 * nothing the week says, so an object reads its rows from there on, however old its first README is.
 */
export function weekStart(changes: readonly ReadmeChange[], range: { from: UtcDay; to: UtcDay }): UtcDay {
  const versions = buildVersions(changes, weekEnd(range));
  const wentLive = (i: number) => {
    const days = versions[i]?.days;
    return days != null && days.from >= range.from && days.from <= range.to;
  };
  // The insights' own start, over just the versions the week compares with.
  return insightsStart(
    versions.filter((_, i) => wentLive(i + 1)),
    range.from,
  );
}

/** The week's last moment: its figures are as of then. */
function weekEnd(range: { to: UtcDay }): number {
  return Date.parse(`${range.to}T23:59:59Z`);
}

/**
 * A repository's week, from its days (enough before the week for the events' baseline and the README versions
 * that end in it) and its README changes. Pure: each repository's object works out its own.
 */
export function repoWeek(
  repo: string,
  days: RepoDays,
  changes: readonly ReadmeChange[],
  range: { from: UtcDay; to: UtcDay },
  earlierWeeks: number[] = [],
): RepoWeek {
  const { series, insights } = buildRepoReport(
    repo,
    days,
    changes,
    { series: { from: addDays(range.from, -7), to: range.to }, insights: range },
    weekEnd(range),
  );
  const news: DigestNews = { events: insights.events.map((event) => ({ repo, summary: event.summary })), readmeChanges: [] };
  for (const version of insights.versions) {
    if (version.days && version.days.from >= range.from && version.days.from <= range.to) {
      news.readmeChanges.push({ repo, label: version.label, since: version.days.from, verdict: version.versusPrevious?.verdict ?? null });
    }
  }
  return {
    repo,
    thisWeek: series.days.filter((day) => day.day >= range.from),
    lastWeek: series.days.filter((day) => day.day < range.from),
    earlierWeeks,
    news,
  };
}
