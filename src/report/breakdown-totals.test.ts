import { describe, expect, it } from 'vitest';
import { breakdownTotals } from './breakdown-totals';

describe('breakdownTotals', () => {
  const byDay = {
    '2026-04-08': { referrer: { 'news.ycombinator.com': 5 }, country: { DE: 1 } },
    '2026-04-09': { referrer: { 'news.ycombinator.com': 7, '': 20, 'x.com': 7 }, country: { US: 9, '': 2 }, page: { readme: 40 } },
    '2026-04-10': { page: { readme: 3 } },
  };

  it('sums the days of the range, most first (ties by name), and names the empty keys', () => {
    expect(breakdownTotals(byDay, '2026-04-08', '2026-04-10')).toEqual({
      days: 3,
      referrerHosts: [
        { key: '(none sent)', impressions: 20 },
        { key: 'news.ycombinator.com', impressions: 12 },
        { key: 'x.com', impressions: 7 },
      ],
      countries: [
        { key: 'US', impressions: 9 },
        { key: '(unknown)', impressions: 2 },
        { key: 'DE', impressions: 1 },
      ],
    });
  });

  it('leaves out the days outside the range, and is null when none is inside', () => {
    expect(breakdownTotals(byDay, '2026-04-10', '2026-04-10')).toEqual({ days: 1, referrerHosts: [], countries: [] });
    expect(breakdownTotals(byDay, '2026-04-01', '2026-04-07')).toBeNull();
    expect(breakdownTotals({}, '2026-04-01', '2026-04-30')).toBeNull();
  });
});
