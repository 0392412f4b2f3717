import { Hono } from 'hono/tiny';
import type { AppEnv } from '../http/app-env';
import { answerError } from '../http/errors';
import { reportAuth } from '../http/report-auth';
import { baselineRoutes } from './report-baseline';
import { reportDigestRoutes } from './report-digests';
import { reportExportRoutes } from './report-export';
import { importRoutes } from './report-import';
import { reportLinkRoutes } from './report-links';
import { reportRepoRoutes } from './report-repo';
import { reportTableRoutes } from './report-table';

/**
 * `/report/…`: behind reportAuth, and a storage fault says the report could not be read. Only mounts; the
 * digests come before `/{owner}/{repo}`, which `digests/{week}` would match.
 */
export const reportRoutes = new Hono<AppEnv>()
  .use(reportAuth)
  .onError((error, c) => answerError(c, error, 'The report could not be read from storage (it has been logged): try again in a minute.'))
  .route('/', reportTableRoutes)
  .route('/export', reportExportRoutes)
  .route('/import', importRoutes)
  .route('/baseline', baselineRoutes)
  .route('/links', reportLinkRoutes)
  .route('/digests', reportDigestRoutes)
  .route('/', reportRepoRoutes);
