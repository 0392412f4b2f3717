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
}

/** The counter's link clicks of some days, as `CounterDays` holds them. */
export type LinkDays = Pick<CounterDays, 'clicks' | 'clickers'>;

const NO_CLICKS: LinkDays = { clicks: [], clickers: [] };

/** Joins the counter's impressions and clicks with GitHub's history into one row per day from `from` to `to`. Pure. */
export function buildDailyFacts(
  history: RepoHistory,
  impressions: readonly DailyViews[],
  from: UtcDay,
  to: UtcDay,
  links: LinkDays = NO_CLICKS,
): DailyFacts[] {
  const readme = new Map<UtcDay, number>();
  for (const row of impressions) {
    if (isReadmeImpression(row)) readme.set(row.day, (readme.get(row.day) ?? 0) + row.views);
  }
  const clicks = new Map<UtcDay, number>();
  for (const row of links.clicks) clicks.set(row.day, (clicks.get(row.day) ?? 0) + row.clicks);
  const clickers = new Map(links.clickers.map((row) => [row.day, row.clickers]));
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
    });
  }
  return facts;
}
