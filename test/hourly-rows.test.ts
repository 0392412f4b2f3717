import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { HourlyRows } from '../src/counter/hourly-rows';
import { counterOf } from './worker';

// Events at the edges of their hours and days, as the webhook stores them (a row per delivery).
const EVENTS: Array<[at: string, kind: string, delta: number]> = [
  ['2026-03-01T22:59:59Z', 'star', 1],
  ['2026-03-01T23:00:00Z', 'star', 1],
  ['2026-03-01T23:30:00Z', 'fork', 1],
  ['2026-03-01T23:59:59Z', 'star', -1],
  ['2026-03-02T00:00:00Z', 'star', 1],
  ['2026-03-02T00:00:01Z', 'pull_request', 1],
  ['2026-03-02T00:59:59Z', 'issue', 1],
  ['2026-03-02T01:00:00Z', 'watch', 1],
];

describe('the hours and days of webhook events', () => {
  it('count each event in the hour and day it fell in, to the second, and a quiet hour as zeros', async () => {
    const { hours, days } = await runInDurableObject(counterOf('hourly-rows', 'edges'), (_instance, state) => {
      const rows = new HourlyRows(state.storage.sql, state.storage);
      for (const [i, [at, kind, delta]] of EVENTS.entries()) {
        const insert = 'INSERT INTO github_events (delivery, signature, at, kind, delta) VALUES (?, ?, ?, ?, ?)';
        state.storage.sql.exec(insert, `d${i}`, `s${i}`, at, kind, delta);
      }
      state.storage.sql.exec("INSERT INTO readme_hours (hour, views) VALUES ('2026-03-01T23', 40), ('2026-03-02T02', 7)");
      return { hours: rows.hours('2026-03-01T22', '2026-03-02T02'), days: [...rows.starsByDay('2026-02-28', '2026-03-03')] };
    });
    const quiet = { readmeImpressions: 0, stars: 0, watches: 0, forks: 0, issues: 0, pullRequests: 0 };
    expect(hours).toEqual([
      { ...quiet, hour: '2026-03-01T22', stars: 1 },
      { ...quiet, hour: '2026-03-01T23', readmeImpressions: 40, stars: 0, forks: 1 },
      { ...quiet, hour: '2026-03-02T00', stars: 1, pullRequests: 1, issues: 1 },
      { ...quiet, hour: '2026-03-02T01', watches: 1 },
      { ...quiet, hour: '2026-03-02T02', readmeImpressions: 7 },
    ]);
    // Stars net of those taken back; days without any star event left out.
    expect(days).toEqual([
      ['2026-03-01', 1],
      ['2026-03-02', 1],
    ]);
  });
});
