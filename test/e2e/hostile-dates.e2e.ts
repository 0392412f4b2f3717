import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REPORT_TOKEN } from '../constants';
import { startBuiltWorker } from './built-worker';

/**
 * Dates a stranger can send, against the deploy build in workerd (its own process): a day in year 0 once sent the
 * report's day walk into an endless loop that ran workerd out of memory, and nothing answered until it restarted,
 * the pixel included. Each request has a deadline, so a hang fails this test instead of hanging the suite.
 */
const DEADLINE_MS = 10_000;
let worker: Awaited<ReturnType<typeof startBuiltWorker>>;

beforeAll(async () => {
  worker = await startBuiltWorker({ REPOS: 'octo/demo', REPORT_TOKEN: TEST_REPORT_TOKEN, PUBLIC_REPORT: 'true' });
});
afterAll(() => worker?.dispose());

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${worker.origin}${path}`, { headers, signal: AbortSignal.timeout(DEADLINE_MS) });
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };

describe('days outside the calendar', () => {
  it.each([
    ['/report/octo/demo?from=0000-01-01&to=0001-01-01', auth],
    ['/report/octo/demo?to=0000-01-01', {}],
    ['/report/octo/demo?from=0001-01-01&to=0001-01-02', auth],
    ['/report/octo/demo?to=9999-12-31', auth],
    ['/report/octo/demo?from=2024-02-30', auth],
  ])('%s answers 400 with the allowed range, and the Worker keeps answering', async (path, headers) => {
    const response = await get(path, headers);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /must be a day from 2008-01-01 to \d{4}-\d{2}-\d{2} \(today, UTC\)/,
    );
    const pixel = await get('/p/octo/demo.gif', { 'user-agent': 'github-camo (876de43e)' });
    expect(pixel.status).toBe(200);
    expect(pixel.headers.get('content-type')).toBe('image/gif');
  });
});
