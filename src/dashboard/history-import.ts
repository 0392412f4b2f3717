// The dashboard's import of github-repo-stats data: a folder's CSV files sent to POST /report/import, the daily
// files in one request, then the top-list snapshots FILES_PER_REQUEST to a request, what the Worker takes at most
// (it keeps each request inside the free plan's 10 ms of CPU). Each request is checked whole by the Worker and
// stores nothing when a row is wrong; importing the same folder twice changes nothing, so a stopped import can simply be re-run.
import { FILES_PER_REQUEST, type RepoStatsKind } from '../imports/repo-stats-files';
import type { ErrorBody, RepoStatsImported } from '../report/responses';

export { FILES_PER_REQUEST };
const SNAPSHOT = /_top_(referrers|paths)_snapshot\.csv$/;

/** What the dashboard's POST answers: the Worker's body, and whether it was a 2xx. */
export type ImportAnswer = { ok: true; status: number; body: RepoStatsImported } | { ok: false; status: number; body: Partial<ErrorBody> };

/** A chosen file: browsers give a folder's files their path within it. */
export type FolderFile = File & { webkitRelativePath?: string };

export type ImportResult =
  | { ok: true; read: RepoStatsImported['read']; skipped: RepoStatsImported['skipped'] }
  | { ok: false; error: string; rejected: NonNullable<ErrorBody['rejected']> };

/** The requests to make: the daily files first, then the snapshots in groups. Pure. */
export function planBatches<F extends { name: string }>(
  files: readonly F[],
  perRequest = FILES_PER_REQUEST,
): { batches: F[][]; ignored: number } {
  const csv = files.filter((file) => file.name.toLowerCase().endsWith('.csv'));
  const daily = csv.filter((file) => !SNAPSHOT.test(file.name));
  const snapshots = csv.filter((file) => SNAPSHOT.test(file.name));
  const batches = daily.length > 0 ? [daily] : [];
  for (let i = 0; i < snapshots.length; i += perRequest) batches.push(snapshots.slice(i, i + perRequest));
  return { batches, ignored: files.length - csv.length };
}

/**
 * Sends `files` for `repo` with `post(formData)`. Reports progress through `onProgress(text)`; resolves to what
 * was read and skipped, or to the refusal and its rejected lines.
 */
export async function importFolder(
  repo: string,
  files: readonly FolderFile[],
  post: (form: FormData) => Promise<ImportAnswer>,
  onProgress: (text: string) => void,
): Promise<ImportResult> {
  const { batches, ignored } = planBatches(files);
  const total = batches.reduce((sum, batch) => sum + batch.length, 0);
  if (total === 0) return { ok: false, error: 'No CSV files there: choose the ghrs-data folder of a repository.', rejected: [] };
  const read: RepoStatsImported['read'] = {};
  const skipped: RepoStatsImported['skipped'] = [];
  let sent = 0;
  for (const [index, batch] of batches.entries()) {
    onProgress(`Sending ${sent + batch.length} of ${total} files…`);
    const form = new FormData();
    form.append('repo', repo);
    for (const file of batch) form.append('file', file, file.webkitRelativePath || file.name);
    const answer = await post(form);
    if (!answer.ok) {
      const { body } = answer;
      const error = body.error ?? 'The import failed.';
      const reason = body.rejected ? `${body.rejected.length + (body.rejectedNotListed ?? 0)} row(s) rejected, listed below` : error;
      const partial = `Files ${sent + 1}–${sent + batch.length} of ${total} were refused (${reason}); the ${sent} before them were imported. Importing the folder again after a fix is harmless.`;
      return { ok: false, error: index === 0 ? error : partial, rejected: body.rejected ?? [] };
    }
    for (const [kind, tally] of Object.entries(answer.body.read) as Array<[RepoStatsKind, { files: number; rows: number }]>) {
      read[kind] = { files: (read[kind]?.files ?? 0) + tally.files, rows: (read[kind]?.rows ?? 0) + tally.rows };
    }
    skipped.push(...answer.body.skipped);
    sent += batch.length;
  }
  if (ignored > 0) skipped.push({ file: `${ignored} other file(s)`, reason: 'not CSV' });
  return { ok: true, read, skipped };
}

const KIND_NAMES: Record<RepoStatsKind, string> = {
  'views-clones': 'days of views and clones',
  stars: 'star events',
  forks: 'fork events',
  referrers: 'referrer snapshots',
  paths: 'path snapshots',
};

/** A sentence saying what an import read, e.g. "359 days of views and clones, 64 star events, …". Pure. */
export function describeRead(read: RepoStatsImported['read']): string {
  return (Object.keys(KIND_NAMES) as RepoStatsKind[])
    .flatMap((kind) => {
      const tally = read[kind];
      if (!tally) return [];
      return kind === 'referrers' || kind === 'paths' ? `${tally.files} ${KIND_NAMES[kind]}` : `${tally.rows} ${KIND_NAMES[kind]}`;
    })
    .join(', ');
}
