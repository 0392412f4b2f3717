/**
 * GitHub repository names and the REPOS allow-list. Pure: no env, no I/O.
 *
 * GitHub treats names case-insensitively, so everything is stored lower-cased: `/p/Octo/Repo.gif` and
 * `/p/octo/repo.gif` count towards the same repository.
 */

export interface RepoRef {
  owner: string;
  repo: string;
}

/** A REPOS entry: one repository, or every repository of an owner (`repo === '*'`). */
export type RepoPattern = RepoRef;

// Owner (user or organisation): 1–39 alphanumerics, single hyphens only between them.
const OWNER = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/i;
// Repository: 1–100 of A-Za-z0-9._- except "." and "..", which GitHub refuses.
const REPO = /^[a-z0-9._-]{1,100}$/i;

export function isValidOwner(owner: string): boolean {
  return OWNER.test(owner);
}

export function isValidRepo(repo: string): boolean {
  return REPO.test(repo) && repo !== '.' && repo !== '..';
}

/** Validates and normalises an owner and repository name, or returns null if GitHub would not allow them. */
export function toRepoRef(owner: string, repo: string): RepoRef | null {
  if (!isValidOwner(owner) || !isValidRepo(repo)) return null;
  return { owner: owner.toLowerCase(), repo: repo.toLowerCase() };
}

/** Parses `"owner/repo"` (as typed into a form or written in REPOS), or returns null. */
export function parseRepoSlug(slug: string): RepoRef | null {
  const parts = slug.trim().split('/');
  if (parts.length !== 2) return null;
  return toRepoRef(parts[0] ?? '', parts[1] ?? '');
}

export function repoSlug(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}

/** Parses REPOS: comma-separated `owner/repo` and `owner/*` entries. Good entries are kept, bad ones reported. */
export function parseRepoList(value: string): { patterns: RepoPattern[]; errors: string[] } {
  const patterns: RepoPattern[] = [];
  const errors: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [owner = '', repo = '', ...rest] = entry.split('/');
    if (rest.length === 0 && isValidOwner(owner) && repo === '*') {
      patterns.push({ owner: owner.toLowerCase(), repo: '*' });
      continue;
    }
    const ref = rest.length === 0 ? toRepoRef(owner, repo) : null;
    if (ref) patterns.push(ref);
    else errors.push(`"${entry}" is not an "owner/repo" or "owner/*" entry GitHub would allow`);
  }
  return { patterns, errors };
}

export type TrackedRepoResult = { ok: true; ref: RepoRef } | { ok: false; status: 404; reason: string };

/** Resolves route parameters to a tracked repository, or says why not (both answers are a 404 to the client). */
export function resolveTrackedRepo(owner: string, repo: string, tracked: readonly RepoPattern[]): TrackedRepoResult {
  const ref = toRepoRef(owner, repo);
  if (!ref) return { ok: false, status: 404, reason: 'not a valid GitHub repository name' };
  if (!isTracked(tracked, ref)) return { ok: false, status: 404, reason: 'repository not tracked' };
  return { ok: true, ref };
}

export function isTracked(patterns: readonly RepoPattern[], ref: RepoRef): boolean {
  return patterns.some((p) => p.owner === ref.owner && (p.repo === '*' || p.repo === ref.repo));
}
