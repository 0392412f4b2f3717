import { Hono } from 'hono/tiny';
import { html } from 'hono/html';
import type { Context } from 'hono';
import { counterFor, hashVisitor } from '../counter/counter-client';
import type { LinkClick } from '../counter/link-rows';
import { utcDay } from '../dates';
import type { AppEnv } from '../http/app-env';
import { isImpression } from '../impressions';
import { LINK_NAME_RULE, parseLinkName } from '../links/link-rules';
import { logError } from '../log';
import { userAgentTraits } from '../pixel/source-class';
import { MAX_URL_LENGTH, parseVersionLabel, referrerHost, visitorSignal } from '../pixel/view-request';
import { repoSlug, resolveTrackedRepo } from '../repos';
import { guard, StorageFault } from '../storage/storage-fault';

/**
 * `GET /l/{owner}/{repo}/{name}`: a tracked README link. Answers a 302 to the destination the maintainer
 * registered (never one read from the request) and counts the click; anything else is a small page saying what is
 * wrong, with no redirect. Bots, link previews and prefetches are sent on but not counted.
 */
export const linkRoutes = new Hono<AppEnv>().on(['GET', 'HEAD'], '/:owner/:repo/:name', async (c) => {
  if (c.req.url.length > MAX_URL_LENGTH)
    return page(c, 414, 'This link is too long', `A tracked link is at most ${MAX_URL_LENGTH.toLocaleString('en')} characters.`);
  const resolved = resolveTrackedRepo(c.req.param('owner'), c.req.param('repo'), c.var.config.tracked);
  if (!resolved.ok) return page(c, 404, 'No such link', `${resolved.reason}: this Worker keeps links only for repositories in REPOS.`);
  const slug = repoSlug(resolved.ref);
  const name = parseLinkName(c.req.param('name'));
  if (name === null) return page(c, 400, 'No such link', `Not a link name: ${LINK_NAME_RULE}.`);
  const version = parseVersionLabel(c.req.query('v'));
  if (version === undefined)
    return page(c, 400, 'This link is malformed', '?v= names the README version: up to 32 lower-case letters, digits, ".", "_" or "-".');

  const userAgent = (c.req.header('user-agent') ?? '').slice(0, 512);
  const { source } = userAgentTraits(userAgent);
  const counted = c.req.method === 'GET' && isImpression(source) && !isPrefetch(c.req.raw.headers);
  const click: LinkClick | null = counted
    ? { day: utcDay(Date.now()), name, version, referrer: referrerHost(c.req.header('referer') ?? null) }
    : null;
  const signal = counted ? visitorSignal(c.req.raw.headers, source, userAgent) : null;
  let destination: string | null;
  try {
    const visitorKey = signal === null ? null : await hashVisitor(signal);
    destination = await guard('following the link', () => counterFor(c.env.COUNTER, resolved.ref).follow(name, click, visitorKey));
  } catch (error) {
    if (!(error instanceof StorageFault)) throw error;
    logError('link not followed', { repo: slug, name }, error);
    c.header('Retry-After', '60');
    return page(c, 503, 'Try again in a minute', 'Where this link leads could not be read from storage (it has been logged).');
  }
  if (destination === null) return page(c, 404, 'No such link', `${slug} has no link named "${name}".`);
  c.header('Cache-Control', 'no-store');
  // The destination learns where the reader came from only as far as this Worker's origin.
  c.header('Referrer-Policy', 'origin');
  return c.redirect(destination, 302);
});

/** Browsers' prefetches and previews (Chromium's Sec-Purpose, the older Purpose, Firefox's X-Moz, Safari's X-Purpose). */
function isPrefetch(headers: Headers): boolean {
  const purpose = `${headers.get('sec-purpose') ?? ''} ${headers.get('purpose') ?? ''} ${headers.get('x-moz') ?? ''} ${headers.get('x-purpose') ?? ''}`;
  return /prefetch|prerender|preview/i.test(purpose);
}

function page(c: Context<AppEnv>, status: 400 | 404 | 414 | 503, title: string, message: string) {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
  return c.html(
    html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2328}</style></head>
<body><h1>${title}</h1><p>${message}</p></body></html>`,
    status,
  );
}
