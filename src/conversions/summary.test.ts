import { describe, expect, it } from 'vitest';
import { addDays } from '../dates';
import { buildDailyFacts } from '../history/daily-facts';
import { emptyHistory } from '../history/model';
import { historyOfSummary, summarizeHistory, SUMMARY_DAYS } from './summary';

const TODAY = '2026-06-30';

/** 120 days of traffic, count snapshots with gaps and a loss, star history for some days, and impressions. */
function makeHistory() {
  const history = emptyHistory();
  for (let i = 0; i < 120; i++) {
    const day = addDays(TODAY, -i);
    history.traffic[day] = { views: 100 + i, viewUniques: 40 + (i % 7), clones: i % 5, cloneUniques: i % 3 };
    if (i % 3 !== 0)
      history.counts[day] = { stars: 500 - i * 2 + (i === 10 ? 5 : 0), forks: 40 - Math.floor(i / 10), watchers: 9, openIssues: 2 };
  }
  history.starsGained = { [addDays(TODAY, -5)]: 7, [addDays(TODAY, -40)]: 0 };
  history.forksGained = { [addDays(TODAY, -200)]: 3 };
  history.counts[addDays(TODAY, 3)] = { stars: 999, forks: 99, watchers: 9, openIssues: 2 }; // after today: not the latest
  const impressions = Array.from({ length: 30 }, (_, i) => ({
    day: addDays(TODAY, -i),
    page: 'readme',
    source: 'github-camo' as const,
    views: 50 + i,
  }));
  return { history, impressions };
}

describe('summarizeHistory', () => {
  it('keeps the last 90 days of facts and the latest counts up to today', () => {
    const { history, impressions } = makeHistory();
    const summary = summarizeHistory(history, impressions, TODAY);
    expect(summary.daily).toHaveLength(SUMMARY_DAYS);
    expect(summary.daily[0]?.day).toBe(addDays(TODAY, -(SUMMARY_DAYS - 1)));
    expect(summary.daily.at(-1)).toMatchObject({ day: TODAY, views: 100, readmeImpressions: 50 });
    expect(summary.counts).toEqual({ day: addDays(TODAY, -1), stars: 498, forks: 40, watchers: 9, openIssues: 2 });
  });

  it('rebuilds a history whose daily facts match the whole history for every day it covers', () => {
    const { history, impressions } = makeHistory();
    const rebuilt = historyOfSummary(summarizeHistory(history, impressions, TODAY));
    const from = addDays(TODAY, -(SUMMARY_DAYS - 1));
    expect(buildDailyFacts(rebuilt, impressions, from, TODAY)).toEqual(buildDailyFacts(history, impressions, from, TODAY));
    expect(rebuilt.counts).toEqual({ [addDays(TODAY, -1)]: history.counts[addDays(TODAY, -1)] });
  });

  it('summarizes an empty history as empty days and no counts', () => {
    const summary = summarizeHistory(emptyHistory(), [], TODAY);
    expect(summary.counts).toBeNull();
    expect(summary.daily.every((day) => day.views === 0 && day.starsGained === 0)).toBe(true);
  });
});
