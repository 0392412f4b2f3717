import { logError } from '../log';
import type { ViewEvent } from '../views';
import { repoSlug, type RepoRef } from '../repos';
import { counterFor, hashVisitor, toCounterHit } from './counter-client';
import type { RepoCounter } from './repo-counter';

type CounterNamespace = DurableObjectNamespace<RepoCounter>;

/**
 * How long a batch stays open: short enough that no count is noticeably late, long enough to matter. Each batch
 * costs a Durable Object request (the free plan has 100,000 a day) and a storage commit.
 */
export const COALESCE_WINDOW_MS = 100;
/** A batch takes no more views than this; the next view opens a new batch. Bounds one RPC's size. */
export const MAX_BATCH_HITS = 500;

/**
 * Identical views waiting for their batch: what the counter stores of them (day, page, source, version) and the
 * same visitor. `visitor` is the raw IP + user agent signal, hashed when the batch is sent.
 */
interface PendingViews {
  event: ViewEvent;
  visitor: string | null;
  views: number;
}

interface Batch {
  /** Per repository, its pending views by what tells them apart. */
  repos: Map<string, { ref: RepoRef; pending: Map<string, PendingViews> }>;
  size: number;
}

// One open batch per counter namespace (tests swap namespaces per request; production has one).
const openBatches = new WeakMap<CounterNamespace, Batch>();

/**
 * Queues a view's counter write. Views arriving in this isolate within COALESCE_WINDOW_MS of each other reach
 * their counters together, one RPC per repository instead of one per view: the RPC costs more than all the rest
 * of the pixel (see bench/run.mjs). Returns the batch's delivery for the caller's `waitUntil` when this call
 * opened the batch, or null when the view joined a batch that the request which opened it is already waiting on.
 * Delivery never rejects: a failing counter is logged with the number of views it lost.
 *
 * The visitor signal is hashed at delivery, once per distinct visitor in the batch (a README's several images
 * come from one viewer), so a joining request does no async work and ends as soon as it has answered. Until then
 * the signal stays in this isolate's memory, at most COALESCE_WINDOW_MS; it never leaves the Worker unhashed.
 *
 * Only the opening request ever settles its batch's promise. workerd ties a promise to the request (I/O context)
 * that made it and cancels it once that request's events are done ("A hanging Promise was canceled"); a batch
 * settled from another request's context was lost that way, silently (the bench's exact-count check caught it).
 */
export function queueCounterWrite(namespace: CounterNamespace, event: ViewEvent, visitor: string | null): Promise<void> | null {
  const open = openBatches.get(namespace);
  if (open && open.size < MAX_BATCH_HITS) {
    addView(open, event, visitor);
    return null;
  }
  const batch: Batch = { repos: new Map(), size: 0 };
  addView(batch, event, visitor);
  openBatches.set(namespace, batch);
  return new Promise<void>((resolve) => setTimeout(resolve, COALESCE_WINDOW_MS)).then(() => {
    if (openBatches.get(namespace) === batch) openBatches.delete(namespace);
    return deliver(namespace, batch);
  });
}

// A batch sends identical views as one hit with a count: through camo, nearly all views of a repository are alike,
// and the RPC's cost grows with what it carries.
function addView(batch: Batch, event: ViewEvent, visitor: string | null): void {
  const slug = repoSlug(event);
  const repo = batch.repos.get(slug) ?? { ref: event, pending: new Map() };
  batch.repos.set(slug, repo);
  const key = `${event.hour}|${event.page}|${event.source}|${event.version ?? ''}|${visitor ?? ''}`;
  const same = repo.pending.get(key);
  if (same) same.views++;
  else repo.pending.set(key, { event, visitor, views: 1 });
  batch.size++;
}

async function deliver(namespace: CounterNamespace, batch: Batch): Promise<void> {
  const visitorKeys = new Map<string, Promise<string>>();
  const visitorKeyOf = (visitor: string) => {
    const key = visitorKeys.get(visitor) ?? hashVisitor(visitor);
    visitorKeys.set(visitor, key);
    return key;
  };
  await Promise.all(
    [...batch.repos.values()].map(async ({ ref, pending }) => {
      const groups = [...pending.values()];
      try {
        const hits = await Promise.all(
          groups.map(async ({ event, visitor, views }) => ({
            ...toCounterHit(event, visitor === null ? null : await visitorKeyOf(visitor)),
            views,
          })),
        );
        await counterFor(namespace, ref).recordMany(hits);
      } catch (error) {
        const lostViews = groups.reduce((sum, group) => sum + group.views, 0);
        logError('counter write failed', { repo: repoSlug(ref), lostViews }, error);
      }
    }),
  );
}
