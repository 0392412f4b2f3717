import { Hono } from 'hono/tiny';
import * as v from 'valibot';
import { digestMarkdown } from '../digests/digest';
import { weekRange } from '../digests/iso-week';
import type { AppEnv } from '../http/app-env';
import { reject } from '../http/errors';
import { fullAccessOnly, requireFullAccess } from '../http/report-auth';
import { queryOf } from '../http/validate';
import { resolveTrackedRepo } from '../repos';
import { listDigests, readWeekDigests } from '../stores/digest-store';

const DigestQuery = v.object({ format: v.optional(v.picklist(['json', 'md'], 'format must be json or md.')) });

/**
 * `GET /report/digests` and `GET /report/digests/{week}`: the weekly digests, JSON or Markdown. They carry GitHub
 * traffic: never public. Mounted before /report/{owner}/{repo}, which `digests/…` would match.
 */
export const reportDigestRoutes = new Hono<AppEnv>()
  .get('/', fullAccessOnly('Digests need'), async (c) => {
    const digests = await listDigests(c.env.REPORTS);
    return c.json({ digests: digests.map((digest) => ({ ...digest, href: `/report/digests/${digest.week}` })) });
  })
  .get('/:week', async (c, next) => {
    const week = c.req.param('week');
    // A GitHub owner may be called "digests": its repositories' reports are served by the repository's route.
    if (!weekRange(week) && resolveTrackedRepo('digests', week, c.var.config.tracked).ok) return next();
    requireFullAccess(c, 'Digests need');
    if (!weekRange(week)) reject(400, `"${week}" is not an ISO week such as 2026-W48.`);
    const format = queryOf(c, DigestQuery).format ?? ((c.req.header('accept') ?? '').includes('text/markdown') ? 'md' : 'json');
    const digests = await readWeekDigests(c.env.REPORTS, week);
    if (digests.length === 0) reject(404, `No digest for ${week} yet: digests are made on Mondays for the week before.`);
    if (format === 'md') return c.body(digests.map(digestMarkdown).join('\n'), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
    return c.json({ week, digests });
  });
