import type { ReadmeChange } from '../conversions/readme-versions';
import { addDays, type UtcDay } from '../dates';
import { buildInsights } from '../report/repo-insights';
import { buildRepoSeries, type SeriesRow } from '../report/repo-series';
import type { RepoDays } from '../storage/repo-store';
import type { DigestNews } from './digest';

/** One repository's part of a weekly digest: its days of the week and the week before, and its news. */
export interface RepoWeek {
  repo: string;
  thisWeek: SeriesRow[];
  lastWeek: SeriesRow[];
  news: DigestNews;
}

/**
 * A repository's week, from its days (enough before the week for the events' baseline and the README versions
 * that end in it) and its README changes. Pure: each repository's object works out its own.
 */
export function repoWeek(repo: string, days: RepoDays, changes: readonly ReadmeChange[], range: { from: UtcDay; to: UtcDay }): RepoWeek {
  const series = buildRepoSeries(repo, days, addDays(range.from, -7), range.to);
  const insights = buildInsights(days, changes, range, Date.parse(`${range.to}T23:59:59Z`));
  const news: DigestNews = { events: insights.events.map((event) => ({ repo, summary: event.summary })), readmeChanges: [] };
  for (const version of insights.versions) {
    if (version.days && version.days.from >= range.from && version.days.from <= range.to) {
      news.readmeChanges.push({ repo, label: version.label, since: version.days.from, verdict: version.versusPrevious?.verdict ?? null });
    }
  }
  return { repo, thisWeek: series.days.filter((day) => day.day >= range.from), lastWeek: series.days.filter((day) => day.day < range.from), news };
}
