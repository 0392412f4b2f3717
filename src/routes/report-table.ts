import { Hono } from 'hono/tiny';
import * as v from 'valibot';
import { utcDay, type UtcDay } from '../dates';
import type { AppEnv } from '../http/app-env';
import { csvResponse, negotiateFormat, ReportFormat } from '../http/report-format';
import { validQuery } from '../http/validate';
import { logError } from '../log';
import { totalsByOwner } from '../report/owner-totals';
import type { PublicReportTable, ReportTable } from '../report/responses';
import { publicSummary, summariesCsv, UNAVAILABLE_LINE_ERROR, type RepoSummary, type UnavailableLine } from '../report/repo-summary';
import { isValidOwner, repoSlug, type RepoRef } from '../repos';
import { listTrackedRepos, loadReportLine, storesOf, type RepoStores } from '../stores/repo-store';
import { StorageFault } from '../storage/storage-fault';

const TableQuery = v.object({
  format: ReportFormat,
  // ?owner=name: one owner's repositories (the org-wide view).
  owner: v.optional(
    v.pipe(
      v.string(),
      v.toLowerCase(),
      v.check(isValidOwner, (issue) => `owner must be a GitHub user or organisation name; it is "${String(issue.input).slice(0, 40)}".`),
    ),
  ),
});

/** `GET /report`: every tracked repository in one table. JSON, or CSV with `?format=csv` or `Accept: text/csv`. */
export const reportTableRoutes = new Hono<AppEnv>().get('/', validQuery(TableQuery), async (c) => {
  const { format, owner } = c.req.valid('query');
  const stores = storesOf(c.env);
  const refs = (await listTrackedRepos(stores, c.var.config)).filter((ref) => owner === undefined || ref.owner === owner);
  const lines = await reportLines(stores, refs, utcDay(Date.now()));
  const summaries = lines.filter((line): line is RepoSummary => !('error' in line));
  const unavailable = lines.filter((line): line is UnavailableLine => 'error' in line);
  const isPublic = c.var.access === 'public';
  if (negotiateFormat(c, format) === 'csv') return csvResponse(c, summariesCsv(lines, isPublic), 'report.csv');
  const generatedAt = new Date().toISOString();
  if (isPublic)
    return c.json({ generatedAt, access: 'public', repositories: summaries.map(publicSummary), unavailable } satisfies PublicReportTable);
  return c.json({
    generatedAt,
    access: 'full',
    repositories: summaries,
    unavailable,
    owners: totalsByOwner(summaries),
  } satisfies ReportTable);
});

/**
 * The table's lines. A repository whose storage fails gets a line saying so (logged) and the rest of the table
 * answers; when every line fails, storage as a whole is down, and the fault goes to the 503 every report gives.
 */
async function reportLines(stores: RepoStores, refs: readonly RepoRef[], today: UtcDay): Promise<Array<RepoSummary | UnavailableLine>> {
  const faults: StorageFault[] = [];
  const lines = await Promise.all(
    refs.map(async (ref): Promise<RepoSummary | UnavailableLine> => {
      try {
        return await loadReportLine(stores, ref, today);
      } catch (error) {
        if (!(error instanceof StorageFault)) throw error;
        faults.push(error);
        return { repo: repoSlug(ref), error: UNAVAILABLE_LINE_ERROR };
      }
    }),
  );
  if (faults.length > 0 && faults.length === refs.length) throw faults[0];
  for (const line of lines) if ('error' in line) logError('report line unavailable', { repo: line.repo }, faults.shift());
  return lines;
}
