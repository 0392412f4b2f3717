import { type RepoHistory, type TrafficCounts } from '../history/model';
import { mergeHistory, type HistoryUpdate } from '../history/merge';
import { summarizeHistory, summaryStart } from '../history/summary';
import { counterFor } from '../counter/counter-client';
import type { RepoCounter } from '../counter/repo-counter';
import { addDays, utcDay, type UtcDay } from '../dates';
import type { GitHubClient } from '../github/client';
import { describeFailure, type FailureKind, type GitHubFailure } from '../github/failure';
import { getPopular, getRepoInfo, getStarHistory, getTraffic, type DayTraffic } from '../github/repo-data';
import { repoSlug, type RepoRef } from '../repos';
import { readHistory, writeHistory, writeStatus, type RepoStatus } from '../storage/kv-layout';

export interface RefreshDeps {
  kv: KVNamespace;
  counter: DurableObjectNamespace<RepoCounter>;
  github: GitHubClient;
  hasToken: boolean;
  /** One JSON line per failed step (repository, step, kind, status); never a token or an IP. */
  log?: (entry: Record<string, unknown>) => void;
}

export interface RefreshOutcome {
  repo: string;
  state: RepoStatus['state'];
  message: string | null;
  historyWritten: boolean;
}

const SHARED_FAILURES = new Set<FailureKind>(['auth', 'rate-limited', 'timeout', 'network', 'server', 'not-found']);
const STAR_HISTORY_RETRY_DAYS = 7;
export const NEEDS_TOKEN_MESSAGE =
  'Public counts only: set GITHUB_TOKEN to a token with push access (fine-grained: "Administration: read"; classic: "repo") to collect views, clones, referrers and paths.';

/**
 * Refreshes one repository: GitHub's counts and traffic (conditional requests), merged into its history, and
 * its conversion ratios. Every GitHub step fails on its own; a failure becomes the status message and never
 * removes stored data. At most two KV writes: the history (only if it changed) and the status.
 */
/** GitHub requests a refresh will make at most: the repository, the stargazer history when due, traffic. */
export function expectedRequests(status: RepoStatus, now: number, hasToken: boolean): number {
  return 1 + (starHistoryDue(status, utcDay(now)) ? 1 : 0) + (hasToken ? 4 : 0);
}

function starHistoryDue(status: RepoStatus, day: UtcDay): boolean {
  return !status.starHistoryMissingAt || addDays(status.starHistoryMissingAt.slice(0, 10), STAR_HISTORY_RETRY_DAYS) <= day;
}

export async function refreshRepo(
  deps: RefreshDeps,
  ref: RepoRef,
  status: RepoStatus,
  now: number,
  breakdowns?: HistoryUpdate['breakdowns'],
): Promise<RefreshOutcome> {
  const day = utcDay(now);
  const nowIso = new Date(now).toISOString();
  let stored: RepoHistory;
  try {
    stored = await readHistory(deps.kv, ref);
  } catch (error) {
    const message = `Stored history is unreadable and was left as it is (${(error as Error).message}).`;
    await writeStatus(deps.kv, ref, { ...status, state: 'error', message, lastRefreshAt: nowIso });
    return { repo: repoSlug(ref), state: 'error', message, historyWritten: false };
  }

  const failures: GitHubFailure[] = [];
  const attempt = async <T>(what: string, call: () => Promise<T>): Promise<T | undefined> => {
    const started = Date.now();
    try {
      return await call();
    } catch (error) {
      const failure = describeFailure(error, what);
      failures.push(failure);
      deps.log?.({
        level: 'warn',
        message: 'github step failed',
        repo: repoSlug(ref),
        step: what,
        kind: failure.kind,
        status: failure.status ?? null,
        ms: Date.now() - started,
        githubRateLimitRemaining: failure.rateLimitRemaining,
      });
      return undefined;
    }
  };
  const etags = { ...status.etags };
  const update: HistoryUpdate = { day, breakdowns };
  let renamedTo: string | null = null;

  const info = await attempt('the repository', () => getRepoInfo(deps.github, ref, status.etags.repo));
  // When the first call fails in a way the others would share (GitHub unreachable, a bad token, a rate limit, a
  // deleted repository), the others are not made: each would wait out its own timeouts and retries, and a
  // run must end well inside the cron's 15-minute limit.
  const goOn = info !== undefined || !SHARED_FAILURES.has(failures[0]?.kind ?? 'malformed');
  if (info?.changed) {
    update.counts = info.value.counts;
    if (info.etag) etags.repo = info.etag;
    if (info.value.fullName !== repoSlug(ref)) renamedTo = info.value.fullName;
  } else if (info) {
    update.counts = latest(stored.counts); // 304: the same counts as last seen, today's snapshot
  }

  let starHistoryMissingAt = status.starHistoryMissingAt;
  const askStarHistory = goOn && starHistoryDue(status, day);
  if (askStarHistory) {
    const history = await attempt('the stargazer history', () => getStarHistory(deps.github, ref));
    if (history === null) starHistoryMissingAt = nowIso;
    else if (history) update.starsGained = history;
  }

  let traffic: RepoStatus['traffic'] = 'ok';
  if (!deps.hasToken) {
    traffic = 'needs-token';
  } else if (!goOn) {
    traffic = 'error';
  } else {
    const failuresBefore = failures.length;
    const views = await attempt('traffic views', () => getTraffic(deps.github, ref, 'views', status.etags.views));
    const clones = await attempt('traffic clones', () => getTraffic(deps.github, ref, 'clones', status.etags.clones));
    update.traffic = combineTraffic(views?.changed ? views.value : [], clones?.changed ? clones.value : []);
    if (views?.changed && views.etag) etags.views = views.etag;
    if (clones?.changed && clones.etag) etags.clones = clones.etag;
    const referrers = await attempt('popular referrers', () => getPopular(deps.github, ref, 'referrers', status.etags.referrers));
    const paths = await attempt('popular paths', () => getPopular(deps.github, ref, 'paths', status.etags.paths));
    update.referrers = referrers?.changed ? referrers.value : referrers ? latest(stored.referrers) : undefined;
    update.paths = paths?.changed ? paths.value : paths ? latest(stored.paths) : undefined;
    if (referrers?.changed && referrers.etag) etags.referrers = referrers.etag;
    if (paths?.changed && paths.etag) etags.paths = paths.etag;
    if (failures.length > failuresBefore) traffic = 'error';
  }

  const { history, changed } = mergeHistory(stored, update);
  if (changed) await writeHistory(deps.kv, ref, history);

  const impressions = await counterFor(deps.counter, ref)
    .dailyViews(summaryStart(day), day)
    .catch((error: unknown) => {
      failures.push(describeFailure(error, 'README impressions'));
      return [];
    });

  const messages = failures.map((failure) => failure.message);
  if (renamedTo) messages.unshift(`GitHub redirects ${repoSlug(ref)} to ${renamedTo}: the repository was renamed or moved; update REPOS.`);
  if (traffic === 'needs-token') messages.push(NEEDS_TOKEN_MESSAGE);
  const ok = failures.length === 0 && renamedTo === null;
  const next: RepoStatus = {
    state: ok ? 'ok' : 'error',
    message: messages.length > 0 ? messages.join(' ') : null,
    traffic,
    lastRefreshAt: nowIso,
    lastSuccessAt: ok ? nowIso : status.lastSuccessAt,
    etags,
    starHistoryMissingAt,
    ...summarizeHistory(history, impressions, day),
  };
  await writeStatus(deps.kv, ref, next);
  return { repo: repoSlug(ref), state: next.state, message: next.message, historyWritten: changed };
}

/** Views and clones of the same days, side by side; a day missing from one side counts 0 there (merges keep the max). */
function combineTraffic(views: DayTraffic[], clones: DayTraffic[]): Array<TrafficCounts & { day: UtcDay }> {
  const days = new Map<UtcDay, TrafficCounts & { day: UtcDay }>();
  const row = (day: UtcDay) => days.get(day) ?? { day, views: 0, viewUniques: 0, clones: 0, cloneUniques: 0 };
  for (const view of views) days.set(view.day, { ...row(view.day), views: view.count, viewUniques: view.uniques });
  for (const clone of clones) days.set(clone.day, { ...row(clone.day), clones: clone.count, cloneUniques: clone.uniques });
  return [...days.values()];
}

function latest<T>(byDay: Record<UtcDay, T>): T | undefined {
  const days = Object.keys(byDay).sort();
  const last = days[days.length - 1];
  return last === undefined ? undefined : byDay[last];
}
