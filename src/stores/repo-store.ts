import type { Config } from '../config';
import { counterFor } from '../counter/counter-client';
import type { RepoCounter } from '../counter/repo-counter';
import { addDays, type UtcDay } from '../dates';
import type { RepoDays, RepoHistory } from '../history/model';
import { registryOf } from '../registry/registry-client';
import type { RepoRegistry } from '../registry/repo-registry';
import type { DayRange } from '../report/repo-report';
import { TABLE_DAYS, type RepoSummary } from '../report/repo-summary';
import { isTracked, parseRepoSlug, repoSlug, type RepoRef } from '../repos';
import { listSeenRepos, readCursor, type RepoStatus, type ScheduleFields } from '../storage/kv-layout';
import { guard } from '../storage/storage-fault';

/**
 * The one place that loads and saves a repository's records: its history, status and exact views, all kept by
 * its own Durable Object (which moves in what deployments before it kept in KV). The collector, imports, reports
 * and digests all go through here.
 */
export interface RepoStores {
  kv: KVNamespace;
  counter: DurableObjectNamespace<RepoCounter>;
  /** Names under `owner/*` entries with views, and which of them GitHub confirmed (the registry). */
  registry: DurableObjectNamespace<RepoRegistry>;
}

// What a repository's daily figures are built from lives in history/model.ts; importable from here too.
export type { RepoDays } from '../history/model';

export function storesOf(env: Env): RepoStores {
  return { kv: env.REPORTS, counter: env.COUNTER, registry: env.REGISTRY };
}

/** A repository's whole kept history. */
export function readHistory(stores: RepoStores, ref: RepoRef): Promise<RepoHistory> {
  return guard('reading the history', () => counterFor(stores.counter, ref).history());
}

/** A repository's refresh status and the summary of its history. */
export function readStatus(stores: RepoStores, ref: RepoRef): Promise<RepoStatus> {
  return guard('reading the status', () => counterFor(stores.counter, ref).status());
}

/** What the cron run plans a repository's refresh with: a small part of its status. */
export function readSchedule(stores: RepoStores, ref: RepoRef): Promise<ScheduleFields> {
  return scheduleOf(counterFor(stores.counter, ref));
}

/** The same, from a repository's counter the caller keeps for its next calls (a stub costs the Worker's CPU). */
export function scheduleOf(counter: DurableObjectStub<RepoCounter>): Promise<ScheduleFields> {
  return guard('reading the status', () => counter.schedule());
}

/**
 * The tracked repositories: REPOS entries, with `owner/*` as the collector last expanded them, and every
 * repository under an `owner/*` entry that has views or imported data of its own and is known to exist (confirmed
 * with GitHub by the collector, which sees the private repositories its token can read, or brought by an import;
 * `seen:` keys are the same from before the registry).
 */
export async function listTrackedRepos(stores: RepoStores, config: Config): Promise<RepoRef[]> {
  const wildcards = config.tracked.filter((pattern) => pattern.repo === '*');
  const slugs = new Set(config.tracked.filter((pattern) => pattern.repo !== '*').map(repoSlug));
  if (wildcards.length > 0) {
    const [listed, seen] = await Promise.all([
      guard('reading the registry', () => registryOf(stores.registry).listed()),
      listSeenRepos(stores.kv),
    ]);
    // Before the collector first ran with the registry's schedule, the names are those of the KV cursor it kept.
    const expanded = listed.expanded ?? (await readCursor(stores.kv))?.repos ?? [];
    for (const slug of [...expanded, ...seen, ...listed.confirmed]) {
      const ref = parseRepoSlug(slug);
      if (ref && isTracked(wildcards, ref)) slugs.add(repoSlug(ref));
    }
  }
  return [...slugs].sort().flatMap((slug) => parseRepoSlug(slug) ?? []);
}

/** A repository's whole history and the counter's days from `from` to `to`: what a daily series is built from. */
export async function loadRepoDays(stores: RepoStores, ref: RepoRef, from: UtcDay, to: UtcDay): Promise<RepoDays> {
  const [history, days] = await Promise.all([
    readHistory(stores, ref),
    guard('reading views', () => counterFor(stores.counter, ref).days(from, to)),
  ]);
  return { history, ...days };
}

/** A repository's report of `ranges` as of `now`, as its object builds it from the days it needs. */
export function loadRepoReport(stores: RepoStores, ref: RepoRef, ranges: { series: DayRange; insights: DayRange }, now: number) {
  return guard('reading the report', () => counterFor(stores.counter, ref).repoReport(ranges, now));
}

/** A repository's daily series of `range`, as its object builds it. */
export function loadRepoSeries(stores: RepoStores, ref: RepoRef, range: DayRange) {
  return guard('reading the report', () => counterFor(stores.counter, ref).repoSeries(range));
}

export { TABLE_DAYS } from '../report/repo-summary';

/** A repository's line of the report table, as its object works it out. */
export function loadReportLine(stores: RepoStores, ref: RepoRef, today: UtcDay): Promise<RepoSummary> {
  return guard('reading the report line', () => counterFor(stores.counter, ref).reportLine(today));
}

/** A repository's line of an export (JSON and a newline, as UTF-8), as its object serializes it. */
export function loadExportLine(stores: RepoStores, ref: RepoRef, today: UtcDay): Promise<Uint8Array> {
  return guard('reading the export line', () => counterFor(stores.counter, ref).exportLine(today));
}

/** The same line as a stream, which the Worker passes on without reading it. */
export function loadExportBody(stores: RepoStores, ref: RepoRef, today: UtcDay): Promise<ReadableStream<Uint8Array>> {
  return guard('reading the export line', () => counterFor(stores.counter, ref).exportBody(today));
}

/**
 * What one line of the report table is built from: the counter's 28 days and GitHub's figures of the same days
 * (not the whole history), as its object reads them. `status` is null for a repository never refreshed.
 */
export async function loadRepoLine(stores: RepoStores, ref: RepoRef, today: UtcDay) {
  const from = addDays(today, -(TABLE_DAYS - 1));
  const { status, history, views, visitors, clicks, clickers, contributions, downloads, allTime, readmeAllTime, carriedOver } = await guard(
    'reading the report line',
    () => counterFor(stores.counter, ref).lineInputs(from, today),
  );
  return {
    history,
    views,
    visitors,
    clicks,
    clickers,
    contributions,
    downloads,
    allTime,
    readmeAllTime,
    carriedOver,
    status: status.lastRefreshAt === null ? null : status,
  };
}
