/**
 * Delivers a JSON message to a webhook (Slack, Discord, anything that takes a POST), retrying with backoff on
 * 429, 5xx and network errors, and waiting as long as a 429 or 503 says in `Retry-After`
 * (https://www.rfc-editor.org/rfc/rfc9110#field.retry-after), up to MAX_RETRY_AFTER_MS: a receiver that asks
 * for longer is not retried in this run. The URL is a secret (it carries the webhook's token): it is never logged.
 */
export interface Delivery {
  ok: boolean;
  attempts: number;
  status: number | null;
}

/** The longest `Retry-After` waited for: a cron run has 15 minutes for every owner's digest. */
const MAX_RETRY_AFTER_MS = 60_000;

export async function postWithRetry(
  url: string,
  message: unknown,
  attempts = 4,
  baseDelayMs = 1000,
  now = () => Date.now(),
): Promise<Delivery> {
  let status: number | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let waitMs = baseDelayMs * 2 ** (attempt - 1);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      await response.body?.cancel();
      if (response.ok) return { ok: true, attempts: attempt, status };
      if (status !== 429 && status < 500) return { ok: false, attempts: attempt, status }; // retrying cannot help
      const asked = status === 429 || status === 503 ? retryAfterMs(response.headers.get('retry-after'), now()) : null;
      if (asked !== null && asked > MAX_RETRY_AFTER_MS) return { ok: false, attempts: attempt, status };
      if (asked !== null) waitMs = Math.max(waitMs, asked);
    } catch {
      status = null; // unreachable or timed out: worth another try
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  return { ok: false, attempts, status };
}

// IMF-fixdate, the form HTTP dates are sent in: `Sun, 06 Nov 1994 08:49:37 GMT`.
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** `Retry-After` as milliseconds from `now`: delay-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  if (!HTTP_DATE.test(value)) return null;
  return Math.max(0, Date.parse(value) - now);
}
