import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { counterFor } from '../src/counter/counter-client';
import { emptyHistory } from '../src/history/model';
import { FILES_PER_REQUEST } from '../src/imports/repo-stats-files';
import type { SeriesRow } from '../src/report/repo-series';
import { readHistory, storesOf } from '../src/stores/repo-store';
import { TEST_REPORT_TOKEN } from './constants';
import { GHRS_FILES } from './fixtures/github-repo-stats-A/ghrs-files';
import { writeHistory } from './records';
import { bodyText, counterFailing, fetchWorker } from './worker';

const OWNER = 'ghrs-co';
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };
const REPOS = { REPOS: `${OWNER}/imported, ${OWNER}/merged, ${OWNER}/untouched, ${OWNER}/copy` };
const CORE_FILES = ['views_clones_aggregate.csv', 'stars.csv', 'forks.csv'];

type Upload = { name: string; content: string | Uint8Array };

function importCsv(repo: string | null, uploads: Upload[], headers: Record<string, string> = auth) {
  const form = new FormData();
  if (repo !== null) form.append('repo', repo);
  for (const { name, content } of uploads) form.append('file', new File([content], name, { type: 'text/csv' }));
  return fetchWorker('/report/import', { method: 'POST', headers, body: form }, REPOS);
}

const fixture = (...names: string[]): Upload[] => names.map((name) => ({ name, content: GHRS_FILES[name] ?? '' }));
const allFixtures = () => fixture(...Object.keys(GHRS_FILES));

type ReadCounts = Record<string, { files: number; rows: number }>;
type Imported = { repo: string; historyWritten: boolean; read: ReadCounts; skipped: unknown[] };

/** Every fixture file, as many a request as one takes (as the README's commands send them), the answers added up. */
async function importAllFixtures(repo: string): Promise<Imported> {
  const uploads = allFixtures();
  const whole: Imported = { repo, historyWritten: false, read: {}, skipped: [] };
  for (let start = 0; start < uploads.length; start += FILES_PER_REQUEST) {
    const response = await importCsv(repo, uploads.slice(start, start + FILES_PER_REQUEST));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Imported;
    expect(answer.repo).toBe(repo);
    whole.historyWritten ||= answer.historyWritten;
    whole.skipped.push(...answer.skipped);
    for (const [kind, { files, rows }] of Object.entries(answer.read)) {
      const sum = whole.read[kind] ?? { files: 0, rows: 0 };
      whole.read[kind] = { files: sum.files + files, rows: sum.rows + rows };
    }
  }
  return whole;
}

async function series(repo: string, from: string, to: string) {
  const response = await fetchWorker(`/report/${OWNER}/${repo}?from=${from}&to=${to}`, { headers: auth }, REPOS);
  expect(response.status).toBe(200);
  return (await response.json()) as { days: SeriesRow[]; topReferrers: Array<{ key: string; count: number }> };
}

/** The repository's stored history as JSON, or null while it has none. */
async function storedHistory(repo: string): Promise<string | null> {
  const history = await readHistory(storesOf(env), { owner: OWNER, repo });
  return Object.values(history).every((byDay) => Object.keys(byDay).length === 0) ? null : JSON.stringify(history);
}

describe('POST /report/import with github-repo-stats CSV files', () => {
  it('imports the real data set into the expected daily series, and a second import changes nothing', async () => {
    const imported = await importAllFixtures(`${OWNER}/imported`);
    const snapshots = (kind: string) => Object.keys(GHRS_FILES).filter((name) => name.endsWith(`_top_${kind}_snapshot.csv`));
    const dataRows = (names: string[]) => names.reduce((sum, name) => sum + (GHRS_FILES[name] ?? '').trim().split('\n').length - 1, 0);
    expect(imported).toEqual({
      repo: `${OWNER}/imported`,
      historyWritten: true,
      read: {
        'views-clones': { files: 1, rows: dataRows(['views_clones_aggregate.csv']) },
        stars: { files: 1, rows: dataRows(['stars.csv']) },
        forks: { files: 1, rows: dataRows(['forks.csv']) },
        referrers: { files: snapshots('referrers').length, rows: dataRows(snapshots('referrers')) },
        paths: { files: snapshots('paths').length, rows: dataRows(snapshots('paths')) },
      },
      skipped: [{ file: 'stars-snapshots.csv', reason: expect.any(String) }],
    });

    // The expected series, read from the fixture here with nothing but string splitting.
    const rows = (GHRS_FILES['views_clones_aggregate.csv'] ?? '')
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.split(','));
    const eventsByDay = (name: string) => {
      const counts = new Map<string, number>();
      for (const row of (GHRS_FILES[name] ?? '').trim().split('\n').slice(1))
        counts.set(row.slice(0, 10), (counts.get(row.slice(0, 10)) ?? 0) + 1);
      return counts;
    };
    const [stars, forks] = [eventsByDay('stars.csv'), eventsByDay('forks.csv')];
    const { days, topReferrers } = await series('imported', '2020-12-01', '2021-12-31');
    for (const [time, clones, cloneUniques, views, viewUniques] of rows) {
      const day = days.find((d) => d.day === time?.slice(0, 10));
      expect(day).toMatchObject({
        views: Number(views),
        viewUniques: Number(viewUniques),
        clones: Number(clones),
        cloneUniques: Number(cloneUniques),
      });
    }
    for (const day of days) {
      expect([day.day, day.starsGained, day.forksGained]).toEqual([day.day, stars.get(day.day) ?? 0, forks.get(day.day) ?? 0]);
    }
    const lastSnapshot = snapshots('referrers').sort().at(-1) ?? '';
    const [referrer, count] = (GHRS_FILES[lastSnapshot] ?? '').split('\n')[1]?.split(',') ?? [];
    expect(topReferrers[0]).toMatchObject({ key: referrer, count: Number(count) });

    const before = await storedHistory('imported');
    expect(await importAllFixtures(`${OWNER}/imported`)).toMatchObject({ historyWritten: false });
    expect(await storedHistory('imported')).toBe(before);
  });

  it('exports what it imported in a form that imports back unchanged', async () => {
    const exported = await bodyText(await fetchWorker('/report/export', { headers: auth }, REPOS));
    const [header, ...lines] = exported
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { repo: string });
    const imported = lines.find((line) => line.repo === `${OWNER}/imported`);
    const body = `${JSON.stringify({ ...header, repositories: 1 })}\n${JSON.stringify({ ...imported, repo: `${OWNER}/copy` })}\n`;
    const response = await fetchWorker(
      '/report/import',
      { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body },
      REPOS,
    );
    expect(await response.json()).toEqual({ imported: 1, historiesWritten: 1 });
    const copied = await storedHistory('copy');
    expect(copied).not.toBeNull();
    expect(copied).toBe(await storedHistory('imported'));
  });

  it('merges with stored history by keeping the larger value per date', async () => {
    const stored = emptyHistory();
    stored.traffic = {
      '2021-11-24': { views: 500, viewUniques: 1, clones: 1, cloneUniques: 1 },
      '2026-11-20': { views: 7, viewUniques: 3, clones: 0, cloneUniques: 0 },
    };
    stored.counts = { '2026-11-20': { stars: 70, forks: 17, watchers: 5, openIssues: 2 } };
    await writeHistory(storesOf(env), { owner: OWNER, repo: 'merged' }, stored);
    expect((await importCsv(`${OWNER}/merged`, fixture('views_clones_aggregate.csv'))).status).toBe(200);

    const { days } = await series('merged', '2021-11-23', '2021-11-24');
    expect(days.map((d) => [d.day, d.views, d.viewUniques, d.clones])).toEqual([
      ['2021-11-23', 89, 22, 30],
      ['2021-11-24', 500, 20, 26],
    ]);
    expect((await series('merged', '2026-11-20', '2026-11-20')).days[0]).toMatchObject({ views: 7 });
  });

  const latin1 = new Uint8Array([
    ...new TextEncoder().encode('referrer,views_total,views_unique\n'),
    0x4d,
    0xfc,
    0x6e,
    0x63,
    0x68,
    0x65,
    0x6e,
    0x2c,
    0x31,
    0x2c,
    0x31,
    0x0a,
  ]);
  const hugeRow = `2021-03-01 00:00:00+00:00,1,1,1,${'9'.repeat(100_000)}\n`;
  it.each([
    [
      'wrong columns',
      [{ name: 'views_clones_aggregate.csv', content: 'date,views\n2021-03-01,4\n' }],
      [{ file: 'views_clones_aggregate.csv', line: 1 }],
    ],
    [
      'a huge row',
      [{ name: 'views_clones_aggregate.csv', content: `${GHRS_FILES['views_clones_aggregate.csv']}${hugeRow}` }],
      [{ file: 'views_clones_aggregate.csv', line: 361 }],
    ],
    [
      'a duplicate date',
      [{ name: 'views_clones_aggregate.csv', content: `${GHRS_FILES['views_clones_aggregate.csv']}2021-11-24 00:00:00+00:00,1,1,1,1\n` }],
      [{ file: 'views_clones_aggregate.csv', line: 361, error: '2021-11-24 is already on line 360' }],
    ],
    [
      'a file not in UTF-8',
      [{ name: '2021-11-09_231837_top_referrers_snapshot.csv', content: latin1 }],
      [{ file: '2021-11-09_231837_top_referrers_snapshot.csv', line: 2 }],
    ],
    [
      'one bad file among good ones',
      [...fixture(...CORE_FILES), { name: 'forks.csv', content: 'time_iso8601,forks_cumulative\n2021-01-22 23:08:44+00:00,1\n' }],
      [{ file: 'forks.csv', line: 1, error: expect.stringContaining('a second forks file') }],
    ],
  ])('rejects %s with its line, and writes nothing at all', async (_name, uploads, rejected) => {
    const response = await importCsv(`${OWNER}/untouched`, uploads);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: expect.stringMatching(/^Nothing was imported: \d+ line\(s\) rejected\.$/),
      rejected: rejected.map((r) => ({ error: expect.any(String), ...r })),
    });
    expect(await storedHistory('untouched')).toBeNull();
  });

  it('answers 503 and stores nothing when storage fails, and the same files sent again import', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const form = () => {
      const body = new FormData();
      body.append('repo', `${OWNER}/untouched`);
      for (const { name, content } of fixture(...CORE_FILES)) body.append('file', new File([content], name));
      return body;
    };
    const failed = await fetchWorker(
      '/report/import',
      { method: 'POST', headers: auth, body: form() },
      { ...REPOS, COUNTER: counterFailing({ methods: ['importHistoryStep'] }) },
    );
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as { error: string }).error).toMatch(
      /^Nothing was imported: storage failed .* Send the same import again/,
    );
    expect(errors).toHaveBeenCalledTimes(1);
    errors.mockRestore();
    expect(await storedHistory('untouched')).toBeNull();

    const retried = await fetchWorker('/report/import', { method: 'POST', headers: auth, body: form() }, REPOS);
    expect(await retried.json()).toMatchObject({ historyWritten: true });
    await counterFor(env.COUNTER, { owner: OWNER, repo: 'untouched' }).clear();
  });

  it('lists the first 100 rejected rows of a file full of them, and counts the rest', async () => {
    const bad = ['time_iso8601,stars_cumulative', ...Array.from({ length: 250 }, () => 'yesterday,1')].join('\n');
    const body = (await (await importCsv(`${OWNER}/untouched`, [{ name: 'stars.csv', content: bad }])).json()) as {
      rejected: unknown[];
      rejectedNotListed: number;
    };
    expect([body.rejected.length, body.rejectedNotListed]).toEqual([100, 150]);
  });

  it.each([
    ['no repository named', null, fixture('forks.csv'), auth, 400, 'repo=owner/repo'],
    ['a repository not in REPOS', 'stranger/repo', fixture('forks.csv'), auth, 404, 'not in REPOS'],
    ['no files', `${OWNER}/untouched`, [], auth, 400, 'No files'],
    ['no token', `${OWNER}/untouched`, fixture('forks.csv'), {}, 401, 'REPORT_TOKEN'],
  ])('refuses %s', async (_name, repo, uploads, headers, status, error) => {
    const response = await importCsv(repo, uploads, headers);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toContain(error);
    expect(await storedHistory('untouched')).toBeNull();
  });

  it('refuses more than 25 files in one request, saying how to split them', async () => {
    const snapshots = Array.from({ length: 26 }, (_, i) => ({
      name: `2021-01-01_${String(i).padStart(6, '0')}_top_paths_snapshot.csv`,
      content: 'url_path,views_total,views_unique\n',
    }));
    const response = await importCsv(`${OWNER}/untouched`, snapshots);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: '26 files in one request; at most 25: send the snapshots 25 files a request (the README shows how).',
    });
    expect(await storedHistory('untouched')).toBeNull();
  });

  it('refuses a body that claims to be a form and is not', async () => {
    const response = await fetchWorker(
      '/report/import',
      { method: 'POST', headers: { ...auth, 'content-type': 'multipart/form-data; boundary=x' }, body: 'not a form at all' },
      REPOS,
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('not a multipart form');
  });
});
