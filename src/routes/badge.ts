import { Hono, type Context } from 'hono';
import { utcDay } from '../dates';
import { countContent, neutralContent, renderBadgeJson, renderBadgeSvg, type BadgeContent, type BadgeLook } from '../pixel/badge';
import { parseBadgeQuery, type BadgeQueryResult } from '../pixel/badge-query';
import { parseViewRequest } from '../pixel/view-request';
import { resolveTrackedRepo } from '../repos';
import { readCount, recordViewAndCount } from '../view-recorder';
import type { AppEnv } from './app-env';
import { badgeJsonResponse, svgResponse } from './image-response';
import { stripSuffix, viewRequestFrom } from './request-parts';

/**
 * `GET /badge/{owner}/{repo}.svg`: a live-count badge that also counts the view, so a README needs either the
 * pixel or the badge, not both. `GET /badge/{owner}/{repo}.json`: the same count as shields endpoint JSON,
 * without counting. Bad input always gets a valid badge (or endpoint JSON) with a 4xx status.
 */
export const badgeRoutes = new Hono<AppEnv>()
  .get('/:owner/:file', (c) => serveBadge(c, c.req.param('owner'), c.req.param('file')))
  .get('/:file', (c) => {
    const file = c.req.param('file');
    return serveBadge(c, stripSuffix(file, '.svg') ?? stripSuffix(file, '.json') ?? '', file);
  })
  .all('*', () => svgBadge(parseBadgeQuery({}).look, neutralContent('not found'), 404));

function serveBadge(c: Context<AppEnv>, owner: string, file: string): Promise<Response> {
  const query = parseBadgeQuery(c.req.query());
  const svgRepo = stripSuffix(file, '.svg');
  if (svgRepo !== null) return serveSvgBadge(c, owner, svgRepo, query);
  const jsonRepo = stripSuffix(file, '.json');
  if (jsonRepo !== null) return serveJsonBadge(c, owner, jsonRepo, query);
  return svgBadge(query.look, neutralContent('not tracked'), 404);
}

async function serveSvgBadge(c: Context<AppEnv>, owner: string, repo: string, query: BadgeQueryResult): Promise<Response> {
  const parsed = parseViewRequest(viewRequestFrom(c.req.raw, owner, repo, c.req.query('page')), c.var.config.tracked);
  if (!parsed.ok) return svgBadge(query.look, neutralContent('not tracked'), parsed.status);
  if (!query.ok) return svgBadge(query.look, neutralContent(query.error), 400);
  const count =
    c.req.raw.method === 'GET'
      ? await recordViewAndCount(c.env, parsed.event, parsed.visitor, query.period)
      : await readCount(c.env, parsed.event, query.period, parsed.event.day);
  return svgBadge(query.look, countContent(count, query.look), 200);
}

async function svgBadge(look: BadgeLook, content: BadgeContent, status: number): Promise<Response> {
  return svgResponse(await renderBadgeSvg(look, content), status);
}

async function serveJsonBadge(c: Context<AppEnv>, owner: string, repo: string, query: BadgeQueryResult): Promise<Response> {
  const resolved = resolveTrackedRepo(owner, repo, c.var.config.tracked);
  if (!resolved.ok) return badgeJsonResponse({ ...renderBadgeJson(query.look, neutralContent('not tracked')), isError: true }, 404);
  if (!query.ok) return badgeJsonResponse({ ...renderBadgeJson(query.look, neutralContent(query.error)), isError: true }, 400);
  const count = await readCount(c.env, resolved.ref, query.period, utcDay(Date.now()));
  return badgeJsonResponse(renderBadgeJson(query.look, countContent(count, query.look)), 200);
}
