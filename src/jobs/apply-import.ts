import { counterFor } from '../counter/counter-client';
import { utcDay, type UtcDay } from '../dates';
import type { RepoHistory } from '../history/model';
import type { RepoRef } from '../repos';
import { confirmRepos } from '../registry/registry-client';
import type { RepoStores } from '../stores/repo-store';
import { guard, StorageFault } from '../storage/storage-fault';
import type { ImportedRepo, PlannedLine } from '../imports/parse-export';
import { historyForStep, historySteps, stepAt, type StepResult } from '../imports/import-steps';

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
 * Writes validated imports (parseExport's repositories): histories merged like the collector's (written only when
 * they change), daily views and visitors through the counter's larger-value imports. Idempotent, so an
 * interrupted import can be re-run: when storage fails, ImportInterrupted says how far it got. The Worker's import
 * route no longer parses its lines: it uses checkImportLines and importLines below.
 */
export async function applyImport(
  stores: RepoStores,
  repos: readonly ImportedRepo[],
): Promise<{ imported: number; historiesWritten: number }> {
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
  const counter = counterFor(stores.counter, ref);
  const today = utcDay(Date.now());
  // The Worker plans the steps and sends each only its part of the history.
  const steps = historySteps(imported);
  const [written] = await Promise.all([
    inSteps(async (index) => {
      const step = stepAt(steps, index);
      const saved = await guard('importing the history', () => counter.importHistoryStep(historyForStep(imported, step), today, step));
      return { steps: steps.length, historyWritten: saved.historyWritten };
    }),
    // Reports list it even when only an owner/* entry tracks it and GitHub's list does not name it: an import,
    // made with REPORT_TOKEN, vouches for it.
    guard('listing the repository', () => confirmRepos(stores.registry, [ref], Date.now())),
  ]);
  return written;
}

/** Writes an import step after step (import-steps.ts), each an invocation of its object; whether any history row was. */
async function inSteps(write: (step: number) => Promise<StepResult>): Promise<boolean> {
  let written = false;
  for (let step = 0, steps = 1; step < steps; step++) {
    const saved = await write(step);
    steps = saved.steps;
    if (saved.historyWritten) written = true;
  }
  return written;
}

/**
 * Has each repository's object check its line of an export, all at once: what planImport left to them. An object
 * reads its line (readImportLine), then checks what it read (checkImportLine): two invocations, as parsing and
 * checking a year's line took 3–8 ms of the free plan's 10 in one. The lines they refuse, with their line numbers;
 * none when the import can go ahead.
 */
export async function checkImportLines(
  stores: RepoStores,
  lines: readonly PlannedLine[],
  today: UtcDay,
): Promise<Array<{ line: number; error: string }>> {
  const errors = await Promise.all(
    lines.map(({ ref, text }) =>
      guard('checking the import', async () => {
        const counter = counterFor(stores.counter, ref);
        return (await counter.readImportLine(text)) ?? (await counter.checkImportLine(text, today));
      }),
    ),
  );
  return lines.flatMap(({ line }, i) => {
    const error = errors[i];
    return error ? [{ line, error }] : [];
  });
}

/**
 * Writes the lines checkImportLines passed, one repository at a time, each by its own object step after step
 * (importLineStep), and lists it. Idempotent, so an interrupted import can be re-run: when storage fails,
 * ImportInterrupted says how far it got.
 */
export async function importLines(
  stores: RepoStores,
  lines: readonly PlannedLine[],
  today: UtcDay,
): Promise<{ imported: number; historiesWritten: number }> {
  let historiesWritten = 0;
  let done = 0;
  try {
    for (const { ref, text } of lines) {
      const counter = counterFor(stores.counter, ref);
      // The counter's part first (lineSteps): the summary written with the history counts its impressions.
      const [written] = await Promise.all([
        inSteps((step) => guard('importing the repository', () => counter.importLineStep(text, today, step))),
        // Reports list it even when only an owner/* entry tracks it and GitHub's list does not name it: an
        // import, made with REPORT_TOKEN, vouches for it.
        guard('listing the repository', () => confirmRepos(stores.registry, [ref], Date.now())),
      ]);
      if (written) historiesWritten++;
      done++;
    }
  } catch (error) {
    if (error instanceof StorageFault) throw new ImportInterrupted(done, lines.length, error);
    throw error;
  }
  return { imported: lines.length, historiesWritten };
}
