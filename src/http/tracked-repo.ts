import type { Context } from 'hono';
import { resolveTrackedRepo, type RepoRef } from '../repos';
import type { AppEnv } from './app-env';
import { reject } from './errors';

/** The tracked repository `owner/repo` names, or a 404 saying only repositories in REPOS `have` what was asked for. */
export function trackedOr404(c: Context<AppEnv>, owner: string, repo: string, have: string): RepoRef {
  const resolved = resolveTrackedRepo(owner, repo, c.var.config.tracked);
  if (!resolved.ok) reject(404, `${resolved.reason}: only repositories in REPOS ${have}.`);
  return resolved.ref;
}
