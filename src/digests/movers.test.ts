import { describe, expect, it } from 'vitest';
import { biggestMovers } from './movers';

describe('biggestMovers', () => {
  it('names a repository whose change is beyond its usual week-to-week change, and not one within it', () => {
    const movers = biggestMovers([
      // Usually ±20 a week (median size of the changes); −0.1% this week: within it.
      { repo: 'acme/steady', thisWeek: 999, weeksBefore: [980, 1000, 1020, 1000, 980, 1000, 1020, 1000, 1000] },
      // Usually ±20 and now +200.
      { repo: 'acme/rising', thisWeek: 1200, weeksBefore: [980, 1000, 1020, 1000, 980, 1000, 1020, 1000, 1000] },
    ]);
    expect(movers).toEqual([{ repo: 'acme/rising', change: 200, usualChange: 20 }]);
  });

  it('judges each repository by its own variation, most unusual first, three at most', () => {
    const calm = [100, 101, 100, 101, 100, 101, 100, 101, 100];
    const wild = [1000, 3000, 1000, 3000, 1000, 3000, 1000, 3000, 1000];
    const movers = biggestMovers([
      { repo: 'acme/wild', thisWeek: 2900, weeksBefore: wild }, // +1,900 where it swings by 2,000: not a mover
      { repo: 'acme/a', thisWeek: 110, weeksBefore: calm }, // +10, 10× its usual 1
      { repo: 'acme/b', thisWeek: 90, weeksBefore: calm }, // −10, falls count too
      { repo: 'acme/c', thisWeek: 150, weeksBefore: calm }, // +50
      { repo: 'acme/d', thisWeek: 104, weeksBefore: calm }, // +4: 4×, a mover but the least unusual
    ]);
    expect(movers.map((mover) => mover.repo)).toEqual(['acme/c', 'acme/a', 'acme/b']);
    expect(movers[2]).toEqual({ repo: 'acme/b', change: -10, usualChange: 1 });
  });

  it('needs four weekly changes since the first week with impressions to judge', () => {
    const young = [0, 0, 0, 0, 0, 10, 12, 11, 10]; // 3 changes since the pixel went in
    expect(biggestMovers([{ repo: 'acme/young', thisWeek: 500, weeksBefore: young }])).toEqual([]);
    const older = [0, 0, 0, 0, 10, 12, 11, 10, 12]; // 4 changes: usual 1.5 (median of 2, 1, 1, 2)
    expect(biggestMovers([{ repo: 'acme/older', thisWeek: 500, weeksBefore: older }])).toEqual([
      { repo: 'acme/older', change: 488, usualChange: 1.5 },
    ]);
    expect(biggestMovers([{ repo: 'acme/none', thisWeek: 5, weeksBefore: [] }])).toEqual([]);
  });

  it('takes a usual change of at least 1, so a perfectly flat history is not moved by one view', () => {
    const flat = Array.from({ length: 9 }, () => 70);
    expect(biggestMovers([{ repo: 'acme/flat', thisWeek: 73, weeksBefore: flat }])).toEqual([]);
    expect(biggestMovers([{ repo: 'acme/flat', thisWeek: 74, weeksBefore: flat }])).toEqual([
      { repo: 'acme/flat', change: 4, usualChange: 1 },
    ]);
  });
});
