import { TRANSPARENT_GIF } from '../pixel/gif';

/**
 * Makes GitHub's camo proxy and browsers fetch the image on every view, so every view is counted. Without them
 * camo keeps an image for a year; an ETag or Last-Modified would let a revalidation end in a 304 that never
 * reaches the counter (https://docs.github.com/en/repositories/working-with-files/using-files/working-with-non-code-files).
 */
export const NO_CACHE_HEADERS = {
  'Cache-Control': 'no-cache, no-store, must-revalidate, max-age=0',
  Pragma: 'no-cache',
  Expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
  'X-Content-Type-Options': 'nosniff',
} as const;

const GIF_HEADERS = { ...NO_CACHE_HEADERS, 'Content-Type': 'image/gif' };

export function gifResponse(status: number): Response {
  return new Response(TRANSPARENT_GIF, { status, headers: GIF_HEADERS });
}

export function svgResponse(svg: string, status: number): Response {
  return new Response(svg, {
    status,
    headers: {
      ...NO_CACHE_HEADERS,
      'Content-Type': 'image/svg+xml; charset=utf-8',
      // Opened directly, an SVG is a document: forbid scripts and remote loads in it.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}

export function badgeJsonResponse(body: object, status: number): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...NO_CACHE_HEADERS, 'Content-Type': 'application/json; charset=utf-8' },
  });
}

/**
 * Charts count nothing, so caches may keep them: an hour keeps a README's chart current within the day while camo
 * and browsers spare the Worker. Answers that say something is wrong are kept five minutes, so a fix shows soon.
 */
export function chartResponse(svg: string, status: number): Response {
  return new Response(svg, {
    status,
    headers: {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': status === 200 ? 'public, max-age=3600' : 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}

/** Metric badges count nothing and change slowly: caches may keep them five minutes. */
const METRIC_CACHE = { 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' };

export function metricSvgResponse(svg: string, status: number): Response {
  return new Response(svg, {
    status,
    headers: {
      ...METRIC_CACHE,
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}

export function metricJsonResponse(body: object, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...METRIC_CACHE, 'Content-Type': 'application/json; charset=utf-8' } });
}
