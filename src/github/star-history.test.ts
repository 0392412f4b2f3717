import { describe, expect, it } from 'vitest';
import { parseLinks, starsGainedOfWeeks } from './star-history';

const unix = (iso: string) => Date.parse(iso) / 1000;

describe('starsGainedOfWeeks', () => {
  it('spreads each week over its seven UTC days, across a month boundary, whatever weekday it starts on', () => {
    // Newest first, as GitHub sends them; a week starting on a Thursday, the 29th of January.
    const weeks = [
      { week: unix('2026-02-05T00:00:00Z'), total: 3, days: [0, 0, 0, 0, 0, 1, 2] },
      { week: unix('2026-01-29T00:00:00Z'), total: 9, days: [1, 0, 5, 0, 3, 0, 0] },
    ];
    expect(starsGainedOfWeeks(weeks)).toEqual([
      { day: '2026-01-29', stars: 1 },
      { day: '2026-01-30', stars: 0 },
      { day: '2026-01-31', stars: 5 },
      { day: '2026-02-01', stars: 0 },
      { day: '2026-02-02', stars: 3 },
      { day: '2026-02-03', stars: 0 },
      { day: '2026-02-04', stars: 0 },
      { day: '2026-02-05', stars: 0 },
      { day: '2026-02-06', stars: 0 },
      { day: '2026-02-07', stars: 0 },
      { day: '2026-02-08', stars: 0 },
      { day: '2026-02-09', stars: 0 },
      { day: '2026-02-10', stars: 1 },
      { day: '2026-02-11', stars: 2 },
    ]);
  });

  it('has no days for no weeks', () => {
    expect(starsGainedOfWeeks([])).toEqual([]);
  });
});

describe('parseLinks', () => {
  const base = 'https://api.github.com/repositories/1/stargazers/history';
  it.each([
    [undefined, {}],
    [`<${base}?per_page=30&page=2>; rel="next", <${base}?per_page=30&page=4>; rel="last"`, { next: 2, last: 4 }],
    [`<${base}?page=3&per_page=30>; rel="prev", <${base}?page=1&per_page=30>; rel="first"`, { prev: 3, first: 1 }],
    [`<${base}?per_page=30>; rel="next"`, {}],
    ['garbage', {}],
  ])('%s', (header, links) => {
    expect(parseLinks(header)).toEqual(links);
  });
});
