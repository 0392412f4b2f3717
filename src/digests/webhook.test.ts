import { describe, expect, it } from 'vitest';
import { setWebhook, webhookLog } from '../../test/github/scenario';
import { postWithRetry, retryAfterMs } from './webhook';

/** Delivery to the stand-in's webhook receivers, with millisecond backoff. */
describe('postWithRetry', () => {
  it('delivers once when the receiver takes it', async () => {
    const url = await setWebhook('hook-ok', 0);
    expect(await postWithRetry(url, { text: 'hello' }, 4, 1)).toEqual({ ok: true, attempts: 1, status: 200 });
    expect((await webhookLog('hook-ok')).received).toEqual([{ text: 'hello' }]);
  });

  it.each([
    ['503', 503],
    ['429', 429],
  ])('retries a %s with backoff until it is taken', async (name, failStatus) => {
    const url = await setWebhook(`hook-${name}`, 2, { failStatus });
    expect(await postWithRetry(url, { text: 'again' }, 4, 1)).toEqual({ ok: true, attempts: 3, status: 200 });
    expect(await webhookLog(`hook-${name}`)).toMatchObject({ attempts: 3, received: [{ text: 'again' }] });
  });

  it('gives up after the last attempt, saying the last status', async () => {
    const url = await setWebhook('hook-down', 99);
    expect(await postWithRetry(url, {}, 3, 1)).toEqual({ ok: false, attempts: 3, status: 503 });
  });

  it('stops at once on a 4xx that retrying cannot change', async () => {
    const url = await setWebhook('hook-gone', 99, { failStatus: 410 });
    expect(await postWithRetry(url, {}, 4, 1)).toEqual({ ok: false, attempts: 1, status: 410 });
  });

  it('waits as long as a 429 says in Retry-After before the next attempt', async () => {
    const url = await setWebhook('hook-retry-after', 1, { failStatus: 429, retryAfter: '1' });
    expect(await postWithRetry(url, { text: 'later' }, 4, 1)).toEqual({ ok: true, attempts: 2, status: 200 });
    const { times } = await webhookLog('hook-retry-after');
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('does not retry in this run when Retry-After asks for longer than it can wait', async () => {
    const url = await setWebhook('hook-much-later', 1, { failStatus: 503, retryAfter: '3600' });
    expect(await postWithRetry(url, {}, 4, 1)).toEqual({ ok: false, attempts: 1, status: 503 });
    expect((await webhookLog('hook-much-later')).attempts).toBe(1);
  });
});

describe('retryAfterMs', () => {
  const NOW = Date.parse('2026-11-23T06:00:00Z');
  it.each([
    [null, null],
    ['5', 5000],
    [' 0 ', 0],
    ['Mon, 23 Nov 2026 06:00:30 GMT', 30_000],
    ['Mon, 23 Nov 2026 05:00:00 GMT', 0],
    ['soon', null],
    ['-3', null],
    ['2026-11-23', null],
  ])('%j → %s ms', (header, ms) => {
    expect(retryAfterMs(header, NOW)).toBe(ms);
  });
});
