import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { BROWSER_UA, CAMO_UA, counterOf, fetchWorker } from './worker';

const throwingEvents = {
  writeDataPoint: () => {
    throw new Error('Analytics Engine unavailable');
  },
};

/** A counter namespace whose objects reject every call, as when Durable Objects are overloaded. */
const failingCounter = {
  idFromName: (name: string) => env.COUNTER.idFromName(name),
  get: () => new Proxy({}, { get: () => () => Promise.reject(new Error('Durable Object is overloaded')) }),
} as unknown as Env['COUNTER'];

const visit = { headers: { 'user-agent': BROWSER_UA, 'cf-connecting-ip': '198.51.100.23' } };

describe('a failing store never changes the image', () => {
  // Every failure here is logged on purpose; the last test reads the log.
  let logged: MockInstance<typeof console.error>;
  beforeEach(() => {
    logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it('Analytics Engine throwing: 200 GIF, and the counter still counts', async () => {
    const response = await fetchWorker('/p/whole-org/ae-down.gif', visit, { EVENTS: throwingEvents });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
    expect((await response.arrayBuffer()).byteLength).toBe(43);
    expect(await counterOf('whole-org', 'ae-down').count(null)).toBe(1);
  });

  it('Durable Object failing: 200 GIF, and Analytics Engine still gets the view', async () => {
    const writeDataPoint = vi.fn();
    const response = await fetchWorker('/p/whole-org/do-down.gif', visit, { COUNTER: failingCounter, EVENTS: { writeDataPoint } });
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(43);
    expect(writeDataPoint).toHaveBeenCalledTimes(1);
  });

  it('both failing: still a 200 GIF', async () => {
    const response = await fetchWorker('/p/whole-org/all-down.gif', visit, { COUNTER: failingCounter, EVENTS: throwingEvents });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/gif');
  });

  it('a badge falls back to its last known count, or a neutral message, as a valid SVG', async () => {
    const camo = { headers: { 'user-agent': CAMO_UA } };
    await fetchWorker('/badge/whole-org/flaky.svg', camo);
    await fetchWorker('/badge/whole-org/flaky.svg', camo);

    const known = await fetchWorker('/badge/whole-org/flaky.svg', camo, { COUNTER: failingCounter, EVENTS: throwingEvents });
    expect(known.status).toBe(200);
    expect(await known.text()).toContain('aria-label="views: 2"');

    const unknown = await fetchWorker('/badge/whole-org/never-seen.svg', camo, { COUNTER: failingCounter });
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain('aria-label="views: unavailable"');

    const json = await fetchWorker('/badge/whole-org/never-seen.json', camo, { COUNTER: failingCounter });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ message: 'unavailable', color: 'lightgrey', isError: true });
  });

  it('logs the failure as one JSON line, without IP or user agent', async () => {
    await fetchWorker('/p/whole-org/logged.gif', visit, { COUNTER: failingCounter, EVENTS: throwingEvents });
    const lines = logged.mock.calls.map((call) => String(call[0]));
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { level: 'error', message: 'analytics engine write failed', repo: 'whole-org/logged', error: 'Error: Analytics Engine unavailable' },
      {
        level: 'error',
        message: 'counter write failed',
        repo: 'whole-org/logged',
        lostViews: 1,
        error: 'Error: Durable Object is overloaded',
      },
    ]);
    expect(lines.join('\n')).not.toMatch(/198\.51\.100\.23|Chrome/);
  });
});
