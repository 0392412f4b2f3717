import { counterFor } from '../counter/counter-client';
import { logError } from '../log';
import { repoSlug, type RepoRef } from '../repos';
import { readHistory } from '../storage/kv-layout';
import type { RepoStores } from '../storage/repo-store';
import { EXPORT_FORMAT, EXPORT_VERSION } from './formats';

/**
 * Every repository's full history as NDJSON, one line per repository (a header line first), streamed so that
 * a large account is never held in memory at once: GitHub's traffic history, the counter's daily views by page
 * and source class, and its daily unique visitors.
 */
export function exportStream(stores: RepoStores, refs: readonly RepoRef[], now: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = -1;
  let canceled = false;
  return new ReadableStream({
    async pull(controller) {
      try {
        if (next === -1) {
          const header = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(now).toISOString(), repositories: refs.length };
          controller.enqueue(encoder.encode(`${JSON.stringify(header)}\n`));
        } else if (next < refs.length) {
          const ref = refs[next] as RepoRef;
          const counter = counterFor(stores.counter, ref);
          const [history, { views, visitors, labelled }, carriedOver] = await Promise.all([readHistory(stores.kv, ref), counter.days('', '9999-12-31'), counter.carriedOver()]);
          const line = { repo: repoSlug(ref), history, views, visitors, labelled, ...(carriedOver ? { carriedOver } : {}) };
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } else {
          controller.close();
        }
        next++;
      } catch (error) {
        // A client that hung up cancels the stream and the reads in flight with it: nothing went wrong.
        if (canceled) return;
        logError('export failed', { repo: refs[next] ? repoSlug(refs[next] as RepoRef) : null }, error);
        controller.error(error);
      }
    },
    cancel() {
      canceled = true;
    },
  });
}
