import { Hono, type Context } from 'hono';
import { utcDay } from '../dates';
import { parseDateRange } from '../report/date-range';
import { listTrackedRepos, loadRepoSeries, loadRepoSummary } from '../report/load-report';
import { publicSeries, seriesCsv } from '../report/repo-series';
import { publicSummary, summariesCsv } from '../report/repo-summary';
import { resolveTrackedRepo } from '../repos';
import type { AppEnv } from './app-env';
import { reportAuth } from './report-auth';

type Format = 'json' | 'csv';

/**
 * `GET /report`: every tracked repository in one table. `GET /report/{owner}/{repo}?from=&to=`: its daily series
 * with top referrers and paths. JSON, or CSV with `?format=csv` or `Accept: text/csv`.
 */
export const reportRoutes = new Hono<AppEnv>()
  .use(reportAuth)
  .get('/', async (c) => {
    const format = negotiateFormat(c);
    if (format === null) return c.json({ error: 'format must be json or csv.' }, 400);
    const today = utcDay(Date.now());
    const summaries = await Promise.all((await listTrackedRepos(c.env, c.var.config)).map((ref) => loadRepoSummary(c.env, ref, today)));
    const isPublic = c.var.access === 'public';
    if (format === 'csv') return csvResponse(c, summariesCsv(summaries, isPublic), 'report.csv');
    return c.json({ generatedAt: new Date().toISOString(), access: c.var.access, repositories: isPublic ? summaries.map(publicSummary) : summaries });
  })
  .get('/:owner/:repo', async (c) => {
    const format = negotiateFormat(c);
    if (format === null) return c.json({ error: 'format must be json or csv.' }, 400);
    const resolved = resolveTrackedRepo(c.req.param('owner'), c.req.param('repo'), c.var.config.tracked);
    if (!resolved.ok) return c.json({ error: `${resolved.reason}: only repositories in REPOS have reports.` }, 404);
    const range = parseDateRange(c.req.query('from'), c.req.query('to'), utcDay(Date.now()));
    if (!range.ok) return c.json({ error: range.error }, 400);
    const { series } = await loadRepoSeries(c.env, resolved.ref, range.from, range.to);
    const isPublic = c.var.access === 'public';
    if (format === 'csv') return csvResponse(c, seriesCsv(series, isPublic), `${resolved.ref.owner}-${resolved.ref.repo}.csv`);
    return c.json(isPublic ? publicSeries(series) : series);
  });

function negotiateFormat(c: Context<AppEnv>): Format | null {
  const format = c.req.query('format');
  if (format === 'csv' || format === 'json') return format;
  if (format !== undefined) return null;
  return (c.req.header('accept') ?? '').includes('text/csv') ? 'csv' : 'json';
}

function csvResponse(c: Context<AppEnv>, csv: string, filename: string): Response {
  return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `inline; filename="${filename}"` });
}
