import type { DailyViews } from '../views';
import { addDays, latestByDay, type UtcDay } from '../dates';
import { buildDailyFacts, type DailyFacts, type OwnDays } from '../history/daily-facts';
import { emptyHistory, type RepoCounts, type RepoHistory } from '../history/model';

/** The days a summary keeps: enough for the 7, 28 and 90-day ratios and for the report table's 28 days. */
export const SUMMARY_DAYS = 90;

/**
 * What a repository's status keeps of its history, so that the report table never parses whole histories
 * (a year of one repository is ~200 KiB of JSON; 50 of them took ~55 ms of CPU, against the free plan's 10 ms).
 */
export interface HistorySummary {
  /**
   * The last SUMMARY_DAYS days, one row each. Only the facts: the ratios are worked out where they are shown, from
   * the days asked for (statuses written before kept each day's ratios and the trailing ones too; nothing reads them).
   */
  daily: DailyFacts[];
  /** The latest snapshot of the counts, and its day. */
  counts: (RepoCounts & { day: UtcDay }) | null;
}

/** Summarizes a history with the counter's impressions (and its other counts) of the same days, as of `today`. Pure. */
export function summarizeHistory(history: RepoHistory, impressions: readonly DailyViews[], today: UtcDay, own?: OwnDays): HistorySummary {
  return summaryOfFacts(history, buildDailyFacts(history, impressions, summaryStart(today), today, own), today);
}

/**
 * summarizeHistory of facts already built from that history, covering at least the summary's days (a refresh's,
 * from its window on): each day's facts depend on that day alone, so they are the summary's as they are. Pure.
 */
export function summaryOfFacts(history: RepoHistory, facts: readonly DailyFacts[], today: UtcDay): HistorySummary {
  const start = summaryStart(today);
  const latest = latestByDay(history.counts, today);
  return {
    daily: facts.filter((fact) => fact.day >= start && fact.day <= today),
    counts: latest ? { ...latest.value, day: latest.day } : null,
  };
}

/** The first day a summary made on `today` covers. */
export function summaryStart(today: UtcDay): UtcDay {
  return addDays(today, -(SUMMARY_DAYS - 1));
}

/**
 * A history rebuilt from a summary: its days' traffic and gains and the latest counts. Reports built on it match
 * those built on the whole history for the days the summary covers. Pure.
 */
export function historyOfSummary(summary: Pick<HistorySummary, 'daily' | 'counts'>): RepoHistory {
  const history = emptyHistory();
  for (const { day, views, viewUniques, clones, cloneUniques, starsGained, forksGained } of summary.daily) {
    history.traffic[day] = { views, viewUniques, clones, cloneUniques };
    history.starsGained[day] = starsGained;
    history.forksGained[day] = forksGained;
  }
  if (summary.counts) {
    const { day, ...counts } = summary.counts;
    history.counts[day] = counts;
  }
  return history;
}
