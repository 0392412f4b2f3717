import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { utcDay } from '../dates';
import { logError } from '../log';
import { countContent, neutralContent, renderBadgeJson, renderBadgeSvg, type BadgeContent, type BadgeLook } from '../badges/badge';
import { parseBadgeQuery, type BadgeQueryResult } from '../badges/badge-query';
import { parseViewRequest } from '../pixel/view-request';
import { isBadgeMetric, isTrafficMetric, METRIC_LABELS, METRIC_WINDOW_DAYS, metricMessage } from '../report/badge-metrics';
import { resolveTrackedRepo } from '../repos';
import { loadRepoLine, storesOf } from '../stores/repo-store';
import { StorageFault } from '../storage/storage-fault';
import { readCount, recordViewAndCount } from '../counter/view-recorder';
import type { AppEnv } from '../http/app-env';
import { badgeJsonResponse, metricJsonResponse, metricSvgResponse, svgResponse } from '../http/image-response';
import { stripSuffix, viewRequestFrom } from '../http/request-parts';

/**
 * `GET /badge/{owner}/{repo}.svg`: a live-count badge that also counts the view, so a README needs either the
 * pixel or the badge, not both. `GET /badge/{owner}/{repo}.json`: the same count as shields endpoint JSON,
 * without counting. Bad input always gets a valid badge with a 4xx status; endpoint JSON always answers 200,
 * errors marked `isError` (jsonError).
 */
export const badgeRoutes = new Hono<AppEnv>()
  .get('/:owner/:repo/:file', (c) => serveMetricBadge(c, c.req.param('owner'), c.req.param('repo'), c.req.param('file')))
  .get('/:owner/:file', (c) => serveBadge(c, c.req.param('owner'), c.req.param('file')))
  .get('/:file', (c) => {
    const file = c.req.param('file');
    return serveBadge(c, stripSuffix(file, '.svg') ?? stripSuffix(file, '.json') ?? '', file);
  })
  .all('*', (c) => {
    const look = parseBadgeQuery({}).look;
    return c.req.path.endsWith('.json') ? jsonError(look, 'not found') : svgBadge(look, neutralContent('not found'), 404);
  })
  // A badge stays a badge, even for a bug: a README shows this image, never the JSON of the Worker's error handler.
  .onError((error, c) => {
    logError('badge not drawn', { path: c.req.path }, error);
    const look = parseBadgeQuery({}).look;
    if (c.req.path.endsWith('.json')) return jsonError(look, 'unavailable');
    return svgBadge(look, neutralContent('unavailable'), 500);
  });

function serveBadge(c: Context<AppEnv>, owner: string, file: string): Response | Promise<Response> {
  const query = parseBadgeQuery(c.req.query());
  const svgRepo = stripSuffix(file, '.svg');
  if (svgRepo !== null) return serveSvgBadge(c, owner, svgRepo, query);
  const jsonRepo = stripSuffix(file, '.json');
  if (jsonRepo !== null) return serveJsonBadge(c, owner, jsonRepo, query);
  return svgBadge(query.look, neutralContent('not tracked'), 404);
}

async function serveSvgBadge(c: Context<AppEnv>, owner: string, repo: string, query: BadgeQueryResult): Promise<Response> {
  const parsed = parseViewRequest(viewRequestFrom(c.req.raw, owner, repo, c.req.query('page'), c.req.query('v')), c.var.config.tracked);
  if (!parsed.ok) return svgBadge(query.look, neutralContent(VIEW_REFUSALS[parsed.reason] ?? 'not tracked'), parsed.status);
  if (!query.ok) return svgBadge(query.look, neutralContent(query.error), 400);
  const count =
    c.req.raw.method === 'GET'
      ? await recordViewAndCount(c.env, parsed.event, parsed.visitor, query.period)
      : await readCount(c.env, parsed.event, query.period, parsed.event.day);
  return svgBadge(query.look, countContent(count, query.look), 200);
}

/** What a badge says when the view itself is refused for a tracked repository: the part to fix, in a word or two. */
const VIEW_REFUSALS: Record<string, string> = {
  'invalid page label': 'bad page',
  'invalid version label': 'bad v',
  'URL too long': 'URL too long',
};

function svgBadge(look: BadgeLook, content: BadgeContent, status: number): Response {
  return svgResponse(renderBadgeSvg(look, content), status);
}

/**
 * Endpoint JSON that says what is wrong. Shields reads only a 200: any other status becomes its own "custom badge
 * | invalid" (or "resource not found" for a 404) and our words are lost (core/base-service/check-error-response.js
 * in badges/shields). `isError` keeps them, and "prevents the user from overriding the color"
 * (https://shields.io/badges/endpoint-badge), so a `?color=` on the shields URL cannot paint an error green. Not
 * cached, so a fix shows at once.
 */
function jsonError(look: BadgeLook, words: string): Response {
  return badgeJsonResponse(errorJson(look, words), 200);
}

function errorJson(look: BadgeLook, words: string) {
  return { ...renderBadgeJson(look, neutralContent(words)), isError: true };
}

/**
 * `GET /badge/{owner}/{repo}/{metric}.svg|.json`: stars per 1k README views (28 days), stars gained (7 days), and,
 * with PUBLIC_REPORT=true, GitHub views and clones (14 days). They count no view and may be cached five minutes.
 */
async function serveMetricBadge(c: Context<AppEnv>, owner: string, repo: string, file: string): Promise<Response> {
  const query = parseBadgeQuery(c.req.query());
  const asJson = file.endsWith('.json');
  const metric = stripSuffix(file, asJson ? '.json' : '.svg') ?? '';
  const look = {
    ...query.look,
    label: c.req.query('label') ? query.look.label : isBadgeMetric(metric) ? METRIC_LABELS[metric] : query.look.label,
  };
  // A figure may be cached, and so may "private" (the deployment's choice, not a mistake); a badge saying what to
  // fix in its URL, or a moment's failure, is fetched again, so a fix shows at once.
  const answer = (content: BadgeContent, status: number) => {
    const cacheable = status === 200 || status === 403;
    if (asJson) {
      const body = status === 200 ? renderBadgeJson(look, content) : errorJson(look, content.message);
      return (cacheable ? metricJsonResponse : badgeJsonResponse)(body, 200);
    }
    return (cacheable ? metricSvgResponse : svgResponse)(renderBadgeSvg(look, content), status);
  };
  // Metrics are stars-per-1k, clicks-per-1k, stars-gained, downloads-week, github-views and clones (README, Endpoints).
  if (!isBadgeMetric(metric) || (!asJson && !file.endsWith('.svg'))) return answer(neutralContent('not found'), 404);
  const resolved = resolveTrackedRepo(owner, repo, c.var.config.tracked);
  if (!resolved.ok) return answer(neutralContent('not tracked'), 404);
  if (!query.ok) return answer(neutralContent(query.error), 400);
  // Each metric has its own window; a ?period= would look as if it changed it.
  if (c.req.query('period') !== undefined) return answer(neutralContent(`no period: always ${METRIC_WINDOW_DAYS[metric]} days`), 400);
  if (isTrafficMetric(metric) && !c.var.config.publicReport) return answer(neutralContent('private: set PUBLIC_REPORT'), 403);
  const today = utcDay(Date.now());
  try {
    const message = metricMessage(metric, await loadRepoLine(storesOf(c.env), resolved.ref, today), today);
    return answer(message === null ? neutralContent('no data yet') : { message, color: look.color }, 200);
  } catch (error) {
    if (!(error instanceof StorageFault)) throw error;
    logError('metric badge not read', { repo: `${owner}/${repo}`, metric }, error);
    return answer(neutralContent('unavailable'), 503);
  }
}

async function serveJsonBadge(c: Context<AppEnv>, owner: string, repo: string, query: BadgeQueryResult): Promise<Response> {
  const resolved = resolveTrackedRepo(owner, repo, c.var.config.tracked);
  if (!resolved.ok) return jsonError(query.look, 'not tracked');
  if (!query.ok) return jsonError(query.look, query.error);
  const count = await readCount(c.env, resolved.ref, query.period, utcDay(Date.now()));
  // No count: the counter is unavailable, an error like the others (the .svg still answers 200 with it).
  if (count === null) return jsonError(query.look, countContent(count, query.look).message);
  return badgeJsonResponse(renderBadgeJson(query.look, countContent(count, query.look)), 200);
}
