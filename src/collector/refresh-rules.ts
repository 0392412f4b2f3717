import { addDays, latestByDay, utcDay, type UtcDay } from '../dates';
import type { FailureKind, GitHubFailure } from '../github/failure';
import type { Conditional, DayTraffic, RepoInfo } from '../github/repo-data';
import type { HistoryUpdate } from '../history/merge';
import type { PopularItem, RepoHistory, TrafficCounts } from '../history/model';
import type { EtagKey, RepoStatus, StatusFields } from '../storage/kv-layout';

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
  /** Stars gained per day, or null where GitHub keeps no stargazer history for the repository. */
  starHistory: Step<Array<{ day: UtcDay; stars: number }> | null>;
  views: Step<Conditional<DayTraffic[]>>;
  clones: Step<Conditional<DayTraffic[]>>;
  referrers: Step<Conditional<PopularItem[]>>;
  paths: Step<Conditional<PopularItem[]>>;
}

export const STEP_NAMES: Record<keyof GitHubAnswers, string> = {
  repo: 'the repository',
  starHistory: 'the stargazer history',
  views: 'traffic views',
  clones: 'traffic clones',
  referrers: 'popular referrers',
  paths: 'popular paths',
};

const STAR_HISTORY_RETRY_DAYS = 7;
// Failures every other call of the same refresh would share: GitHub unreachable, a bad token, a rate limit, a
// deleted repository.
const SHARED_FAILURES = new Set<FailureKind>(['auth', 'rate-limited', 'timeout', 'network', 'server', 'not-found']);

export const NEEDS_TOKEN_MESSAGE =
  'Public counts only: set GITHUB_TOKEN to a token with push access (fine-grained: "Administration: read"; classic: "repo") to collect views, clones, referrers and paths.';

/** Whether to ask for the stargazer history: always, unless GitHub said it has none less than a week ago. */
export function starHistoryDue(status: RepoStatus, day: UtcDay): boolean {
  return !status.starHistoryMissingAt || addDays(status.starHistoryMissingAt.slice(0, 10), STAR_HISTORY_RETRY_DAYS) <= day;
}

/** GitHub requests a refresh will make at most: the repository, the stargazer history when due, traffic. */
export function expectedRequests(status: RepoStatus, now: number, hasToken: boolean): number {
  return 1 + (starHistoryDue(status, utcDay(now)) ? 1 : 0) + (hasToken ? 4 : 0);
}

/**
 * Whether the rest of a refresh is worth asking after the repository step. When it failed in a way the others
 * would share, they are not made: each would wait out its own timeouts and retries, and a run must end well
 * inside the cron's 15-minute limit.
 */
export function goesOn(repo: GitHubAnswers['repo']): boolean {
  return !('failure' in repo) || !SHARED_FAILURES.has(repo.failure.kind);
}

/** What the answers add to the stored history. A 304 repeats the last stored snapshot as today's. */
export function historyUpdateOf(answers: GitHubAnswers, stored: RepoHistory, day: UtcDay, breakdowns?: HistoryUpdate['breakdowns']): HistoryUpdate {
  const update: HistoryUpdate = { day, breakdowns };
  const repo = answerOf(answers.repo);
  if (repo) update.counts = repo.changed ? repo.value.counts : latestByDay(stored.counts, day)?.value;
  const stars = answerOf(answers.starHistory);
  if (stars) update.starsGained = stars;
  if (answers.views.asked || answers.clones.asked) update.traffic = combineTraffic(changedValue(answers.views) ?? [], changedValue(answers.clones) ?? []);
  for (const kind of ['referrers', 'paths'] as const) {
    const answer = answerOf(answers[kind]);
    if (answer) update[kind] = answer.changed ? answer.value : latestByDay(stored[kind], day)?.value;
  }
  return update;
}

/**
 * The status a refresh leaves, but for the history summary: what failed (in order, each saying what to do),
 * the ETags of the answers that changed, and whether GitHub keeps a stargazer history. `otherFailures` are the
 * refresh's own (the counter's impressions).
 */
export function nextStatus(
  previous: RepoStatus,
  answers: GitHubAnswers,
  context: { slug: string; hasToken: boolean; now: number; otherFailures: readonly GitHubFailure[] },
): StatusFields {
  const nowIso = new Date(context.now).toISOString();
  const steps = Object.keys(STEP_NAMES) as Array<keyof GitHubAnswers>;
  const failures = [...steps.flatMap((step) => failureOf(answers[step] as Step<unknown>) ?? []), ...context.otherFailures];
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
  };
}

function trafficState(answers: GitHubAnswers, hasToken: boolean): RepoStatus['traffic'] {
  if (!hasToken) return 'needs-token';
  const steps = [answers.views, answers.clones, answers.referrers, answers.paths];
  return steps.every((step) => step.asked && !('failure' in step)) ? 'ok' : 'error';
}

function nextEtags(previous: RepoStatus['etags'], answers: GitHubAnswers): RepoStatus['etags'] {
  const etags = { ...previous };
  for (const key of ['repo', 'views', 'clones', 'referrers', 'paths'] as const satisfies readonly EtagKey[]) {
    const answer = answerOf(answers[key] as Step<Conditional<unknown>>);
    if (answer?.changed && answer.etag) etags[key] = answer.etag;
  }
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

function failureOf<T>(step: Step<T>): GitHubFailure | undefined {
  return 'failure' in step ? step.failure : undefined;
}

function changedValue<T>(step: Step<Conditional<T>>): T | undefined {
  const answer = answerOf(step);
  return answer?.changed ? answer.value : undefined;
}
