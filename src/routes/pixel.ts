import { Hono, type Context } from 'hono';
import { parseViewRequest } from '../pixel/view-request';
import { recordView } from '../view-recorder';
import type { AppEnv } from './app-env';
import { gifResponse } from './image-response';
import { stripSuffix, viewRequestFrom } from './request-parts';

/**
 * `GET /p/{owner}/{repo}.gif` and `GET /p/{owner}.gif` (a profile README, which GitHub keeps in `owner/owner`).
 * Always answers with the GIF; a bad or untracked request gets it with a 4xx status and records nothing.
 */
export const pixelRoutes = new Hono<AppEnv>()
  .get('/:owner/:file', (c) => servePixel(c, c.req.param('owner'), c.req.param('file')))
  .get('/:file', (c) => servePixel(c, stripSuffix(c.req.param('file'), '.gif') ?? '', c.req.param('file')))
  .all('*', () => gifResponse(404));

function servePixel(c: Context<AppEnv>, owner: string, file: string): Response {
  const repo = stripSuffix(file, '.gif');
  if (repo === null) return gifResponse(404);
  const parsed = parseViewRequest(viewRequestFrom(c, owner, repo), c.var.config.tracked);
  if (!parsed.ok) return gifResponse(parsed.status);
  // HEAD asks about the image without viewing it. The write happens after the response is sent.
  if (c.req.raw.method === 'GET') c.executionCtx.waitUntil(recordView(c.env, parsed.event, parsed.visitor));
  return gifResponse(200);
}
