import { counterFor } from '../src/counter/counter-client';
import type { RepoHistory } from '../src/history/model';
import type { RepoRef } from '../src/repos';
import type { RepoStatus } from '../src/records/repo-status';
import type { RepoStores } from '../src/stores/repo-store';

/** Seeds a repository's history as it is, its status left alone (the Worker itself always saves both). */
export async function writeHistory(stores: RepoStores, ref: RepoRef, history: RepoHistory): Promise<void> {
  await counterFor(stores.counter, ref).saveRecords({ history });
}

/** Seeds a repository's status as it is. */
export async function writeStatus(stores: RepoStores, ref: RepoRef, status: RepoStatus): Promise<void> {
  await counterFor(stores.counter, ref).saveRecords({ status });
}
