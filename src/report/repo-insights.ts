import { BURST_RULE, type BurstEvent, detectBursts } from '../conversions/bursts';
import {
  buildVersions,
  convertByLabel,
  convertByVersion,
  FUNNEL_STEPS,
  type FunnelStep,
  type ReadmeChange,
  type VersionConversion,
} from '../conversions/readme-versions';
import { addDays, FIRST_DAY, utcDay, type UtcDay } from '../dates';
import { buildDailyFacts, type DailyFacts } from '../history/daily-facts';
import type { RepoDays } from '../history/model';
import { toCsv, type CsvValue } from './csv';

/** Which README converts, and why stars jumped: a repository's README versions and its explained events. Pure. */
export interface RepoInsights {
  versions: VersionConversion[];
  /** Versions named with `?v=label` on the pixel or badge, when the maintainer names them. */
  labelledVersions: VersionConversion[];
  /** Events that touch the range asked for. */
  events: BurstEvent[];
}

/** The first day the insights need: the first README version's, or the baseline before the range. */
export function insightsStart(changes: readonly ReadmeChange[], from: UtcDay): UtcDay {
  const baseline = addDays(from, -BURST_RULE.baselineDays);
  const first = changes.map((change) => utcDay(Date.parse(change.committedAt))).sort()[0];
  // A commit's date is whatever its author's clock said: a README "changed" in 1970 starts no walk before 2008.
  const start = first !== undefined && first < baseline ? first : baseline;
  return start < FIRST_DAY ? FIRST_DAY : start;
}

/** Versions over all their days up to today; events detected from the baseline on, kept where they touch the range. */
export function buildInsights(
  days: RepoDays,
  changes: readonly ReadmeChange[],
  range: { from: UtcDay; to: UtcDay },
  now: number,
): RepoInsights {
  const facts = buildDailyFacts(days.history, days.views, insightsStart(changes, range.from), utcDay(now), days);
  return insightsOfFacts(days, facts, changes, range, now);
}

/** The same from the daily facts from insightsStart to today, when they were already built (repo-report.ts). */
export function insightsOfFacts(
  days: RepoDays,
  facts: readonly DailyFacts[],
  changes: readonly ReadmeChange[],
  range: { from: UtcDay; to: UtcDay },
  now: number,
): RepoInsights {
  const versions = buildVersions(changes, now);
  const events = detectBursts(facts, days.history, versions, (event) => event.to >= range.from && event.from <= range.to);
  return { versions: convertByVersion(versions, facts), labelledVersions: convertByLabel(days.labelled, facts, days.clicks), events };
}

export function versionsCsv(versions: readonly VersionConversion[]): string {
  const columns = [
    'label',
    'sha',
    'committedAt',
    'message',
    'from',
    'to',
    'daysLive',
    'current',
    'readmeImpressions',
    'views',
    'starsGained',
    'forksGained',
    'starsPer1kImpressions',
    'starsPer1kImpressionsLow',
    'starsPer1kImpressionsHigh',
    'starsPer1kViews',
    'starsPer1kViewsLow',
    'starsPer1kViewsHigh',
    'versusPreviousBasis',
    'versusPreviousRatio',
    'versusPreviousLow',
    'versusPreviousHigh',
    'verdict',
    'linkClicks',
    'clicksPer1kImpressions',
    'clicksPer1kImpressionsLow',
    'clicksPer1kImpressionsHigh',
    'clicksVersusPreviousRatio',
    'clicksVersusPreviousLow',
    'clicksVersusPreviousHigh',
    'clicksVerdict',
    ...FUNNEL_STEPS.flatMap((step) => FUNNEL_COLUMNS.map((column) => `${FUNNEL_PREFIX[step]}${column}`)),
  ];
  const rows = versions.map(
    (v): Record<string, CsvValue> => ({
      ...funnelCells(v),
      label: v.label,
      sha: v.sha,
      committedAt: v.committedAt,
      message: v.message,
      from: v.days?.from,
      to: v.days?.to,
      daysLive: v.daysLive,
      current: v.current,
      readmeImpressions: v.readmeImpressions,
      views: v.views,
      starsGained: v.starsGained,
      forksGained: v.forksGained,
      starsPer1kImpressions: v.starsPer1kImpressions?.per1k,
      starsPer1kImpressionsLow: v.starsPer1kImpressions?.low,
      starsPer1kImpressionsHigh: v.starsPer1kImpressions?.high,
      starsPer1kViews: v.starsPer1kViews?.per1k,
      starsPer1kViewsLow: v.starsPer1kViews?.low,
      starsPer1kViewsHigh: v.starsPer1kViews?.high,
      versusPreviousBasis: v.versusPrevious?.basis,
      versusPreviousRatio: v.versusPrevious?.ratio,
      versusPreviousLow: v.versusPrevious?.low,
      versusPreviousHigh: v.versusPrevious?.high,
      verdict: v.versusPrevious?.verdict,
      linkClicks: v.linkClicks,
      clicksPer1kImpressions: v.clicksPer1kImpressions?.per1k,
      clicksPer1kImpressionsLow: v.clicksPer1kImpressions?.low,
      clicksPer1kImpressionsHigh: v.clicksPer1kImpressions?.high,
      clicksVersusPreviousRatio: v.clicksVersusPrevious?.ratio,
      clicksVersusPreviousLow: v.clicksVersusPrevious?.low,
      clicksVersusPreviousHigh: v.clicksVersusPrevious?.high,
      clicksVerdict: v.clicksVersusPrevious?.verdict,
    }),
  );
  return toCsv(columns, rows);
}

/** Each funnel step's columns, as the clicks' are: `watchers`, `watchersPer1kImpressions`, …, `watchersVerdict`. */
const FUNNEL_PREFIX: Record<FunnelStep, string> = {
  watchers: 'watchers',
  'first contributions': 'firstContributions',
  downloads: 'downloads',
};
const FUNNEL_COLUMNS = [
  '',
  'Per1kImpressions',
  'Per1kImpressionsLow',
  'Per1kImpressionsHigh',
  'VersusPreviousRatio',
  'VersusPreviousLow',
  'VersusPreviousHigh',
  'Verdict',
];

function funnelCells(version: VersionConversion): Record<string, CsvValue> {
  const cells: Record<string, CsvValue> = {};
  for (const step of FUNNEL_STEPS) {
    const { count, per1kImpressions: rate, versusPrevious: versus } = version.funnel[step];
    const values = [count, rate?.per1k, rate?.low, rate?.high, versus?.ratio, versus?.low, versus?.high, versus?.verdict];
    FUNNEL_COLUMNS.forEach((column, i) => {
      cells[`${FUNNEL_PREFIX[step]}${column}`] = values[i];
    });
  }
  return cells;
}

export function eventsCsv(events: readonly BurstEvent[]): string {
  const columns = [
    'from',
    'to',
    'spiked',
    'starsGained',
    'views',
    'readmeImpressions',
    'starsTimesUsual',
    'starsPer1kImpressions',
    'topReferrer',
    'topPath',
    'readmeVersion',
    'summary',
  ];
  const rows = events.map(
    (e): Record<string, CsvValue> => ({
      from: e.from,
      to: e.to,
      spiked: e.spiked.join('+'),
      starsGained: e.starsGained,
      views: e.views,
      readmeImpressions: e.readmeImpressions,
      starsTimesUsual: e.starsTimesUsual,
      starsPer1kImpressions: e.starsPer1kImpressions,
      topReferrer: e.referrers[0]?.key ?? e.referrerHosts[0]?.key,
      topPath: e.paths[0]?.key,
      readmeVersion: e.readmeVersion?.label,
      summary: e.summary,
    }),
  );
  return toCsv(columns, rows);
}
