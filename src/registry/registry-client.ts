import { repoSlug, type RepoRef } from '../repos';
import { REGISTRY_NAME, type RepoRegistry } from './repo-registry';

/** The one registry object of the Worker. */
export function registryOf(namespace: DurableObjectNamespace<RepoRegistry>) {
  return namespace.get(namespace.idFromName(REGISTRY_NAME));
}

/** Lists repositories in reports from now on: an import or a carried-over total, made with REPORT_TOKEN, vouches for them. */
export function confirmRepos(namespace: DurableObjectNamespace<RepoRegistry>, refs: readonly RepoRef[], now: number): Promise<void> {
  return registryOf(namespace).confirm(refs.map(repoSlug), new Date(now).toISOString());
}
