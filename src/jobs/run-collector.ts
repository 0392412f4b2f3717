import type { BurstEvent } from '../conversions/bursts';
import { eventMessage } from '../digests/event-message';
import { webhookPayload } from '../digests/webhook-payloads';
import { counterFor } from '../counter/counter-client';
import type { RepoCounter } from '../counter/repo-counter';
import { addDays, utcDay } from '../dates';
import { postWithRetry } from '../digests/webhook';
import type { GitHubClient, GitHubClientOptions, GitHubUsage } from '../github/client';
import { describeFailure } from '../github/failure';
import { listOwnerReposPage } from '../github/repo-data';
import { errorMessage, type Log } from '../log';
import { registryOf } from '../registry/registry-client';
import type { ListedPage, ScheduleState } from '../registry/schedule-rows';
import { isTracked, parseRepoSlug, repoSlug, type RepoPattern, type RepoRef } from '../repos';
import { readCursor } from '../storage/kv-layout';
import type { ScheduleFields } from '../records/repo-status';
import { readSchedule, scheduleOf, type RepoStores } from '../stores/repo-store';
import { guard } from '../storage/storage-fault';
import { fetchRecentBreakdowns, type AnalyticsDeps } from '../collector/breakdowns';
import { confirmNames, MAX_CONFIRMATIONS_PER_RUN } from './confirm-names';
import type { RefreshOutcome, RefreshRequest } from '../collector/refresh-repo';
import { plannedRequests } from '../collector/refresh-rules';
import { tokenNotice, warningToAnnounce } from '../github/token-expiry';
import { appNotInstalledMessage, type InstallationTokens } from '../github/app-installations';
import type { PackageRef } from '../packages/package-list';
import type { RegistryApis } from '../packages/registry-downloads';
import { backfillPagesLeft, backfillPending, starHistoryDue } from '../collector/star-history-rules';

export interface CollectorDeps extends RepoStores {
  /** The run's own GitHub client: owners' repository lists, names to confirm. */
  github: GitHubClient;
  /** How a repository's object builds its client for its refresh (the token goes along; nothing logs it). */
  githubOptions: GitHubClientOptions;
  hasToken: boolean;
  /**
   * With a GitHub App (GITHUB_APP_ID): each owner's installation token goes to its repositories' objects in place
   * of githubOptions.token, and GITHUB_TOKEN's expiry is not watched.
   */
  app?: InstallationTokens;
  /** PACKAGES: each repository's packages, and the registries' APIs; none when unset. */
  packages?: { byRepo: ReadonlyMap<string, PackageRef[]>; apis: RegistryApis };
  tracked: readonly RepoPattern[];
  /** The REPOS value `tracked` came from; a change re-expands the list at once. */
  reposSource: string;
  /** A repository is refreshed at most once per interval. */
  refreshIntervalMs: number;
  /** Repositories refreshed per invocation at most. */
  maxReposPerRun: number;
  /** Durable Object rows the collector writes a day at most (COLLECTOR_ROWS_PER_DAY): runs pause past it. */
  maxRowsPerDay: number;
  /**
   * GitHub requests per invocation at most: the free plan allows 50 subrequests per invocation. A refresh is only
   * started while all the requests it may make (expectedRequests) still fit, after the owner lists took theirs.
   */
  maxGithubRequestsPerRun: number;
  includeForks: boolean;
  includeArchived: boolean;
  /** Analytics Engine's SQL API, when CF_ACCOUNT_ID and CF_API_TOKEN are set: impression breakdowns. */
  analytics?: AnalyticsDeps;
  /** REPORT_WEBHOOK_URL: each new star burst or traffic spike is posted there once. */
  webhookUrl?: string;
  /** Backoff base for webhook retries; lowered in tests. */
  webhookRetryMs?: number;
  log: Log;
}

export interface CollectorSummary {
  refreshed: Array<Omit<RefreshOutcome, 'backfillPending' | 'newEvents' | 'rowsWritten'>>;
  /**
   * Tracked repositories the run did not refresh because they are not due: it stops at the first one refreshed
   * within the interval, and none after it is due either (the names are in the order of the last refreshes).
   */
  notDue: number;
  /** Tracked repositories the run did not come to: its repositories or GitHub requests were spent, or it paused. */
  notReached: number;
  /** Every tracked repository is one of: refreshed (`refreshed`, those in error included), notDue, notReached. */
  tracked: number;
  /** GitHub requests made by this run. */
  githubRequests: number;
  /** Star bursts and traffic spikes this run's refreshes found (each announced once, to the webhook if one is set). */
  events: Array<{ repo: string } & Pick<BurstEvent, 'from' | 'to' | 'spiked'>>;
  /** Repositories whose older star-history pages this run loaded between their refreshes, and how many. */
  backfilled: Array<{ repo: string; pagesLoaded: number }>;
  /** Pages of `owner/*` lists this run read (an owner with thousands of repositories takes several runs). */
  listPages: number;
  /** Names under owner/* entries that this run confirmed with GitHub, and those it refused (their counters cleared). */
  confirmed: string[];
  refused: string[];
  /** KV writes made by this run: none (the schedule is the registry's rows; histories and statuses, the repositories' objects'). */
  kvWrites: number;
  /** Calls that had a repository's object keep its README versions' months before its merge (keepRefreshTotals). */
  totalsCalls: number;
  /**
   * Durable Object rows the repositories' objects wrote in this run's refreshes and backfills (changed days of
   * history, statuses). The free plan allows 100,000 a day, views included; the collector stops at maxRowsPerDay.
   */
  rowsWritten: number;
  /** Rows of the schedule this run wrote (names listed, the round-robin's place). */
  scheduleRowsWritten: number;
  /** What the collector had written today before this run. */
  rowsToday: number;
  /** The run did nothing: the collector's rows for the day (maxRowsPerDay) were written. */
  paused: boolean;
  /** GitHub's `x-ratelimit-remaining` after this run's last answer, or null when GitHub gave none. */
  githubRateLimitRemaining: number | null;
  /** When GITHUB_TOKEN expires, as this run's answers said (null: it never does, or no answer said). */
  tokenExpiresAt: string | null;
  /** GitHub answered 401 in this run: the token was revoked or has expired. */
  tokenRejected: boolean;
  errors: string[];
}

/** Pages of an owner's list a run reads at most (100 names each): 10,000 repositories are listed in 20 runs. */
export const LIST_PAGES_PER_RUN = 5;

type Registry = ReturnType<typeof registryOf>;

/**
 * One collector run, as a cron invocation does it: go on with the expansion of `owner/*` entries, if one is under
 * way or due, then continue the round-robin over every tracked repository and refresh up to `maxReposPerRun` that
 * are due. `now` is the scheduled time, so tests can play days. Never throws: a failure is logged and reported in
 * the summary, and the next run goes on from where this one stopped.
 */
export async function runCollector(deps: CollectorDeps, now: number): Promise<CollectorSummary> {
  const usage = deps.github.usage;
  const requestsBefore = usage.requests;
  const summary: CollectorSummary = {
    refreshed: [],
    backfilled: [],
    listPages: 0,
    notDue: 0,
    notReached: 0,
    tracked: 0,
    confirmed: [],
    refused: [],
    githubRequests: 0,
    kvWrites: 0,
    totalsCalls: 0,
    rowsWritten: 0,
    scheduleRowsWritten: 0,
    rowsToday: 0,
    paused: false,
    githubRateLimitRemaining: null,
    tokenExpiresAt: null,
    tokenRejected: false,
    events: [],
    errors: [],
  };
  let stoppedAtNotDue = false;
  try {
    const registry = registryOf(deps.registry);
    const today = utcDay(now);
    const readState = () =>
      guard('reading the schedule', () => registry.scheduleState(deps.maxReposPerRun + WINDOW_SLACK, 2 * deps.maxReposPerRun, today));
    let schedule = await readState();
    summary.tracked = schedule.size;
    summary.rowsToday = schedule.rowsToday;
    // Over the free plan's rows a day, every Durable Object call fails until midnight UTC, the counters' too: the
    // collector stops at its share and goes on tomorrow (a run may pass it by its own rows).
    if (schedule.rowsToday >= deps.maxRowsPerDay) {
      deps.log({
        level: 'warn',
        message: 'collector paused until midnight UTC: its rows for the day are written',
        rowsToday: schedule.rowsToday,
        limit: deps.maxRowsPerDay,
      });
      summary.paused = true;
      accountForEachRepo(summary, false);
      return summary;
    }
    const expanded = await expandStep(deps, registry, schedule, now, summary.errors);
    summary.listPages = expanded.listPages;
    summary.scheduleRowsWritten += expanded.rowsWritten;
    // The step changed the names (some runs a day): read them again.
    if (expanded.wrote) schedule = await readState();
    summary.tracked = schedule.size;
    const budget = new RunBudget(deps.maxGithubRequestsPerRun, usage.requests - requestsBefore);
    // First choose what this run does, within its budgets: the due repositories in round-robin order, each with
    // the requests a refresh reserves; then fetch their breakdowns in one go.
    const { due, passed, stoppedNotDue } = await chooseDue(deps, schedule.window, budget, now);
    // What is left goes, in this order, to new names under owner/* (a few), older star-history pages of the
    // repositories being refreshed, and then those of repositories whose backfill is under way.
    const hasWildcards = deps.tracked.some((pattern) => pattern.repo === '*');
    const confirmations = hasWildcards ? budget.take(MAX_CONFIRMATIONS_PER_RUN) : 0;
    for (const planned of due) planned.backfillPages = budget.take(planned.backfillPages);
    const backfills = await chooseBackfills(deps, schedule.backfills, due, budget, now);
    // The batch is claimed before it is refreshed. A run cut short (CPU or wall-time limit, an eviction) must not
    // leave the cursor before repositories it already refreshed: the next run would stop at the first of them,
    // not due, and nothing after them would be refreshed until it came due again. The cursor never goes back, so
    // the names stay in the order of the last refreshes, which is what makes stopping at the first repository
    // that is not due right (chooseDue).
    if (passed !== null) summary.scheduleRowsWritten += await guard('writing the schedule', () => registry.advance(passed));
    const breakdowns = await fetchRecentBreakdowns(
      deps.analytics,
      due.map(({ ref }) => ref),
      now,
      summary.errors,
      deps.log,
    );
    const pending: string[] = [];
    const done: string[] = [];
    for (const { ref, counter, backfillPages } of due) {
      const { backfillPending, newEvents, rowsWritten, ...outcome } = await refreshOne(
        deps,
        { ref, counter },
        now,
        { breakdowns: breakdowns.get(repoSlug(ref)), backfillPages },
        summary,
      );
      summary.refreshed.push(outcome);
      for (const event of newEvents) {
        summary.events.push({ repo: outcome.repo, from: event.from, to: event.to, spiked: event.spiked });
        await announce(deps, outcome.repo, event);
      }
      summary.rowsWritten += rowsWritten;
      (backfillPending ? pending : done).push(outcome.repo);
    }
    stoppedAtNotDue = stoppedNotDue;
    for (const { ref, pages } of backfills) {
      const outcome = await backfillOne(deps, ref, now, pages, summary);
      if (outcome === null) continue;
      summary.backfilled.push({ repo: outcome.repo, pagesLoaded: outcome.pagesLoaded });
      summary.rowsWritten += outcome.rowsWritten;
      if (!outcome.backfillPending) done.push(outcome.repo);
    }
    // Repositories whose star history still has older pages to load: the next runs go on with them.
    const rows = summary.rowsWritten + summary.scheduleRowsWritten;
    if (rows > 0) await guard('writing the schedule', () => registry.recordRun(today, rows, pending, done));
    if (hasWildcards) {
      const left = Math.min(confirmations, deps.maxGithubRequestsPerRun - (usage.requests - requestsBefore) - summary.githubRequests);
      const settled = await confirmNames(deps, left, now);
      summary.confirmed = settled.confirmed;
      summary.refused = settled.refused;
    }
  } catch (error) {
    const message = errorMessage(error);
    summary.errors.push(message);
    deps.log({ level: 'error', message: 'collector run failed', error: message });
  }
  accountForEachRepo(summary, stoppedAtNotDue);
  // The run's own requests (owner lists, names), and those its repositories' objects reported.
  const own = usage.requests - requestsBefore;
  summary.githubRequests += own;
  if (own > 0 && usage.rateLimitRemaining !== null) summary.githubRateLimitRemaining = usage.rateLimitRemaining;
  if (own > 0) countGitHub(summary, { ...usage, requests: 0, rateLimitRemaining: null });
  await noteToken(deps, summary, now);
  return summary;
}

/**
 * Keeps what the run heard of GITHUB_TOKEN (for /health, the dashboard and the digest) and posts its warning once:
 * 14 days and 3 days before it expires, on the day, and when GitHub refuses it. A failure is logged: the next run
 * tries again.
 */
async function noteToken(deps: CollectorDeps, summary: CollectorSummary, now: number): Promise<void> {
  if (!deps.hasToken || deps.app || summary.githubRequests === 0) return;
  try {
    const registry = registryOf(deps.registry);
    const heard = { expiresAt: summary.tokenExpiresAt, rejected: summary.tokenRejected, at: new Date(now).toISOString() };
    const state = await guard('recording the token', () => registry.recordToken(heard));
    const due = warningToAnnounce(tokenNotice(state, now), state.announced);
    if (!due) return;
    await guard('recording the token', () => registry.markTokenAnnounced(due.key));
    deps.log({ level: 'warn', message: 'token warning', warning: due.key, text: due.message });
    if (!deps.webhookUrl) return;
    const message = { title: 'GitHub token', items: [], parts: [{ heading: 'GITHUB_TOKEN', lines: [due.message] }], whole: 'GET /health' };
    const delivery = await postWithRetry(deps.webhookUrl, webhookPayload(deps.webhookUrl, message), 3, deps.webhookRetryMs);
    deps.log({ level: delivery.ok ? 'info' : 'error', message: 'token warning delivery', warning: due.key, ...delivery });
  } catch (error) {
    deps.log({ level: 'error', message: 'token state not recorded', error: errorMessage(error) });
  }
}

/**
 * Counts every tracked repository once: those the run did not refresh were not due when it stopped at one that
 * was not (none after it is), and not reached otherwise.
 */
function accountForEachRepo(summary: CollectorSummary, stoppedAtNotDue: boolean): void {
  const rest = Math.max(0, summary.tracked - summary.refreshed.length);
  summary.notDue = stoppedAtNotDue ? rest : 0;
  summary.notReached = stoppedAtNotDue ? 0 : rest;
}

/** Names a run reads beyond the repositories it may refresh: the one that stops it, and a few no longer in REPOS. */
const WINDOW_SLACK = 4;

/** The GitHub requests a run may still plan. */
class RunBudget {
  constructor(
    private readonly max: number,
    private planned: number,
  ) {}

  /** Whether `requests` more still fit. */
  fits(requests: number): boolean {
    return this.planned + requests <= this.max;
  }

  /** Takes up to `wanted` requests; returns how many it got. */
  take(wanted: number): number {
    const taken = Math.max(0, Math.min(wanted, this.max - this.planned));
    this.planned += taken;
    return taken;
  }
}

interface PlannedRefresh {
  ref: RepoRef;
  /** The repository's counter, made once for the run's three calls to it. */
  counter: DurableObjectStub<RepoCounter>;
  backfillPages: number;
}

/**
 * The due repositories from the cursor on, in order, as many as the run's repositories and requests allow (each
 * reserves what a refresh may ask), and the last name the run passed. The names are in the order of the last
 * refreshes (the cursor never goes back), so the first repository that is not due means none after it is: the
 * run stops there, and starts there next time, instead of reading every status on every run. A name no longer in
 * REPOS (its expansion not finished yet) is passed over.
 */
async function chooseDue(
  deps: CollectorDeps,
  window: readonly string[],
  budget: RunBudget,
  now: number,
): Promise<{ due: PlannedRefresh[]; passed: string | null; stoppedNotDue: boolean }> {
  const due: PlannedRefresh[] = [];
  let passed: string | null = null;
  // The schedules of the first names the run may refresh are asked for at once, a wait for all rather than one a
  // name; the run still stops at the first that is not due. A name past them is asked for when it is reached.
  const asked = new Map<string, ReturnType<typeof askSchedule>>();
  for (const slug of window) {
    if (asked.size >= deps.maxReposPerRun) break;
    const ref = parseRepoSlug(slug);
    if (ref && isTracked(deps.tracked, ref)) asked.set(slug, askSchedule(counterFor(deps.counter, ref)));
  }
  for (const slug of window) {
    if (due.length >= deps.maxReposPerRun) break;
    const ref = parseRepoSlug(slug);
    if (ref && isTracked(deps.tracked, ref)) {
      const { counter, schedule } = asked.get(slug) ?? askSchedule(counterFor(deps.counter, ref));
      const status = await schedule;
      if (!isDue(status, now, deps)) return { due, passed, stoppedNotDue: true };
      const { base, backfillPages } = plannedRequests(status, now, deps.hasToken);
      if (!budget.fits(base)) break; // the next run starts here
      budget.take(base);
      due.push({ ref, counter, backfillPages });
    }
    passed = slug;
  }
  return { due, passed, stoppedNotDue: false };
}

/** A counter and its schedule, asked for: a failure is the run's when it awaits the schedule. */
function askSchedule(counter: DurableObjectStub<RepoCounter>): {
  counter: DurableObjectStub<RepoCounter>;
  schedule: Promise<ScheduleFields>;
} {
  const schedule = scheduleOf(counter);
  // One asked ahead is not awaited when the run stops earlier: its failure is then nobody's, never unhandled.
  schedule.catch(() => undefined);
  return { counter, schedule };
}

/**
 * Repositories whose star history has older pages still to load, and that this run does not refresh: each takes
 * what is left of the run's requests, in the slots the due repositories left (a backfill never takes the place
 * of a due repository).
 */
async function chooseBackfills(
  deps: CollectorDeps,
  backfills: readonly string[],
  due: readonly PlannedRefresh[],
  budget: RunBudget,
  now: number,
) {
  const refreshing = new Set(due.map(({ ref }) => repoSlug(ref)));
  const chosen: Array<{ ref: RepoRef; pages: number }> = [];
  for (const slug of backfills) {
    if (due.length + chosen.length >= deps.maxReposPerRun || !budget.fits(1)) break;
    const ref = parseRepoSlug(slug);
    if (!ref || refreshing.has(slug) || !isTracked(deps.tracked, ref)) continue;
    const status = await readSchedule(deps, ref);
    if (!starHistoryDue(status, utcDay(now)) || !backfillPending(status)) continue;
    const pages = budget.take(backfillPagesLeft(status.starHistory));
    if (pages > 0) chosen.push({ ref, pages });
  }
  return chosen;
}

/** A backfill between refreshes; a storage failure is logged and the next run tries again. */
async function backfillOne(deps: CollectorDeps, ref: RepoRef, now: number, pages: number, summary: CollectorSummary) {
  try {
    const githubOptions = await githubOptionsFor(deps, ref);
    if (githubOptions === null) return null;
    const { github, ...outcome } = await guard('loading star history', () =>
      counterFor(deps.counter, ref).backfill(now, pages, githubOptions),
    );
    countGitHub(summary, github);
    deps.log({
      level: 'info',
      message: 'star history backfilled',
      repo: outcome.repo,
      pages: outcome.pagesLoaded,
      pending: outcome.backfillPending,
    });
    return outcome;
  } catch (error) {
    deps.log({ level: 'error', message: 'star history backfill failed', repo: repoSlug(ref), error: errorMessage(error) });
    return null;
  }
}

/**
 * What a repository's object builds its GitHub client from: the run's options, with the GitHub App's installation
 * token for the owner when there is an app; null when the app is not installed there.
 */
async function githubOptionsFor(deps: CollectorDeps, ref: RepoRef): Promise<GitHubClientOptions | null> {
  if (!deps.app) return deps.githubOptions;
  const token = await deps.app.tokenFor(ref.owner);
  return token === null ? null : { ...deps.githubOptions, token, signedInWith: 'app' };
}

/** Adds what a repository's object used of GitHub to the run's figures. */
function countGitHub(summary: CollectorSummary, usage: GitHubUsage): void {
  summary.githubRequests += usage.requests;
  if (usage.rateLimitRemaining !== null) summary.githubRateLimitRemaining = usage.rateLimitRemaining;
  if (usage.tokenExpiresAt) summary.tokenExpiresAt = usage.tokenExpiresAt;
  if (usage.tokenRejected) summary.tokenRejected = true;
}

/** Posts a new event to the webhook, if one is set; a failure is logged and not retried at a later run. */
async function announce(deps: CollectorDeps, repo: string, event: BurstEvent): Promise<void> {
  // The event itself is in the run's line (`events`): a line each cost the run ~0.2 ms of CPU.
  if (!deps.webhookUrl) return;
  const delivery = await postWithRetry(deps.webhookUrl, webhookPayload(deps.webhookUrl, eventMessage(repo, event)), 3, deps.webhookRetryMs);
  deps.log({ level: delivery.ok ? 'info' : 'error', message: 'event delivery', repo, from: event.from, ...delivery });
}

// A README version of three years is three calls' months; past that the merge sums the rest itself.
const MAX_TOTALS_CALLS = 3;

/**
 * Where startRefresh says so, has the object keep the months its merge sums first, in calls of their own
 * (keepRefreshTotals): a first refresh would sum a year of them in its merge. The run counts the calls and their rows.
 */
async function keepTotalsFirst(counter: DurableObjectStub<RepoCounter>, pending: boolean, summary: CollectorSummary): Promise<void> {
  for (let call = 0; pending && call < MAX_TOTALS_CALLS; call++) {
    const kept = await guard('refreshing the repository', () => counter.keepRefreshTotals());
    summary.totalsCalls += 1;
    summary.rowsWritten += kept.rowsWritten;
    pending = kept.pending;
  }
}

/** Has the repository's object refresh itself (its own invocations, its own GitHub calls), and logs a failure. */
async function refreshOne(
  deps: CollectorDeps,
  { ref, counter }: Pick<PlannedRefresh, 'ref' | 'counter'>,
  now: number,
  options: Omit<RefreshRequest, 'github'>,
  summary: CollectorSummary,
): Promise<RefreshOutcome> {
  const started = Date.now();
  try {
    const githubOptions = await githubOptionsFor(deps, ref);
    if (githubOptions === null) throw new Error(appNotInstalledMessage(ref.owner));
    // Two invocations of the object when GitHub brought something new: its questions, then their merge.
    const packages = deps.packages?.byRepo.get(repoSlug(ref));
    const asked = await guard('refreshing the repository', () =>
      counter.startRefresh(now, { ...options, github: githubOptions, packages, registries: packages && deps.packages?.apis }),
    );
    countGitHub(summary, asked.github);
    if (asked.github.tokenRejected) deps.app?.forget(ref.owner);
    if (asked.outcome === null) await keepTotalsFirst(counter, asked.totalsPending, summary);
    const outcome = asked.outcome ?? (await guard('refreshing the repository', () => counter.finishRefresh()));
    // A refresh that went well is named in the run's line; one that did not gets a line of its own.
    if (outcome.state !== 'ok') {
      deps.log({
        level: 'warn',
        message: 'repository refreshed',
        repo: outcome.repo,
        state: outcome.state,
        detail: outcome.message,
        historyWritten: outcome.historyWritten,
        ms: Date.now() - started,
      });
    }
    return outcome;
  } catch (error) {
    // Storage failed (KV or the counter), or the GitHub App gave no token: nothing was half-written that a later
    // refresh cannot redo.
    const message = errorMessage(error);
    deps.log({ level: 'error', message: 'repository refresh failed', repo: repoSlug(ref), error: message });
    return {
      repo: repoSlug(ref),
      state: 'error' as const,
      message,
      historyWritten: false,
      backfillPending: false,
      newEvents: [],
      rowsWritten: 0,
    };
  }
}

/**
 * Expands the tracked repositories: REPOS's explicit names at once, `owner/*` entries a few pages a run, again
 * daily or when REPOS changes. Runs go on refreshing the names known meanwhile.
 */
async function expandStep(
  deps: CollectorDeps,
  registry: Registry,
  state: ScheduleState,
  now: number,
  errors: string[],
): Promise<{ listPages: number; wrote: boolean; rowsWritten: number }> {
  const { source, expandedAt } = state;
  let { expansion } = state;
  if (source === null) {
    // An older deployment kept the schedule in KV: its names and its place in the round-robin carry over.
    const legacy = await readCursor(deps.kv);
    if (legacy) await guard('writing the schedule', () => registry.takeOverCursor(legacy));
  }
  const at = new Date(now).toISOString();
  const wildcards = deps.tracked.filter((pattern) => pattern.repo === '*').map((pattern) => pattern.owner);
  const stale = source !== deps.reposSource || expandedAt === null || addDays(expandedAt.slice(0, 10), 1) <= utcDay(now);
  if (expansion === null && !stale) return { listPages: 0, wrote: false, rowsWritten: 0 };
  let rowsWritten = 0;
  if (expansion === null || source !== deps.reposSource) {
    const explicit = deps.tracked.filter((pattern) => pattern.repo !== '*').map(repoSlug);
    const started = await guard('writing the schedule', () => registry.startExpansion(deps.reposSource, explicit, wildcards, at));
    expansion = started.expansion;
    rowsWritten += started.rowsWritten;
    if (wildcards.length === 0) return { listPages: 0, wrote: true, rowsWritten };
  }
  let { owner, page } = expansion;
  const pages: ListedPage[] = [];
  let requests = 0;
  while (owner < wildcards.length && requests < LIST_PAGES_PER_RUN) {
    const name = wildcards[owner] as string;
    requests++;
    try {
      const { repos, hasNext } = await listOwnerReposPage(deps.github, name, page);
      const slugs = repos
        .filter((repo) => (!repo.fork || deps.includeForks) && (!repo.archived || deps.includeArchived))
        .map((repo) => `${name}/${repo.name}`);
      pages.push({ owner: name, page, slugs, last: !hasNext });
      if (hasNext) page++;
      else [owner, page] = [owner + 1, 1];
    } catch (error) {
      // The owner keeps the names of its list as last read rather than dropping them.
      const message = describeFailure(error, `the repositories of ${name}`).message;
      errors.push(message);
      deps.log({ level: 'warn', message: 'owner not expanded', owner: name, error: message });
      [owner, page] = [owner + 1, 1];
    }
  }
  const next = owner < wildcards.length ? { owner, page } : null;
  rowsWritten += await guard('writing the schedule', () => registry.expanded(pages, next, at));
  return { listPages: requests, wrote: true, rowsWritten };
}

/**
 * Whether a repository needs a refresh: never refreshed, refreshed longer ago than the interval, or refreshed
 * without a token that is now set (the README sets the secrets after the first deploy: its traffic should not
 * wait a day). A star-history backfill under way does not make it due: it goes on between refreshes
 * (chooseBackfills).
 */
function isDue(status: ScheduleFields, now: number, deps: Pick<CollectorDeps, 'refreshIntervalMs' | 'hasToken'>): boolean {
  if (status.lastRefreshAt === null || Date.parse(status.lastRefreshAt) + deps.refreshIntervalMs <= now) return true;
  return status.traffic === 'needs-token' && deps.hasToken;
}
