import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { addDays } from '../src/dates';
import { runCollector } from '../src/jobs/run-collector';
import { parsePackageList } from '../src/packages/package-list';
import { parseRepoList } from '../src/repos';
import { readStatus, storesOf } from '../src/stores/repo-store';
import { TEST_REPORT_TOKEN } from './constants';
import { makeCollectorDeps } from './collector-deps';
import { makeStandInRepo, setScenario } from './github/scenario';
import { registryApis, registryRequests, setPackage } from './registries/scenario';
import { fetchWorker } from './worker';

const TOKEN = 'ghp_standInToken0123456789';
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };
const noonOf = (day: string) => Date.parse(`${day}T12:00:00Z`);
const TODAY = '2026-05-20';

/** `count` days of downloads ending the day before `today` (registries publish a day late), `perDay(i)` each. */
const daysOf = (count: number, perDay: (i: number) => number) =>
  Array.from({ length: count }, (_, i) => ({ day: addDays(TODAY, -count + i), downloads: perDay(i) }));

async function downloadsOn(owner: string, from: string, to: string): Promise<number[]> {
  const response = await fetchWorker(`/report/${owner}/rocket?from=${from}&to=${to}`, { headers: auth }, { REPOS: `${owner}/rocket` });
  return ((await response.json()) as { days: Array<{ downloads: number }> }).days.map((day) => day.downloads);
}

function depsFor(owner: string, packages: string, refreshIntervalMs = 3_600_000) {
  return makeCollectorDeps({
    tracked: parseRepoList(`${owner}/rocket`).patterns,
    reposSource: owner,
    refreshIntervalMs,
    packages: { byRepo: parsePackageList(packages).byRepo, apis: registryApis },
  });
}

describe('package downloads (PACKAGES)', () => {
  it("keeps each registry's daily downloads, summed over the repository's packages, asked once a day", async () => {
    const owner = 'pkg-co';
    await setScenario(owner, { today: TODAY, token: TOKEN, repos: [makeStandInRepo('rocket')] });
    await setPackage('npm', 'rocket-js', { days: daysOf(600, (i) => 100 + i) }); // more than npm's 18 months
    await setPackage('pypistats', 'rocket', { days: daysOf(200, (i) => 10 + (i % 7)) }); // pypistats keeps 180
    await setPackage('crates', 'rocket', { days: daysOf(120, (i) => 3 * i + 1) }); // crates.io gives 90
    await registryRequests(true);

    await runCollector(depsFor(owner, `${owner}/rocket=npm:rocket-js,pypi:Rocket,crates:rocket`), noonOf(TODAY));
    const asked = await registryRequests(true);
    expect(asked.map((request) => request.path)).toEqual([
      `/npm/downloads/range/${addDays(TODAY, -539)}:${TODAY}/rocket-js`,
      '/pypistats/api/packages/rocket/overall?mirrors=false',
      '/crates/api/v1/crates/rocket/downloads',
    ]);
    expect(asked.every((request) => request.userAgent?.startsWith('repo-impressions ('))).toBe(true);

    // Yesterday: npm's 699, PyPI's 10 + 199 % 7 = 13, crates.io's 3 × 119 + 1 = 358.
    const yesterday = addDays(TODAY, -1);
    expect(await downloadsOn(owner, yesterday, TODAY)).toEqual([699 + 13 + 358, 0]);
    // 91 days back: npm's and PyPI's only (crates.io gives 90); 539 days back: npm's only, its first day asked.
    expect(await downloadsOn(owner, addDays(TODAY, -91), addDays(TODAY, -91))).toEqual([100 + 509 + 10 + (109 % 7)]);
    expect(await downloadsOn(owner, addDays(TODAY, -539), addDays(TODAY, -539))).toEqual([100 + 61]);
    expect(await downloadsOn(owner, addDays(TODAY, -540), addDays(TODAY, -540))).toEqual([0]);

    // Another refresh the same day asks no registry; the next day's asks from two days before the last stored.
    await runCollector(depsFor(owner, `${owner}/rocket=npm:rocket-js,pypi:Rocket,crates:rocket`, 1), noonOf(TODAY) + 60_000);
    expect(await registryRequests(true)).toEqual([]);
    await runCollector(depsFor(owner, `${owner}/rocket=npm:rocket-js`, 1), noonOf(addDays(TODAY, 1)));
    expect((await registryRequests(true)).map((request) => request.path)).toEqual([
      `/npm/downloads/range/${addDays(TODAY, -3)}:${addDays(TODAY, 1)}/rocket-js`,
    ]);
    const status = await readStatus(storesOf(env), { owner, repo: 'rocket' });
    expect(status.packages).toEqual({ 'npm:rocket-js': { askedOn: addDays(TODAY, 1), failure: null } });
  });

  it('a registry that fails or rate-limits fails that package alone, says so, and is asked again', async () => {
    const owner = 'pkg-faults';
    await setScenario(owner, { today: TODAY, token: TOKEN, repos: [makeStandInRepo('rocket')] });
    await setPackage('npm', 'rocket-ok', { days: daysOf(3, () => 50) });
    await setPackage('pypistats', 'rocket-limited', { days: daysOf(3, () => 5), failWith: 429 });
    const packages = `${owner}/rocket=npm:rocket-ok,pypi:rocket-limited,crates:rocket-missing`;
    await runCollector(depsFor(owner, packages), noonOf(TODAY));

    const status = await readStatus(storesOf(env), { owner, repo: 'rocket' });
    expect(status.state).toBe('ok'); // GitHub's refresh went well
    expect(status.message).toBe(
      'pypi:rocket-limited: the registry is rate-limiting requests; the next refresh asks again. ' +
        'crates:rocket-missing: the registry knows no such package; check its name in PACKAGES.',
    );
    expect(await downloadsOn(owner, addDays(TODAY, -1), addDays(TODAY, -1))).toEqual([50]);

    await setPackage('pypistats', 'rocket-limited', { days: daysOf(3, () => 5) });
    await registryRequests(true);
    await runCollector(depsFor(owner, packages, 1), noonOf(TODAY) + 60_000);
    // The answered package is not asked again today; the two that failed are.
    expect((await registryRequests(true)).map((request) => request.path.split('/')[1])).toEqual(['pypistats', 'crates']);
    expect(await downloadsOn(owner, addDays(TODAY, -1), addDays(TODAY, -1))).toEqual([55]);
    expect((await readStatus(storesOf(env), { owner, repo: 'rocket' })).message).toBe(
      'crates:rocket-missing: the registry knows no such package; check its name in PACKAGES.',
    );
  });
});
