import { describe, expect, it } from 'vitest';
import { describeRead, FILES_PER_REQUEST, importFolder, planBatches, type ImportAnswer } from '../src/dashboard/history-import';
import { TEST_REPORT_TOKEN } from './constants';
import { GHRS_FILES } from './fixtures/github-repo-stats-A/ghrs-files';
import { fetchWorker } from './worker';

const fixtureFiles = () => Object.entries(GHRS_FILES).map(([path, text]) => new File([text], path.split('/').pop() ?? path));
const snapshot = (i: number) =>
  new File(['referrer,views_total,views_unique\n'], `2021-01-${String(i).padStart(2, '0')}_000000_top_referrers_snapshot.csv`);

/** The dashboard's POST, made against the Worker itself. */
const postToWorker = async (form: FormData): Promise<ImportAnswer> => {
  const response = await fetchWorker(
    '/report/import',
    { method: 'POST', headers: { authorization: `Bearer ${TEST_REPORT_TOKEN}` }, body: form },
    { REPOS: 'browser-co/*' },
  );
  // What the dashboard's call() gives: the body as the Worker wrote it, typed by the status.
  return { ok: response.ok, status: response.status, body: await response.json() } as ImportAnswer;
};

describe('planBatches', () => {
  it('sends the daily files first, then the snapshots in groups, and leaves out what is not CSV', () => {
    const files = [
      new File([''], 'forks.csv'),
      new File([''], 'README.md'),
      ...Array.from({ length: 25 }, (_, i) => snapshot(i + 1)),
      new File([''], 'stargazers.CSV'),
    ];
    const { batches, ignored } = planBatches(files, 10);
    expect(batches.map((batch) => batch.length)).toEqual([2, 10, 10, 5]);
    expect(batches[0]?.map((file) => file.name)).toEqual(['forks.csv', 'stargazers.CSV']);
    expect(ignored).toBe(1);
    expect(FILES_PER_REQUEST).toBe(25);
  });
});

describe('importFolder', () => {
  it('imports the real data set through the Worker and says what it read', async () => {
    const progress: string[] = [];
    const result = await importFolder('browser-co/one', fixtureFiles(), postToWorker, (text: string) => progress.push(text));
    expect(result).toMatchObject({ ok: true, skipped: [{ file: 'stars-snapshots.csv' }] });
    if (!result.ok) throw new Error(result.error);
    expect(describeRead(result.read)).toBe(
      '359 days of views and clones, 64 star events, 16 fork events, 29 referrer snapshots, 29 path snapshots',
    );
    expect(progress).toEqual(['Sending 4 of 62 files…', 'Sending 29 of 62 files…', 'Sending 54 of 62 files…', 'Sending 62 of 62 files…']);
  });

  it('stops at a refused batch, with its rows and what was already imported', async () => {
    const broken = new File(['referrer,views_total,views_unique\nGoogle,1,one\n'], '2021-02-01_000000_top_referrers_snapshot.csv');
    const result = await importFolder(
      'browser-co/two',
      [...fixtureFiles().filter((file) => !file.name.includes('snapshot')), broken],
      postToWorker,
      () => {},
    );
    expect(result).toEqual({
      ok: false,
      error:
        'Files 4–4 of 4 were refused (1 row(s) rejected, listed below); the 3 before them were imported. Importing the folder again after a fix is harmless.',
      rejected: [{ file: '2021-02-01_000000_top_referrers_snapshot.csv', line: 2, error: expect.stringContaining('views_unique') }],
    });
  });

  it.each([
    ['no CSV at all', [new File([''], 'notes.txt')], 'No CSV files there'],
    ['a first batch refused', [new File(['day,views\n'], 'views.csv')], 'Nothing was imported: 1 line(s) rejected.'],
  ])('reports %s', async (_name, files, error) => {
    expect(await importFolder('browser-co/three', files, postToWorker, () => {})).toMatchObject({
      ok: false,
      error: expect.stringContaining(error),
    });
  });
});
