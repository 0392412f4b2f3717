import { counterFor } from '../counter/counter-client';
import type { GitHubClient } from '../github/client';
import { describeFailure } from '../github/failure';
import { getRepoInfo } from '../github/repo-data';
import type { Log } from '../log';
import { parseRepoSlug, repoSlug } from '../repos';
import { registryOf } from '../registry/registry-client';
import type { RepoStores } from '../stores/repo-store';
import { guard } from '../storage/storage-fault';

/** GitHub requests a run spends on new names at most: real repositories are confirmed within a few runs. */
export const MAX_CONFIRMATIONS_PER_RUN = 3;

export interface ConfirmationDeps extends RepoStores {
  github: GitHubClient;
  hasToken: boolean;
  log: Log;
}

export interface ConfirmationSummary {
  confirmed: string[];
  refused: string[];
}

/**
 * Settles names under `owner/*` entries that have counted views but are not known to exist (see RepoRegistry),
 * oldest first, with at most `budget` GitHub requests. A name the owner's repository list already names costs no
 * request. GitHub's 200 confirms a name (with the token, private repositories it can read too); its 404 refuses
 * it and clears its counter. Without a token a 404 proves nothing (private repositories answer 404 then): the
 * name waits. Any other failure leaves it for a later run.
 */
export async function confirmNames(deps: ConfirmationDeps, budget: number, now: number): Promise<ConfirmationSummary> {
  const at = new Date(now).toISOString();
  const registry = registryOf(deps.registry);
  const names = await guard('reading the registry', () => registry.namesToCheck(MAX_CONFIRMATIONS_PER_RUN * 4, at));
  const summary: ConfirmationSummary = { confirmed: [], refused: [] };
  let requests = 0;
  for (const { slug, state, listed } of names) {
    const ref = parseRepoSlug(slug);
    if (!ref) continue;
    if (state === 'refused') {
      // Viewed again after GitHub said it does not exist: cleared again, without asking.
      await guard('writing the registry', () => registry.markCleared(slug));
      await guard('clearing a counter', () => counterFor(deps.counter, ref).clear());
      continue;
    }
    if (listed) {
      summary.confirmed.push(slug);
      continue;
    }
    if (requests >= budget) continue;
    requests++;
    try {
      await getRepoInfo(deps.github, ref);
      summary.confirmed.push(slug);
    } catch (error) {
      const failure = describeFailure(error, 'the repository');
      if (failure.kind === 'not-found' && deps.hasToken) {
        // The registry first: a view that comes while the counter is cleared is offered again, and cleared next run.
        await guard('writing the registry', () => registry.refuse(slug, at));
        await guard('clearing a counter', () => counterFor(deps.counter, ref).clear());
        summary.refused.push(slug);
      } else {
        deps.log({ level: 'warn', message: 'repository not confirmed', repo: repoSlug(ref), kind: failure.kind, error: failure.message });
      }
    }
  }
  if (summary.confirmed.length > 0) await guard('writing the registry', () => registry.confirm(summary.confirmed, at));
  return summary;
}
