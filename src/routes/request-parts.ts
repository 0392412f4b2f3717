import type { Context } from 'hono';
import type { ViewRequest } from '../pixel/view-request';
import type { AppEnv } from './app-env';

/** The parts of an image request that the pure view parser reads, plus the clock. */
export function viewRequestFrom(c: Context<AppEnv>, owner: string, repo: string): ViewRequest {
  return {
    url: c.req.url,
    owner,
    repo,
    page: c.req.query('page'),
    headers: c.req.raw.headers,
    cf: c.req.raw.cf as Record<string, unknown> | undefined,
    now: Date.now(),
  };
}

/** `name.gif` → `name`; null when the file does not end with the suffix. */
export function stripSuffix(file: string, suffix: string): string | null {
  return file.endsWith(suffix) ? file.slice(0, -suffix.length) : null;
}
