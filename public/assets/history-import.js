// The dashboard's import of github-repo-stats data: a folder's CSV files sent to POST /report/import, the daily
// files in one request, then the top-list snapshots 100 to a request, which keeps each request inside the free
// plan's 10 ms of CPU (README, import benchmark). Each request is checked whole by the Worker and stores nothing
// when a row is wrong; importing the same folder twice changes nothing, so a stopped import can simply be re-run.

export const FILES_PER_REQUEST = 100;
const SNAPSHOT = /_top_(referrers|paths)_snapshot\.csv$/;

/** The requests to make: the daily files first, then the snapshots in groups. Pure. */
export function planBatches(files, perRequest = FILES_PER_REQUEST) {
  const csv = files.filter((file) => file.name.toLowerCase().endsWith('.csv'));
  const daily = csv.filter((file) => !SNAPSHOT.test(file.name));
  const snapshots = csv.filter((file) => SNAPSHOT.test(file.name));
  const batches = daily.length > 0 ? [daily] : [];
  for (let i = 0; i < snapshots.length; i += perRequest) batches.push(snapshots.slice(i, i + perRequest));
  return { batches, ignored: files.length - csv.length };
}

/**
 * Sends `files` for `repo` with `post(formData)`, which answers { ok, status, body }. Reports progress through
 * `onProgress(text)`; resolves to { ok: true, read, skipped } or { ok: false, error, rejected }.
 */
export async function importFolder(repo, files, post, onProgress) {
  const { batches, ignored } = planBatches(files);
  const total = batches.reduce((sum, batch) => sum + batch.length, 0);
  if (total === 0) return { ok: false, error: 'No CSV files there: choose the ghrs-data folder of a repository.', rejected: [] };
  const read = {};
  const skipped = [];
  let sent = 0;
  for (const [index, batch] of batches.entries()) {
    onProgress(`Sending ${sent + batch.length} of ${total} files…`);
    const form = new FormData();
    form.append('repo', repo);
    for (const file of batch) form.append('file', file, file.webkitRelativePath || file.name);
    const { ok, body } = await post(form);
    if (!ok) {
      const error = body.error ?? 'The import failed.';
      const reason = body.rejected ? `${body.rejected.length + (body.rejectedNotListed ?? 0)} row(s) rejected, listed below` : error;
      const partial = `Files ${sent + 1}–${sent + batch.length} of ${total} were refused (${reason}); the ${sent} before them were imported. Importing the folder again after a fix is harmless.`;
      return { ok: false, error: index === 0 ? error : partial, rejected: body.rejected ?? [] };
    }
    for (const [kind, tally] of Object.entries(body.read ?? {})) {
      read[kind] = { files: (read[kind]?.files ?? 0) + tally.files, rows: (read[kind]?.rows ?? 0) + tally.rows };
    }
    skipped.push(...(body.skipped ?? []));
    sent += batch.length;
  }
  if (ignored > 0) skipped.push({ file: `${ignored} other file(s)`, reason: 'not CSV' });
  return { ok: true, read, skipped };
}

const KIND_NAMES = {
  'views-clones': 'days of views and clones',
  stars: 'star events',
  forks: 'fork events',
  referrers: 'referrer snapshots',
  paths: 'path snapshots',
};

/** A sentence saying what an import read, e.g. "359 days of views and clones, 64 star events, …". Pure. */
export function describeRead(read) {
  return Object.keys(KIND_NAMES)
    .filter((kind) => read[kind])
    .map((kind) =>
      kind === 'referrers' || kind === 'paths' ? `${read[kind].files} ${KIND_NAMES[kind]}` : `${read[kind].rows} ${KIND_NAMES[kind]}`,
    )
    .join(', ');
}
