import type { UtcDay, UtcHour } from './dates';
import type { SourceClass } from './impressions';
import type { RepoRef } from './repos';

/**
 * The counted views as rows, the vocabulary of the counter (counter/repo-counter.ts) and of everything that reads
 * it: plain data, imported by pure modules without the Durable Object.
 */

/** One counted view of a README image, with everything that is stored about it and nothing more. */
export interface ViewEvent extends RepoRef {
  page: string;
  /** `?v=` label of the README version the image is in, when the maintainer names versions; else null. */
  version: string | null;
  source: SourceClass;
  referrerHost: string;
  country: string;
  colo: string;
  userAgentFamily: string;
  /** Not an impression (a bot): impressions.ts's rule, as Analytics Engine's data point carries it. */
  bot: boolean;
  day: UtcDay;
  hour: UtcHour;
}

/** What the counter stores about one view. */
export interface CounterHit {
  day: UtcDay;
  /** The view's hour, for README impressions per hour; absent in counts loaded from elsewhere (imports). */
  hour?: UtcHour;
  page: string;
  source: SourceClass;
  /** The `?v=` README version label, or null. */
  version?: string | null;
  /** Unsalted visitor hash, or null when this view must not count as a unique visitor. */
  visitorKey: string | null;
  /** How many such views this hit stands for (the Worker sends a batch's identical views as one); 1 if absent. */
  views?: number;
}

export interface DailyViews {
  day: UtcDay;
  page: string;
  source: SourceClass;
  views: number;
}

/** A day's views, summed over pages and sources. */
export interface DayTotal {
  day: UtcDay;
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
  /** Impressions per `?v=` label, where the maintainer names README versions. */
  labelled: DailyLabelledViews[];
  /** Clicks on the repository's tracked README links, and unique clickers, per day. */
  clicks: DailyLinkClicks[];
  clickers: DailyClickers[];
  /** Issues and pull requests opened per day, from the collector (none before it first asked). */
  contributions?: DailyContributions[];
  /** Downloads per day and package, from the packages' registries (PACKAGES). */
  downloads?: DailyDownloads[];
}

/** Issues and pull requests opened on a day (bots' left out), and those of them by people new to the repository. */
export interface DailyContributions {
  day: UtcDay;
  issues: number;
  pulls: number;
  firstTimers: number;
}

/** Downloads of one package on one day, as its registry counts them. */
export interface DailyDownloads {
  day: UtcDay;
  /** `registry:name`, as PACKAGES names it (`npm:hono`, `pypi:requests`, `crates:serde`). */
  package: string;
  downloads: number;
}

/** A tracked README link (`/l/{owner}/{repo}/{name}`): where it leads, as the maintainer registered it. */
export interface TrackedLink {
  name: string;
  destination: string;
  /** When it was registered (ISO time). */
  createdAt: string;
}

/**
 * Clicks of one day on one link, by the `?v=` README version the link was in ('' without one) and the host of
 * the Referer ('' without one): all that is kept of a click.
 */
export interface DailyLinkClicks {
  day: UtcDay;
  name: string;
  version: string;
  referrer: string;
  clicks: number;
}

/** Readers who clicked any of the repository's links on a day, each counted once (hashed as unique visitors are). */
export interface DailyClickers {
  day: UtcDay;
  clickers: number;
}

/** README impressions of one day under one `?v=` version label. */
export interface DailyLabelledViews {
  day: UtcDay;
  label: string;
  views: number;
}

/**
 * A total carried over from another counter: `views` it counted before the day `before`. A badge's all-time count
 * is this plus the impressions counted here from `before` on; reports show it apart, never as daily data.
 */
export interface CarriedOver {
  views: number;
  before: UtcDay;
  /** What the other counter was, in the maintainer's words (e.g. "hits.seeyoufarm.com"). */
  source: string;
}

/** Impressions counted over some days, the first and last of them. */
export interface CountedDays {
  from: UtcDay;
  to: UtcDay;
  views: number;
}

/** What setting (or removing) a carried-over total did to the badge. */
export interface CarriedOverChange {
  /** The badge's all-time count now, and before the change. */
  badgeTotal: number;
  previousBadgeTotal: number;
  /** The impressions counted here before the carried-over total's `before` day, which it now stands in for. */
  replaced: CountedDays | null;
}
