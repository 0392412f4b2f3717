import { sha256Hex } from '../hash';
import { repoSlug, type RepoRef } from '../repos';
import type { RepoCounter } from './repo-counter';
import type { CounterHit, ViewEvent } from '../views';

/** The counter of one repository: one Durable Object per lower-cased `owner/repo`. */
export function counterFor(namespace: DurableObjectNamespace<RepoCounter>, ref: RepoRef) {
  return namespace.get(namespace.idFromName(repoSlug(ref)));
}

/** What the counter needs of a view. The visitor comes only as an unsalted hash, salted again in the counter. */
export function toCounterHit(event: ViewEvent, visitorKey: string | null): CounterHit {
  return { day: event.day, hour: event.hour, page: event.page, source: event.source, version: event.version, visitorKey };
}

/** Hashes the visitor signal (IP + user agent) so that it never leaves the request handler as is. */
export function hashVisitor(visitor: string): Promise<string> {
  return sha256Hex(visitor);
}
