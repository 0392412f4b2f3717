import { counterFor } from '../counter/counter-client';
import { utcDay } from '../dates';
import type { RepoHistory } from '../history/model';
import type { RepoRef } from '../repos';
import { confirmRepos } from '../registry/registry-client';
import type { RepoStores } from '../storage/repo-store';
import { guard, StorageFault } from '../storage/storage-fault';
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
export async function applyImport(stores: RepoStores, repos: readonly ImportedRepo[]): Promise<{ imported: number; historiesWritten: number }> {
  let historiesWritten = 0;
  let done = 0;
  try {
    for (const repo of repos) {
      // The counter first: the summary written with the history counts its impressions. Its imports are sent
      // together (the object takes them one at a time): each answer that comes back alone wakes the Worker.
      const counter = counterFor(stores.counter, repo.ref);
      const carriedOver = repo.carriedOver;
      await Promise.all([
        guard('importing views', () => counter.importDailyViews(repo.views)),
        guard('importing visitors', () => counter.importDailyVisitors(repo.visitors)),
        guard('importing labelled views', () => counter.importLabelledViews(repo.labelled)),
        // A carried-over total is one figure, not a series: the file's replaces the stored one.
        carriedOver ? guard('importing the carried-over count', () => counter.setCarriedOver(carriedOver)) : null,
      ]);
      if (await mergeIntoHistory(stores, repo.ref, repo.history)) historiesWritten++;
      done++;
    }
  } catch (error) {
    if (error instanceof StorageFault) throw new ImportInterrupted(done, repos.length, error);
    throw error;
  }
  return { imported: repos.length, historiesWritten };
}

/**
 * Merges an imported history into the stored one (larger value per date), writing the rows it changes, and brings
 * the status's summary up to date so that the report table shows the imported days: in the repository's object,
 * which reads, merges and writes its own rows with no wait in between.
 */
export async function mergeIntoHistory(stores: RepoStores, ref: RepoRef, imported: RepoHistory): Promise<boolean> {
  const [saved] = await Promise.all([
    guard('importing the history', () => counterFor(stores.counter, ref).importHistory(imported, utcDay(Date.now()))),
    // Reports list it even when only an owner/* entry tracks it and GitHub's list does not name it: an import,
    // made with REPORT_TOKEN, vouches for it.
    guard('listing the repository', () => confirmRepos(stores.registry, [ref], Date.now())),
  ]);
  return saved.historyWritten;
}
