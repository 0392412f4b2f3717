import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { runCollector } from '../src/jobs/run-collector';
import { counterFor } from '../src/counter/counter-client';
import type { DailyViews } from '../src/views';
import type { RepoHistory } from '../src/history/model';
import { summarizeHistory, summaryStart } from '../src/conversions/summary';
import { historyKey, statusKey, writeLegacyHistory, writeLegacyStatus } from '../src/storage/kv-layout';
import { emptyStatus } from '../src/records/repo-status';
import { registryOf } from '../src/registry/registry-client';
import { parseRepoList } from '../src/repos';
import { readHistory, readStatus, storesOf } from '../src/stores/repo-store';
// @ts-expect-error: a plain .mjs script without types
import { generateRepo } from '../scripts/seed-data.mjs';
import { TEST_GITHUB_TOKEN, TEST_REPORT_TOKEN } from './constants';
import { makeCollectorDeps } from './collector-deps';
import { makeStandInRepo, setScenario } from './github/scenario';
import { writeHistory, writeStatus } from './records';
import { bodyText, fetchWorker, kvRecordingReads } from './worker';

/**
 * Deployments before the Durable Object's rows kept each repository's history and status in KV. The object moves
 * them in on first use: reports and exports are the same as for a repository whose records were always rows.
 */
const OWNER = 'moving-co';
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };
const REPOS = { REPOS: `${OWNER}/from-kv, ${OWNER}/in-rows` };
const TODAY = new Date().toISOString().slice(0, 10);

describe('records kept in KV by earlier deployments', () => {
  it('are moved into the repository object once, and answer the same report and export as rows do', async () => {
    const { history, views } = generateRepo(`${OWNER}/seeded`, TODAY, 365) as {
      history: Omit<RepoHistory, 'forksGained'>;
      views: DailyViews[];
    };
    const historyWithForks = { forksGained: {}, ...history };
    const impressions = views.filter((row) => row.day >= summaryStart(TODAY));
    const status = {
      ...emptyStatus(),
      state: 'ok' as const,
      lastRefreshAt: `${TODAY}T06:00:00.000Z`,
      lastSuccessAt: `${TODAY}T06:00:00.000Z`,
      ...summarizeHistory(historyWithForks, impressions, TODAY),
    };
    for (const repo of ['from-kv', 'in-rows']) await counterFor(env.COUNTER, { owner: OWNER, repo }).importDailyViews(views);
    // As today's main left them: JSON in KV (a history written before fork gains existed, without forksGained).
    await writeLegacyHistory(env.REPORTS, { owner: OWNER, repo: 'from-kv' }, history as never);
    await writeLegacyStatus(env.REPORTS, { owner: OWNER, repo: 'from-kv' }, status);
    const kvBefore = [
      await env.REPORTS.get(historyKey({ owner: OWNER, repo: 'from-kv' })),
      await env.REPORTS.get(statusKey({ owner: OWNER, repo: 'from-kv' })),
    ];
    // The same records, written as rows.
    await writeHistory(storesOf(env), { owner: OWNER, repo: 'in-rows' }, historyWithForks);
    await writeStatus(storesOf(env), { owner: OWNER, repo: 'in-rows' }, status);

    const table = (await (await fetchWorker('/report', { headers: auth }, REPOS)).json()) as { repositories: Array<{ repo: string }> };
    const [moved, rows] = table.repositories;
    expect(moved?.repo).toBe(`${OWNER}/from-kv`);
    expect({ ...moved, repo: rows?.repo }).toEqual(rows);

    const series = async (repo: string) =>
      (await (await fetchWorker(`/report/${OWNER}/${repo}?from=${summaryStart(TODAY)}`, { headers: auth }, REPOS)).json()) as Record<
        string,
        unknown
      >;
    expect({ ...(await series('from-kv')), repo: `${OWNER}/in-rows` }).toEqual(await series('in-rows'));

    const exported = (await bodyText(await fetchWorker('/report/export', { headers: auth }, REPOS)))
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line) as { repo: string });
    expect({ ...exported[0], repo: `${OWNER}/in-rows` }).toEqual(exported[1]);
    expect(await readHistory(storesOf(env), { owner: OWNER, repo: 'from-kv' })).toEqual(historyWithForks);
    expect(await readStatus(storesOf(env), { owner: OWNER, repo: 'from-kv' })).toEqual(status);

    // Moved once: the KV keys are as they were, and no longer read.
    expect([
      await env.REPORTS.get(historyKey({ owner: OWNER, repo: 'from-kv' })),
      await env.REPORTS.get(statusKey({ owner: OWNER, repo: 'from-kv' })),
    ]).toEqual(kvBefore);
    const reads: string[] = [];
    await counterFor(env.COUNTER, { owner: OWNER, repo: 'from-kv' }).history();
    await fetchWorker('/report', { headers: auth }, { ...REPOS, REPORTS: kvRecordingReads(reads) });
    expect(reads.filter((key) => key.startsWith('history:') || key.startsWith('status:'))).toEqual([]);
  });

  it('a KV history that cannot be read is left where it is, not moved, and said to be unreadable', async () => {
    await env.REPORTS.put(`history:${OWNER}/broken`, '{"traffic": [');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await fetchWorker(`/report/${OWNER}/broken`, { headers: auth }, { REPOS: `${OWNER}/broken` });
    expect(response.status).toBe(500);
    errors.mockRestore();
    const refused = await readHistory(storesOf(env), { owner: OWNER, repo: 'broken' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(String(refused)).toBe(`Error: unreadable stored data: history:${OWNER}/broken is not JSON; left untouched`);
    // Mended by hand, it moves in at the next call.
    await env.REPORTS.put(
      `history:${OWNER}/broken`,
      JSON.stringify({
        traffic: { '2026-01-05': { views: 3, viewUniques: 1, clones: 0, cloneUniques: 0 } },
        counts: {},
        starsGained: {},
        referrers: {},
        paths: {},
      }),
    );
    expect((await readHistory(storesOf(env), { owner: OWNER, repo: 'broken' })).traffic).toEqual({
      '2026-01-05': { views: 3, viewUniques: 1, clones: 0, cloneUniques: 0 },
    });
  });
});

describe('the collector schedule an earlier deployment kept in KV', () => {
  const OWNER = 'legacy-co';
  it('lists its expanded names in reports before the first run, and the first run goes on where its round-robin stood', async () => {
    await setScenario(OWNER, { today: TODAY, token: TEST_GITHUB_TOKEN, repos: ['a', 'b', 'c', 'd'].map((name) => makeStandInRepo(name)) });
    const repos = ['a', 'b', 'c', 'd'].map((name) => `${OWNER}/${name}`);
    // As the earlier collector wrote it (CollectorCursor in kv-layout.ts): a and b refreshed, c next.
    await env.REPORTS.put(
      'collector:cursor',
      JSON.stringify({ position: 2, repos, expandedAt: `${TODAY}T00:10:00.000Z`, source: `${OWNER}/*`, backfills: [] }),
    );
    expect((await registryOf(env.REGISTRY).listed()).expanded).toBeNull(); // no run with the registry's schedule yet
    const listedRepos = async () =>
      (
        (await (await fetchWorker('/report', { headers: auth }, { REPOS: `${OWNER}/*` })).json()) as {
          repositories: Array<{ repo: string }>;
        }
      ).repositories.map((line) => line.repo);
    expect(await listedRepos()).toEqual(repos);

    const tracked = parseRepoList(`${OWNER}/*`).patterns;
    const run = await runCollector(
      makeCollectorDeps({ tracked, reposSource: `${OWNER}/*`, maxReposPerRun: 2 }),
      Date.parse(`${TODAY}T12:00:00Z`),
    );
    expect(run.errors).toEqual([]);
    expect(run.refreshed.map((outcome) => outcome.repo)).toEqual([`${OWNER}/c`, `${OWNER}/d`]);
    expect((await registryOf(env.REGISTRY).listed()).expanded).toEqual(repos);
    expect(await listedRepos()).toEqual(repos);
  });
});
