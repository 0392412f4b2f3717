import { mergeHistories } from '../history/merge';
import { type RepoHistory } from '../history/model';
import { summarizeHistory, summaryStart } from '../history/summary';
import { counterFor } from '../counter/counter-client';
import { utcDay, type UtcDay } from '../dates';
import type { RepoRef } from '../repos';
import { readHistory, readStatus, writeHistory, writeStatus } from '../storage/kv-layout';
import type { ImportedRepo } from './parse-export';

/** Storage failed part-way through an import: how far it got, for a message that says what to do. */
export class ImportInterrupted extends Error {
  constructor(
    readonly done: number,
    readonly total: number,
    override readonly cause: unknown,
  ) {
    super(`import stopped after ${done} of ${total} repositories`);
    this.name = 'ImportInterrupted';
  }
}

/**
 * Writes validated imports: histories merged like the collector's (written only when they change), daily views
 * and visitors through the counter's larger-value imports. Idempotent, so an interrupted import can be re-run:
 * when storage fails, ImportInterrupted says how far it got.
 */
export async function applyImport(env: Env, repos: readonly ImportedRepo[]): Promise<{ imported: number; historiesWritten: number }> {
  let historiesWritten = 0;
  let done = 0;
  try {
    for (const repo of repos) {
      // The counter first: the summary written with the history counts its impressions.
      const counter = counterFor(env.COUNTER, repo.ref);
      await counter.importDailyViews(repo.views);
      await counter.importDailyVisitors(repo.visitors);
      if (await mergeIntoHistory(env, repo.ref, repo.history)) historiesWritten++;
      done++;
    }
  } catch (error) {
    throw new ImportInterrupted(done, repos.length, error);
  }
  return { imported: repos.length, historiesWritten };
}

/**
 * Merges an imported history into the stored one (larger value per date) in one KV write, if it changes it,
 * then brings the status's summary up to date so that the report table shows the imported days.
 */
export async function mergeIntoHistory(env: Env, ref: RepoRef, imported: RepoHistory): Promise<boolean> {
  const today = utcDay(Date.now());
  const { history, changed } = mergeHistories(await readHistory(env.REPORTS, ref), imported, today);
  if (changed) await writeHistory(env.REPORTS, ref, history);
  await updateSummary(env, ref, history, today);
  return changed;
}

async function updateSummary(env: Env, ref: RepoRef, history: RepoHistory, today: UtcDay): Promise<void> {
  const [status, impressions] = await Promise.all([readStatus(env.REPORTS, ref), counterFor(env.COUNTER, ref).dailyViews(summaryStart(today), today)]);
  const summary = summarizeHistory(history, impressions, today);
  // Written only when it changes: importing the same file twice writes nothing at all.
  if (JSON.stringify(summary) !== JSON.stringify({ daily: status.daily, ratios: status.ratios, counts: status.counts })) {
    await writeStatus(env.REPORTS, ref, { ...status, ...summary });
  }
}
