import { computeRatios, type ConversionRatios } from '../conversions/ratios';
import type { RepoSummary } from './repo-summary';

/** An owner's repositories added up: the org-wide line of the report table. Pure. */
export interface OwnerTotals {
  owner: string;
  repositories: number;
  readmeImpressions28: number;
  views28: number;
  viewUniques28: number;
  starsGained28: number;
  forksGained28: number;
  linkClicks28: number;
  watchersGained28: number;
  /** Issues and pull requests opened, and those by people new to their repository. */
  contributions28: number;
  firstContributions28: number;
  downloads28: number;
  ratios28: ConversionRatios;
}

export function totalsByOwner(summaries: readonly RepoSummary[]): OwnerTotals[] {
  const byOwner = new Map<string, RepoSummary[]>();
  for (const summary of summaries) {
    const owner = summary.repo.split('/')[0] ?? '';
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), summary]);
  }
  return [...byOwner].map(([owner, lines]) => {
    const sum = (pick: (line: RepoSummary) => number) => lines.reduce((total, line) => total + pick(line), 0);
    const totals = {
      readmeImpressions: sum((line) => line.impressions.last28),
      views: sum((line) => line.github.views28),
      viewUniques: sum((line) => line.github.viewUniques28),
      clones: sum((line) => line.github.clones28),
      cloneUniques: sum((line) => line.github.cloneUniques28),
      starsGained: sum((line) => line.stars.gained28),
      forksGained: sum((line) => line.forks.gained28),
      linkClicks: sum((line) => line.links.clicks28),
      // Readers are counted once a day per repository: across repositories they are not unique, so not summed.
      linkClickers: 0,
      watchersGained: sum((line) => line.watchers.gained28),
      issuesOpened: sum((line) => line.contributions.issues28),
      pullsOpened: sum((line) => line.contributions.pulls28),
      firstContributions: sum((line) => line.contributions.firstTimers28),
      downloads: sum((line) => line.downloads.last28),
    };
    return {
      owner,
      repositories: lines.length,
      readmeImpressions28: totals.readmeImpressions,
      views28: totals.views,
      viewUniques28: totals.viewUniques,
      starsGained28: totals.starsGained,
      forksGained28: totals.forksGained,
      linkClicks28: totals.linkClicks,
      watchersGained28: totals.watchersGained,
      contributions28: totals.issuesOpened + totals.pullsOpened,
      firstContributions28: totals.firstContributions,
      downloads28: totals.downloads,
      ratios28: computeRatios(totals),
    };
  });
}
