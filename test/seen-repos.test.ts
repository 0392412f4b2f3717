import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { runCollector } from '../src/jobs/run-collector';
import { parseRepoList } from '../src/repos';
import { registryOf } from '../src/registry/registry-client';
import { makeCollectorDeps } from './collector-deps';
import { TEST_REPORT_TOKEN } from './constants';
import { makeStandInRepo, requestsFor, setScenario } from './github/scenario';
import { bodyText, CAMO_UA, counterOf, fetchWorker, kvRecordingReads } from './worker';

const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };
const OWNER = 'seen-org';
/** Only an owner/* entry tracks these: anyone can make up a name under it. */
const WILDCARD = { REPOS: `${OWNER}/*` };
const view = (repo: string, owner = OWNER) =>
  fetchWorker(`/p/${owner}/${repo}.gif`, { headers: { 'user-agent': CAMO_UA } }, { REPOS: `${owner}/*` });
const reportRepos = async (bindings: Partial<Env> = WILDCARD) =>
  (
    (await (await fetchWorker('/report', { headers: auth }, bindings)).json()) as {
      repositories: Array<{ repo: string; impressions: { allTime: number } }>;
    }
  ).repositories.map((line) => [line.repo, line.impressions.allTime]);
const exportedRepos = async () =>
  (await bodyText(await fetchWorker('/report/export', { headers: auth }, WILDCARD)))
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => (JSON.parse(line) as { repo: string }).repo);
const collect = (owner: string, overrides: Parameters<typeof makeCollectorDeps>[0] = {}) =>
  runCollector(makeCollectorDeps({ tracked: parseRepoList(`${owner}/*`).patterns, reposSource: `${owner}/*`, ...overrides }), Date.now());
const kvKeys = async (prefix: string) => (await env.REPORTS.list({ prefix })).keys.map((key) => key.name);

describe('names under owner/*', () => {
  it('are counted, but listed only once GitHub confirms them: public and private ones stay, made-up ones are cleared', async () => {
    // GitHub knows a public repository and a private one (which only the token sees, and the owner's list leaves out).
    await setScenario(OWNER, {
      today: '2026-12-01',
      token: 'ghp_standInToken0123456789',
      repos: [makeStandInRepo('public-one'), makeStandInRepo('private-one', { private: true })],
    });
    for (let i = 0; i < 3; i++) await view('private-one');
    await view('public-one');
    for (let i = 0; i < 3; i++) await view(`spam-${i}`);

    // Counted, and nothing lasting yet: no KV write, no report row, no export line.
    expect(await counterOf(OWNER, 'spam-0').count(null)).toBe(1);
    expect(await kvKeys(`seen:${OWNER}/`)).toEqual([]);
    expect(await reportRepos()).toEqual([]);
    expect(await exportedRepos()).toEqual([]);

    // Each run asks GitHub about at most 3 new names (the listed public one costs no request).
    await requestsFor(OWNER, true);
    const first = await collect(OWNER);
    const second = await collect(OWNER);
    expect([...first.confirmed, ...second.confirmed].sort()).toEqual([`${OWNER}/private-one`, `${OWNER}/public-one`]);
    expect([...first.refused, ...second.refused].sort()).toEqual([`${OWNER}/spam-0`, `${OWNER}/spam-1`, `${OWNER}/spam-2`]);
    const asked = (await requestsFor(OWNER)).filter((request) => request.kind === 'repo' && !/\/(public-one)$/.test(request.path));
    expect(asked.map((request) => [request.path, request.status]).sort()).toEqual([
      [`/repos/${OWNER}/private-one`, 200],
      [`/repos/${OWNER}/spam-0`, 404],
      [`/repos/${OWNER}/spam-1`, 404],
      [`/repos/${OWNER}/spam-2`, 404],
    ]);

    expect(await reportRepos()).toEqual([
      [`${OWNER}/private-one`, 3],
      [`${OWNER}/public-one`, 1],
    ]);
    expect(await exportedRepos()).toEqual([`${OWNER}/private-one`, `${OWNER}/public-one`]);
    for (let i = 0; i < 3; i++) expect(await counterOf(OWNER, `spam-${i}`).count(null)).toBe(0);
    expect(await kvKeys(`seen:${OWNER}/`)).toEqual([]);
  });

  it('a made-up name viewed again after it was refused is cleared again without asking GitHub', async () => {
    const owner = 'seen-again';
    await setScenario(owner, { today: '2026-12-01', token: 'ghp_standInToken0123456789', repos: [] });
    await view('nope', owner);
    await collect(owner);
    expect(await counterOf(owner, 'nope').count(null)).toBe(0);

    await requestsFor(owner, true);
    await view('nope', owner);
    await view('nope', owner);
    expect(await counterOf(owner, 'nope').count(null)).toBe(2);
    const run = await collect(owner);
    expect(run.refused).toEqual([]);
    expect(await counterOf(owner, 'nope').count(null)).toBe(0);
    expect((await requestsFor(owner)).filter((request) => request.kind === 'repo')).toEqual([]);
    expect(await reportRepos({ REPOS: `${owner}/*` })).toEqual([]);
  });

  it('without a token a 404 proves nothing (a private repository answers 404 then): the name waits, its views kept', async () => {
    const owner = 'seen-anonymous';
    await setScenario(owner, { today: '2026-12-01', repos: [] });
    await view('maybe-private', owner);
    const run = await collect(owner, { token: null });
    expect(run.refused).toEqual([]);
    expect(await counterOf(owner, 'maybe-private').count(null)).toBe(1);
    expect(await registryOf(env.REGISTRY).namesToCheck(100, new Date().toISOString())).toContainEqual({
      slug: `${owner}/maybe-private`,
      state: 'pending',
      listed: false,
    });
  });

  it('an import (made with REPORT_TOKEN) lists its repositories at once, and seen: keys of older deployments stay listed', async () => {
    const header = JSON.stringify({ format: 'repo-impressions-export', version: 1, exportedAt: new Date().toISOString(), repositories: 1 });
    const line = JSON.stringify({
      repo: 'moved-org/imported',
      history: { traffic: {}, counts: {}, starsGained: {}, referrers: {}, paths: {} },
      views: [{ day: '2026-11-01', page: 'readme', source: 'github-camo', views: 4 }],
      visitors: [],
    });
    const imported = await fetchWorker(
      '/report/import',
      { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: `${header}\n${line}\n` },
      { REPOS: 'moved-org/*' },
    );
    expect(await imported.json()).toEqual({ imported: 1, historiesWritten: 0 });
    await env.REPORTS.put('seen:moved-org/from-before', '');
    expect(await reportRepos({ REPOS: 'moved-org/*' })).toEqual([
      ['moved-org/from-before', 0],
      ['moved-org/imported', 4],
    ]);
  });

  it('with only explicit entries in REPOS, nothing is listed from KV', async () => {
    const reads: string[] = [];
    await fetchWorker('/report', { headers: auth }, { REPOS: `${OWNER}/private-one`, REPORTS: kvRecordingReads(reads) });
    expect(reads.filter((key) => key === 'collector:cursor')).toEqual([]);
  });
});
