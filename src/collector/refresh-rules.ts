import type { ReadmeChange } from '../conversions/readme-versions';
import { latestByDay, utcDay, type UtcDay } from '../dates';
import type { FailureKind, GitHubFailure } from '../github/failure';
import type { ReadmeFile } from '../github/readme';
import type { Conditional } from '../github/answers';
import type { ContributionPage } from '../github/contributions';
import type { DayTraffic, RepoInfo } from '../github/repo-data';
import type { StarHistoryPage } from '../github/star-history';
import type { HistoryUpdate } from '../history/merge';
import type { PopularItem, RepoHistory, TrafficCounts } from '../history/model';
import { thinningStart, topListPeriodStart } from '../history/top-lists';
import type { EtagKey, RepoStatus, ScheduleFields, StatusFields } from '../records/repo-status';
import { contributionsState, nextContributionsState } from './contribution-rules';
import { backfillPagesLeft, nextStarHistory, starHistoryDue, type StarBackfill } from './star-history-rules';

/**
 * The decisions of a refresh, pure: which GitHub calls it makes, what their answers add to the history, and the
 * status they leave. refresh-repo.ts does the I/O around them.
 */

/** One GitHub step of a refresh: not asked, answered, or failed (a failure is reported, never thrown). */
export type Step<T> = { asked: false } | { asked: true; answer: T } | { asked: true; failure: GitHubFailure };

export const NOT_ASKED = { asked: false } as const;

/** Every answer of one refresh, in the order the calls are made (and their failures reported). */
export interface GitHubAnswers {
  repo: Step<Conditional<RepoInfo>>;
  /** The newest page of the star history, or null where GitHub keeps none for the repository. */
  starHistory: Step<Conditional<StarHistoryPage> | null>;
  /** Older pages of the star history loaded by this refresh (the backfill), and where the next one resumes. */
  starBackfill: StarBackfill;
  views: Step<Conditional<DayTraffic[]>>;
  clones: Step<Conditional<DayTraffic[]>>;
  referrers: Step<Conditional<PopularItem[]>>;
  paths: Step<Conditional<PopularItem[]>>;
  /** The README (null: the repository has none), and the commits that changed it when it changed. */
  readme: Step<Conditional<ReadmeFile> | null>;
  readmeCommits: Step<ReadmeChange[]>;
  /** A page of the issues and pull requests updated since the last one seen. */
  contributions: Step<Conditional<ContributionPage>>;
}

export const STEP_NAMES: Record<Exclude<keyof GitHubAnswers, 'starBackfill'>, string> = {
  repo: 'the repository',
  starHistory: 'the stargazer history',
  views: 'traffic views',
  clones: 'traffic clones',
  referrers: 'popular referrers',
  paths: 'popular paths',
  readme: 'the README',
  readmeCommits: 'the README commits',
  contributions: 'issues and pull requests',
};

/**
 * Pages of README commits (100 each) a refresh reads when the README changed: the last 100 changes are versions
 * enough, and every refresh reserves them in its budget.
 */
export const README_COMMIT_PAGES = 1;

// Failures every other call of the same refresh would share: GitHub unreachable, a bad token, a rate limit, a
// deleted repository.
const SHARED_FAILURES = new Set<FailureKind>(['auth', 'rate-limited', 'timeout', 'network', 'server', 'not-found']);

export const NEEDS_TOKEN_MESSAGE =
  'Public counts only: set GITHUB_TOKEN to a token with push access (fine-grained: "Administration: read"; classic: "repo") to collect views, clones, referrers and paths.';

/**
 * GitHub requests a refresh makes: `base` at most (the repository, the newest page of star history when due,
 * traffic), and up to `backfillPages` more while older star-history pages are known to be left. A repository
 * whose history was never asked reserves none: most have one page or none, and the newest page says.
 */
export function plannedRequests(status: ScheduleFields, now: number, hasToken: boolean): { base: number; backfillPages: number } {
  const starsDue = starHistoryDue(status, utcDay(now));
  return {
    // The repository, the README (a 304 while unchanged) and, when it changed, its commits, and a page of issues
    // (asked when the repository changed: reserved all the same).
    base: 1 + (starsDue ? 1 : 0) + (hasToken ? 4 : 0) + 1 + README_COMMIT_PAGES + 1,
    backfillPages: starsDue && status.starHistory.source === 'github' ? backfillPagesLeft(status.starHistory) : 0,
  };
}

/**
 * Whether the rest of a refresh is worth asking after the repository step. When it failed in a way the others
 * would share, they are not made: each would wait out its own timeouts and retries, and a run must end well
 * inside the cron's 15-minute limit.
 */
export function goesOn(repo: GitHubAnswers['repo']): boolean {
  return !('failure' in repo) || !SHARED_FAILURES.has(repo.failure.kind);
}

/**
 * What the answers add to the stored history, with the star history's days from `starsFrom` on (those before are
 * merged apart). A 304 repeats the last stored snapshot as today's.
 */
export function historyUpdateOf(
  answers: GitHubAnswers,
  stored: RepoHistory,
  day: UtcDay,
  breakdowns?: HistoryUpdate['breakdowns'],
  starsFrom: UtcDay = '',
): HistoryUpdate {
  const update: HistoryUpdate = { day, breakdowns };
  const repo = answerOf(answers.repo);
  if (repo) update.counts = repo.changed ? repo.value.counts : latestByDay(stored.counts, day)?.value;
  // GitHub's buckets are stars still held, so its latest answer replaces the days it covers (see mergeHistory).
  const starsGained = starsGainedOf(answers, day);
  if (starsGained) update.starsGained = starsGained.filter((gain) => gain.day >= starsFrom);
  if (answers.views.asked || answers.clones.asked)
    update.traffic = combineTraffic(changedValue(answers.views) ?? [], changedValue(answers.clones) ?? []);
  for (const kind of ['referrers', 'paths'] as const) {
    const answer = answerOf(answers[kind]);
    if (answer) update[kind] = answer.changed ? answer.value : latestByDay(stored[kind], day)?.value;
  }
  return update;
}

/**
 * Whether the answers bring nothing the history lacks: every step answered 304 (unchanged), failed or was not
 * asked, no older star pages were asked and no breakdowns came with them. Such a refresh reads, merges and
 * rewrites none of the history: what a 304 would add is a repeat of the last snapshot and lists, which every
 * figure already reads as still current (the latest snapshot up to a day).
 */
export function bringsNothingNew(answers: GitHubAnswers, breakdowns?: HistoryUpdate['breakdowns']): boolean {
  const { starBackfill, readmeCommits, ...steps } = answers;
  const unchanged = (step: Step<Conditional<unknown> | null>) => !('answer' in step) || (step.answer !== null && !step.answer.changed);
  return (
    breakdowns === undefined &&
    starBackfill.loaded.length === 0 &&
    starBackfill.nextPage === undefined &&
    !readmeCommits.asked &&
    Object.values(steps).every(unchanged)
  );
}

/**
 * The first day of its history a refresh reads: every day its traffic answers can change (GitHub's 14 days), the
 * days its figures need (`factsFrom`), and the top lists it may thin, from the start of a 14-day period. Days
 * before it stay as they are, so a refresh costs the same for a year of history or three. The star history's
 * days before it (a page spans 30 weeks) are merged into their rows apart, unread.
 */
export function refreshWindowStart(answers: GitHubAnswers, factsFrom: UtcDay, day: UtcDay): UtcDay {
  const answered = [changedValue(answers.views), changedValue(answers.clones)]
    .map((days) => days?.map((row) => row.day).sort()[0])
    .filter((first): first is UtcDay => first !== undefined);
  const earliest = [factsFrom, thinningStart(day), ...answered].sort()[0] as UtcDay;
  return topListPeriodStart(earliest);
}

/** The stars gained per day the answers' star-history pages give, up to `day`; undefined when no page came. */
export function starsGainedOf(answers: GitHubAnswers, day: UtcDay): Array<{ day: UtcDay; stars: number }> | undefined {
  const newest = answerOf(answers.starHistory);
  const pages = [...(newest?.changed ? [newest.value] : []), ...answers.starBackfill.loaded];
  return pages.length > 0 ? pages.flatMap((page) => page.days).filter((gain) => gain.day <= day) : undefined;
}

/**
 * The status a refresh leaves, but for the history summary: what failed (in order, each saying what to do),
 * the ETags of the answers that changed, and whether GitHub keeps a stargazer history. `otherFailures` are the
 * refresh's own (the counter's impressions).
 */
export function nextStatus(
  previous: RepoStatus,
  answers: GitHubAnswers,
  // `merged`: the history the answers were merged into; none when they brought nothing new (the star history's
  // state is then as it was).
  context: {
    slug: string;
    hasToken: boolean;
    now: number;
    otherFailures: readonly GitHubFailure[];
    merged?: RepoHistory;
    starsGainedBefore?: number;
  },
): StatusFields {
  const nowIso = new Date(context.now).toISOString();
  const { repo, starHistory, starBackfill, views, clones, referrers, paths, readme, readmeCommits, contributions } = answers;
  const inOrder = [
    failureOf(repo),
    failureOf(starHistory),
    starBackfill.failure,
    failureOf(views),
    failureOf(clones),
    failureOf(referrers),
    failureOf(paths),
    failureOf(readme),
    failureOf(readmeCommits),
    failureOf(contributions),
  ];
  const failures = [...inOrder.filter((failure): failure is GitHubFailure => failure !== undefined), ...context.otherFailures];
  const info = answerOf(answers.repo);
  const renamedTo = info?.changed && info.value.fullName !== context.slug ? info.value.fullName : null;
  const traffic = trafficState(answers, context.hasToken);

  const messages = failures.map((failure) => failure.message);
  if (renamedTo) messages.unshift(`GitHub redirects ${context.slug} to ${renamedTo}: the repository was renamed or moved; update REPOS.`);
  if (traffic === 'needs-token') messages.push(NEEDS_TOKEN_MESSAGE);
  const ok = failures.length === 0 && renamedTo === null;
  return {
    state: ok ? 'ok' : 'error',
    message: messages.length > 0 ? messages.join(' ') : null,
    traffic,
    lastRefreshAt: nowIso,
    lastSuccessAt: ok ? nowIso : previous.lastSuccessAt,
    etags: nextEtags(previous.etags, answers),
    starHistoryMissingAt: answerOf(answers.starHistory) === null ? nowIso : previous.starHistoryMissingAt,
    starHistory: context.merged
      ? nextStarHistory(previous, answerOf(answers.starHistory), answers.starBackfill, context.merged, context.starsGainedBefore)
      : previous.starHistory,
    readme: nextReadmeOf(previous, answers),
    readmeVersion: previous.readmeVersion,
    contributions: nextContributionsState(contributionsState(previous.contributions, utcDay(context.now)), answerOf(contributions)),
    announcedEvents: previous.announcedEvents,
  };
}

/** The README's commits as last read; kept as they were while the README is unchanged (a 304) or a read failed. */
export function nextReadmeOf(previous: RepoStatus, answers: GitHubAnswers): RepoStatus['readme'] {
  const readme = answerOf(answers.readme);
  if (readme === null) return null;
  const changes = answerOf(answers.readmeCommits);
  if (!readme?.changed || changes === undefined) return previous.readme;
  return { path: readme.value.path, sha: readme.value.sha, changes };
}

function trafficState(answers: GitHubAnswers, hasToken: boolean): RepoStatus['traffic'] {
  if (!hasToken) return 'needs-token';
  const steps = [answers.views, answers.clones, answers.referrers, answers.paths];
  return steps.every((step) => step.asked && !('failure' in step)) ? 'ok' : 'error';
}

function nextEtags(previous: RepoStatus['etags'], answers: GitHubAnswers): RepoStatus['etags'] {
  const etags = { ...previous };
  const keys = [
    'repo',
    'starHistory',
    'views',
    'clones',
    'referrers',
    'paths',
    'readme',
    'contributions',
  ] as const satisfies readonly EtagKey[];
  for (const key of keys) {
    const answer = answerOf(answers[key] as Step<Conditional<unknown> | null>);
    if (answer?.changed && answer.etag) etags[key] = answer.etag;
  }
  // The README's ETag stands for its commits too: kept only once they were read, so a failed read is retried.
  if ('failure' in answers.readmeCommits) delete etags.readme;
  return etags;
}

/** Views and clones of the same days, side by side; a day missing from one side counts 0 there (merges keep the max). */
function combineTraffic(views: DayTraffic[], clones: DayTraffic[]): Array<TrafficCounts & { day: UtcDay }> {
  const days = new Map<UtcDay, TrafficCounts & { day: UtcDay }>();
  const row = (day: UtcDay) => days.get(day) ?? { day, views: 0, viewUniques: 0, clones: 0, cloneUniques: 0 };
  for (const view of views) days.set(view.day, { ...row(view.day), views: view.count, viewUniques: view.uniques });
  for (const clone of clones) days.set(clone.day, { ...row(clone.day), clones: clone.count, cloneUniques: clone.uniques });
  return [...days.values()];
}

function answerOf<T>(step: Step<T>): T | undefined {
  return 'answer' in step ? step.answer : undefined;
}

function failureOf(step: Step<unknown>): GitHubFailure | undefined {
  return 'failure' in step ? step.failure : undefined;
}

function changedValue<T>(step: Step<Conditional<T>>): T | undefined {
  const answer = answerOf(step);
  return answer?.changed ? answer.value : undefined;
}
