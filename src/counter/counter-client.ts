import { repoSlug, type RepoRef } from '../repos';
import { sha256Hex } from '../hash';
import type { ViewEvent } from '../pixel/view-request';
import type { CounterHit, RepoCounter } from './repo-counter';

/** The counter of one repository: one Durable Object per lower-cased `owner/repo`. */
export function counterFor(namespace: DurableObjectNamespace<RepoCounter>, ref: RepoRef) {
  return namespace.get(namespace.idFromName(repoSlug(ref)));
}

/** What the counter needs of a view: the visitor signal only as an unsalted hash, salted again in the counter. */
export async function toCounterHit(event: ViewEvent, visitor: string | null): Promise<CounterHit> {
  const visitorKey = visitor === null ? null : await sha256Hex(visitor);
  return { day: event.day, page: event.page, source: event.source, visitorKey };
}
