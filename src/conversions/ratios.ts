import type { DailyFacts } from '../history/daily-facts';
import { perThousand, ratio } from '../rates';

export interface ConversionRatios {
  /** New stars per 1,000 README impressions. */
  starsPer1kImpressions: number | null;
  /** New forks per 1,000 README impressions. */
  forksPer1kImpressions: number | null;
  /** New stars per 1,000 GitHub unique visitors (daily uniques, summed). */
  starsPer1kUniqueVisitors: number | null;
  /** Unique cloners ÷ unique visitors. */
  cloneRate: number | null;
  /** README impressions ÷ GitHub page views: how many page views actually showed the README. */
  readmeRenderRate: number | null;
  /** Clicks on tracked README links per 1,000 README impressions. */
  clicksPer1kImpressions: number | null;
  /** New watchers per 1,000 README impressions. */
  watchersPer1kImpressions: number | null;
  /** Issues and pull requests opened per 1,000 README impressions. */
  contributionsPer1kImpressions: number | null;
  /** Issues and pull requests opened by people new to the repository per 1,000 README impressions. */
  firstContributionsPer1kImpressions: number | null;
  /** Package downloads per 1,000 README impressions. */
  downloadsPer1kImpressions: number | null;
}

export type FactTotals = Omit<DailyFacts, 'day'>;

export const WINDOWS = [7, 28, 90] as const;
export type WindowDays = (typeof WINDOWS)[number];

/** Days' facts summed, or totals summed with one another. */
export function sumFacts(facts: readonly FactTotals[]): FactTotals {
  const totals: FactTotals = {
    readmeImpressions: 0,
    linkClicks: 0,
    linkClickers: 0,
    views: 0,
    viewUniques: 0,
    clones: 0,
    cloneUniques: 0,
    starsGained: 0,
    forksGained: 0,
    watchersGained: 0,
    issuesOpened: 0,
    pullsOpened: 0,
    firstContributions: 0,
    downloads: 0,
  };
  for (const fact of facts) {
    for (const key of Object.keys(totals) as Array<keyof FactTotals>) totals[key] += fact[key];
  }
  return totals;
}

/**
 * The ratios over some totals. A zero denominator gives null: "no data", never NaN or Infinity. So do stars,
 * forks and watchers gained while they are unknown (`gainsKnown` false: before the collector's first star count), not zero.
 */
export function computeRatios(totals: FactTotals, gainsKnown = true): ConversionRatios {
  const gains = (count: number, exposure: number) => (gainsKnown ? perThousand(count, exposure) : null);
  return {
    starsPer1kImpressions: gains(totals.starsGained, totals.readmeImpressions),
    forksPer1kImpressions: gains(totals.forksGained, totals.readmeImpressions),
    starsPer1kUniqueVisitors: gains(totals.starsGained, totals.viewUniques),
    cloneRate: ratio(totals.cloneUniques, totals.viewUniques),
    readmeRenderRate: ratio(totals.readmeImpressions, totals.views),
    // Clicks are counted here, known from the first one: only watchers wait for the first snapshot.
    clicksPer1kImpressions: perThousand(totals.linkClicks, totals.readmeImpressions),
    watchersPer1kImpressions: gains(totals.watchersGained, totals.readmeImpressions),
    contributionsPer1kImpressions: perThousand(totals.issuesOpened + totals.pullsOpened, totals.readmeImpressions),
    firstContributionsPer1kImpressions: perThousand(totals.firstContributions, totals.readmeImpressions),
    downloadsPer1kImpressions: perThousand(totals.downloads, totals.readmeImpressions),
  };
}
