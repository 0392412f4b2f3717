import { utcDay, utcHour } from '../dates';
import { resolveTrackedRepo, type RepoPattern } from '../repos';
import type { ViewEvent } from '../views';
import { notAnImpressionFlag, README_PAGE, type SourceClass } from '../impressions';
import { locatesViewer, userAgentTraits } from './source-class';
import { viewerLocation, type ViewerLocation } from './viewer-location';

export type { ViewEvent } from '../views';

/** What a route hands over: the raw request parts, the clock and the allow-list. */
export interface ViewRequest {
  url: string;
  owner: string;
  repo: string;
  page: string | undefined;
  version?: string | undefined;
  headers: Headers;
  /** Reads `request.cf`, only when the view's location is worth recording and the headers lack it (see viewerLocation). */
  readCf: () => Record<string, unknown> | undefined;
  now: number;
}

export type ViewRequestResult =
  /**
   * `visitor` is IP + user agent when this view may count towards unique visitors, else null. It lives only while
   * the request is handled: the recorder hashes it, the counter salts that hash with a secret that is deleted at
   * the end of the day, and none of the three is ever stored as is.
   */
  { ok: true; event: ViewEvent; visitor: string | null } | { ok: false; status: 400 | 404 | 414; reason: string };

/** The page of a view without `?page=` (impressions.ts: README_PAGE). */
export const DEFAULT_PAGE = README_PAGE;
/** The longest request URL the pixel (and a tracked link) takes: longer ones answer 414. */
export const MAX_URL_LENGTH = 2048;
const MAX_PAGE_LENGTH = 64;
const PAGE = /^[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)*$/;
const NO_LOCATION: ViewerLocation = { country: '', colo: '' };

export function parseViewRequest(input: ViewRequest, tracked: readonly RepoPattern[]): ViewRequestResult {
  if (input.url.length > MAX_URL_LENGTH) return { ok: false, status: 414, reason: 'URL too long' };
  const resolved = resolveTrackedRepo(input.owner, input.repo, tracked);
  if (!resolved.ok) return resolved;
  const ref = resolved.ref;
  const page = parsePage(input.page);
  if (page === null) return { ok: false, status: 400, reason: 'invalid page label' };
  const version = parseVersionLabel(input.version);
  if (version === undefined) return { ok: false, status: 400, reason: 'invalid version label' };

  const userAgent = (input.headers.get('user-agent') ?? '').slice(0, 512);
  const { source, family } = userAgentTraits(userAgent);
  // Where a proxy fetched the image, its location and Referer (camo sends none) say nothing about the viewer.
  const isViewer = locatesViewer(source);
  const location = isViewer ? viewerLocation(input.headers, input.readCf) : NO_LOCATION;
  return {
    ok: true,
    event: {
      // Named rather than spread: V8 took a slow path for `...ref` here, ~5 µs, six times the rest of the parse.
      owner: ref.owner,
      repo: ref.repo,
      page,
      version,
      source,
      referrerHost: isViewer ? referrerHost(input.headers.get('referer')) : '',
      country: location.country,
      colo: location.colo,
      userAgentFamily: family,
      bot: notAnImpressionFlag(source) === 1,
      day: utcDay(input.now),
      hour: utcHour(input.now),
    },
    visitor: visitorSignal(input.headers, source, userAgent),
  };
}

/** `?page=` label: lower-case path-like words such as `readme` or `docs/install`; null if malformed. */
export function parsePage(value: string | undefined): string | null {
  if (value === undefined || value === '') return DEFAULT_PAGE;
  const page = value.toLowerCase();
  return page.length <= MAX_PAGE_LENGTH && PAGE.test(page) ? page : null;
}

const VERSION_LABEL = /^[a-z0-9][a-z0-9._-]{0,31}$/;

/** `?v=` label: up to 32 lower-case letters, digits, `.`, `_`, `-` (such as `v7` or `2026-09-demo-gif`); null when absent, undefined if malformed. */
export function parseVersionLabel(value: string | undefined): string | null | undefined {
  if (value === undefined || value === '') return null;
  const label = value.toLowerCase();
  return VERSION_LABEL.test(label) ? label : undefined;
}

/** Host of the Referer only: the path can carry private information. */
export function referrerHost(referer: string | null): string {
  if (!referer) return '';
  try {
    const url = new URL(referer);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.hostname.slice(0, 253) : '';
  } catch {
    return '';
  }
}

/**
 * Unique visitors are only counted for clients whose own IP we see: never through camo or another proxy (their
 * IP is the proxy's), never for bots, and never when the browser asks not to be tracked (DNT or Global Privacy
 * Control), in which case the view still counts.
 */
export function visitorSignal(headers: Headers, source: SourceClass, userAgent: string): string | null {
  if (source !== 'browser' && source !== 'unknown') return null;
  if (headers.get('dnt') === '1' || headers.get('sec-gpc') === '1') return null;
  const ip = headers.get('cf-connecting-ip');
  if (!ip) return null;
  return `${ip}\n${userAgent}`;
}
