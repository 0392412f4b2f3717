import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { utcDay, type UtcDay } from '../dates';
import { digestMarkdown } from '../digests/digest';
import { weekRange } from '../digests/iso-week';
import { exportStream } from '../jobs/export';
import { logError } from '../log';
import { parseDateRange } from '../report/date-range';
import { totalsByOwner } from '../report/owner-totals';
import { buildInsights, eventsCsv, insightsStart, versionsCsv } from '../report/repo-insights';
import { buildRepoSeries, publicSeries, seriesCsv } from '../report/repo-series';
import { publicSummary, summariesCsv, UNAVAILABLE_LINE_ERROR, type RepoSummary, type UnavailableLine } from '../report/repo-summary';
import { isValidOwner, repoSlug, resolveTrackedRepo, type RepoRef } from '../repos';
import { listDigests, readWeekDigests } from '../stores/digest-store';
import { listTrackedRepos, loadRepoDays, loadReportLine, readStatus, storesOf, type RepoStores } from '../stores/repo-store';
import { StorageFault } from '../storage/storage-fault';
import type { AppEnv } from './app-env';
import { answerError } from './errors';
import { reportAuth } from './report-auth';
import { baselineRoutes } from './report-baseline';
import { importRoutes } from './report-import';

type Format = 'json' | 'csv';

/**
 * `GET /report`: every tracked repository in one table. `GET /report/{owner}/{repo}?from=&to=`: its daily series
 * with top referrers and paths. JSON, or CSV with `?format=csv` or `Accept: text/csv`.
 */
export const reportRoutes = new Hono<AppEnv>()
  .use(reportAuth)
  .onError((error, c) => answerError(c, error, 'The report could not be read from storage (it has been logged): try again in a minute.'))
  .get('/', async (c) => {
    const format = negotiateFormat(c);
    if (format === null) return c.json({ error: 'format must be json or csv.' }, 400);
    // ?owner=name: one owner's repositories (the org-wide view).
    const owner = c.req.query('owner')?.toLowerCase();
    if (owner !== undefined && !isValidOwner(owner))
      return c.json({ error: `owner must be a GitHub user or organisation name; it is "${owner.slice(0, 40)}".` }, 400);
    const today = utcDay(Date.now());
    const stores = storesOf(c.env);
    const refs = (await listTrackedRepos(stores, c.var.config)).filter((ref) => owner === undefined || ref.owner === owner);
    const lines = await reportLines(stores, refs, today);
    const summaries = lines.filter((line): line is RepoSummary => !('error' in line));
    const unavailable = lines.filter((line): line is UnavailableLine => 'error' in line);
    const isPublic = c.var.access === 'public';
    if (format === 'csv') return csvResponse(c, summariesCsv(lines, isPublic), 'report.csv');
    if (isPublic)
      return c.json({
        generatedAt: new Date().toISOString(),
        access: c.var.access,
        repositories: summaries.map(publicSummary),
        unavailable,
      });
    return c.json({
      generatedAt: new Date().toISOString(),
      access: c.var.access,
      repositories: summaries,
      unavailable,
      owners: totalsByOwner(summaries),
    });
  })
  // The full history, for backups and moving elsewhere: GitHub traffic included, so never public.
  .get('/export', async (c) => {
    if (c.var.access !== 'full') return c.json({ error: 'Exports need Authorization: Bearer <REPORT_TOKEN>.' }, 401);
    const stores = storesOf(c.env);
    const refs = await listTrackedRepos(stores, c.var.config);
    return c.body(exportStream(stores, refs, Date.now()), 200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': 'attachment; filename="repo-impressions-export.ndjson"',
    });
  })
  .route('/import', importRoutes)
  .route('/baseline', baselineRoutes)
  // Digests carry GitHub traffic: never public. Registered before /:owner/:repo, which `digests/…` would match.
  .get('/digests', async (c) => {
    if (c.var.access !== 'full') return c.json({ error: 'Digests need Authorization: Bearer <REPORT_TOKEN>.' }, 401);
    const digests = await listDigests(c.env.REPORTS);
    return c.json({ digests: digests.map((digest) => ({ ...digest, href: `/report/digests/${digest.week}` })) });
  })
  .get('/digests/:week', async (c, next) => {
    const week = c.req.param('week');
    // A GitHub owner may be called "digests": its repositories' reports are served by the route below.
    if (!weekRange(week) && resolveTrackedRepo('digests', week, c.var.config.tracked).ok) return next();
    if (c.var.access !== 'full') return c.json({ error: 'Digests need Authorization: Bearer <REPORT_TOKEN>.' }, 401);
    if (!weekRange(week)) return c.json({ error: `"${week}" is not an ISO week such as 2026-W48.` }, 400);
    const format = c.req.query('format') ?? ((c.req.header('accept') ?? '').includes('text/markdown') ? 'md' : 'json');
    if (format !== 'json' && format !== 'md') return c.json({ error: 'format must be json or md.' }, 400);
    const digests = await readWeekDigests(c.env.REPORTS, week);
    if (digests.length === 0) return c.json({ error: `No digest for ${week} yet: digests are made on Mondays for the week before.` }, 404);
    if (format === 'md') return c.body(digests.map(digestMarkdown).join('\n'), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
    return c.json({ week, digests });
  })
  .get('/:owner/:repo', async (c) => {
    const format = negotiateFormat(c);
    if (format === null) return c.json({ error: 'format must be json or csv.' }, 400);
    const resolved = resolveTrackedRepo(c.req.param('owner'), c.req.param('repo'), c.var.config.tracked);
    if (!resolved.ok) return c.json({ error: `${resolved.reason}: only repositories in REPOS have reports.` }, 404);
    const now = Date.now();
    const range = parseDateRange(c.req.query('from'), c.req.query('to'), utcDay(now));
    if (!range.ok) return c.json({ error: range.error }, 400);
    const table = c.req.query('table') ?? 'days';
    if (table !== 'days' && table !== 'versions' && table !== 'events')
      return c.json({ error: 'table must be days, versions or events.' }, 400);
    const isPublic = c.var.access === 'public';
    if (isPublic && table !== 'days')
      return c.json({ error: 'README versions and events carry GitHub traffic: they need Authorization: Bearer <REPORT_TOKEN>.' }, 401);
    const stores = storesOf(c.env);
    const slug = repoSlug(resolved.ref);
    const file = `${resolved.ref.owner}-${resolved.ref.repo}${table === 'days' ? '' : `-${table}`}.csv`;
    if (isPublic) {
      const series = buildRepoSeries(slug, await loadRepoDays(stores, resolved.ref, range.from, range.to), range.from, range.to);
      return format === 'csv' ? csvResponse(c, seriesCsv(series, true), file) : c.json(publicSeries(series));
    }
    // Versions reach back to the first README change, events need a baseline before the range: one load covers both.
    const changes = (await readStatus(stores, resolved.ref)).readme?.changes ?? [];
    const days = await loadRepoDays(stores, resolved.ref, insightsStart(changes, range.from), utcDay(now));
    const series = buildRepoSeries(slug, days, range.from, range.to);
    const insights = buildInsights(days, changes, range, now);
    if (format === 'csv')
      return csvResponse(
        c,
        table === 'versions' ? versionsCsv(insights.versions) : table === 'events' ? eventsCsv(insights.events) : seriesCsv(series, false),
        file,
      );
    return c.json({ ...series, ...insights });
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

function negotiateFormat(c: Context<AppEnv>): Format | null {
  const format = c.req.query('format');
  if (format === 'csv' || format === 'json') return format;
  if (format !== undefined) return null;
  return (c.req.header('accept') ?? '').includes('text/csv') ? 'csv' : 'json';
}

function csvResponse(c: Context<AppEnv>, csv: string, filename: string): Response {
  return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `inline; filename="${filename}"` });
}
