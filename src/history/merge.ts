import type { UtcDay } from '../dates';
import type { Breakdowns, PopularItem, RepoCounts, RepoHistory, TrafficCounts } from './model';
import { sameHistory } from './same-value';
import { thinTopLists } from './top-lists';

/** What one refresh brings; every part is optional, since each GitHub call can fail on its own. */
export interface HistoryUpdate {
  day: UtcDay;
  traffic?: Array<TrafficCounts & { day: UtcDay }>;
  counts?: RepoCounts;
  starsGained?: Array<{ day: UtcDay; stars: number }>;
  referrers?: PopularItem[];
  paths?: PopularItem[];
  breakdowns?: Record<UtcDay, Breakdowns>;
}

const TRAFFIC_FIELDS = ['views', 'viewUniques', 'clones', 'cloneUniques'] as const;

/**
 * Merges one refresh into the history. Idempotent (the same update twice changes nothing) and never loses data:
 * traffic keeps the larger value per date and field, because GitHub's window cuts its first and last days short;
 * a part missing from the update leaves the stored part as it was.
 */
export function mergeHistory(stored: RepoHistory, update: HistoryUpdate): { history: RepoHistory; changed: boolean } {
  const history: RepoHistory = {
    traffic: { ...stored.traffic },
    counts: { ...stored.counts },
    starsGained: { ...stored.starsGained },
    forksGained: { ...stored.forksGained },
    referrers: { ...stored.referrers },
    paths: { ...stored.paths },
    breakdowns: { ...stored.breakdowns },
  };
  let changed = false;

  for (const { day, ...incoming } of update.traffic ?? []) {
    const before = history.traffic[day];
    const merged = before ? maxTraffic(before, incoming) : pickTraffic(incoming);
    if (!before || TRAFFIC_FIELDS.some((field) => merged[field] !== before[field])) {
      history.traffic[day] = merged;
      changed = true;
    }
  }
  for (const { day, stars } of update.starsGained ?? []) {
    if (history.starsGained[day] !== stars) {
      history.starsGained[day] = stars;
      changed = true;
    }
  }
  // Snapshots of the day: the latest refresh wins (stars can also go down).
  changed = replaceIfDifferent(history.counts, update.day, update.counts) || changed;
  changed = replaceIfDifferent(history.referrers, update.day, update.referrers) || changed;
  changed = replaceIfDifferent(history.paths, update.day, update.paths) || changed;
  // Analytics Engine's counts of a past day can still settle: the latest answer wins, dimension by dimension.
  for (const [day, breakdowns] of Object.entries(update.breakdowns ?? {})) {
    changed = replaceIfDifferent(history.breakdowns, day, { ...history.breakdowns[day], ...breakdowns }) || changed;
  }
  const thinned = thinTopLists(history, update.day);
  return { history: thinned.history, changed: changed || thinned.changed };
}

/**
 * Merges a whole imported history into a stored one with the collector's rule: per date and field the larger
 * value wins (counts included), a date missing on one side is taken from the other; old top lists are thinned
 * as the collector thins them. Idempotent. Pure.
 */
export function mergeHistories(stored: RepoHistory, imported: RepoHistory, today: UtcDay): { history: RepoHistory; changed: boolean } {
  const history: RepoHistory = {
    traffic: { ...stored.traffic },
    counts: { ...stored.counts },
    starsGained: { ...stored.starsGained },
    forksGained: { ...stored.forksGained },
    referrers: { ...imported.referrers, ...stored.referrers },
    paths: { ...imported.paths, ...stored.paths },
    breakdowns: { ...imported.breakdowns, ...stored.breakdowns },
  };
  for (const [day, counts] of Object.entries(imported.traffic)) {
    const before = history.traffic[day];
    history.traffic[day] = before ? maxTraffic(before, counts) : pickTraffic(counts);
  }
  for (const [day, counts] of Object.entries(imported.counts)) {
    const before = history.counts[day];
    history.counts[day] = before
      ? {
          stars: Math.max(before.stars, counts.stars),
          forks: Math.max(before.forks, counts.forks),
          watchers: Math.max(before.watchers, counts.watchers),
          openIssues: Math.max(before.openIssues, counts.openIssues),
        }
      : { stars: counts.stars, forks: counts.forks, watchers: counts.watchers, openIssues: counts.openIssues };
  }
  for (const [day, stars] of Object.entries(imported.starsGained))
    history.starsGained[day] = Math.max(history.starsGained[day] ?? stars, stars);
  for (const [day, forks] of Object.entries(imported.forksGained))
    history.forksGained[day] = Math.max(history.forksGained[day] ?? forks, forks);
  const merged = thinTopLists(history, today).history;
  return { history: merged, changed: !sameHistory(merged, stored) };
}

function pickTraffic(counts: TrafficCounts): TrafficCounts {
  return { views: counts.views, viewUniques: counts.viewUniques, clones: counts.clones, cloneUniques: counts.cloneUniques };
}

function maxTraffic(a: TrafficCounts, b: TrafficCounts): TrafficCounts {
  return {
    views: Math.max(a.views, b.views),
    viewUniques: Math.max(a.viewUniques, b.viewUniques),
    clones: Math.max(a.clones, b.clones),
    cloneUniques: Math.max(a.cloneUniques, b.cloneUniques),
  };
}

function replaceIfDifferent<T>(record: Record<UtcDay, T>, day: UtcDay, value: T | undefined): boolean {
  if (value === undefined || JSON.stringify(record[day]) === JSON.stringify(value)) return false;
  record[day] = value;
  return true;
}
