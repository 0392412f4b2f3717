import { perThousand } from '../rates';
import { show } from './format';
import type { RepoSummary } from '../report/repo-summary';

/**
 * A repository's funnel over the report table's 28 days, as the dashboard draws it: README impressions, then what
 * readers went on to do, each with its count per 1,000 impressions. Package downloads stand beside it: many come
 * from people who never saw the README. Pure.
 */
export interface FunnelStep {
  label: string;
  count: number | null;
  per1kImpressions: number | null;
  /** Bar length, 0 to 1, on a log scale of the impressions: the steps differ by orders of magnitude. */
  share: number;
  detail?: string;
}

export function funnelOf(line: RepoSummary): { steps: FunnelStep[]; downloads: FunnelStep } {
  const impressions = line.impressions.last28;
  const step = (label: string, count: number | null, detail?: string): FunnelStep => ({
    label,
    count,
    per1kImpressions: count === null ? null : perThousand(count, impressions),
    share: count === null || count <= 0 || impressions <= 0 ? 0 : Math.min(1, Math.log10(1 + count) / Math.log10(1 + impressions)),
    ...(detail ? { detail } : {}),
  });
  // Stars and forks are unknown, not none, before the collector's first count.
  const counted = line.stars.total !== null;
  const contributions = line.contributions.issues28 + line.contributions.pulls28;
  return {
    steps: [
      { ...step('README impressions', impressions), share: impressions > 0 ? 1 : 0 },
      step('Link clicks', line.links.clicks28),
      step('New stars', counted ? line.stars.gained28 : null),
      step('New forks', counted ? line.forks.gained28 : null),
      step('Unique cloners', line.github.cloneUniques28, 'daily unique cloners, summed'),
      step('First contributions', line.contributions.firstTimers28, `of ${show(contributions)} issues and pull requests opened`),
    ],
    downloads: step(
      'Package downloads',
      line.downloads.through === null ? null : line.downloads.last28,
      line.downloads.through === null ? 'no PACKAGES set' : `${show(line.downloads.week)} in the week to ${line.downloads.through}`,
    ),
  };
}
