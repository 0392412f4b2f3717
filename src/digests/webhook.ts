/**
 * Delivers a JSON message to a webhook (Slack, Discord, anything that takes a POST), retrying with backoff on
 * 429, 5xx and network errors. The URL is a secret (it carries the webhook's token): it is never logged.
 */
export interface Delivery {
  ok: boolean;
  attempts: number;
  status: number | null;
}

export async function postWithRetry(url: string, message: unknown, attempts = 4, baseDelayMs = 1000): Promise<Delivery> {
  let status: number | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
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
    } catch {
      status = null; // unreachable or timed out: worth another try
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** (attempt - 1)));
  }
  return { ok: false, attempts, status };
}
