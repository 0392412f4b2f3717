import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { counterFor } from '../src/counter/counter-client';
import { emptyHistory } from '../src/history/model';
import { storesOf } from '../src/stores/repo-store';
import { TEST_REPORT_TOKEN } from './constants';
import { writeHistory } from './records';
import { bodyText, CAMO_UA, counterFailing, counterOf, fetchWorker } from './worker';

/** What a stranger, or a mistaken file, can send: none of it may stop the Worker or stay in its data. */
const OWNER = 'untrusted-co';
const REPOS = { REPOS: `${OWNER}/*` };
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };
const HEADER = (repositories: number) =>
  JSON.stringify({ format: 'repo-impressions-export', version: 1, exportedAt: new Date().toISOString(), repositories });
const repoLine = (repo: string, overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ repo: `${OWNER}/${repo}`, history: emptyHistory(), views: [], visitors: [], ...overrides });
const importNdjson = (body: string | ReadableStream<Uint8Array>, bindings: Partial<Env> = {}) =>
  fetchWorker(
    '/report/import',
    { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body, duplex: 'half' } as RequestInit,
    { ...REPOS, ...bindings },
  );
const badgeCount = async (repo: string) =>
  (await (await fetchWorker(`/badge/${OWNER}/${repo}.json`, undefined, REPOS)).json<{ message: string }>()).message;

afterEach(() => vi.restoreAllMocks());

describe('impossible imports are refused and change nothing', () => {
  it('a count of 1e300: 400 naming the ceiling, and the badge keeps its count', async () => {
    await fetchWorker(`/p/${OWNER}/huge.gif`, { headers: { 'user-agent': CAMO_UA } }, REPOS);
    const before = await badgeCount('huge');
    const views = [{ day: '2026-11-01', page: 'readme', source: 'github-camo', views: 1e300 }];
    const response = await importNdjson(`${HEADER(1)}\n${repoLine('huge', { views })}\n`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'Nothing was imported: 1 line(s) rejected.',
      rejected: [{ line: 2, error: 'views.0.views: a whole number from 0 to 1000000000000' }],
    });
    expect(await badgeCount('huge')).toBe(before);
  });

  it.each(['9999-12-31', '0001-01-01', '1899-12-31'])('a row dated %s: 400 with the calendar, nothing stored', async (day) => {
    const views = [{ day, page: 'readme', source: 'github-camo', views: 5 }];
    const response = await importNdjson(`${HEADER(1)}\n${repoLine('dated', { views })}\n`);
    expect(response.status).toBe(400);
    const body = await response.json<{ rejected: Array<{ error: string }> }>();
    expect(body.rejected[0]?.error).toMatch(
      new RegExp(
        `^views\\.0\\.day: the day must be a day from 2008-01-01 to \\d{4}-\\d{2}-\\d{2} \\(today, UTC\\) as YYYY-MM-DD; it is "${day}"\\.$`,
      ),
    );
    expect(await counterOf(OWNER, 'dated').dailyViews('', '9999-12-31')).toEqual([]);
  });

  it('a chart over a day stored before the calendar check (0001-01-01) is still an image', async () => {
    const history = emptyHistory();
    history.counts = {
      '0001-01-01': { stars: 1, forks: 0, watchers: 0, openIssues: 0 },
      '2026-11-01': { stars: 9, forks: 0, watchers: 0, openIssues: 0 },
    };
    await writeHistory(storesOf(env), { owner: OWNER, repo: 'ancient' }, history);
    await counterFor(env.COUNTER, { owner: OWNER, repo: 'ancient' }).importDailyViews([
      { day: '0001-01-01', page: 'readme', source: 'github-camo', views: 3 },
    ]);
    for (const file of ['stars.svg', 'impressions.svg']) {
      const response = await fetchWorker(`/chart/${OWNER}/ancient/${file}`, undefined, REPOS);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      expect(await response.text()).toMatch(/^<svg /);
    }
    // An export holds only what an import takes back: the calendar's days.
    const exported = (await bodyText(await fetchWorker('/report/export', { headers: auth }, { REPOS: `${OWNER}/ancient` })))
      .trimEnd()
      .split('\n');
    expect(exported[1]).not.toContain('0001-01-01');
    expect(JSON.parse(exported[1] ?? '{}').history.counts).toEqual({ '2026-11-01': { stars: 9, forks: 0, watchers: 0, openIssues: 0 } });
    const reimported = await importNdjson(exported.join('\n'), { REPOS: `${OWNER}/ancient` });
    expect(reimported.status).toBe(200);
  });
});

describe('an export is whole or says it is not', () => {
  it('a repository whose counter fails is marked missing in its place, and that file does not import', async () => {
    await fetchWorker(
      `/p/${OWNER}/first.gif`,
      { headers: { 'user-agent': CAMO_UA } },
      { REPOS: `${OWNER}/first, ${OWNER}/broken, ${OWNER}/last` },
    );
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const three = { REPOS: `${OWNER}/first, ${OWNER}/broken, ${OWNER}/last` };
    const response = await fetchWorker(
      '/report/export',
      { headers: auth },
      { ...three, COUNTER: counterFailing({ only: { owner: OWNER, repo: 'broken' } }) },
    );
    expect(response.status).toBe(200);
    const lines = (await bodyText(response))
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ repositories: 3 });
    expect(lines.slice(1).map((line) => line.repo)).toEqual([`${OWNER}/broken`, `${OWNER}/first`, `${OWNER}/last`]);
    expect(lines[1]).toEqual({ repo: `${OWNER}/broken`, missing: 'storage failed while it was exported' });
    expect(errors.mock.calls.map((call) => JSON.parse(String(call[0])))).toEqual([
      expect.objectContaining({ message: 'repository not exported', repo: `${OWNER}/broken` }),
    ]);

    const imported = await importNdjson(lines.map((line) => JSON.stringify(line)).join('\n'), three);
    expect(imported.status).toBe(400);
    expect((await imported.json<{ rejected: unknown[] }>()).rejected).toEqual([
      { line: 2, error: `${OWNER}/broken is missing from this export (storage failed while it was exported): export again` },
    ]);
  });

  it('a file whose header says 3 repositories and that holds 1 is refused', async () => {
    const response = await importNdjson(`${HEADER(3)}\n${repoLine('short')}\n`);
    expect(response.status).toBe(400);
    expect((await response.json<{ rejected: Array<{ line: number; error: string }> }>()).rejected).toEqual([
      { line: 1, error: expect.stringMatching(/^the header says 3 repositories but the file holds 1: the download was cut short/) },
    ]);
  });
});

describe('uploads are bounded while they are read', () => {
  it('a 55 MB chunked body (no Content-Length) gets 413 and is not read to its end', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 55) return controller.close();
        pulled++;
        controller.enqueue(chunk);
      },
    });
    const response = await importNdjson(body);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'The upload is larger than 50 MB: import it in parts.' });
    // 50 MiB and the chunk that went past them, at most a chunk or two more queued by the stream.
    expect(pulled).toBeLessThanOrEqual(53);
  });

  it('a carried-over total of more than a few kilobytes gets 413', async () => {
    const body = JSON.stringify({ repo: `${OWNER}/big`, views: 1, before: '2026-01-01', source: 'x', padding: 'x'.repeat(10_000) });
    const response = await fetchWorker(
      '/report/baseline',
      { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body },
      REPOS,
    );
    expect(response.status).toBe(413);
  });
});

describe('the smaller ones', () => {
  it.each(['bearer', 'BEARER', 'Bearer  '])('Authorization: %s <token> is accepted (the scheme is case-insensitive)', async (scheme) => {
    const response = await fetchWorker(
      '/report',
      { headers: { authorization: `${scheme} ${TEST_REPORT_TOKEN}` } },
      { REPOS: `${OWNER}/one` },
    );
    expect(response.status).toBe(200);
  });

  it('one broken counter marks its own line "storage unavailable" and the rest of the table answers', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const two = { REPOS: `${OWNER}/fine, ${OWNER}/broken`, COUNTER: counterFailing({ only: { owner: OWNER, repo: 'broken' } }) };
    const response = await fetchWorker('/report', { headers: auth }, two);
    expect(response.status).toBe(200);
    const body = await response.json<{ repositories: Array<{ repo: string }>; unavailable: unknown[] }>();
    expect(body.repositories.map((line) => line.repo)).toEqual([`${OWNER}/fine`]);
    expect(body.unavailable).toEqual([{ repo: `${OWNER}/broken`, error: 'storage unavailable: try again in a minute' }]);

    const csv = await (await fetchWorker('/report?format=csv', { headers: auth }, two)).text();
    const [columns = '', ...rows] = csv.trimEnd().split('\r\n');
    const status = columns.split(',').indexOf('status');
    expect(rows.map((row) => [row.split(',')[0], row.split(',')[status]])).toEqual([
      [`${OWNER}/broken`, 'storage unavailable'],
      [`${OWNER}/fine`, 'never refreshed'],
    ]);
  });
});

describe('weeks and failures of images', () => {
  it('a digest week before the calendar (0000-W01) is a 400, not a 500', async () => {
    const response = await fetchWorker('/report/digests/0000-W01', { headers: auth }, REPOS);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: '"0000-W01" is not an ISO week such as 2026-W48.' });
  });
});

describe('images stay images', () => {
  // Endpoint JSON answers 200 whatever went wrong: shields draws only what a 200 says (its isError keeps it grey).
  it.each([
    ['stars-per-1k.svg', 500],
    ['stars-per-1k.json', 200],
  ])('a metric badge over a stored history that cannot be read (a bug): %s is a badge with %i', async (file, status) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await env.REPORTS.put(`history:${OWNER}/corrupt`, '{"traffic": not json');
    const response = await fetchWorker(`/badge/${OWNER}/corrupt/${file}`, undefined, REPOS);
    expect(response.status).toBe(status);
    const body = await response.text();
    if (file.endsWith('.svg')) expect(body).toMatch(/^<svg [^>]*aria-label="[^"]*: unavailable"/);
    else expect(JSON.parse(body)).toMatchObject({ schemaVersion: 1, message: 'unavailable', isError: true });
  });
});
