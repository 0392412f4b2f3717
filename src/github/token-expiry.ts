/**
 * A token that expires is heard of before it does. GitHub answers requests made with an expiring token with
 * `GitHub-Authentication-Token-Expiration: 2026-12-20 10:00:00 UTC` (its REST API's troubleshooting guide, "Token
 * expiration"); the collector keeps the latest, and warns 14 days and 3 days ahead and on the day. Pure.
 */

/** The header's time as an ISO string, or null when there is none (a token that never expires) or it is not a time. */
export function parseTokenExpiration(header: string | null | undefined): string | null {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (UTC|[+-]\d{4})$/.exec(header?.trim() ?? '');
  if (!match) return null;
  const [, day, time, zone] = match;
  const offset = zone === 'UTC' ? 'Z' : `${zone?.slice(0, 3)}:${zone?.slice(3)}`;
  const at = Date.parse(`${day}T${time}${offset}`);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/** When the warnings come: 14 days ahead, 3 days ahead, and on the day (the last day left, or past it). */
export const TOKEN_WARNINGS = [
  { key: '14 days', days: 14 },
  { key: '3 days', days: 3 },
  { key: 'the day', days: 1 },
] as const;
export type TokenWarningKey = (typeof TOKEN_WARNINGS)[number]['key'];

const DAY_MS = 86_400_000;

export const RENEW_TOKEN =
  'make a new token (fine-grained: "Administration: read" on the repositories; classic: "repo"), then `wrangler secret put GITHUB_TOKEN` or `npm run setup`';

export interface TokenWarning {
  key: TokenWarningKey | 'expired' | 'rejected';
  /** Whole days left, rounded up (0 once it expired). */
  daysLeft: number;
  message: string;
}

/** The warning due at `now` for a token expiring at `expiresAt`; null while more than 14 days are left. */
export function tokenWarning(expiresAt: string | null, now: number): TokenWarning | null {
  if (expiresAt === null) return null;
  const left = Date.parse(expiresAt) - now;
  const day = expiresAt.slice(0, 10);
  if (left <= 0)
    return { key: 'expired', daysLeft: 0, message: `GITHUB_TOKEN expired on ${day}: the collector stops until you ${RENEW_TOKEN}.` };
  const daysLeft = Math.ceil(left / DAY_MS);
  const due = [...TOKEN_WARNINGS].reverse().find((warning) => daysLeft <= warning.days);
  if (!due) return null;
  const when = due.key === 'the day' ? 'within a day' : `in ${daysLeft} days`;
  return {
    key: due.key,
    daysLeft,
    message: `GITHUB_TOKEN expires ${when} (${expiresAt.replace('T', ' ').slice(0, 16)} UTC): ${RENEW_TOKEN}.`,
  };
}

/** The warning to post now, once each: the one due, unless it (or one nearer the day) was posted already. */
export function warningToAnnounce(warning: TokenWarning | null, announced: readonly string[]): TokenWarning | null {
  if (warning === null || announced.includes(warning.key)) return null;
  return warning;
}

/** The warning of a token GitHub refused (401): revoked, or expired without a header having said when. */
export const REJECTED_WARNING: TokenWarning = {
  key: 'rejected',
  daysLeft: 0,
  message: `GitHub rejected GITHUB_TOKEN (401): the token was revoked or has expired, and the collector stops until you ${RENEW_TOKEN}.`,
};

/** What to say of the token: its refusal first, else the expiry warning due. */
export function tokenNotice(state: { expiresAt: string | null; rejectedAt: string | null }, now: number): TokenWarning | null {
  return state.rejectedAt ? REJECTED_WARNING : tokenWarning(state.expiresAt, now);
}
