import { addDays, type UtcDay } from '../dates';
import type { Conditional } from '../github/answers';
import type { Contribution, ContributionPage } from '../github/contributions';
import type { GitHubAnswers } from './refresh-rules';

/**
 * Where the collector stands in a repository's issues and pull requests: the first day it counts (`from`), and the
 * update time the next request lists from (`since`). Pure.
 */
export interface ContributionsState {
  from: UtcDay;
  since: string;
  /** The last page was full: more are listed from `since` at the next refresh, whatever the repository answers. */
  more?: boolean;
}

/**
 * Days before the first refresh that are counted whole: every issue opened since then was updated since then, so
 * a first request listing updates from that day's start finds them all. 28 days, the report's window.
 */
export const CONTRIBUTIONS_LOOKBACK_DAYS = 28;

/**
 * Whether a refresh lists the issues: on its first, while pages are left, and whenever the repository's answer
 * changed. An issue or pull
 * request opened changes the repository's `open_issues_count`, so a `304` for the repository means there is
 * nothing new to list, and the refresh that saw it asks no more. One opened while another closed can leave the
 * count as it was: the listing resumes from its cursor at the next change, so such an issue is late, never lost,
 * and counted on the day it was opened all the same.
 */
export function contributionsDue(stored: ContributionsState | null | undefined, repo: GitHubAnswers['repo']): boolean {
  if (!stored || stored.more) return true;
  return 'answer' in repo && repo.answer.changed;
}

/** Where a repository's listing starts: the stored state, or, on its first refresh, CONTRIBUTIONS_LOOKBACK_DAYS back. */
export function contributionsState(stored: ContributionsState | null | undefined, day: UtcDay): ContributionsState {
  if (stored) return stored;
  const from = addDays(day, -(CONTRIBUTIONS_LOOKBACK_DAYS - 1));
  return { from, since: `${from}T00:00:00Z` };
}

/**
 * What a page adds: the issues and pull requests opened from the state's first day up to `day`. Those opened
 * before it show up when updated, and are not counted: their days were never counted whole.
 */
export function contributionsToStore(state: ContributionsState, page: ContributionPage, day: UtcDay): Contribution[] {
  return page.items.filter((item) => item.day >= state.from && item.day <= day);
}

/**
 * The state after an answer: the next request lists from the last update this one saw (GitHub's `since` includes
 * it, so an item updated in the same second is listed again and stored once). A full page whose items all share
 * one update time moves on a second, or it would be asked again forever. A 304 or a failure leaves it as it was.
 */
export function nextContributionsState(state: ContributionsState, answer: Conditional<ContributionPage> | undefined): ContributionsState {
  if (!answer?.changed || answer.value.lastUpdatedAt === null) return state;
  const last = answer.value.lastUpdatedAt;
  const stuck = answer.value.full && Date.parse(last) <= Date.parse(state.since);
  const since = stuck ? new Date(Date.parse(last) + 1000).toISOString().replace('.000Z', 'Z') : last;
  return answer.value.full ? { from: state.from, since, more: true } : { from: state.from, since };
}
