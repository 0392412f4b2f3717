import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import { utcDay } from '../dates';
import { checkImportLines, ImportInterrupted, importLines, mergeIntoHistory } from '../jobs/apply-import';
import { planImport } from '../imports/parse-export';
import { FILES_PER_REQUEST, parseRepoStatsFiles, type Rejection, type RepoStatsFile } from '../imports/repo-stats-files';
import { decodeTextFile } from '../imports/text-file';
import { logError } from '../log';
import type { RepoStatsImported } from '../report/responses';
import { isTracked, parseRepoSlug, repoSlug } from '../repos';
import { storesOf } from '../stores/repo-store';
import { StorageFault } from '../storage/storage-fault';
import type { AppEnv } from '../http/app-env';
import { readBoundedBody } from '../http/bounded-body';
import { reject } from '../http/errors';
import { fullAccessOnly } from '../http/report-auth';

const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
// A hostile file can have a million bad lines; the first ones are enough to fix it.
const MAX_REJECTIONS_LISTED = 100;

/**
 * `POST /report/import`: an export of this Worker (NDJSON, as GET /report/export writes it), or the CSV files of
 * the github-repo-stats Action as a multipart form (`repo=owner/repo` and one part per file). Everything is
 * validated before anything is written, and merged with the collector's rule (larger value per date), so an
 * import applies completely or not at all, and twice is the same as once.
 */
export const importRoutes = new Hono<AppEnv>().post('/', fullAccessOnly('Imports need'), async (c) => {
  const body = await readBoundedBody(c.req.raw, MAX_IMPORT_BYTES);
  if (body === null) reject(413, 'The upload is larger than 50 MB: import it in parts.');
  const contentType = c.req.header('content-type') ?? '';
  return contentType.startsWith('multipart/form-data') ? importRepoStats(c, body, contentType) : importExport(c, body);
});

async function importExport(c: Context<AppEnv>, body: Uint8Array): Promise<Response> {
  const file = decodeTextFile(body);
  if (!file.ok) rejectLines(file.lines.map((line) => ({ line, error: `${file.error} (send the NDJSON that GET /report/export writes)` })));
  const today = utcDay(Date.now());
  // The Worker checks the file's header and each line's name; each repository's object checks its own line.
  const plan = planImport(file.text, c.var.config.tracked, today);
  const stores = storesOf(c.env);
  let refused: Array<{ line: number; error: string }>;
  try {
    refused = await checkImportLines(stores, plan.lines, today);
  } catch (error) {
    if (!(error instanceof StorageFault)) throw error;
    logError('import not checked', { repositories: plan.lines.length }, error);
    return storageFailed(c, 'Nothing was imported: storage failed while the lines were checked (it has been logged).');
  }
  const rejected = [...plan.rejected, ...refused].sort((a, b) => a.line - b.line);
  if (rejected.length > 0) rejectLines(rejected);
  try {
    return c.json(await importLines(stores, plan.lines, today));
  } catch (error) {
    if (!(error instanceof ImportInterrupted)) throw error;
    logError('import interrupted', { done: error.done, total: error.total }, error.cause);
    return storageFailed(
      c,
      `The import stopped after ${error.done} of ${error.total} repositories because storage failed (it has been logged).`,
    );
  }
}

async function importRepoStats(c: Context<AppEnv>, body: Uint8Array, contentType: string): Promise<Response> {
  let form: FormData;
  try {
    // The body was read within its limit; the runtime's own multipart parser reads it from memory.
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    reject(400, 'The body is not a multipart form: send the files with curl -F file=@views_clones_aggregate.csv …');
  }
  const slug = form.get('repo');
  const ref = typeof slug === 'string' ? parseRepoSlug(slug) : null;
  if (!ref) reject(400, 'Name the repository the files belong to: a form field repo=owner/repo.');
  if (!isTracked(c.var.config.tracked, ref)) reject(404, `${repoSlug(ref)} is not in REPOS: only tracked repositories take imports.`);

  const uploads = [...form.values()].filter((value): value is File => typeof value !== 'string');
  if (uploads.length === 0) reject(400, 'No files: add each CSV as a form part, such as -F file=@views_clones_aggregate.csv.');
  // The free plan allows 10 ms of CPU a request: a clear refusal beats the platform's opaque "exceeded resource
  // limits" halfway through.
  if (uploads.length > FILES_PER_REQUEST) {
    reject(
      413,
      `${uploads.length} files in one request; at most ${FILES_PER_REQUEST}: send the snapshots ${FILES_PER_REQUEST} files a request (the README shows how).`,
    );
  }

  const files: RepoStatsFile[] = [];
  const rejected: Rejection[] = [];
  for (const upload of uploads) {
    const name = upload.name.slice(-200);
    const file = decodeTextFile(new Uint8Array(await upload.arrayBuffer()));
    if (file.ok) files.push({ name, text: file.text });
    else rejected.push(...file.lines.map((line) => ({ file: name, line, error: file.error })));
  }
  const parsed = parseRepoStatsFiles(files, utcDay(Date.now()));
  if (!parsed.ok || rejected.length > 0) rejectLines([...rejected, ...(parsed.ok ? [] : parsed.rejected)]);
  let historyWritten: boolean;
  try {
    historyWritten = await mergeIntoHistory(storesOf(c.env), ref, parsed.history);
  } catch (error) {
    if (!(error instanceof StorageFault)) throw error;
    logError('import failed', { repo: repoSlug(ref) }, error);
    return storageFailed(c, 'Nothing was imported: storage failed (it has been logged).');
  }
  return c.json({ repo: repoSlug(ref), historyWritten, read: parsed.read, skipped: parsed.skipped } satisfies RepoStatsImported);
}

// Imports merge by the larger value per date, so sending the same thing again finishes the job and counts
// nothing twice.
function storageFailed(c: Context<AppEnv>, what: string): Response {
  c.header('Retry-After', '60');
  return c.json(
    { error: `${what} Send the same import again in a minute: it merges by the larger value per date, so nothing is counted twice.` },
    503,
  );
}

function rejectLines(rejected: ReadonlyArray<{ line: number; error: string; file?: string }>): never {
  reject(400, `Nothing was imported: ${rejected.length} line(s) rejected.`, {
    rejected: rejected.slice(0, MAX_REJECTIONS_LISTED),
    ...(rejected.length > MAX_REJECTIONS_LISTED ? { rejectedNotListed: rejected.length - MAX_REJECTIONS_LISTED } : {}),
  });
}
