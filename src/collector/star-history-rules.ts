import { addDays, latestByDay, type UtcDay } from '../dates';
import type { GitHubFailure } from '../github/failure';
import type { Conditional } from '../github/answers';
import type { StarHistoryPage } from '../github/star-history';
import type { RepoHistory } from '../history/model';
import { emptyStarHistory, type RepoStatus, type StarHistoryState } from '../records/repo-status';

/**
 * The star history's rules, pure: when it is asked, where a backfill of older pages starts and stands, and whether
 * the stored gains add up to the star count.
 */

export interface StarBackfill {
  loaded: StarHistoryPage[];
  /** The page the backfill resumes at, or null when it reached the oldest; undefined when not asked. */
  nextPage?: number | null;
  /** Why it stopped early, when a page failed. */
  failure?: GitHubFailure;
}

export const NO_BACKFILL: StarBackfill = { loaded: [] };

/** Older pages of star history one refresh may load: ~17 years of weeks, more than any repository has yet. */
export const MAX_BACKFILL_PAGES_PER_REFRESH = 30;

const STAR_HISTORY_RETRY_DAYS = 7;

/** Whether to ask for the stargazer history: always, unless GitHub said it has none less than a week ago. */
export function starHistoryDue(status: Pick<RepoStatus, 'starHistoryMissingAt'>, day: UtcDay): boolean {
  return !status.starHistoryMissingAt || addDays(status.starHistoryMissingAt.slice(0, 10), STAR_HISTORY_RETRY_DAYS) <= day;
}

/** Whether older pages of the star history are still to be loaded. */
export function backfillPending(status: Pick<RepoStatus, 'starHistory'>): boolean {
  return status.starHistory.source !== 'snapshots' && status.starHistory.backfillPage !== null;
}

/** Where a backfill starts: where the last one stopped, or after the newest page. null when nothing is older. */
export function backfillStart(status: RepoStatus, newest: Conditional<StarHistoryPage>): number | null {
  if (newest.changed && newest.value.nextPage === null) return null;
  return status.starHistory.source === 'github' ? status.starHistory.backfillPage : 2;
}

/** Where GitHub's star history stands after a refresh, and whether the stored gains add up to the star count. */
export function nextStarHistory(
  previous: RepoStatus,
  newest: Conditional<StarHistoryPage> | null | undefined,
  backfill: StarBackfill,
  merged: RepoHistory,
  starsGainedBefore = 0,
): StarHistoryState {
  if (newest === undefined) return previous.starHistory; // not asked, or failed: as it was
  if (newest === null) return { ...emptyStarHistory(), source: 'snapshots' };
  const backfillPage = backfill.nextPage !== undefined ? backfill.nextPage : backfillStart(previous, newest);
  return starHistoryAt(
    previous,
    backfillPage,
    [newest.changed ? newest.value.lastPage : null, ...backfill.loaded.map((page) => page.lastPage)],
    merged,
    starsGainedBefore,
  );
}

/** Where the star history stands after older pages were loaded on their own (a backfill between refreshes). */
export function starHistoryAfterBackfill(
  previous: RepoStatus,
  backfill: StarBackfill,
  merged: RepoHistory,
  starsGainedBefore = 0,
): StarHistoryState {
  const backfillPage = backfill.nextPage !== undefined ? backfill.nextPage : previous.starHistory.backfillPage;
  return starHistoryAt(
    previous,
    backfillPage,
    backfill.loaded.map((page) => page.lastPage),
    merged,
    starsGainedBefore,
  );
}

/**
 * The state at `backfillPage`, the page count GitHub last said, and, once every page is in, the difference.
 * `merged` may be the history from a day on; `starsGainedBefore` sums the stars gained before it.
 */
function starHistoryAt(
  previous: RepoStatus,
  backfillPage: number | null,
  lastPages: ReadonlyArray<number | null>,
  merged: RepoHistory,
  starsGainedBefore: number,
): StarHistoryState {
  const pages = lastPages.reduce<number | null>((known, page) => page ?? known, previous.starHistory.pages);
  const stars = latestByDay(merged.counts, '9999-12-31')?.value.stars;
  const gained = starsGainedBefore + Object.values(merged.starsGained).reduce((sum, n) => sum + n, 0);
  const difference = backfillPage === null && stars !== undefined ? gained - stars : null;
  return { source: 'github', backfillPage, pages, difference };
}

/** Older pages a backfill still has to load: all that GitHub said there are from where it stands, or up to the cap. */
export function backfillPagesLeft(starHistory: StarHistoryState): number {
  const { backfillPage, pages } = starHistory;
  const left = backfillPage === null ? 0 : pages === null ? MAX_BACKFILL_PAGES_PER_REFRESH : Math.max(0, pages - backfillPage + 1);
  return Math.min(left, MAX_BACKFILL_PAGES_PER_REFRESH);
}
