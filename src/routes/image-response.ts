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
