import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyHistory } from '../src/history/model';
import { storesOf } from '../src/stores/repo-store';
import { TEST_REPORT_TOKEN } from './constants';
import { writeHistory } from './records';
import { bodyText, fetchWorker } from './worker';

const OWNER = 'parts-co';
const NAMES = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
const REPOS = { REPOS: NAMES.map((name) => `${OWNER}/${name}`).join(', ') };
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };

type Line = Record<string, unknown>;

async function exportPart(path: string): Promise<{ status: number; link: string | null; lines: Line[] }> {
  const response = await fetchWorker(path, { headers: auth }, REPOS);
  const text = await bodyText(response);
  const lines = response.ok
    ? text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Line)
    : [JSON.parse(text) as Line];
  return { status: response.status, link: response.headers.get('link'), lines };
}

beforeAll(async () => {
  // Each repository its own day of traffic, so that each line is told apart by its data, not only its name.
  for (const [i, repo] of NAMES.entries()) {
    const history = emptyHistory();
    history.traffic = { '2026-06-01': { views: 10 + i, viewUniques: 1 + i, clones: 0, cloneUniques: 0 } };
    await writeHistory(storesOf(env), { owner: OWNER, repo }, history);
  }
});

describe('GET /report/export in parts (?limit=, ?after=)', () => {
  it('gives the whole export part by part, each a file of its own, and its Link header the next part', async () => {
    const [wholeHeader, ...whole] = (await exportPart('/report/export')).lines;
    expect(wholeHeader).toMatchObject({ repositories: NAMES.length });

    const parts: Line[][] = [];
    let path: string | null = '/report/export?limit=2';
    while (path !== null) {
      const part = await exportPart(path);
      expect(part.status).toBe(200);
      const [header, ...lines] = part.lines;
      // Each part's header counts its own lines, as the importer checks.
      expect(header).toMatchObject({ format: wholeHeader?.format, version: wholeHeader?.version, repositories: lines.length });
      parts.push(lines);
      const next = part.link?.match(/^<([^>]+)>; rel="next"$/)?.[1] ?? null;
      if (part.link !== null) expect(next).not.toBeNull();
      path = next;
    }
    expect(parts.map((lines) => lines.map((line) => line.repo))).toEqual([
      [`${OWNER}/alpha`, `${OWNER}/bravo`],
      [`${OWNER}/charlie`, `${OWNER}/delta`],
      [`${OWNER}/echo`],
    ]);
    expect(parts.flat()).toEqual(whole);
  });

  it('starts past the repository named in ?after, in the order of the names, and imports each part on its own', async () => {
    const part = await exportPart(`/report/export?after=${OWNER}/bravo`);
    expect(part.link).toBeNull();
    expect(part.lines.slice(1).map((line) => line.repo)).toEqual([`${OWNER}/charlie`, `${OWNER}/delta`, `${OWNER}/echo`]);
    // A repository no longer tracked still marks a place among the names.
    const between = await exportPart(`/report/export?after=${OWNER}/bz&limit=1`);
    expect(between.lines.slice(1).map((line) => line.repo)).toEqual([`${OWNER}/charlie`]);
    expect(between.link).toBe(`</report/export?after=${encodeURIComponent(`${OWNER}/charlie`)}&limit=1>; rel="next"`);

    const body = `${part.lines.map((line) => JSON.stringify(line)).join('\n')}\n`;
    const headers = { ...auth, 'content-type': 'application/x-ndjson' };
    const imported = await fetchWorker('/report/import', { method: 'POST', headers, body }, REPOS);
    expect(imported.status).toBe(200);
    // The same data back: nothing new to write.
    expect(await imported.json()).toEqual({ imported: 3, historiesWritten: 0 });
  });

  it('refuses a limit or a name it cannot use, saying what to send', async () => {
    for (const [query, error] of [
      ['limit=0', 'limit must be a whole number of repositories from 1 to 1000'],
      ['limit=2.5', 'limit must be a whole number of repositories from 1 to 1000'],
      ['limit=1001', 'limit must be a whole number of repositories from 1 to 1000'],
      ['after=not-a-repo', 'after must name a repository as owner/repo'],
    ]) {
      const answer = await exportPart(`/report/export?${query}`);
      expect([query, answer.status, answer.lines[0]]).toEqual([query, 400, { error }]);
    }
  });

  it('is never public', async () => {
    const response = await fetchWorker('/report/export?limit=1', {}, REPOS);
    expect(response.status).toBe(401);
  });
});
