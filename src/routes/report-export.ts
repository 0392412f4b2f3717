import { Hono } from 'hono/tiny';
import type { AppEnv } from '../http/app-env';
import { fullAccessOnly } from '../http/report-auth';
import { exportStream } from '../jobs/export';
import { listTrackedRepos, storesOf } from '../stores/repo-store';

/** `GET /report/export`: the full history, for backups and moving elsewhere. GitHub traffic included, so never public. */
export const reportExportRoutes = new Hono<AppEnv>().get('/', fullAccessOnly('Exports need'), async (c) => {
  const stores = storesOf(c.env);
  const refs = await listTrackedRepos(stores, c.var.config);
  return c.body(exportStream(stores, refs, Date.now()), 200, {
    'Content-Type': 'application/x-ndjson; charset=utf-8',
    'Content-Disposition': 'attachment; filename="repo-impressions-export.ndjson"',
  });
});
