import { addDays, type UtcDay } from '../dates';
import { buildDailyFacts } from '../history/daily-facts';
import { formatCount } from '../badges/badge';
import { summarizeRepo, type RepoLineInputs } from './repo-summary';

/**
 * The figures `GET /badge/{owner}/{repo}/{metric}.svg` shows: conversion from this Worker's own counts, and
 * GitHub's traffic, which shields.io cannot show because it needs a token with push access. Pure.
 */
export const BADGE_METRICS = ['stars-per-1k', 'clicks-per-1k', 'stars-gained', 'downloads-week', 'github-views', 'clones'] as const;
export type BadgeMetric = (typeof BADGE_METRICS)[number];

export const METRIC_LABELS: Record<BadgeMetric, string> = {
  'stars-per-1k': 'stars per 1k views',
  'clicks-per-1k': 'clicks per 1k views',
  'stars-gained': 'stars this week',
  'downloads-week': 'downloads/week',
  'github-views': 'views (14 days)',
  clones: 'clones (14 days)',
};

/** The days each metric covers, up to today: they are fixed (no `?period=`). */
export const METRIC_WINDOW_DAYS: Record<BadgeMetric, number> = {
  'stars-per-1k': 28,
  'clicks-per-1k': 28,
  'stars-gained': 7,
  // The 7 days ending the last day a registry counted (a day or two late), within the last 28.
  'downloads-week': 7,
  'github-views': 14,
  clones: 14,
};

export function isBadgeMetric(value: string): value is BadgeMetric {
  return (BADGE_METRICS as readonly string[]).includes(value);
}

/** GitHub shows traffic only to people with push access: these badges need PUBLIC_REPORT=true. */
export function isTrafficMetric(metric: BadgeMetric): boolean {
  return metric === 'github-views' || metric === 'clones';
}

const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/**
 * The badge's message: `stars-per-1k` and `clicks-per-1k` over 28 days, `stars-gained` over 7, `downloads-week`
 * over the 7 days ending the registries' last counted day, traffic over GitHub's 14. null: no data.
 */
export function metricMessage(metric: BadgeMetric, inputs: RepoLineInputs, today: UtcDay): string | null {
  switch (metric) {
    case 'stars-per-1k': {
      const ratio = summarizeRepo('', today, inputs).ratios28.starsPer1kImpressions;
      return ratio === null ? null : oneDecimal.format(ratio);
    }
    case 'clicks-per-1k': {
      // Clicks on the repository's tracked README links, counted here: known from the first impression.
      const ratio = summarizeRepo('', today, inputs).ratios28.clicksPer1kImpressions;
      return ratio === null ? null : oneDecimal.format(ratio);
    }
    case 'stars-gained': {
      const { total, gained7: gained } = summarizeRepo('', today, inputs).stars;
      if (total === null) return null; // before the first star count: unknown, not none
      return gained > 0 ? `+${formatCount(gained)}` : gained < 0 ? `-${formatCount(-gained)}` : '0';
    }
    case 'downloads-week': {
      // The packages of PACKAGES, summed; before any registry answered, unknown rather than none.
      const { week, through } = summarizeRepo('', today, inputs).downloads;
      return through === null ? null : formatCount(week);
    }
    case 'github-views':
    case 'clones': {
      const facts = buildDailyFacts(inputs.history, [], addDays(today, -(METRIC_WINDOW_DAYS[metric] - 1)), today);
      return formatCount(facts.reduce((sum, fact) => sum + (metric === 'clones' ? fact.clones : fact.views), 0));
    }
  }
}
