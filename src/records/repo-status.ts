import type { latestEventOf } from '../conversions/bursts';
import type { CurrentVersion, ReadmeChange } from '../conversions/readme-versions';
import type { HistorySummary } from '../conversions/summary';
import type { ContributionsState } from '../collector/contribution-rules';
import type { UtcDay } from '../dates';
import type { PackagesState } from '../packages/download-rules';

// A repository's status: how its last refresh went, where its star history stands, its README versions, and the
// summary of its history that the report table reads. Kept by the repository's object (counter/repo-counter.ts).

export type EtagKey = 'repo' | 'starHistory' | 'views' | 'clones' | 'referrers' | 'paths' | 'readme' | 'contributions';

/** A repository's refresh status, as the collector leaves it; the summary of its history comes with it. */
export interface StatusFields {
  /** `ok` when every step of the last refresh worked; `error` with a message saying what to do otherwise. */
  state: 'ok' | 'error';
  message: string | null;
  /** GitHub traffic needs a token with push access: `needs-token` says it is missing. */
  traffic: 'ok' | 'needs-token' | 'error';
  lastRefreshAt: string | null;
  lastSuccessAt: string | null;
  etags: Partial<Record<EtagKey, string>>;
  /** When GitHub last said it has no stargazer history for this repository (the collector then asks weekly). */
  starHistoryMissingAt: string | null;
  starHistory: StarHistoryState;
  /** The README and the commits that changed it (README versions), or null where there is none or not yet known. */
  readme: { path: string; sha: string; changes: ReadmeChange[] } | null;
  /** The live README version and its verdict against the previous one, as of the last refresh. */
  readmeVersion: CurrentVersion | null;
  /** Where the collector stands in the issues and pull requests (statuses written before they were counted have none). */
  contributions?: ContributionsState | null;
  /** Where each of the repository's packages (PACKAGES) stands: last asked, last failure. */
  packages?: PackagesState;
  /** First days of the star bursts and traffic spikes already announced to the webhook (the last 20). */
  announcedEvents: UtcDay[];
  /** The latest of them, explained, for the dashboard's answers (statuses written before it was kept have none). */
  latestEvent?: LatestEvent | null;
}

/** A star burst or traffic spike, as the dashboard says it: its days, what stood out, and its summary. */
export type LatestEvent = NonNullable<ReturnType<typeof latestEventOf>>;

/** GitHub's star history for a repository, and how far its pages are loaded. */
export interface StarHistoryState {
  /** Where stars gained per day come from: GitHub's history, or daily snapshots of the count where it has none. */
  source: 'github' | 'snapshots' | 'unknown';
  /** The next older page to load (the newest, page 1, is asked every refresh), or null once every page is in. */
  backfillPage: number | null;
  /** How many pages GitHub had at its last full answer, when it said. */
  pages: number | null;
  /** Stored stars gained, summed, minus `stargazers_count`, once every page is in (0 when they agree). */
  difference: number | null;
}

export function emptyStarHistory(): StarHistoryState {
  return { source: 'unknown', backfillPage: 2, pages: null, difference: null };
}

/** What the cron run plans a refresh with: a small part of the status, not its summary. */
export type ScheduleFields = Pick<StatusFields, 'lastRefreshAt' | 'traffic' | 'starHistory' | 'starHistoryMissingAt'>;

/** `status:` keys: the refresh status and the summary of the history (all the report table reads). */
export interface RepoStatus extends StatusFields, HistorySummary {}

export function emptyStatus(): RepoStatus {
  return {
    state: 'ok',
    message: null,
    traffic: 'ok',
    lastRefreshAt: null,
    lastSuccessAt: null,
    etags: {},
    starHistoryMissingAt: null,
    starHistory: emptyStarHistory(),
    readme: null,
    readmeVersion: null,
    contributions: null,
    announcedEvents: [],
    latestEvent: null,
    daily: [],
    counts: null,
  };
}
