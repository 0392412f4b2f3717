import { describe, expect, it } from 'vitest';
import { emptyStatus } from '../records/repo-status';
import { summarizeRepo } from '../report/repo-summary';
import { makeCounts, makeHistory } from '../../test/factories';
import { funnelOf } from './funnel';

const TODAY = '2026-06-30';

describe('funnelOf', () => {
  const line = summarizeRepo('acme/rocket', TODAY, {
    history: makeHistory({
      counts: { '2026-06-01': makeCounts({ stars: 10, forks: 1 }), [TODAY]: makeCounts({ stars: 19, forks: 3 }) },
      traffic: { [TODAY]: { views: 50, viewUniques: 20, clones: 6, cloneUniques: 4 } },
    }),
    views: [{ day: TODAY, page: 'readme', source: 'github-camo', views: 999 }],
    visitors: [],
    clicks: [{ day: TODAY, name: 'docs', version: '', referrer: '', clicks: 99 }],
    clickers: [],
    contributions: [{ day: TODAY, issues: 2, pulls: 1, firstTimers: 1 }],
    downloads: [{ day: '2026-06-29', package: 'npm:rocket', downloads: 5000 }],
    allTime: 999,
    readmeAllTime: 999,
    status: emptyStatus(),
  });

  it('goes from impressions to first contributions, each per 1,000 impressions, bars on a log scale', () => {
    const { steps } = funnelOf(line);
    expect(steps.map((step) => [step.label, step.count, step.per1kImpressions])).toEqual([
      ['README impressions', 999, 1000],
      ['Link clicks', 99, (99 / 999) * 1000],
      ['New stars', 9, (9 / 999) * 1000],
      ['New forks', 2, (2 / 999) * 1000],
      ['Unique cloners', 4, (4 / 999) * 1000],
      ['First contributions', 1, (1 / 999) * 1000],
    ]);
    expect(steps[0]?.share).toBe(1);
    // log10(100) / log10(1000): two thirds of the way.
    expect(steps[1]?.share).toBeCloseTo(2 / 3, 12);
    expect(steps[5]?.detail).toBe('of 3 issues and pull requests opened');
  });

  it('keeps downloads beside the funnel, and says when there are none to show', () => {
    expect(funnelOf(line).downloads).toMatchObject({ count: 5000, detail: '5,000 in the week to 2026-06-29' });
    const none = { ...line, downloads: { last28: 0, week: 0, through: null } };
    expect(funnelOf(none).downloads).toMatchObject({ count: null, share: 0, detail: 'no PACKAGES set' });
  });

  it('leaves stars and forks unknown before the first count, not zero', () => {
    const { steps } = funnelOf({ ...line, stars: { ...line.stars, total: null } });
    expect(steps.filter((step) => step.count === null).map((step) => step.label)).toEqual(['New stars', 'New forks']);
  });
});
