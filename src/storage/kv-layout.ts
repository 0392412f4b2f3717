import * as v from 'valibot';
import type { CurrentVersion, ReadmeChange } from '../conversions/readme-versions';
import type { UtcDay } from '../dates';
import type { RepoHistory } from '../history/model';
import type { HistorySummary } from '../conversions/summary';
import { repoSlug, type RepoRef } from '../repos';
import { guard, UNREADABLE } from './storage-fault';

/**
 * Workers KV layout (binding REPORTS), documented in the README. A repository's history and status are kept by
 * its own Durable Object (counter/repo-counter.ts); deployments before that kept them here, and the object moves
 * them in on first use:
 *
 *   history:{owner}/{repo}   RepoHistory JSON: daily traffic, counts, star gains, top referrers and paths.
 *                            Read once, by the repository's object; no longer written.
 *   status:{owner}/{repo}    RepoStatus JSON: last refresh, ETags, per-repository status and ratios. The same.
 *   collector:cursor         CollectorCursor JSON: where the round-robin stood, before the registry kept the
 *                            schedule (registry/schedule-rows.ts). Taken over by the first run; not written.
 *   seen:{owner}/{repo}      Empty: the repository has counted views or imported data. Written once per repository
 *                            by deployments before the registry (REGISTRY); read, never written, now.
 */
export const historyKey = (ref: RepoRef) => `history:${repoSlug(ref)}`;
export const statusKey = (ref: RepoRef) => `status:${repoSlug(ref)}`;
export const CURSOR_KEY = 'collector:cursor';
/** `seen:{owner}/{repo}`: a repository with counted views or imported data, from before the registry (see listSeenRepos). */
const SEEN_PREFIX = 'seen:';

export type EtagKey = 'repo' | 'starHistory' | 'views' | 'clones' | 'referrers' | 'paths' | 'readme';

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
  /** First days of the star bursts and traffic spikes already announced to the webhook (the last 20). */
  announcedEvents: UtcDay[];
}

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
    announcedEvents: [],
    ratios: {},
    daily: [],
    counts: null,
  };
}

export interface CollectorCursor {
  /** Index into `repos` of the next repository to look at. */
  position: number;
  /** The expanded list of tracked repositories (owner/* entries resolved), as slugs. */
  repos: string[];
  /** When `repos` was expanded; it is expanded again after a day or when REPOS changes. */
  expandedAt: string;
  /** The REPOS value it was expanded from. */
  source: string;
  /** Repositories whose star history has older pages still to load, between their refreshes (absent: none). */
  backfills?: string[];
}

const Record_ = v.record(v.string(), v.unknown());

/** A key's JSON, or null. KV failing is a StorageFault; a value that is not JSON is not (a bug wrote it). */
async function readJson(kv: KVNamespace, key: string): Promise<unknown> {
  const text = await guard(`reading ${key}`, () => kv.get(key, 'text'));
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${UNREADABLE}${key} is not JSON; left untouched`);
  }
}

function writeJson(kv: KVNamespace, key: string, value: unknown): Promise<void> {
  return guard(`writing ${key}`, () => kv.put(key, JSON.stringify(value)));
}

/**
 * Reads a repository's history as deployments before the Durable Object's rows kept it. A missing key is null; a
 * corrupt one is an error, never overwritten.
 */
export async function readLegacyHistory(kv: KVNamespace, ref: RepoRef): Promise<RepoHistory | null> {
  const stored = await readJson(kv, historyKey(ref));
  if (stored === null) return null;
  if (!v.is(v.object({ traffic: Record_, counts: Record_, starsGained: Record_, referrers: Record_, paths: Record_ }), stored)) {
    throw new Error(`${UNREADABLE}${historyKey(ref)} is not a history; left untouched`);
  }
  // Histories written before breakdowns and fork gains existed have none yet.
  return { breakdowns: {}, forksGained: {}, ...(stored as Omit<RepoHistory, 'breakdowns' | 'forksGained'>) } as RepoHistory;
}

/** Reads a repository's status as deployments before the Durable Object's rows kept it, or null. */
export async function readLegacyStatus(kv: KVNamespace, ref: RepoRef): Promise<RepoStatus | null> {
  const stored = (await readJson(kv, statusKey(ref))) as Partial<RepoStatus> | null;
  return stored === null ? null : { ...emptyStatus(), ...stored };
}

/** Writes a history where deployments before the Durable Object's rows kept it: for tests of the move. */
export function writeLegacyHistory(kv: KVNamespace, ref: RepoRef, history: RepoHistory): Promise<void> {
  return writeJson(kv, historyKey(ref), history);
}

/** Writes a status where deployments before the Durable Object's rows kept it: for tests of the move. */
export function writeLegacyStatus(kv: KVNamespace, ref: RepoRef, status: RepoStatus): Promise<void> {
  return writeJson(kv, statusKey(ref), status);
}

export async function readCursor(kv: KVNamespace): Promise<CollectorCursor | null> {
  return (await readJson(kv, CURSOR_KEY)) as CollectorCursor | null;
}

/**
 * Every repository marked seen, as slugs: deployments before the registry wrote one key per repository with views
 * (now the registry keeps those names, without KV writes). They stay listed.
 */
export async function listSeenRepos(kv: KVNamespace): Promise<string[]> {
  const slugs: string[] = [];
  let cursor: string | undefined;
  do {
    const page: KVNamespaceListResult<unknown> = await guard('listing seen repositories', () => kv.list({ prefix: SEEN_PREFIX, cursor }));
    slugs.push(...page.keys.map((key) => key.name.slice(SEEN_PREFIX.length)));
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return slugs;
}
