import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { LIST_PAGES_PER_RUN, runCollector } from '../src/jobs/run-collector';
import { registryOf } from '../src/registry/registry-client';
import { parseRepoList } from '../src/repos';
import { makeCollectorDeps } from './collector-deps';
import { makeStandInRepo, requestsFor, setScenario } from './github/scenario';

const TOKEN = 'ghp_standInToken0123456789';
const noonOf = (day: string) => Date.parse(`${day}T12:00:00Z`);
const pagesRequested = async (owner: string) =>
  (await requestsFor(owner))
    .filter((request) => request.kind === 'list')
    .map((request) => Number(new URL(request.path, 'http://x').searchParams.get('page')));

/**
 * An owner with more repositories than a run may list (10,000 under `owner/*` are 100 pages of GitHub's 100):
 * the expansion reads LIST_PAGES_PER_RUN pages a run, the runs refresh the names known meanwhile, and the
 * schedule is the registry's rows, not a KV value rewritten each run.
 */
describe('an owner/* entry with many pages', () => {
  const OWNER = 'expansion-co';
  const names = (count: number) => Array.from({ length: count }, (_, i) => `r${String(i).padStart(2, '0')}`);
  const deps = (overrides: Parameters<typeof makeCollectorDeps>[0] = {}) =>
    makeCollectorDeps({ tracked: parseRepoList(`${OWNER}/*`).patterns, reposSource: `${OWNER}/*`, maxReposPerRun: 3, ...overrides });

  it('is listed a few pages a run, refreshed meanwhile, and loses the names GitHub no longer lists when the next expansion ends', async () => {
    // 23 repositories, 2 a page: 12 pages, read over three runs.
    await setScenario(OWNER, { today: '2026-05-01', token: TOKEN, perPage: 2, repos: names(23).map((name) => makeStandInRepo(name)) });
    const runs = [];
    for (let run = 0; run < 4; run++) runs.push(await runCollector(deps(), noonOf('2026-05-01') + run * 600_000));
    expect(runs.map((run) => run.errors)).toEqual([[], [], [], []]);
    expect(runs.map((run) => run.listPages)).toEqual([LIST_PAGES_PER_RUN, LIST_PAGES_PER_RUN, 2, 0]);
    expect(await pagesRequested(OWNER)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(runs.map((run) => run.tracked)).toEqual([10, 20, 23, 23]);
    // Refreshes did not wait for the whole list: the first run refreshed the first names it had.
    expect(runs.map((run) => run.refreshed.map((outcome) => outcome.repo.slice(OWNER.length + 1)))).toEqual([
      ['r00', 'r01', 'r02'],
      ['r03', 'r04', 'r05'],
      ['r06', 'r07', 'r08'],
      ['r09', 'r10', 'r11'],
    ]);
    expect(runs.map((run) => run.kvWrites)).toEqual([0, 0, 0, 0]);

    // The next day r05 is gone (deleted or made private): the new expansion drops it once it has read every page.
    await setScenario(OWNER, {
      today: '2026-05-02',
      token: TOKEN,
      perPage: 2,
      repos: names(23)
        .filter((name) => name !== 'r05')
        .map((name) => makeStandInRepo(name)),
    });
    const listed = async () => (await registryOf(env.REGISTRY).listed()).expanded?.filter((slug) => slug.startsWith(`${OWNER}/`)) ?? [];
    const nextDay = noonOf('2026-05-02');
    await runCollector(deps(), nextDay);
    expect(await listed()).toContain(`${OWNER}/r05`); // still listed while the expansion is under way
    await runCollector(deps(), nextDay + 600_000);
    const last = await runCollector(deps(), nextDay + 1_200_000);
    expect(last.listPages).toBe(1); // 22 names: 11 pages
    expect(await listed()).toEqual(
      names(23)
        .filter((name) => name !== 'r05')
        .map((name) => `${OWNER}/${name}`),
    );

    // A day on, GitHub lists the same: the expansion writes no name and no page, only its progress and the
    // round-robin's place (re-marking 22 names a day would be 10,000 rows a day for 10,000 repositories).
    const sameList = [];
    for (let run = 0; run < 3; run++) sameList.push(await runCollector(deps(), noonOf('2026-05-03') + run * 600_000));
    expect(sameList.map((run) => run.listPages)).toEqual([LIST_PAGES_PER_RUN, LIST_PAGES_PER_RUN, 1]);
    for (const run of sameList) expect(run.scheduleRowsWritten).toBeLessThanOrEqual(3);
  });

  it('keeps the names an owner had when GitHub refuses its list', async () => {
    const before = (await registryOf(env.REGISTRY).listed()).expanded ?? [];
    await setScenario(OWNER, { today: '2026-05-04', token: TOKEN, perPage: 2, repos: names(4).map((name) => makeStandInRepo(name)) });
    // A day on, with a token GitHub rejects: the list fails, and the expansion ends keeping what it had.
    const run = await runCollector(deps({ github: makeCollectorDeps({ token: 'ghp_revoked' }).github }), noonOf('2026-05-04'));
    expect(run.errors.some((error) => /401/.test(error))).toBe(true);
    expect(run.listPages).toBe(1);
    expect((await registryOf(env.REGISTRY).listed()).expanded).toEqual(before);
  });
});
