import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { TEST_REPORT_TOKEN } from './constants';
import { bodyText, CAMO_UA, counterOf, fetchWorker, kvRecordingReads } from './worker';

const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };
/** Only an owner/* entry tracks these, and no collector run has expanded it (a first deployment, or private repositories). */
const WILDCARD = { REPOS: 'seen-org/*' };
const view = (path: string) => fetchWorker(path, { headers: { 'user-agent': CAMO_UA } }, WILDCARD);

describe('repositories with counted views under owner/*', () => {
  it('appear in GET /report and the export without GitHub naming them, and survive an export → import', async () => {
    await env.REPORTS.delete('collector:cursor');
    for (let i = 0; i < 3; i++) await view('/p/seen-org/private-one.gif');
    await view('/p/seen-org/other.gif');

    const table = (await (await fetchWorker('/report', { headers: auth }, WILDCARD)).json()) as { repositories: Array<{ repo: string; impressions: { allTime: number } }> };
    expect(table.repositories.map((line) => [line.repo, line.impressions.allTime])).toEqual([
      ['seen-org/other', 1],
      ['seen-org/private-one', 3],
    ]);

    const exported = await bodyText(await fetchWorker('/report/export', { headers: auth }, WILDCARD));
    const lines = exported.trimEnd().split('\n').map((line) => JSON.parse(line) as { repo?: string; repositories?: number });
    expect(lines[0]?.repositories).toBe(2);
    expect(lines.slice(1).map((line) => line.repo)).toEqual(['seen-org/other', 'seen-org/private-one']);

    // Into a deployment that has never seen them: the import brings the counts and lists them.
    const renamed = exported.replaceAll('seen-org/', 'moved-org/');
    const imported = await fetchWorker('/report/import', { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: renamed }, { REPOS: 'moved-org/*' });
    expect(await imported.json()).toEqual({ imported: 2, historiesWritten: 0 });
    const after = (await (await fetchWorker('/report', { headers: auth }, { REPOS: 'moved-org/*' })).json()) as { repositories: Array<{ repo: string }> };
    expect(after.repositories.map((line) => line.repo)).toEqual(['moved-org/other', 'moved-org/private-one']);
    expect(await counterOf('moved-org', 'private-one').count(null)).toBe(3);
  });

  it('are marked once, not on every view', async () => {
    await view('/p/seen-org/busy.gif');
    expect(await env.REPORTS.get('seen:seen-org/busy')).toBe('');
    await env.REPORTS.delete('seen:seen-org/busy');
    for (let i = 0; i < 5; i++) await view('/p/seen-org/busy.gif');
    // The counter remembers it marked the repository: deleting the key by hand is not undone by more views.
    expect(await env.REPORTS.get('seen:seen-org/busy')).toBeNull();
  });

  it('with only explicit entries in REPOS, nothing is listed from KV', async () => {
    const reads: string[] = [];
    await fetchWorker('/report', { headers: auth }, { REPOS: 'seen-org/private-one', REPORTS: kvRecordingReads(reads) });
    expect(reads.filter((key) => key === 'collector:cursor')).toEqual([]);
  });
});
