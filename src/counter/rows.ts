import type { UtcDay } from '../dates';
import type { SourceClass } from '../pixel/source-class';

/** The rows the counter takes and gives: plain data, imported by pure modules without the Durable Object. */

/** What the counter stores about one view. */
export interface CounterHit {
  day: UtcDay;
  page: string;
  source: SourceClass;
  /** Unsalted visitor hash, or null when this view must not count as a unique visitor. */
  visitorKey: string | null;
}

export interface DailyViews {
  day: UtcDay;
  page: string;
  source: SourceClass;
  views: number;
}

export interface DailyVisitors {
  day: UtcDay;
  visitors: number;
}

/** A span of days as the counter holds them. */
export interface CounterDays {
  views: DailyViews[];
  visitors: DailyVisitors[];
}
