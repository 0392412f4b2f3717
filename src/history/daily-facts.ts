import type { CounterDays, DailyViews } from '../views';
import { addDays, type UtcDay } from '../dates';
import { isReadmeImpression } from '../impressions';
import { dailyGains } from './gains';
import type { RepoHistory } from './model';

/** Everything known about one repository on one UTC day, from the counter and from GitHub. */
export interface DailyFacts {
  day: UtcDay;
  /** README impressions: views of the `readme` page, bots left out (from the counter, exact). */
  readmeImpressions: number;
  /** Readers' clicks on the repository's tracked README links (`/l/…`), bots and prefetches left out (exact). */
  linkClicks: number;
  /** Readers who clicked any of them, each counted once a day (hashed as direct visitors are). */
  linkClickers: number;
  /** GitHub page views and unique visitors of the repository (traffic API). */
  views: number;
  viewUniques: number;
  clones: number;
  cloneUniques: number;
  starsGained: number;
  forksGained: number;
  /** Watchers gained: the difference between the day's snapshot of `subscribers_count` and the one before. */
  watchersGained: number;
  /** Issues and pull requests opened (bots' left out), from the collector's first look on. */
  issuesOpened: number;
  pullsOpened: number;
  /** Of those, the ones opened by people new to the repository (`author_association` FIRST_TIMER, FIRST_TIME_CONTRIBUTOR or NONE). */
  firstContributions: number;
  /** Downloads of the repository's packages (PACKAGES), summed over them, as their registries count them. */
  downloads: number;
}

/** What the repository's object counts beside views, of some days, as `CounterDays` holds them. */
export type OwnDays = Pick<CounterDays, 'clicks' | 'clickers' | 'contributions' | 'downloads'>;
/** `OwnDays`, by the name it had when it held link clicks alone. */
export type LinkDays = OwnDays;

const NONE: OwnDays = { clicks: [], clickers: [] };

/** Joins the counter's impressions, clicks, contributions and downloads with GitHub's history into one row per day from `from` to `to`. Pure. */
export function buildDailyFacts(
  history: RepoHistory,
  impressions: readonly DailyViews[],
  from: UtcDay,
  to: UtcDay,
  own: OwnDays = NONE,
): DailyFacts[] {
  const readme = new Map<UtcDay, number>();
  for (const row of impressions) {
    if (isReadmeImpression(row)) readme.set(row.day, (readme.get(row.day) ?? 0) + row.views);
  }
  const clicks = new Map<UtcDay, number>();
  for (const row of own.clicks) clicks.set(row.day, (clicks.get(row.day) ?? 0) + row.clicks);
  const clickers = new Map(own.clickers.map((row) => [row.day, row.clickers]));
  const contributions = new Map((own.contributions ?? []).map((row) => [row.day, row]));
  const downloads = new Map<UtcDay, number>();
  for (const row of own.downloads ?? []) downloads.set(row.day, (downloads.get(row.day) ?? 0) + row.downloads);
  const stars = dailyGains(history, 'stars', from, to);
  const forks = dailyGains(history, 'forks', from, to);
  const watchers = dailyGains(history, 'watchers', from, to);
  const facts: DailyFacts[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const traffic = history.traffic[day];
    facts.push({
      day,
      readmeImpressions: readme.get(day) ?? 0,
      linkClicks: clicks.get(day) ?? 0,
      linkClickers: clickers.get(day) ?? 0,
      views: traffic?.views ?? 0,
      viewUniques: traffic?.viewUniques ?? 0,
      clones: traffic?.clones ?? 0,
      cloneUniques: traffic?.cloneUniques ?? 0,
      starsGained: stars[day] ?? 0,
      forksGained: forks[day] ?? 0,
      watchersGained: watchers[day] ?? 0,
      issuesOpened: contributions.get(day)?.issues ?? 0,
      pullsOpened: contributions.get(day)?.pulls ?? 0,
      firstContributions: contributions.get(day)?.firstTimers ?? 0,
      downloads: downloads.get(day) ?? 0,
    });
  }
  return facts;
}
