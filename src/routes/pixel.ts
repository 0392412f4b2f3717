import { parseConfig } from '../config';
import { parseViewRequest } from '../pixel/view-request';
import { recordView } from '../counter/view-recorder';
import { gifResponse } from '../http/image-response';
import { decodeSegment, stripSuffix, viewRequestFrom } from '../http/request-parts';

export const PIXEL_PREFIX = '/p/';

/**
 * `GET /p/{owner}/{repo}.gif` and `GET /p/{owner}.gif` (a profile README, which GitHub keeps in `owner/owner`).
 * Always answers with the GIF; a bad or untracked request gets it with a 4xx status and records nothing.
 *
 * The pixel is the one hot path, so it is served before the router: Hono's per-request context alone cost ~9%
 * of its throughput in `npm run bench`, more than all the pixel's own work. Everything else goes through Hono.
 */
export function servePixel(request: Request, env: Env, ctx: ExecutionContext, pathname: string, query: string): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') return gifResponse(404);
  const segments = pathname.slice(PIXEL_PREFIX.length).split('/').map(decodeSegment);
  const [first, second] = segments;
  if (segments.length > 2 || !first || (segments.length === 2 && !second)) return gifResponse(404);
  const file = second ?? first;
  const repo = stripSuffix(file, '.gif');
  if (repo === null) return gifResponse(404);
  const owner = second === undefined ? repo : first; // a profile README lives in owner/owner

  const params = query === '' ? undefined : new URLSearchParams(query);
  const parsed = parseViewRequest(
    viewRequestFrom(request, owner, repo, params?.get('page') ?? undefined, params?.get('v') ?? undefined),
    parseConfig(env).tracked,
  );
  if (!parsed.ok) return gifResponse(parsed.status);
  // HEAD asks about the image without viewing it. The writes happen after the response is sent.
  if (request.method === 'GET') recordView(env, parsed.event, parsed.visitor, (work) => ctx.waitUntil(work));
  return gifResponse(200);
}
