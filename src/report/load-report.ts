import type { Config } from '../config';
import { counterFor } from '../counter/counter-client';
import { addDays, type UtcDay } from '../dates';
import { parseRepoSlug, repoSlug, type RepoRef } from '../repos';
import { readCursor, readHistory, readStatus } from '../storage/kv-layout';
import { buildRepoSeries } from './repo-series';
import { summarizeRepo, type RepoSummary } from './repo-summary';

/** The tracked repositories: REPOS entries, with `owner/*` as the collector last expanded them. */
export async function listTrackedRepos(env: Env, config: Config): Promise<RepoRef[]> {
  const cursor = await readCursor(env.REPORTS);
  const slugs = new Set(config.tracked.filter((pattern) => pattern.repo !== '*').map(repoSlug));
  for (const slug of cursor?.repos ?? []) {
    const ref = parseRepoSlug(slug);
    if (ref && config.tracked.some((pattern) => pattern.owner === ref.owner && pattern.repo === '*')) slugs.add(slug);
  }
  return [...slugs].sort().flatMap((slug) => parseRepoSlug(slug) ?? []);
}

export async function loadRepoSeries(env: Env, ref: RepoRef, from: UtcDay, to: UtcDay) {
  const [history, views] = await Promise.all([readHistory(env.REPORTS, ref), counterFor(env.COUNTER, ref).dailyViews(from, to)]);
  return { history, series: buildRepoSeries(repoSlug(ref), history, views, from, to) };
}

export async function loadRepoSummary(env: Env, ref: RepoRef, today: UtcDay): Promise<RepoSummary> {
  const [{ history, series }, allTime, status] = await Promise.all([
    loadRepoSeries(env, ref, addDays(today, -27), today),
    counterFor(env.COUNTER, ref).count(null),
    readStatus(env.REPORTS, ref),
  ]);
  return summarizeRepo(series, history, allTime, status.lastRefreshAt === null ? null : status);
}
