import { addDays, earliestByDay, latestByDay, type UtcDay } from '../dates';
import type { DailyFacts } from '../history/daily-facts';
import type { PopularItem, RepoHistory } from '../history/model';
import { perThousand } from '../rates';
import { median, medianOfSorted } from './median';
import type { ReadmeVersion } from './readme-versions';
import { countOf } from '../wording';

/**
 * Star bursts and traffic spikes, and what explains them. A day stands out when its stars gained (or GitHub page
 * views) exceed the median of the 28 days before it by more than 5 median absolute deviations (at least 1) and
 * reach a minimum size; consecutive such days make one event. Median and MAD, not mean and standard deviation:
 * one earlier burst must not hide the next. Pure.
 */
export const BURST_RULE = { baselineDays: 28, minBaselineDays: 14, deviations: 5, minStars: 5, minViews: 100 };

export interface Growth {
  key: string;
  grew: number;
}

export interface BurstEvent {
  from: UtcDay;
  to: UtcDay;
  /** What stood out: stars gained, page views, or both. */
  spiked: Array<'stars' | 'views'>;
  starsGained: number;
  views: number;
  readmeImpressions: number;
  /** The event's stars per day over the baseline's median per day; null when the baseline had none. */
  starsTimesUsual: number | null;
  starsPer1kImpressions: number | null;
  /**
   * Referrers and paths whose 14-day views grew most from the last list before the event to the first list at its
   * end (GitHub's top lists).
   */
  referrers: Growth[];
  paths: Growth[];
  /**
   * Whether a GitHub list covers the event: one taken from its last day until its first day leaves GitHub's
   * 14-day window. Without one, its referrers and paths are unknown (empty), and the summary says so.
   */
  listsCover: boolean;
  /** Impressions by referrer host over the event, where Analytics Engine breakdowns are kept. */
  referrerHosts: Growth[];
  /** A README version that went live within the week before the event or during it. */
  readmeVersion: { label: string; since: UtcDay } | null;
  summary: string;
}

/** An event's days, first and last. */
export type BurstDays = Pick<BurstEvent, 'from' | 'to'>;

/**
 * The events among `facts`, explained. Only those `wanted` keeps are explained (the rest are not asked for, and
 * explaining each reads the history's top lists and breakdowns: most of the work of a year's detection).
 */
export function detectBursts(
  facts: readonly DailyFacts[],
  history: RepoHistory,
  versions: readonly ReadmeVersion[],
  wanted: (days: BurstDays) => boolean = () => true,
  endingFrom?: UtcDay,
): BurstEvent[] {
  return burstsOf(facts, endingFrom)
    .filter(wanted)
    .map((burst) => explain(facts, burst.start, burst.end, burst.spiked, history, versions));
}

/** An event's days, what stood out, and where they sit in the facts it was found in. */
export interface FoundBurst extends BurstDays {
  spiked: Array<'stars' | 'views'>;
  start: number;
  end: number;
}

/**
 * The events among `facts`, found but not explained: cheap enough to mark every event of a chart. With
 * `endingFrom`, only those ending on that day or later (a refresh's, which announces fresh ones): each day stands
 * out or not by the days before it alone, so the days are checked from the last back to the first day before
 * `endingFrom` that does not, and the events are those the whole check finds. Pure.
 */
export function burstsOf(facts: readonly DailyFacts[], endingFrom?: UtcDay): FoundBurst[] {
  // Days before anything was recorded are no baseline: the first days of a history would all stand out.
  const firstData = facts.findIndex((fact) => fact.views > 0 || fact.readmeImpressions > 0 || fact.starsGained !== 0);
  const spikedOn = (i: number) => {
    const spiked: Array<'stars' | 'views'> = [];
    if (firstData < 0) return spiked;
    if (standsOut(facts, firstData, i, (fact) => fact.starsGained, BURST_RULE.minStars)) spiked.push('stars');
    if (standsOut(facts, firstData, i, (fact) => fact.views, BURST_RULE.minViews)) spiked.push('views');
    return spiked;
  };
  const flagged: Array<Array<'stars' | 'views'>> = [];
  let first = 0;
  if (endingFrom === undefined) for (let i = 0; i < facts.length; i++) flagged[i] = spikedOn(i);
  else {
    for (let i = facts.length - 1; i >= 0; i--) {
      const spiked = spikedOn(i);
      flagged[i] = spiked;
      if (spiked.length === 0 && (facts[i] as DailyFacts).day < endingFrom) {
        first = i + 1;
        break;
      }
    }
  }
  const found: FoundBurst[] = [];
  for (let i = first; i < facts.length; i++) {
    if ((flagged[i] ?? []).length === 0) continue;
    let end = i;
    while ((flagged[end + 1] ?? []).length > 0) end++;
    const spiked = [...new Set(flagged.slice(i, end + 1).flat())];
    found.push({ from: (facts[i] as DailyFacts).day, to: (facts[end] as DailyFacts).day, spiked, start: i, end });
    i = end;
  }
  return endingFrom === undefined ? found : found.filter((burst) => burst.to >= endingFrom);
}

function standsOut(
  facts: readonly DailyFacts[],
  firstData: number,
  i: number,
  value: (fact: DailyFacts) => number,
  minimum: number,
): boolean {
  // Most days are below the minimum size: no baseline to sort for them.
  const today = value(facts[i] as DailyFacts);
  if (today < minimum) return false;
  const first = Math.max(firstData, i - BURST_RULE.baselineDays);
  if (i - first < BURST_RULE.minBaselineDays) return false;
  // One buffer for the baseline and then its deviations: every day of a refresh's window is checked, twice.
  const baseline = new Float64Array(i - first);
  for (let k = 0; k < baseline.length; k++) baseline[k] = value(facts[first + k] as DailyFacts);
  const middle = medianOfSorted(baseline.sort());
  for (let k = 0; k < baseline.length; k++) baseline[k] = Math.abs((baseline[k] as number) - middle);
  const spread = Math.max(1, medianOfSorted(baseline.sort()));
  return today >= minimum && today > middle + BURST_RULE.deviations * spread;
}

function explain(
  facts: readonly DailyFacts[],
  start: number,
  end: number,
  spiked: Array<'stars' | 'views'>,
  history: RepoHistory,
  versions: readonly ReadmeVersion[],
): BurstEvent {
  const days = facts.slice(start, end + 1);
  const [from, to] = [(days[0] as DailyFacts).day, (days[days.length - 1] as DailyFacts).day];
  const sum = (pick: (fact: DailyFacts) => number) => days.reduce((total, fact) => total + pick(fact), 0);
  const [starsGained, views, readmeImpressions] = [sum((f) => f.starsGained), sum((f) => f.views), sum((f) => f.readmeImpressions)];
  const usual = median(facts.slice(Math.max(0, start - BURST_RULE.baselineDays), start).map((fact) => fact.starsGained));
  const version = [...versions].reverse().find((v) => v.days !== null && v.days.from >= addDays(from, -7) && v.days.from <= to);
  const event = {
    from,
    to,
    spiked,
    starsGained,
    views,
    readmeImpressions,
    starsTimesUsual: usual > 0 ? starsGained / days.length / usual : null,
    starsPer1kImpressions: perThousand(starsGained, readmeImpressions),
    referrers: growth(history.referrers, from, to),
    paths: growth(history.paths, from, to),
    listsCover: coveringList(history.referrers, from, to) !== undefined || coveringList(history.paths, from, to) !== undefined,
    referrerHosts: hostsOf(history, from, to),
    readmeVersion: version?.days ? { label: version.label, since: version.days.from } : null,
  };
  return { ...event, summary: summarize(event) };
}

/**
 * The first list at the event's end: taken on its last day or after, while GitHub's 14-day window still holds its
 * first day. A later list has let the biggest days go; an earlier one has not seen the last.
 */
function coveringList(lists: Record<UtcDay, PopularItem[]>, from: UtcDay, to: UtcDay): PopularItem[] | undefined {
  return earliestByDay(lists, to, addDays(from, GITHUB_WINDOW_DAYS - 1))?.value;
}

/** GitHub's traffic lists cover the 14 days up to the day they are taken. */
const GITHUB_WINDOW_DAYS = 14;

/** How much each key's 14-day views grew from the last list before the event to the first list at its end. */
function growth(lists: Record<UtcDay, PopularItem[]>, from: UtcDay, to: UtcDay): Growth[] {
  const after = coveringList(lists, from, to);
  if (after === undefined) return [];
  const before = latestByDay(lists, addDays(from, -1))?.value ?? [];
  const counted = new Map(before.map((item) => [item.key, item.count]));
  return after
    .map((item) => ({ key: item.key, grew: item.count - (counted.get(item.key) ?? 0) }))
    .filter((item) => item.grew > 0)
    .sort((a, b) => b.grew - a.grew || a.key.localeCompare(b.key))
    .slice(0, 3);
}

function hostsOf(history: RepoHistory, from: UtcDay, to: UtcDay): Growth[] {
  const hosts = new Map<string, number>();
  for (const [day, breakdowns] of Object.entries(history.breakdowns)) {
    if (day < from || day > to) continue;
    for (const [host, views] of Object.entries(breakdowns.referrer ?? {})) if (host !== '') hosts.set(host, (hosts.get(host) ?? 0) + views);
  }
  return [...hosts]
    .map(([key, grew]) => ({ key, grew }))
    .sort((a, b) => b.grew - a.grew || a.key.localeCompare(b.key))
    .slice(0, 3);
}

const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** "2026-09-14 to 2026-09-15: +412 stars (9× the usual), 3,100 views; news.ycombinator.com +2,750 views; …" */
function summarize(event: Omit<BurstEvent, 'summary'>): string {
  const when = event.from === event.to ? event.from : `${event.from} to ${event.to}`;
  const stars = `${event.starsGained >= 0 ? '+' : ''}${countOf(event.starsGained, 'star')}${event.starsTimesUsual === null ? '' : ` (${oneDecimal.format(event.starsTimesUsual)}× the usual)`}`;
  const parts = [`${when}: ${stars}, ${countOf(event.views, 'view')}`];
  const referrer = event.referrers[0] ?? event.referrerHosts[0];
  if (referrer) parts.push(`${referrer.key} +${countOf(referrer.grew, 'view')}`);
  else if (!event.listsCover) parts.push('no GitHub referrer list covers these days');
  if (event.starsPer1kImpressions !== null) parts.push(`${oneDecimal.format(event.starsPer1kImpressions)} stars per 1k impressions`);
  if (event.readmeVersion) parts.push(`README ${event.readmeVersion.label} live since ${event.readmeVersion.since}`);
  return parts.join('; ');
}

/** Events are announced while they are fresh: ending today or within the two days before. */
const FRESH_DAYS = 2;

/**
 * The events to announce now: fresh ones whose first day was not announced before. An event that grows over the
 * next days keeps its first day, so it is announced once.
 */
export function eventsToAnnounce(events: readonly BurstEvent[], announced: readonly UtcDay[], today: UtcDay): BurstEvent[] {
  return events.filter((event) => isToAnnounce(event, announced, today));
}

/** Whether an event of these days is one to announce now (see eventsToAnnounce). */
export function isToAnnounce(days: BurstDays, announced: readonly UtcDay[], today: UtcDay): boolean {
  return days.to >= freshFrom(today) && !announced.includes(days.from);
}

/** The first day an event may end on to be announced on `today`. */
export function freshFrom(today: UtcDay): UtcDay {
  return addDays(today, -FRESH_DAYS);
}

/** A webhook message both Slack (`text`) and Discord (`content`) accept. */
export function eventWebhookMessage(repo: string, event: BurstEvent): { text: string; content: string } {
  const text = `**${repo}**: ${event.summary}`;
  return { text, content: text.slice(0, 2000) };
}

/** The latest of some events, as a repository's status keeps it for the dashboard; undefined when there are none. */
export function latestEventOf(events: readonly BurstEvent[]): Pick<BurstEvent, 'from' | 'to' | 'spiked' | 'summary'> | undefined {
  const latest = events[events.length - 1];
  return latest && { from: latest.from, to: latest.to, spiked: latest.spiked, summary: latest.summary };
}
