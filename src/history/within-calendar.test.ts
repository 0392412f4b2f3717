import { describe, expect, it } from 'vitest';
import { makeHistory } from '../../test/factories';
import { historyWithinCalendar } from './within-calendar';

describe('historyWithinCalendar', () => {
  it('keeps the days from 2008-01-01 to today and drops the rest, in every part of the history', () => {
    const traffic = { views: 1, viewUniques: 1, clones: 0, cloneUniques: 0 };
    const history = makeHistory({
      traffic: { '0001-01-01': traffic, '2008-01-01': traffic, '2026-03-10': traffic, '9999-12-31': traffic },
      starsGained: { '2007-12-31': 4, '2026-03-09': 2, '2026-03-11': 0 },
      forksGained: { '1899-12-31': 1, '2026-03-01': 1 },
    });
    expect(historyWithinCalendar(history, '2026-03-10')).toEqual(
      makeHistory({ traffic: { '2008-01-01': traffic, '2026-03-10': traffic }, starsGained: { '2026-03-09': 2 }, forksGained: { '2026-03-01': 1 } }),
    );
  });
});
