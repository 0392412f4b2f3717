import { describe, expect, it } from 'vitest';
import { CAMO_UA, counterOf, fetchWorker } from './worker';

describe('smoke', () => {
  it('counts a pixel view', async () => {
    const response = await fetchWorker('/p/acme/rocket.gif', { headers: { 'user-agent': CAMO_UA } });
    expect(response.status).toBe(200);
    expect(await counterOf('acme', 'rocket').dailyViews()).toHaveLength(1);
  });
});
