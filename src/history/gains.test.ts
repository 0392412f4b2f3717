import { describe, expect, it } from 'vitest';
import { makeCounts } from '../../test/factories';
import { dailyGains } from './gains';
import { emptyHistory } from './model';

describe('dailyGains', () => {
  const history = emptyHistory();
  history.counts = {
    '2026-01-01': makeCounts({ stars: 100, forks: 10 }),
    '2026-01-02': makeCounts({ stars: 103, forks: 10 }),
    '2026-01-05': makeCounts({ stars: 110, forks: 12 }),
    '2026-01-06': makeCounts({ stars: 109, forks: 12 }),
  };

  it('takes differences between snapshots, crediting a gap to the day that saw it', () => {
    expect(dailyGains(history, 'stars')).toEqual({ '2026-01-02': 3, '2026-01-05': 7, '2026-01-06': -1 });
    expect(dailyGains(history, 'forks')).toEqual({ '2026-01-02': 0, '2026-01-05': 2, '2026-01-06': 0 });
  });

  it('prefers the stargazer history where GitHub gave one', () => {
    const withHistory = { ...history, starsGained: { '2026-01-03': 4, '2026-01-04': 0, '2026-01-05': 3 } };
    expect(dailyGains(withHistory, 'stars')).toEqual({
      '2026-01-02': 3,
      '2026-01-03': 4,
      '2026-01-04': 0,
      '2026-01-05': 3,
      '2026-01-06': -1,
    });
  });

  it('prefers imported fork gains, for forks only', () => {
    const withImport = { ...history, forksGained: { '2025-12-30': 5, '2026-01-05': 1 } };
    expect(dailyGains(withImport, 'forks')).toEqual({ '2025-12-30': 5, '2026-01-02': 0, '2026-01-05': 1, '2026-01-06': 0 });
    expect(dailyGains(withImport, 'stars')).toEqual(dailyGains(history, 'stars'));
  });
});
