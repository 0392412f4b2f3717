import { utcDay } from '../dates';
import { logError } from '../log';
import { repoSlug, type RepoRef } from '../repos';
import { loadExportLine, type RepoStores } from '../storage/repo-store';
import { EXPORT_FORMAT, EXPORT_VERSION } from './formats';

/** What a repository line says in place of its data when storage failed while it was read. */
export const MISSING_FROM_EXPORT = 'storage failed while it was exported';

/**
 * Every repository's full history as NDJSON, one line per repository (a header line first, with their number),
 * streamed so that a large account is never held in memory at once: GitHub's traffic history, the counter's daily
 * views by page and source class, and its daily unique visitors.
 *
 * The file is whole or says it is not: a repository whose storage fails gets a line `{repo, missing}` in its
 * place (logged), so the header's count still matches and the importer refuses the file rather than taking a
 * short one for the whole account.
 */
export function exportStream(stores: RepoStores, refs: readonly RepoRef[], now: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const today = utcDay(now);
  let next = -1;
  let canceled = false;
  return new ReadableStream({
    async pull(controller) {
      if (next === -1) {
        const header = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(now).toISOString(), repositories: refs.length };
        controller.enqueue(encoder.encode(`${JSON.stringify(header)}\n`));
      } else if (next < refs.length) {
        const ref = refs[next] as RepoRef;
        // Each repository's object serializes its own line: the Worker passes the text on.
        const line = await loadExportLine(stores, ref, today).catch((error: unknown) => {
          // A client that hung up cancels the stream and the reads in flight with it: nothing went wrong.
          if (!canceled) logError('repository not exported', { repo: repoSlug(ref) }, error);
          return encoder.encode(`${JSON.stringify({ repo: repoSlug(ref), missing: MISSING_FROM_EXPORT })}\n`);
        });
        if (canceled) return;
        controller.enqueue(line);
      } else {
        controller.close();
      }
      next++;
    },
    cancel() {
      canceled = true;
    },
  });
}


