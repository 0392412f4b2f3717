import { utcDay } from '../dates';
import { logError } from '../log';
import { repoSlug, type RepoRef } from '../repos';
import { loadExportBody, type RepoStores } from '../stores/repo-store';
import { EXPORT_FORMAT, EXPORT_VERSION } from '../imports/formats';

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
 *
 * Each repository's object serializes its own line and hands it over as a stream of the runtime's own, which is
 * piped into the response without its bytes entering the Worker's JavaScript: a year of history is ~160 KB a
 * repository, and 50 of them passed through as arrays and a stream of the Worker's own cost ~17 ms of CPU, past the
 * free plan's 10 ms.
 */
/**
 * How many repositories' lines are asked for ahead of the one being sent. Each answer that comes back on its own
 * wakes the Worker, ~0.15 ms of CPU a time: asked one after another, 50 lines cost ~9 ms; asked together, their
 * answers come back together (~4 ms). Each object holds its own line until it is sent.
 */
const LINES_AHEAD = 50;

export function exportStream(stores: RepoStores, refs: readonly RepoRef[], now: number): ReadableStream<Uint8Array> {
  const { readable, writable } = new IdentityTransformStream();
  void writeExport(writable, stores, refs, now);
  return readable;
}

async function writeExport(writable: WritableStream<Uint8Array>, stores: RepoStores, refs: readonly RepoRef[], now: number): Promise<void> {
  const today = utcDay(now);
  const header = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(now).toISOString(), repositories: refs.length };
  const textLine = (value: object) => new Response(`${JSON.stringify(value)}\n`).body as ReadableStream<Uint8Array>;
  const lineOf = (ref: RepoRef) =>
    loadExportBody(stores, ref, today).catch((error: unknown) => {
      logError('repository not exported', { repo: repoSlug(ref) }, error);
      return textLine({ repo: repoSlug(ref), missing: MISSING_FROM_EXPORT });
    });
  try {
    await textLine(header).pipeTo(writable, { preventClose: true });
    // The next lines are asked for while the one before is being sent.
    const asked = refs.slice(0, LINES_AHEAD).map(lineOf);
    for (let i = 0; i < refs.length; i++) {
      const line = await (asked[i] as Promise<ReadableStream<Uint8Array>>);
      if (i + LINES_AHEAD < refs.length) asked.push(lineOf(refs[i + LINES_AHEAD] as RepoRef));
      // A line that breaks off once sent aborts the response, so the client sees a failed download, not a short file.
      await line.pipeTo(writable, { preventClose: true });
    }
    await writable.close();
  } catch {
    // The client hung up (or a line broke off and the response was aborted with it): there is no one left to tell.
  }
}
