import { Hono } from 'hono/tiny';
import { counterFor } from '../counter/counter-client';
import { utcDay } from '../dates';
import { describeCarriedOverChange, parseCarriedOver } from '../imports/carried-over';
import { confirmRepos } from '../registry/registry-client';
import { parseRepoSlug, repoSlug, resolveTrackedRepo, type RepoRef } from '../repos';
import type { CarriedOverAnswer } from '../report/responses';
import type { CarriedOver, CarriedOverChange } from '../views';
import { storesOf } from '../stores/repo-store';
import { guard } from '../storage/storage-fault';
import type { AppEnv } from '../http/app-env';
import { readJsonObject } from '../http/json-body';
import { reject } from '../http/errors';
import { fullAccessOnly } from '../http/report-auth';
import { trackedOr404 } from '../http/tracked-repo';

// Four short fields; anything longer is not a carried-over count.
const MAX_BODY_BYTES = 4096;
const EXAMPLE = '{"repo": "owner/repo", "views": 12345, "before": "2026-12-01", "source": "hits.seeyoufarm.com"}';

/**
 * `POST /report/baseline`: carries over the total of a counter this one replaces, `{repo, views, before, source}`
 * (views it counted before the day `before`). The badge's all-time count includes it; reports show it apart.
 * Setting it again replaces it; `DELETE /report/baseline/{owner}/{repo}` removes it.
 */
export const baselineRoutes = new Hono<AppEnv>()
  .post('/', fullAccessOnly('Carrying over a count needs'), async (c) => {
    const fields = await readJsonObject(c.req.raw, MAX_BODY_BYTES, EXAMPLE);
    const ref = typeof fields.repo === 'string' ? parseRepoSlug(fields.repo) : null;
    if (!ref) reject(400, `repo must be owner/repo, as in ${EXAMPLE}`);
    const tracked = resolveTrackedRepo(ref.owner, ref.repo, c.var.config.tracked);
    if (!tracked.ok) reject(404, `${repoSlug(ref)} is not in REPOS: only tracked repositories carry a count.`);
    const parsed = parseCarriedOver(fields, utcDay(Date.now()));
    if (!parsed.ok) reject(400, `${parsed.error} (as in ${EXAMPLE})`);
    const stores = storesOf(c.env);
    const change = await guard('saving the carried-over count', () =>
      counterFor(stores.counter, tracked.ref).changeCarriedOver(parsed.carriedOver),
    );
    // Set with REPORT_TOKEN: the repository is listed in reports even if only an owner/* entry tracks it.
    await guard('listing the repository', () => confirmRepos(stores.registry, [tracked.ref], Date.now()));
    return c.json(answer(tracked.ref, parsed.carriedOver, change));
  })
  .delete('/:owner/:repo', fullAccessOnly('Removing a carried-over count needs'), async (c) => {
    const ref = trackedOr404(c, c.req.param('owner'), c.req.param('repo'), 'carry a count');
    const change = await guard('removing the carried-over count', () => counterFor(storesOf(c.env).counter, ref).changeCarriedOver(null));
    return c.json(answer(ref, null, change));
  });

function answer(ref: RepoRef, carriedOver: CarriedOver | null, change: CarriedOverChange): CarriedOverAnswer {
  return { repo: repoSlug(ref), carriedOver, ...change, message: describeCarriedOverChange(carriedOver, change) };
}
