import type { Config } from '../config';
import { buildDailyFacts } from '../history/daily-facts';
import { historyOfSummary } from '../history/summary';
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

/**
 * One line of the report table. It reads the summary the collector and imports keep in the status, not the
 * whole history; a status without one (seeded, or written before summaries existed) falls back to the history.
 */
export async function loadRepoSummary(env: Env, ref: RepoRef, today: UtcDay): Promise<RepoSummary> {
  const from = addDays(today, -27);
  const [status, { views, allTime }] = await Promise.all([readStatus(env.REPORTS, ref), counterFor(env.COUNTER, ref).recentViews(from, today)]);
  const history = status.daily.length > 0 ? historyOfSummary(status) : await readHistory(env.REPORTS, ref);
  const facts = buildDailyFacts(history, views, from, today);
  return summarizeRepo(repoSlug(ref), today, facts, views, history, allTime, status.lastRefreshAt === null ? null : status);
}
