import { Hono } from 'hono/tiny';
import * as v from 'valibot';
import { counterFor } from '../counter/counter-client';
import { HOUR_MS, utcDay, utcHour } from '../dates';
import type { AppEnv } from '../http/app-env';
import { reject } from '../http/errors';
import { requireFullAccess } from '../http/report-auth';
import { csvResponse, negotiateFormat, ReportFormat } from '../http/report-format';
import { trackedOr404 } from '../http/tracked-repo';
import { validQuery, wholeNumberParam } from '../http/validate';
import { parseDateRange } from '../report/date-range';
import { buildHourlyTable, hoursCsv } from '../report/hourly-report';
import { guard } from '../storage/storage-fault';
import { eventsCsv, versionsCsv } from '../report/repo-insights';
import type { EventsTable, PublicRepoReport, RepoReport, VersionsTable } from '../report/responses';
import { publicSeries, seriesCsv } from '../report/repo-series';
import { repoSlug } from '../repos';
import { loadRepoReport, loadRepoSeries, storesOf } from '../stores/repo-store';

// README impressions are kept by the hour for two weeks (counter/hourly-rows.ts); a week is asked at most.
const MAX_HOURS = 168;
const HOURS_RULE = `hours must be a whole number from 1 to ${MAX_HOURS} (the hours up to now)`;

const RepoQuery = v.object({
  format: ReportFormat,
  table: v.optional(v.picklist(['days', 'versions', 'events', 'hours'], 'table must be days, versions, events or hours.'), 'days'),
  hours: v.optional(wholeNumberParam(MAX_HOURS, HOURS_RULE), '48'),
  from: v.optional(v.string()),
  to: v.optional(v.string()),
});

/**
 * `GET /report/{owner}/{repo}?from=&to=`: a repository's daily series with top referrers and paths, and with the
 * token its README versions and events (`?table=versions|events` as CSV). JSON, or CSV with `?format=csv` or
 * `Accept: text/csv`.
 */
export const reportRepoRoutes = new Hono<AppEnv>().get('/:owner/:repo', validQuery(RepoQuery), async (c) => {
  const query = c.req.valid('query');
  const ref = trackedOr404(c, c.req.param('owner'), c.req.param('repo'), 'have reports');
  const now = Date.now();
  const range = parseDateRange(query.from, query.to, utcDay(now));
  if (!range.ok) reject(400, range.error);
  const { table } = query;
  const isPublic = c.var.access === 'public';
  if (table === 'versions' || table === 'events') requireFullAccess(c, 'README versions and events carry GitHub traffic: they need');
  const csv = negotiateFormat(c, query.format) === 'csv';
  const stores = storesOf(c.env);
  const slug = repoSlug(ref);
  const file = `${ref.owner}-${ref.repo}${table === 'days' ? '' : `-${table}`}.csv`;
  // Impressions and the webhook's stars, no GitHub traffic: with or without the token.
  if (table === 'hours') {
    const to = utcHour(now);
    const from = utcHour(now - (Number(query.hours) - 1) * HOUR_MS);
    const answer = await guard('reading the hours', () => counterFor(stores.counter, ref).hours(from, to));
    const hourly = buildHourlyTable(slug, answer.hours, answer.fromWebhook, answer.fromHistory, answer.webhook);
    return csv ? csvResponse(c, hoursCsv(hourly), file) : c.json(hourly);
  }
  if (isPublic) {
    const series = await loadRepoSeries(stores, ref, range);
    return csv ? csvResponse(c, seriesCsv(series, true), file) : c.json(publicSeries(series) satisfies PublicRepoReport);
  }
  // Built by the repository's object from the days it needs: versions reach back to the first README change,
  // events need a baseline before the range.
  const { series, insights } = await loadRepoReport(stores, ref, { series: range, insights: range }, now);
  // ?table= answers that table: JSON by default, CSV when asked for.
  if (table === 'versions') {
    if (csv) return csvResponse(c, versionsCsv(insights.versions), file);
    return c.json({ repo: slug, versions: insights.versions, labelledVersions: insights.labelledVersions } satisfies VersionsTable);
  }
  if (table === 'events') {
    if (csv) return csvResponse(c, eventsCsv(insights.events), file);
    return c.json({ repo: slug, from: range.from, to: range.to, events: insights.events } satisfies EventsTable);
  }
  if (csv) return csvResponse(c, seriesCsv(series, false), file);
  return c.json({ ...series, ...insights } satisfies RepoReport);
});
