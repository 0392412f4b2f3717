import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env';
import { reject } from './errors';

/** The header that opens full reports, as every refusal names it. */
const TOKEN_HEADER = 'Authorization: Bearer <REPORT_TOKEN>';

/**
 * Reports carry private GitHub traffic, so they need `Authorization: Bearer <REPORT_TOKEN>`. Without it, only
 * PUBLIC_REPORT=true lets a request in, with `public` access (impressions and stars). The token is only ever
 * read from that header, never from the URL, and never appears in a response or a log.
 */
export const reportAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { reportToken, publicReport } = c.var.config;
  // The scheme is case-insensitive (RFC 9110 §11.1): "bearer" and "BEARER" are the same as "Bearer".
  const given = /^Bearer +(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (given !== undefined && reportToken !== undefined && (await tokensMatch(given, reportToken))) {
    c.set('access', 'full');
    return next();
  }
  if (publicReport && given === undefined) {
    c.set('access', 'public');
    return next();
  }
  c.header('WWW-Authenticate', 'Bearer realm="reports"');
  const error =
    reportToken === undefined
      ? closedMessage(new URL(c.req.url).hostname)
      : given === undefined
        ? `Reports need the header ${TOKEN_HEADER}.`
        : 'That token is not REPORT_TOKEN.';
  reject(401, error);
};

/**
 * What carries GitHub traffic or changes stored data needs the token even where PUBLIC_REPORT opens reports:
 * `what` is the refusal's subject, such as "Exports need".
 */
export function fullAccessOnly(what: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireFullAccess(c, what);
    await next();
  };
}

/** The same check inside a handler. */
export function requireFullAccess(c: Context<AppEnv>, what: string): void {
  if (c.var.access !== 'full') reject(401, `${what} ${TOKEN_HEADER}.`);
}

/** How to open reports: a secret on Cloudflare, `.dev.vars` when running locally with `npm start`. */
function closedMessage(hostname: string): string {
  const local = hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
  return local
    ? 'Reports are closed: set REPORT_TOKEN in `.dev.vars` (copy `.dev.vars.example`), restart `npm start`, then sign in with that token.'
    : 'Reports are closed: set the REPORT_TOKEN secret (`npx wrangler secret put REPORT_TOKEN`), then send it as Authorization: Bearer <token>.';
}

/** Constant-time comparison: both sides are hashed first, so neither their length nor their content leaks. */
async function tokensMatch(given: string, expected: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}
