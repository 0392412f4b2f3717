import { describe, expect, it } from 'vitest';
import { setWebhook, webhookLog } from '../../test/github/scenario';
import { postWithRetry } from './webhook';

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

});
