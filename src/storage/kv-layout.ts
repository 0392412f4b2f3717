import * as v from 'valibot';
import type { RepoHistory } from '../history/model';
import { emptyStatus, type RepoStatus } from '../records/repo-status';
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

// The status's types live in records/repo-status.ts; they stay importable from here.
export {
  emptyStarHistory,
  emptyStatus,
  type EtagKey,
  type RepoStatus,
  type ScheduleFields,
  type StarHistoryState,
  type StatusFields,
} from '../records/repo-status';

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
