import type { FactTotals } from '../conversions/ratios';
import type { Contribution } from '../github/contributions';
import type { DailyDownloads, DailyViews } from '../views';
import type { UtcDay } from '../dates';
import type { DailyFacts, OwnDays } from '../history/daily-facts';
import type { RepoHistory } from '../history/model';
import { summarizeHistory, summaryOfFacts } from '../conversions/summary';
import type { RepoStatus, StatusFields } from './repo-status';

/**
 * One repository's records, as a refresh or an import uses them: its history, its counted README impressions,
 * and saving both with the status. They are the rows of the repository's own object (RepoCounter), read and
 * written synchronously, so nothing interleaves between reading a history and saving what was merged into it.
 */
export interface RepoRecords {
  /**
   * The history from `from` on (with the last snapshot of the counts before it), and the stars gained before it,
   * summed. A refresh reads only the days it can change or needs, so its cost does not grow with the history's age.
   * Saving compares with what was read here.
   */
  window(from: UtcDay): Promise<{ history: RepoHistory; starsGainedBefore: number }>;
  /**
   * Merges stars gained per day from GitHub's star history into their rows, writing only the days that differ
   * (its latest answer replaces the days it covers): for the days before a window, which are not read. Returns
   * the rows written.
   */
  mergeStarsGained(days: ReadonlyArray<{ day: UtcDay; stars: number }>): Promise<number>;
  impressions(from: UtcDay, to: UtcDay): Promise<DailyViews[]>;
  /** What the object counts beside views from `from` to `to`: link clicks and clickers, contributions, downloads. */
  ownDays(from: UtcDay, to: UtcDay): Promise<OwnDays>;
  /** Stores issues and pull requests not stored yet (each once, by number); returns how many were new. */
  addContributions(items: readonly Contribution[]): Promise<number>;
  /** Merges package downloads per day (the larger count per package and day); returns the rows written. */
  mergeDownloads(rows: readonly DailyDownloads[]): Promise<number>;
  /** The last day stored of each package's downloads. */
  downloadsThrough(): Promise<Map<string, UtcDay>>;
  /**
   * The stored days from `from` to `to`, summed as `sumFacts` sums their facts: for README versions reaching back
   * before the window a refresh reads, whose days that refresh cannot change. The whole months summed are kept for
   * the next call, or (`keep none`) not.
   */
  totals(from: UtcDay, to: UtcDay, months?: KeptMonths): Promise<FactTotals>;
  /** Whether `totals` of those days sums only the days around whole months already summed and kept. */
  totalsKept(from: UtcDay, to: UtcDay): Promise<boolean>;
  /** Writes the history's changed rows, and the status when it differs from the stored one. */
  save(records: { history?: RepoHistory; status?: RepoStatus }): Promise<SaveResult>;
}

/** Whether a sum keeps the whole months it sums (KeptTotals). */
export type KeptMonths = 'keep them' | 'keep none';

export interface SaveResult {
  historyWritten: boolean;
  statusWritten: boolean;
  /** Rows the repository's object wrote. */
  rowsWritten: number;
}

/**
 * Saves a merged history and the status that describes it: the history's changed rows and the status with the
 * summary of that history, in one call, so a status never summarizes a history that was not written. The store
 * writes a status only when it differs from the stored one: importing the same file twice writes nothing at all.
 */
export async function saveWithSummary(
  records: RepoRecords,
  merged: { history: RepoHistory; changed: boolean },
  status: { previous: RepoStatus; next: StatusFields },
  // The counter's days to build the summary's facts from, or those facts already built (from the summary's first day or before).
  counted: { impressions: readonly DailyViews[]; own?: OwnDays } | { facts: readonly DailyFacts[] },
  today: UtcDay,
): Promise<SaveResult> {
  const summary =
    'facts' in counted
      ? summaryOfFacts(merged.history, counted.facts, today)
      : summarizeHistory(merged.history, counted.impressions, today, counted.own);
  const next: RepoStatus = { ...status.previous, ...status.next, ...summary };
  return records.save({ history: merged.changed ? merged.history : undefined, status: next });
}
