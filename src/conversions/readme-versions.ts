import { byCodeUnits } from '../text-order';
import { addDays, epochDay, utcDay, type UtcDay } from '../dates';
import type { DailyFacts } from '../history/daily-facts';
import { perThousand } from '../rates';
import type { DailyLabelledViews, DailyLinkClicks } from '../views';
import { binomialInterval, poissonInterval } from './intervals';
import { sumFacts, type FactTotals } from './ratios';

/**
 * README versions and how each converts. Each commit that changed the README starts a version, live from its
 * commit until the next one. Its days are whole UTC days: the day of a change belongs to the new version, so a
 * version replaced the same day it was made has no day of its own. Pure.
 */
export interface ReadmeChange {
  sha: string;
  /** When the commit landed (its committer date), ISO 8601. */
  committedAt: string;
  /** The first line of the commit message. */
  message: string;
}

export interface ReadmeVersion {
  /** `v1` for the oldest known version, counting up. */
  label: string;
  sha: string;
  message: string;
  committedAt: string;
  /** The whole UTC days it was live, `from` to `to` included; null for a version replaced the day it was made. */
  days: { from: UtcDay; to: UtcDay } | null;
  /**
   * How many of those whole days there are: the days its figures are counted over (0 without one). The live
   * version's count includes today, which is still going (`current`).
   */
  daysLive: number;
  current: boolean;
}

export function buildVersions(changes: readonly ReadmeChange[], now: number): ReadmeVersion[] {
  const sorted = [...changes].sort((a, b) => byCodeUnits(a.committedAt, b.committedAt));
  const today = utcDay(now);
  return sorted.map((change, i) => {
    const next = sorted[i + 1];
    const from = utcDay(Date.parse(change.committedAt));
    const to = next ? addDays(utcDay(Date.parse(next.committedAt)), -1) : today;
    return {
      label: `v${i + 1}`,
      sha: change.sha,
      message: change.message,
      committedAt: change.committedAt,
      days: from <= to ? { from, to } : null,
      daysLive: from <= to ? epochDay(to) - epochDay(from) + 1 : 0,
      current: next === undefined,
    };
  });
}

/** A rate per 1,000 with its exact 95% interval. */
export interface RateEstimate {
  per1k: number;
  low: number;
  high: number;
}

/** One version against the one before it: the ratio of their rates, with its exact 95% interval. */
export interface Comparison {
  /** What the rates are per: README impressions where both versions have them, else GitHub page views. */
  basis: 'impressions' | 'views';
  ratio: number;
  low: number;
  high: number;
  verdict: string;
}

export interface VersionConversion extends ReadmeVersion {
  readmeImpressions: number;
  views: number;
  starsGained: number;
  forksGained: number;
  /** Clicks on tracked README links while it was live (with `?v=` labels: the clicks that carried its label). */
  linkClicks: number;
  starsPer1kImpressions: RateEstimate | null;
  starsPer1kViews: RateEstimate | null;
  /** Link clicks per 1,000 README impressions, with the same exact interval as stars. */
  clicksPer1kImpressions: RateEstimate | null;
  versusPrevious: Comparison | null;
  /** Its link clicks per impression against the previous version's (on impressions only; null without clicks). */
  clicksVersusPrevious: Comparison | null;
  /**
   * The rest of the funnel while it was live: watchers gained, issues and pull requests by people new to the
   * repository, package downloads; each per 1,000 README impressions with the same exact interval, and against
   * the previous version on impressions (null without any).
   */
  funnel: Record<FunnelStep, FunnelFigures>;
}

/** The funnel's steps after stars, forks and link clicks, as versions are compared on them. */
export const FUNNEL_STEPS = ['watchers', 'first contributions', 'downloads'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface FunnelFigures {
  count: number;
  per1kImpressions: RateEstimate | null;
  versusPrevious: Comparison | null;
}

/** Each funnel step's daily figure. */
const FUNNEL_FIELD: Record<FunnelStep, 'watchersGained' | 'firstContributions' | 'downloads'> = {
  watchers: 'watchersGained',
  'first contributions': 'firstContributions',
  downloads: 'downloads',
};

/** Each version's figures over its days, its rates, and how it compares with the version before it. */
export function convertByVersion(versions: readonly ReadmeVersion[], facts: readonly DailyFacts[]): VersionConversion[] {
  return convertByVersionTotals(versions, totalsOver(facts));
}

/** The days of a version, summed: by `sumFacts` over their facts, or by the store over its rows. */
export type TotalsOf = (days: { from: UtcDay; to: UtcDay }) => FactTotals;

/** Sums a version's days from these facts (days without a fact count nothing). */
export function totalsOver(facts: readonly DailyFacts[]): TotalsOf {
  return (days) => sumFacts(facts.filter((fact) => fact.day >= days.from && fact.day <= days.to));
}

/** `convertByVersion`, with each version's days summed by `totalsOf`. */
export function convertByVersionTotals(versions: readonly ReadmeVersion[], totalsOf: TotalsOf): VersionConversion[] {
  const results: VersionConversion[] = [];
  for (const version of versions) {
    const days = version.days;
    const totals = days ? totalsOf(days) : sumFacts([]);
    const previous = results[results.length - 1];
    const current = {
      ...version,
      readmeImpressions: totals.readmeImpressions,
      views: totals.views,
      starsGained: totals.starsGained,
      forksGained: totals.forksGained,
      linkClicks: totals.linkClicks,
      starsPer1kImpressions: rate(totals.starsGained, totals.readmeImpressions),
      starsPer1kViews: rate(totals.starsGained, totals.views),
      clicksPer1kImpressions: rate(totals.linkClicks, totals.readmeImpressions),
    };
    const counts = Object.fromEntries(FUNNEL_STEPS.map((step) => [step, totals[FUNNEL_FIELD[step]]])) as Record<FunnelStep, number>;
    const funnel = Object.fromEntries(
      FUNNEL_STEPS.map((step): [FunnelStep, FunnelFigures] => [
        step,
        {
          count: counts[step],
          per1kImpressions: rate(counts[step], totals.readmeImpressions),
          versusPrevious: previous ? compareOn(step, previous, current, counts) : null,
        },
      ]),
    ) as Record<FunnelStep, FunnelFigures>;
    results.push({
      ...current,
      versusPrevious: previous ? compare(previous, current) : null,
      clicksVersusPrevious: previous ? compare(previous, current, 'link clicks') : null,
      funnel,
    });
  }
  return results;
}

/** A funnel step of `current` against `previous`, on README impressions: both must have some, and one a count. */
function compareOn(
  step: FunnelStep,
  previous: VersionConversion,
  current: { readmeImpressions: number },
  counts: Record<FunnelStep, number>,
): Comparison | null {
  const [k1, k2] = [Math.max(0, previous.funnel[step].count), Math.max(0, counts[step])];
  if (previous.readmeImpressions <= 0 || current.readmeImpressions <= 0 || k1 + k2 === 0) return null;
  return compareCounts(
    {
      basis: 'impressions',
      previous: { exposure: previous.readmeImpressions, stars: k1 },
      current: { exposure: current.readmeImpressions, stars: k2 },
    },
    step,
  );
}

/** Stars (or clicks) per 1,000 of an exposure, with Garwood's interval on the count; null without exposure. */
export function rate(stars: number, exposure: number): RateEstimate | null {
  if (exposure <= 0) return null;
  const count = Math.max(0, stars); // unstars can make a net loss; the interval is on stars given
  const { low, high } = poissonInterval(count);
  const per1k = (stars: number) => perThousand(stars, exposure) as number; // exposure > 0
  return { per1k: per1k(count), low: per1k(low), high: per1k(high) };
}

const times = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/**
 * The rate ratio of `next` over `previous`, exact given the stars of both: with n = k1 + k2, k2 is binomial with
 * p = r·e2 / (e1 + r·e2), so Clopper–Pearson's interval on p is one on r. On impressions where both have them,
 * else on page views (which also exist for versions older than the pixel). null when neither has stars.
 */
export function compare(previous: ConvertedFigures, next: ConvertedFigures, conversion: Conversion = 'stars'): Comparison | null {
  const counts = comparedCounts(previous, next, conversion);
  return counts && compareCounts(counts, conversion);
}

/** What two versions are compared on: stars gained, or link clicks and the funnel's steps (on README impressions only). */
export type Conversion = 'stars' | 'link clicks' | FunnelStep;

type ConvertedFigures = Omit<VersionConversion, 'versusPrevious' | 'clicksVersusPrevious' | 'funnel'>;

/** What a comparison rests on: its basis, and each version's exposure on it and stars gained (unstars left out). */
export interface ComparedCounts {
  basis: 'impressions' | 'views';
  previous: { exposure: number; stars: number };
  current: { exposure: number; stars: number };
}

/**
 * The counts `compare` compares: on impressions where both versions have them, else on page views (stars only: a
 * link is clicked from a README the pixel counts). `stars` holds the compared count, stars or clicks.
 */
export function comparedCounts(
  previous: ConvertedFigures,
  next: ConvertedFigures,
  conversion: Conversion = 'stars',
): ComparedCounts | null {
  const basis = previous.readmeImpressions > 0 && next.readmeImpressions > 0 ? 'impressions' : 'views';
  if (basis === 'views' && conversion === 'link clicks') return null;
  const [e1, e2] = basis === 'impressions' ? [previous.readmeImpressions, next.readmeImpressions] : [previous.views, next.views];
  const counted = (version: ConvertedFigures) => Math.max(0, conversion === 'stars' ? version.starsGained : version.linkClicks);
  const [k1, k2] = [counted(previous), counted(next)];
  if (e1 <= 0 || e2 <= 0 || k1 + k2 === 0) return null;
  return { basis, previous: { exposure: e1, stars: k1 }, current: { exposure: e2, stars: k2 } };
}

/** The rate ratio of the current version over the previous one, with its exact interval and verdict (see compare). */
export function compareCounts({ basis, previous, current }: ComparedCounts, conversion: Conversion = 'stars'): Comparison {
  const [e1, e2, k1, k2] = [previous.exposure, current.exposure, previous.stars, current.stars];
  const { low: pLow, high: pHigh } = binomialInterval(k2, k1 + k2);
  const toRatio = (p: number) => (p >= 1 ? Number.POSITIVE_INFINITY : (p / (1 - p)) * (e1 / e2));
  const ratio = k1 === 0 ? Number.POSITIVE_INFINITY : k2 / e2 / (k1 / e1);
  const [low, high] = [toRatio(pLow), toRatio(pHigh)];
  const span = `95%: ${showBound(low)}–${showBound(high)}×`;
  const per = basis === 'impressions' ? 'impression' : 'page view (no impressions counted for both)';
  const verdict =
    low <= 1 && high >= 1
      ? `too few ${basis === 'impressions' ? 'impressions' : 'page views'} to tell (${span})`
      : `${showTimes(ratio)}× the previous README's ${conversion} per ${per}, ${span}`;
  return { basis, ratio, low, high, verdict };
}

/** A ratio as the verdicts print it: one decimal, ∞ against a version without stars. */
export function showTimes(value: number): string {
  return Number.isFinite(value) ? times.format(value) : '∞';
}

/**
 * An interval's bound, with as many decimals as it takes to stay on its side of 1 (one, usually): the verdict
 * rests on where the bounds are against 1, so 1.0203 prints 1.02 and 0.990 prints 0.99, never a "1" that
 * contradicts it.
 */
export function showBound(value: number): string {
  if (!Number.isFinite(value)) return '∞';
  for (let decimals = 1; decimals < 6; decimals++) {
    const shown = withDecimals(decimals).format(value);
    if (Math.sign(Number(shown.replaceAll(',', '')) - 1) === Math.sign(value - 1)) return shown;
  }
  return withDecimals(6).format(value);
}

// Built once each: a formatter costs more to build than a bound to print, and a refresh prints several.
const formatters: Intl.NumberFormat[] = [];
const withDecimals = (decimals: number) => (formatters[decimals] ??= new Intl.NumberFormat('en', { maximumFractionDigits: decimals }));

/** The live README version and its verdict against the one before, as the report table shows it. */
export interface CurrentVersion {
  label: string;
  since: UtcDay;
  starsPer1kImpressions: RateEstimate | null;
  verdict: string | null;
  /** Whole days live, today included (statuses written before it was kept have none). */
  daysLive?: number;
  /** The label of the version before it, null when it is the first known. */
  previous?: string | null;
  /** The comparison behind the verdict, and the counts it rests on (null without a previous version or stars). */
  versusPrevious?: Comparison | null;
  compared?: ComparedCounts | null;
  /** Its link clicks per 1,000 README impressions, and their verdict against the previous version (when kept). */
  clicksPer1kImpressions?: RateEstimate | null;
  clicksVerdict?: string | null;
}

/** The first day `currentVersion` needs facts from: the previous version's first day, if there is one. */
export function currentVersionStart(changes: readonly ReadmeChange[], now: number): UtcDay | null {
  return currentVersionDays(changes, now)[0]?.from ?? null;
}

/** The days of the live version and of the one before it (when there is one), oldest first. */
export function currentVersionDays(changes: readonly ReadmeChange[], now: number): Array<{ from: UtcDay; to: UtcDay }> {
  return liveAndPrevious(changes, now).map((version) => version.days as { from: UtcDay; to: UtcDay });
}

function liveAndPrevious(changes: readonly ReadmeChange[], now: number): ReadmeVersion[] {
  return buildVersions(changes, now)
    .filter((version) => version.days !== null)
    .slice(-2);
}

export function currentVersion(changes: readonly ReadmeChange[], facts: readonly DailyFacts[], now: number): CurrentVersion | null {
  return currentVersionOf(changes, totalsOver(facts), now);
}

/** The live version and the one before it, whose days `currentVersionDays` lists. */
export function currentVersionOf(changes: readonly ReadmeChange[], totalsOf: TotalsOf, now: number): CurrentVersion | null {
  const converted = convertByVersionTotals(liveAndPrevious(changes, now), totalsOf);
  const [previous, current] = converted.length === 2 ? converted : [undefined, converted[0]];
  if (!current?.days) return null;
  return {
    label: current.label,
    since: current.days.from,
    starsPer1kImpressions: current.starsPer1kImpressions,
    verdict: current.versusPrevious?.verdict ?? null,
    daysLive: current.daysLive,
    previous: previous?.label ?? null,
    versusPrevious: current.versusPrevious,
    compared: previous ? comparedCounts(previous, current) : null,
    clicksPer1kImpressions: current.clicksPer1kImpressions,
    clicksVerdict: current.clicksVersusPrevious?.verdict ?? null,
  };
}

/**
 * Versions the maintainer names with `?v=label` on the pixel or badge. Each day belongs to the label that carried
 * the most README impressions that day (a tie goes to the newer label, the one first seen later); a day without
 * labelled impressions belongs to none. A version is a run of days one label won, until another label wins a day;
 * its figures are those of its days: all their README impressions, labelled or not, and all their stars, so a
 * stray label (a cached page, a typo) takes no day's stars. A link click counts toward the label its link's `?v=`
 * names on a day that label won, and a click without `?v=` toward the day's winner; a click naming another label
 * counts toward none. A label that never wins a day is listed where it was first seen, with no days and no
 * figures. The latest run is the live one. Pure.
 */
export function convertByLabel(
  labelled: readonly DailyLabelledViews[],
  facts: readonly DailyFacts[],
  clicks: readonly DailyLinkClicks[] = [],
): VersionConversion[] {
  const firstSeen = firstSeenOf(labelled);
  const owners = dayOwners(labelled, firstSeen);
  const runs = runsOf(owners);
  const versions = runs.map(
    (run, i): ReadmeVersion => ({
      label: run.label,
      sha: run.label,
      message: `?v=${run.label}`,
      committedAt: `${run.from}T00:00:00Z`,
      days: { from: run.from, to: run.to },
      daysLive: run.days,
      current: i === runs.length - 1,
    }),
  );
  // Within a run's first and last day, the days any label owns are the run's own.
  const clicksOfWinner = new Map<UtcDay, number>();
  for (const { day, version, clicks: n } of clicks) {
    if (version === '' || version === owners.get(day)) clicksOfWinner.set(day, (clicksOfWinner.get(day) ?? 0) + n);
  }
  const owned = facts.filter((fact) => owners.has(fact.day)).map((fact) => ({ ...fact, linkClicks: clicksOfWinner.get(fact.day) ?? 0 }));
  const converted = convertByVersionTotals(versions, totalsOver(owned));
  const winners = new Set(runs.map((run) => run.label));
  const neverWon = [...firstSeen].filter(([label]) => !winners.has(label)).map(([label, day]) => noDays(label, day));
  return [...converted, ...neverWon].sort((a, b) => byCodeUnits(a.committedAt, b.committedAt));
}

function firstSeenOf(labelled: readonly DailyLabelledViews[]): Map<string, UtcDay> {
  const firstSeen = new Map<string, UtcDay>();
  for (const { day, label, views } of labelled) {
    const seen = firstSeen.get(label);
    if (views > 0 && (seen === undefined || day < seen)) firstSeen.set(label, day);
  }
  return firstSeen;
}

/** The label that won each day: the most impressions, a tie to the one first seen later (then the later name). */
function dayOwners(labelled: readonly DailyLabelledViews[], firstSeen: ReadonlyMap<string, UtcDay>): Map<UtcDay, string> {
  const newer = (a: string, b: string) => {
    const [seenA, seenB] = [firstSeen.get(a) as UtcDay, firstSeen.get(b) as UtcDay];
    return seenA !== seenB ? seenA > seenB : a > b;
  };
  const best = new Map<UtcDay, { label: string; views: number }>();
  for (const { day, label, views } of labelled) {
    if (views <= 0) continue;
    const current = best.get(day);
    if (!current || views > current.views || (views === current.views && newer(label, current.label))) best.set(day, { label, views });
  }
  return new Map([...best].map(([day, { label }]) => [day, label]));
}

interface LabelRun {
  label: string;
  from: UtcDay;
  to: UtcDay;
  /** The days the label won from `from` to `to` (days no label won are not its). */
  days: number;
}

function runsOf(owners: ReadonlyMap<UtcDay, string>): LabelRun[] {
  const runs: LabelRun[] = [];
  for (const day of [...owners.keys()].sort()) {
    const label = owners.get(day) as string;
    const last = runs[runs.length - 1];
    if (last?.label === label) Object.assign(last, { to: day, days: last.days + 1 });
    else runs.push({ label, from: day, to: day, days: 1 });
  }
  return runs;
}

/** A label that never won a day: listed, with no days and no figures. */
function noDays(label: string, firstSeen: UtcDay): VersionConversion {
  const version = {
    label,
    sha: label,
    message: `?v=${label}`,
    committedAt: `${firstSeen}T00:00:00Z`,
    days: null,
    daysLive: 0,
    current: false,
  };
  return convertByVersionTotals([version], totalsOver([]))[0] as VersionConversion;
}
