import { Hono } from 'hono/tiny';
import * as v from 'valibot';
import type { AppEnv } from '../http/app-env';
import { fullAccessOnly } from '../http/report-auth';
import { validQuery, wholeNumberParam } from '../http/validate';
import { exportStream } from '../jobs/export';
import { parseRepoSlug, repoSlug, type RepoRef } from '../repos';
import { listTrackedRepos, storesOf } from '../stores/repo-store';

// Each line costs the Worker 0.05–0.1 ms of CPU (npm run bench:cpu: 50 lines took 2.5–6.8 ms, median), so on the free
// plan's 10 ms an account of more than ~50 repositories is exported in parts (the dashboard asks for 25 a part).
const MAX_PART = 1000;
const LIMIT_RULE = `limit must be a whole number of repositories from 1 to ${MAX_PART}`;

const ExportQuery = v.object({
  after: v.optional(
    v.pipe(
      v.string(),
      v.check((slug) => parseRepoSlug(slug) !== null, 'after must name a repository as owner/repo'),
      // As REPOS names are kept: the part starts past the repository in the order its names are listed.
      v.transform((slug) => repoSlug(parseRepoSlug(slug) as RepoRef)),
    ),
  ),
  limit: v.optional(wholeNumberParam(MAX_PART, LIMIT_RULE)),
});

/**
 * `GET /report/export`: the full history, for backups and moving elsewhere. GitHub traffic included, so never
 * public. `?limit=N` exports N repositories (in the order of their names) and `?after=owner/repo` starts past that
 * one: each part is a whole export of its repositories, which imports on its own, and its `Link` header names the
 * next part while there is one.
 */
export const reportExportRoutes = new Hono<AppEnv>().get('/', fullAccessOnly('Exports need'), validQuery(ExportQuery), async (c) => {
  const { after, limit } = c.req.valid('query');
  const stores = storesOf(c.env);
  const tracked = await listTrackedRepos(stores, c.var.config);
  const { refs, next } = partOf(tracked, after, limit === undefined ? undefined : Number(limit));
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-ndjson; charset=utf-8',
    'Content-Disposition': 'attachment; filename="repo-impressions-export.ndjson"',
  };
  if (next !== null) headers.Link = `</report/export?after=${encodeURIComponent(next)}&limit=${limit}>; rel="next"`;
  return c.body(exportStream(stores, refs, Date.now()), 200, headers);
});

/** The repositories after `after` (by name), `limit` of them, and the last one's name when more follow. Pure. */
export function partOf(tracked: readonly RepoRef[], after?: string, limit?: number): { refs: RepoRef[]; next: string | null } {
  const rest = after === undefined ? [...tracked] : tracked.filter((ref) => repoSlug(ref) > after);
  if (limit === undefined || rest.length <= limit) return { refs: rest, next: null };
  const refs = rest.slice(0, limit);
  return { refs, next: repoSlug(refs.at(-1) as RepoRef) };
}
