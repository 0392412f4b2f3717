import { logError } from '../log';
import { repoSlug, type RepoRef } from '../repos';
import { counterFor } from './counter-client';
import type { RepoCounter } from './repo-counter';
import type { CounterHit } from './rows';

type CounterNamespace = DurableObjectNamespace<RepoCounter>;

/**
 * How long a batch stays open: short enough that no count is noticeably late, long enough to matter. Each batch
 * costs a Durable Object request (the free plan has 100,000 a day) and a storage commit.
 */
export const COALESCE_WINDOW_MS = 100;
/** A batch takes no more views than this; the next view opens a new batch. Bounds one RPC's size. */
export const MAX_BATCH_HITS = 500;

interface Batch {
  hits: Map<string, { ref: RepoRef; hits: CounterHit[] }>;
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
 * Only the opening request ever settles its batch's promise. workerd ties a promise to the request (I/O context)
 * that made it and cancels it once that request's events are done ("A hanging Promise was canceled"); a batch
 * settled from another request's context was lost that way, silently (the bench's exact-count check caught it).
 */
export function queueCounterWrite(namespace: CounterNamespace, ref: RepoRef, hit: CounterHit): Promise<void> | null {
  const open = openBatches.get(namespace);
  if (open && open.size < MAX_BATCH_HITS) {
    addHit(open, ref, hit);
    return null;
  }
  const batch: Batch = { hits: new Map(), size: 0 };
  addHit(batch, ref, hit);
  openBatches.set(namespace, batch);
  return new Promise<void>((resolve) => setTimeout(resolve, COALESCE_WINDOW_MS)).then(() => {
    if (openBatches.get(namespace) === batch) openBatches.delete(namespace);
    return deliver(namespace, batch);
  });
}

function addHit(batch: Batch, ref: RepoRef, hit: CounterHit): void {
  const slug = repoSlug(ref);
  const entry = batch.hits.get(slug);
  if (entry) entry.hits.push(hit);
  else batch.hits.set(slug, { ref, hits: [hit] });
  batch.size++;
}

async function deliver(namespace: CounterNamespace, batch: Batch): Promise<void> {
  await Promise.all(
    [...batch.hits.values()].map(async ({ ref, hits }) => {
      try {
        await counterFor(namespace, ref).recordMany(hits);
      } catch (error) {
        logError('counter write failed', { repo: repoSlug(ref), lostViews: hits.length }, error);
      }
    }),
  );
}
