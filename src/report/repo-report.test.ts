import { describe, expect, it } from 'vitest';
import { makeCounts, makeDailyViews, makeHistory } from '../../test/factories';
import { addDays, type UtcDay } from '../dates';
import type { RepoHistory } from '../history/model';
import { buildInsights } from './repo-insights';
import { buildRepoReport, reportStart } from './repo-report';
import { buildRepoSeries } from './repo-series';

// 120 days of steady traffic and impressions, a README change on day 60 and a star burst on day 100.
const FIRST: UtcDay = '2026-06-01';
const dayOf = (i: number) => addDays(FIRST, i);
const history: RepoHistory = makeHistory();
const views = [];
let stars = 100;
for (let i = 0; i < 120; i++) {
  history.traffic[dayOf(i)] = { views: 200 + (i % 7) * 10, viewUniques: 80, clones: 4, cloneUniques: 2 };
  stars += i === 100 ? 60 : i % 3 === 0 ? 1 : 0;
  history.counts[dayOf(i)] = makeCounts({ stars, forks: 10 + Math.floor(i / 20) });
  views.push(makeDailyViews(dayOf(i), { views: 150 + (i % 5) * 10 }), makeDailyViews(dayOf(i), { page: 'docs', views: 9 }));
}
const days = { history, views, visitors: [], labelled: [], clicks: [], clickers: [] };
const changes = [
  { sha: 'a'.repeat(40), committedAt: `${dayOf(0)}T08:00:00Z`, message: 'first README' },
  { sha: 'b'.repeat(40), committedAt: `${dayOf(60)}T08:00:00Z`, message: 'new README' },
];
const now = Date.parse(`${dayOf(119)}T12:00:00Z`);

describe('buildRepoReport', () => {
  it('is the series and the insights built apart, from one pass over the days', () => {
    const range = { from: dayOf(90), to: dayOf(110) };
    const report = buildRepoReport('acme/rocket', days, changes, { series: range, insights: range }, now);
    expect(report.series).toEqual(buildRepoSeries('acme/rocket', days, range.from, range.to));
    expect(report.insights).toEqual(buildInsights(days, changes, range, now));
    expect(report.insights.events.length).toBeGreaterThan(0);
    expect(report.insights.versions).toHaveLength(2);
  });

  it('takes different ranges for the series and the insights, as a digest does', () => {
    const ranges = { series: { from: dayOf(93), to: dayOf(106) }, insights: { from: dayOf(100), to: dayOf(106) } };
    const weekEnd = Date.parse(`${dayOf(106)}T23:59:59Z`);
    const report = buildRepoReport('acme/rocket', days, changes, ranges, weekEnd);
    expect(report.series).toEqual(buildRepoSeries('acme/rocket', days, ranges.series.from, ranges.series.to));
    expect(report.insights).toEqual(buildInsights(days, changes, ranges.insights, weekEnd));
  });

  it('starts at the earlier of the series and the insights', () => {
    const range = { from: dayOf(90), to: dayOf(110) };
    expect(reportStart(changes, { series: range, insights: range })).toBe(dayOf(0));
    expect(reportStart([], { series: range, insights: range })).toBe(addDays(range.from, -28));
    expect(reportStart([], { series: { from: dayOf(10), to: dayOf(20) }, insights: range })).toBe(dayOf(10));
  });
});
