import type { DailyFacts } from '../history/daily-facts';

/**
 * About how many people saw the README. Camo hides README viewers, so nobody can count them; where GitHub's traffic
 * exists, each day's README impressions times that day's unique visitors per page view gives an estimate. Always
 * shown apart from the exact figures, with its basis. Pure.
 */
export const ESTIMATE_BASIS = "README impressions × GitHub's unique visitors ÷ page views, per day: an estimate, not a count";

/** The estimate for one day, or null where GitHub reports no page views. */
export function estimatedReadmeViewers(fact: DailyFacts): number | null {
  return fact.views > 0 ? (fact.readmeImpressions * fact.viewUniques) / fact.views : null;
}

/** The days' estimates summed, rounded; null when no day has GitHub traffic. */
export function estimatedReadmeViewersOver(facts: readonly DailyFacts[]): number | null {
  const estimates = facts.map(estimatedReadmeViewers).filter((value): value is number => value !== null);
  return estimates.length === 0 ? null : Math.round(estimates.reduce((sum, value) => sum + value, 0));
}
