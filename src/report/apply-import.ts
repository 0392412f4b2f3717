import { mergeHistories, type RepoHistory } from '../conversions/history';
import { counterFor } from '../counter/counter-client';
import { utcDay } from '../dates';
import type { RepoRef } from '../repos';
import { readHistory, writeHistory } from '../storage/kv-layout';
import type { ImportedRepo } from './import';

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
      if (await mergeIntoHistory(env, repo.ref, repo.history)) historiesWritten++;
      const counter = counterFor(env.COUNTER, repo.ref);
      await counter.importDailyViews(repo.views);
      await counter.importDailyVisitors(repo.visitors);
      done++;
    }
  } catch (error) {
    throw new ImportInterrupted(done, repos.length, error);
  }
  return { imported: repos.length, historiesWritten };
}

/** Merges an imported history into the stored one (larger value per date) in one KV write, if it changes it. */
export async function mergeIntoHistory(env: Env, ref: RepoRef, imported: RepoHistory): Promise<boolean> {
  const { history, changed } = mergeHistories(await readHistory(env.REPORTS, ref), imported, utcDay(Date.now()));
  if (changed) await writeHistory(env.REPORTS, ref, history);
  return changed;
}
