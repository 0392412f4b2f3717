import { mergeHistories } from '../conversions/history';
import { counterFor } from '../counter/counter-client';
import { readHistory, writeHistory } from '../storage/kv-layout';
import type { ImportedRepo } from './import';

/**
 * Writes validated imports: histories merged like the collector's (written only when they change), daily views
 * and visitors through the counter's larger-value imports. Idempotent, so an interrupted import can be re-run.
 */
export async function applyImport(env: Env, repos: readonly ImportedRepo[]): Promise<{ imported: number; historiesWritten: number }> {
  let historiesWritten = 0;
  for (const repo of repos) {
    const { history, changed } = mergeHistories(await readHistory(env.REPORTS, repo.ref), repo.history);
    if (changed) {
      await writeHistory(env.REPORTS, repo.ref, history);
      historiesWritten++;
    }
    const counter = counterFor(env.COUNTER, repo.ref);
    await counter.importDailyViews(repo.views);
    await counter.importDailyVisitors(repo.visitors);
  }
  return { imported: repos.length, historiesWritten };
}
