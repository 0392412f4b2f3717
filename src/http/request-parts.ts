import type { ViewRequest } from '../pixel/view-request';

/** The parts of an image request that the pure view parser reads, plus the clock. */
export function viewRequestFrom(request: Request, owner: string, repo: string, page: string | undefined, version?: string): ViewRequest {
  return {
    url: request.url,
    owner,
    repo,
    page,
    version,
    headers: request.headers,
    readCf: () => request.cf as Record<string, unknown> | undefined,
    now: Date.now(),
  };
}

/**
 * The path and query of an absolute request URL, read off the string: `request.url` is already normalised by the
 * runtime, and the pixel cannot afford a `URL` object per view (see servePixel).
 */
export function splitRequestUrl(url: string): { pathname: string; query: string } {
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  if (pathStart < 0) return { pathname: '/', query: '' };
  const queryStart = url.indexOf('?', pathStart);
  return queryStart < 0
    ? { pathname: url.slice(pathStart), query: '' }
    : { pathname: url.slice(pathStart, queryStart), query: url.slice(queryStart + 1) };
}

/** `name.gif` → `name`; null when the file does not end with the suffix. */
export function stripSuffix(file: string, suffix: string): string | null {
  return file.endsWith(suffix) ? file.slice(0, -suffix.length) : null;
}

/** Percent-decodes one path segment; null when it is malformed. */
export function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
