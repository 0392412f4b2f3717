import { counterFor, hashVisitor, toCounterHit } from './counter-client';
import { queueCounterWrite } from './write-coalescer';
import type { RepoCounter } from './repo-counter';
import { periodStartDay, type Period, type UtcDay } from '../dates';
import { writeViewEvent } from '../events/write-event';
import { logError } from '../log';
import type { ViewEvent } from '../views';
import { repoSlug, type RepoRef } from '../repos';

/** The two stores a view is written to. */
export interface ViewStores {
  EVENTS: AnalyticsEngineDataset;
  COUNTER: DurableObjectNamespace<RepoCounter>;
}

/**
 * Writes a view to both stores without delaying the response. Analytics Engine's writeDataPoint returns at once
 * (the runtime sends the point in the background); the counter write joins a batch, whose delivery goes to
 * `waitUntil` only from the request that opened it, so other requests end as soon as they have answered.
 * Never throws: a failing store is logged and the other still gets the view.
 */
export function recordView(
  stores: ViewStores,
  event: ViewEvent,
  visitor: string | null,
  waitUntil: (work: Promise<unknown>) => void,
): void {
  writeEventSafely(stores, event);
  try {
    const delivery = queueCounterWrite(stores.COUNTER, event, visitor);
    if (delivery) waitUntil(delivery);
  } catch (error) {
    // A missing or broken COUNTER binding: the image must still be served (GET /health says what is wrong).
    logError('counter write failed', { repo: repoSlug(event) }, error);
  }
}

/**
 * Writes a view and returns the repository's impressions for `period`, this view included. When the counter
 * fails, returns the last count this isolate saw (or null), so a badge still shows something true-ish.
 */
export async function recordViewAndCount(
  stores: ViewStores,
  event: ViewEvent,
  visitor: string | null,
  period: Period,
): Promise<number | null> {
  writeEventSafely(stores, event);
  const key = lastKnownKey(event, period);
  try {
    const since = periodStartDay(period, event.day);
    const count = await counterFor(stores.COUNTER, event).recordAndCount(
      toCounterHit(event, visitor === null ? null : await hashVisitor(visitor)),
      since,
    );
    rememberCount(key, count);
    return count;
  } catch (error) {
    logError('counter write failed', { repo: repoSlug(event) }, error);
    return lastKnownCounts.get(key) ?? null;
  }
}

/** Reads the impressions for `period` without counting a view; falls back like recordViewAndCount. */
export async function readCount(stores: ViewStores, ref: RepoRef, period: Period, today: UtcDay): Promise<number | null> {
  const key = lastKnownKey(ref, period);
  try {
    const count = await counterFor(stores.COUNTER, ref).count(periodStartDay(period, today));
    rememberCount(key, count);
    return count;
  } catch (error) {
    logError('counter read failed', { repo: repoSlug(ref) }, error);
    return lastKnownCounts.get(key) ?? null;
  }
}

function writeEventSafely(stores: ViewStores, event: ViewEvent): void {
  try {
    writeViewEvent(stores.EVENTS, event);
  } catch (error) {
    logError('analytics engine write failed', { repo: repoSlug(event) }, error);
  }
}

// Last counts seen by this isolate, for badges to fall back on while the counter is unavailable. Bounded so a
// long-lived isolate cannot grow without limit; Map iteration order makes the first key the oldest.
const MAX_REMEMBERED = 1000;
const lastKnownCounts = new Map<string, number>();

function lastKnownKey(ref: RepoRef, period: Period): string {
  return `${repoSlug(ref)}|${period}`;
}

function rememberCount(key: string, count: number): void {
  lastKnownCounts.delete(key);
  lastKnownCounts.set(key, count);
  if (lastKnownCounts.size > MAX_REMEMBERED) {
    const oldest = lastKnownCounts.keys().next().value;
    if (oldest !== undefined) lastKnownCounts.delete(oldest);
  }
}
