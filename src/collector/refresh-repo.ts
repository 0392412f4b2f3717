import { detectBursts, freshFrom, isToAnnounce, latestEventOf, type BurstEvent } from '../conversions/bursts';
import { sumFacts, type FactTotals } from '../conversions/ratios';
import {
  buildVersions,
  currentVersionDays,
  currentVersionOf,
  totalsOver,
  type CurrentVersion,
  type ReadmeChange,
} from '../conversions/readme-versions';
import { addDays, utcDay, type UtcDay } from '../dates';
import type { GitHubClient, GitHubClientOptions } from '../github/client';
import { describeFailure, type GitHubFailure, type SignedInWith } from '../github/failure';
import { listContributionsSince } from '../github/contributions';
import { getReadme, listReadmeChanges } from '../github/readme';
import { getPopular, getRepoInfo, getTraffic } from '../github/repo-data';
import { getStarHistoryPage, MAX_STAR_HISTORY_PAGE, type StarHistoryPage } from '../github/star-history';
import { buildDailyFacts, type DailyFacts, type OwnDays } from '../history/daily-facts';
import type { DailyViews } from '../views';
import { mergeHistory, type HistoryUpdate } from '../history/merge';
import { summaryStart } from '../conversions/summary';
import { thinningStart, topListPeriodStart } from '../history/top-lists';
import type { Log } from '../log';
import { repoSlug, type RepoRef } from '../repos';
import type { RepoStatus, StatusFields } from '../records/repo-status';
import { downloadsFrom, nextPackagesState, packageMessages, packagesDue, type PackagesState } from '../packages/download-rules';
import type { PackageRef } from '../packages/package-list';
import { DownloadsFailure, fetchDownloads, type RegistryApis } from '../packages/registry-downloads';
import { saveWithSummary, type KeptMonths, type RepoRecords } from '../records/repo-records';
import {
  bringsNothingNew,
  goesOn,
  starsGainedOf,
  historyUpdateOf,
  nextStatus,
  NOT_ASKED,
  nextReadmeOf,
  README_COMMIT_PAGES,
  refreshWindowStart,
  STEP_NAMES,
  type GitHubAnswers,
  type Step,
} from './refresh-rules';
import { contributionsDue, contributionsState, contributionsToStore } from './contribution-rules';
import {
  backfillPending,
  backfillStart,
  NO_BACKFILL,
  starHistoryAfterBackfill,
  starHistoryDue,
  type StarBackfill,
} from './star-history-rules';

export interface RefreshDeps {
  github: GitHubClient;
  hasToken: boolean;
  /** What the token is, for what a 401 or 403 tells the maintainer to do; a personal token if absent. */
  signedInWith?: SignedInWith;
  /** The repository's records: its own rows when the refresh runs in its object. */
  records: RepoRecords;
  /** One JSON line per failed step (repository, step, kind, status); never a token or an IP. */
  log?: Log;
}

export interface RefreshOutcome {
  repo: string;
  state: RepoStatus['state'];
  message: string | null;
  /** Whether the history was written; the status always is (its refresh time changes). */
  historyWritten: boolean;
  /** Older star-history pages are still to be loaded: the next run resumes here. */
  backfillPending: boolean;
  /** Star bursts or traffic spikes this refresh found, to announce. */
  newEvents: BurstEvent[];
  /** Rows the repository's object wrote (the history's changed days and the status). */
  rowsWritten: number;
}

const MAX_ANNOUNCED = 20;

/**
 * What the cron run asks of a repository's object: the breakdowns it fetched, older pages it may load, GitHub, and
 * the repository's packages (PACKAGES) with the registries to ask.
 */
export interface RefreshRequest {
  breakdowns?: HistoryUpdate['breakdowns'];
  backfillPages?: number;
  github: GitHubClientOptions;
  packages?: PackageRef[];
  registries?: RegistryApis;
}

/** What a refresh learned from GitHub and the registries, before the rest of it is merged into the history. */
export interface RefreshAnswers {
  answers: GitHubAnswers;
  packages: PackagesState | undefined;
  /** The answers leave the history as it is (every step 304, failed or not asked): mergeAnswers only notes the refresh. */
  bringNothingNew: boolean;
  /** The first day of the history mergeAnswers reads (refreshWindowStart). */
  windowStart: UtcDay;
  /** Rows written at once: the star history's days before that window. */
  rowsWritten: number;
  /** The README versions' days before that window, which mergeAnswers sums (none when it reads nothing). */
  versionDaysBefore: Array<{ from: UtcDay; to: UtcDay }>;
  /** Whether their whole months are not all kept yet (RepoRecords.totalsKept). */
  totalsPending: boolean;
}

/**
 * Refreshes one repository: GitHub's counts and traffic (conditional requests), merged into its history, and
 * its conversion ratios. Every GitHub step fails on its own; a failure becomes the status message and never
 * removes stored data. The history is read once GitHub has answered, and what is merged into it is saved with no
 * wait in between. The decisions are refresh-rules.ts's; this is their I/O. In one go: askForRefresh, then
 * mergeAnswers (which a Durable Object can run as an invocation of their own).
 */
export async function refreshRepo(
  deps: RefreshDeps,
  ref: RepoRef,
  status: RepoStatus,
  now: number,
  options: Omit<RefreshRequest, 'github'> = {},
): Promise<RefreshOutcome> {
  return mergeAnswers(deps, ref, status, await askForRefresh(deps, ref, status, now, options), now, options);
}

/**
 * A refresh's questions: GitHub's answers, and the registries' downloads of its packages, which are merged into
 * their rows at once (as are new issues and pull requests: each is stored once, by its number). The status and
 * the history are left to mergeAnswers: a refresh cut short after this only asks again.
 */
export async function askForRefresh(
  deps: RefreshDeps,
  ref: RepoRef,
  status: RepoStatus,
  now: number,
  options: Omit<RefreshRequest, 'github'> = {},
): Promise<RefreshAnswers> {
  const day = utcDay(now);
  const answers = await askGitHub(deps, ref, status, day, options.backfillPages ?? 0);
  const packages = await collectDownloads(deps, ref, status, day, options);
  // Stored at once, before the figures that count them: each is stored once by its number, so a refresh cut short
  // before its status is saved only lists them again.
  const contributions = 'answer' in answers.contributions ? answers.contributions.answer : undefined;
  if (contributions?.changed)
    await deps.records.addContributions(contributionsToStore(contributionsState(status.contributions, day), contributions.value, day));
  // So are the star history's days before the window mergeAnswers reads (a page spans 30 weeks, the window the
  // 90 days a refresh summarizes): GitHub's latest answer replaces the days it covers, so storing them again is a no-op.
  const windowStart = refreshWindowStart(answers, summaryStart(day), day);
  const rowsWritten = await storeStarsBefore(deps.records, windowStart, starsGainedOf(answers, day));
  const bringNothingNew = bringsNothingNew(answers, options.breakdowns);
  const versionDays = bringNothingNew ? [] : versionDaysBefore(nextReadmeOf(status, answers)?.changes ?? [], windowStart, now);
  let totalsPending = false;
  for (const days of versionDays) if (!(await deps.records.totalsKept(days.from, days.to))) totalsPending = true;
  return { answers, packages, bringNothingNew, windowStart, rowsWritten, versionDaysBefore: versionDays, totalsPending };
}

/**
 * Merges a refresh's answers into the history and saves it with the status: the changed rows, the summary, the
 * live README version, and the events to announce. `status` is the one the answers were asked with.
 */
export async function mergeAnswers(
  deps: RefreshDeps,
  ref: RepoRef,
  status: RepoStatus,
  asked: RefreshAnswers,
  now: number,
  options: Pick<RefreshRequest, 'breakdowns'> = {},
): Promise<RefreshOutcome> {
  const day = utcDay(now);
  const { answers, packages, windowStart } = asked;
  if (asked.bringNothingNew) return quietRefresh(deps, ref, status, answers, now, packages);
  const otherFailures: GitHubFailure[] = [];
  const readme = nextReadmeOf(status, answers);
  // Only the part of the history this refresh can change or summarizes, read once GitHub has answered.
  const { history: stored, starsGainedBefore } = await deps.records.window(windowStart);
  const merged = mergeHistory(stored, historyUpdateOf(answers, stored, day, options.breakdowns, windowStart));
  const counted = await countedDays(deps.records, windowStart, day).catch((error: unknown): CountedDays => {
    otherFailures.push(describeFailure(error, 'README impressions'));
    return { impressions: [] };
  });
  const facts = buildDailyFacts(merged.history, counted.impressions, windowStart, day, counted.own);
  const events = detectBursts(
    facts,
    merged.history,
    buildVersions(readme?.changes ?? [], now),
    (days) => isToAnnounce(days, status.announcedEvents, day),
    freshFrom(day),
  );
  const next = {
    ...withPackages(
      nextStatus(status, answers, {
        slug: repoSlug(ref),
        hasToken: deps.hasToken,
        now,
        otherFailures,
        merged: merged.history,
        starsGainedBefore,
      }),
      packages,
    ),
    readmeVersion: readme ? await liveVersion(deps.records, readme.changes, { windowStart, facts }, now) : null,
    // Recorded before any message is sent: an event is announced at most once, even if a run is cut short.
    announcedEvents: [...status.announcedEvents, ...events.map((event) => event.from)].slice(-MAX_ANNOUNCED),
    latestEvent: latestEventOf(events) ?? status.latestEvent ?? null,
  };
  const saved = await saveWithSummary(deps.records, merged, { previous: status, next }, { facts }, day);
  return {
    repo: repoSlug(ref),
    state: next.state,
    message: next.message,
    historyWritten: saved.historyWritten || asked.rowsWritten > 0,
    backfillPending: backfillPending({ ...status, ...next }),
    newEvents: events,
    rowsWritten: asked.rowsWritten + saved.rowsWritten,
  };
}

/**
 * A refresh whose answers brought nothing new (all 304s): the history is as it was, so none of it is read, merged
 * or summarized again. The status records the refresh and what failed, and the live README version's figures are
 * summed by the store, with the impressions counted since the last refresh.
 */
async function quietRefresh(
  deps: RefreshDeps,
  ref: RepoRef,
  status: RepoStatus,
  answers: GitHubAnswers,
  now: number,
  packages: PackagesState | undefined,
): Promise<RefreshOutcome> {
  const readme = nextReadmeOf(status, answers);
  const next: RepoStatus = {
    ...status,
    ...withPackages(nextStatus(status, answers, { slug: repoSlug(ref), hasToken: deps.hasToken, now, otherFailures: [] }), packages),
    // Nothing was read: every day up to today is the store's to sum (a window that starts tomorrow), using the
    // months kept but keeping none: a refresh answered with 304s writes its status alone.
    readmeVersion: readme
      ? await liveVersion(deps.records, readme.changes, { windowStart: addDays(utcDay(now), 1), facts: [] }, now, 'keep none')
      : null,
  };
  const saved = await deps.records.save({ status: next });
  return {
    repo: repoSlug(ref),
    state: next.state,
    message: next.message,
    historyWritten: false,
    backfillPending: backfillPending(next),
    newEvents: [],
    rowsWritten: saved.rowsWritten,
  };
}

/**
 * The live README version's figures against the version before it. Their days before the window are summed by
 * the store (this refresh cannot change them), the rest from the refresh's facts: a version live for a year costs
 * no more than one live for a week.
 */
async function liveVersion(
  records: RepoRecords,
  changes: readonly ReadmeChange[],
  read: { windowStart: UtcDay; facts: readonly DailyFacts[] },
  now: number,
  months: KeptMonths = 'keep them',
): Promise<CurrentVersion | null> {
  const beforeWindow = new Map<UtcDay, FactTotals>();
  for (const days of versionDaysBefore(changes, read.windowStart, now))
    beforeWindow.set(days.from, await records.totals(days.from, days.to, months));
  const inWindow = totalsOver(read.facts);
  return currentVersionOf(changes, (days) => sumFacts([inWindow(days), beforeWindow.get(days.from) ?? sumFacts([])]), now);
}

/** The days before a refresh's window (`windowStart`) of the live README version and the one before it. */
function versionDaysBefore(changes: readonly ReadmeChange[], windowStart: UtcDay, now: number): Array<{ from: UtcDay; to: UtcDay }> {
  const lastBefore = addDays(windowStart, -1);
  return currentVersionDays(changes, now)
    .filter((days) => days.from <= lastBefore)
    .map((days) => ({ from: days.from, to: days.to < lastBefore ? days.to : lastBefore }));
}

/**
 * Loads older pages of a repository's star history between its refreshes, with what a run has left: only those
 * pages are asked, merged into the history like a refresh's, and where the backfill stands is saved in the
 * status. A page that fails leaves the backfill where it stopped, for a later run.
 */
export async function continueBackfill(
  deps: RefreshDeps,
  ref: RepoRef,
  status: RepoStatus,
  now: number,
  pages: number,
): Promise<BackfillOutcome> {
  const day = utcDay(now);
  const start = status.starHistory.backfillPage;
  if (start === null || pages <= 0)
    return { repo: repoSlug(ref), pagesLoaded: 0, historyWritten: false, backfillPending: start !== null, rowsWritten: 0 };
  const backfill = await loadOlderPages(deps, ref, start, pages);
  const gains = backfill.loaded.flatMap((page) => page.days).filter((gain) => gain.day <= day);
  // The days the summary needs (and the top lists a merge may thin), not back to the oldest day loaded.
  const windowStart = topListPeriodStart([summaryStart(day), thinningStart(day)].sort()[0] as UtcDay);
  const rowsBefore = await storeStarsBefore(deps.records, windowStart, gains);
  const { history: stored, starsGainedBefore } = await deps.records.window(windowStart);
  const merged = mergeHistory(stored, { day, starsGained: gains.filter((gain) => gain.day >= windowStart) });
  const next = { ...status, starHistory: starHistoryAfterBackfill(status, backfill, merged.history, starsGainedBefore) };
  const saved = await saveWithSummary(
    deps.records,
    merged,
    { previous: status, next },
    await countedDays(deps.records, summaryStart(day), day),
    day,
  );
  return {
    repo: repoSlug(ref),
    pagesLoaded: backfill.loaded.length,
    historyWritten: saved.historyWritten || rowsBefore > 0,
    backfillPending: backfillPending(next),
    rowsWritten: rowsBefore + saved.rowsWritten,
  };
}

/**
 * Stores the star history's days before `windowStart` (a page spans 30 weeks; a refresh reads the 90 days it
 * summarizes): merged into their rows unread, before the window is read, so that its stars gained before it,
 * like the store's totals of a README version's days before it, count them. Returns the rows written.
 */
async function storeStarsBefore(
  records: RepoRecords,
  windowStart: UtcDay,
  starDays: ReadonlyArray<{ day: UtcDay; stars: number }> = [],
): Promise<number> {
  const before = starDays.filter((gain) => gain.day < windowStart);
  return before.length > 0 ? records.mergeStarsGained(before) : 0;
}

export interface BackfillOutcome {
  repo: string;
  pagesLoaded: number;
  historyWritten: boolean;
  /** Older pages are still to be loaded. */
  backfillPending: boolean;
  rowsWritten: number;
}

/** GitHub's answers for one repository, each call made only when the rules say it is worth it. */
async function askGitHub(deps: RefreshDeps, ref: RepoRef, status: RepoStatus, day: string, backfillPages: number): Promise<GitHubAnswers> {
  const ask = <T>(step: keyof typeof STEP_NAMES, call: () => Promise<T>) => askStep(deps, ref, STEP_NAMES[step], call);
  const answers: GitHubAnswers = {
    repo: NOT_ASKED,
    starHistory: NOT_ASKED,
    starBackfill: NO_BACKFILL,
    views: NOT_ASKED,
    clones: NOT_ASKED,
    referrers: NOT_ASKED,
    paths: NOT_ASKED,
    readme: NOT_ASKED,
    readmeCommits: NOT_ASKED,
    contributions: NOT_ASKED,
  };
  answers.repo = await ask('repo', () => getRepoInfo(deps.github, ref, status.etags.repo));
  if (!goesOn(answers.repo)) return answers;
  if (starHistoryDue(status, day)) {
    answers.starHistory = await ask('starHistory', () => getStarHistoryPage(deps.github, ref, 1, status.etags.starHistory));
    const newest = 'answer' in answers.starHistory ? answers.starHistory.answer : null;
    const start = newest ? backfillStart(status, newest) : null;
    if (start !== null && backfillPages > 0) answers.starBackfill = await loadOlderPages(deps, ref, start, backfillPages);
  }
  answers.readme = await ask('readme', () => getReadme(deps.github, ref, status.etags.readme));
  const readme = 'answer' in answers.readme ? answers.readme.answer : null;
  if (readme?.changed)
    answers.readmeCommits = await ask('readmeCommits', () => listReadmeChanges(deps.github, ref, readme.value.path, README_COMMIT_PAGES));
  if (contributionsDue(status.contributions, answers.repo)) {
    const listing = contributionsState(status.contributions, day);
    answers.contributions = await ask('contributions', () =>
      listContributionsSince(deps.github, ref, listing.since, status.etags.contributions),
    );
  }
  if (!deps.hasToken) return answers;
  answers.views = await ask('views', () => getTraffic(deps.github, ref, 'views', status.etags.views));
  answers.clones = await ask('clones', () => getTraffic(deps.github, ref, 'clones', status.etags.clones));
  answers.referrers = await ask('referrers', () => getPopular(deps.github, ref, 'referrers', status.etags.referrers));
  answers.paths = await ask('paths', () => getPopular(deps.github, ref, 'paths', status.etags.paths));
  return answers;
}

/**
 * Loads older pages of star history from `start`, at most `pages` of them, following GitHub's `Link` pages. It
 * stops at the oldest page or the first failure; the status records where the next refresh resumes.
 */
async function loadOlderPages(deps: RefreshDeps, ref: RepoRef, start: number, pages: number): Promise<StarBackfill> {
  const loaded: StarHistoryPage[] = [];
  let next: number | null = start;
  while (next !== null && loaded.length < pages && next <= MAX_STAR_HISTORY_PAGE) {
    const page: number = next;
    const step = await askStep(deps, ref, `stargazer history page ${page}`, () => getStarHistoryPage(deps.github, ref, page));
    if ('failure' in step) return { loaded, nextPage: page, failure: step.failure };
    // A page GitHub no longer has (the history shrank meanwhile) ends the backfill like the last page does.
    if (!step.asked || step.answer === null || !step.answer.changed) return { loaded, nextPage: null };
    loaded.push(step.answer.value);
    next = step.answer.value.nextPage;
  }
  return { loaded, nextPage: next !== null && next > MAX_STAR_HISTORY_PAGE ? null : next };
}

async function askStep<T>(deps: RefreshDeps, ref: RepoRef, what: string, call: () => Promise<T>): Promise<Step<T>> {
  const started = Date.now();
  try {
    return { asked: true, answer: await call() };
  } catch (error) {
    const failure = describeFailure(error, what, deps.signedInWith);
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
    return { asked: true, failure };
  }
}

/**
 * Asks the registries of the repository's packages that are due (once a day each) and merges their days into the
 * rows at once (the larger count per day wins, so a cut-short refresh loses nothing). A registry that fails fails
 * that package's figure alone: its message goes in the status, the rest of the refresh goes on. undefined
 * without packages.
 */
async function collectDownloads(
  deps: RefreshDeps,
  ref: RepoRef,
  status: RepoStatus,
  day: UtcDay,
  request: Pick<RefreshRequest, 'packages' | 'registries'>,
): Promise<PackagesState | undefined> {
  const packages = request.packages ?? [];
  if (packages.length === 0 || !request.registries) return undefined;
  const due = packagesDue(packages, status.packages, day);
  const outcomes = new Map<string, string | null>();
  const lastStored = due.length > 0 ? await deps.records.downloadsThrough() : new Map<string, UtcDay>();
  for (const item of due) {
    try {
      const rows = await fetchDownloads(item, downloadsFrom(lastStored.get(item.key), day), day, request.registries);
      await deps.records.mergeDownloads(rows);
      outcomes.set(item.key, null);
    } catch (error) {
      const failure =
        error instanceof DownloadsFailure ? error.message : `${item.key}: its downloads could not be stored; the next refresh asks again.`;
      outcomes.set(item.key, failure);
      deps.log?.({ level: 'warn', message: 'package downloads failed', repo: repoSlug(ref), package: item.key, error: failure });
    }
  }
  return nextPackagesState(packages, status.packages, outcomes, day);
}

/** A status with the packages' state, their failures added to its message (GitHub's state stays its own). */
function withPackages<T extends StatusFields>(next: T, packages: PackagesState | undefined): T {
  const messages = [next.message, ...packageMessages(packages)].filter((message): message is string => message !== null);
  return { ...next, packages, message: messages.length > 0 ? messages.join(' ') : null };
}

/** The counter's README impressions and its other counts of the days from `from` to `to`: what the facts join to GitHub's. */
interface CountedDays {
  impressions: DailyViews[];
  own?: OwnDays;
}

async function countedDays(records: RepoRecords, from: UtcDay, to: UtcDay): Promise<CountedDays> {
  const [impressions, own] = await Promise.all([records.impressions(from, to), records.ownDays(from, to)]);
  return { impressions, own };
}
