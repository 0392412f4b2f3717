import type { DailyViews } from '../views';
import { addDays, type UtcDay } from '../dates';
import { isReadmeImpression } from '../impressions';
import { dailyGains } from './gains';
import type { RepoHistory } from './model';

/** Everything known about one repository on one UTC day, from the counter and from GitHub. */
export interface DailyFacts {
  day: UtcDay;
  /** README impressions: views of the `readme` page, bots left out (from the counter, exact). */
  readmeImpressions: number;
  /** GitHub page views and unique visitors of the repository (traffic API). */
  views: number;
  viewUniques: number;
  clones: number;
  cloneUniques: number;
  starsGained: number;
  forksGained: number;
}

/** Joins the counter's impressions with GitHub's history into one row per day from `from` to `to`. Pure. */
export function buildDailyFacts(history: RepoHistory, impressions: readonly DailyViews[], from: UtcDay, to: UtcDay): DailyFacts[] {
  const readme = new Map<UtcDay, number>();
  for (const row of impressions) {
    if (isReadmeImpression(row)) readme.set(row.day, (readme.get(row.day) ?? 0) + row.views);
  }
  const stars = dailyGains(history, 'stars', from, to);
  const forks = dailyGains(history, 'forks', from, to);
  const facts: DailyFacts[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const traffic = history.traffic[day];
    facts.push({
      day,
      readmeImpressions: readme.get(day) ?? 0,
      views: traffic?.views ?? 0,
      viewUniques: traffic?.viewUniques ?? 0,
      clones: traffic?.clones ?? 0,
      cloneUniques: traffic?.cloneUniques ?? 0,
      starsGained: stars[day] ?? 0,
      forksGained: forks[day] ?? 0,
    });
  }
  return facts;
}
