import { env } from 'cloudflare:workers';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { runCollector } from '../src/jobs/run-collector';
import { parseRepoList } from '../src/repos';
import type { RepoReport } from '../src/report/responses';
import { readStatus, storesOf } from '../src/stores/repo-store';
import { TEST_REPORT_TOKEN } from './constants';
import { makeCollectorDeps } from './collector-deps';
import { makeStandInRepo, requestsFor, schemaViolations, setScenario, updateScenario } from './github/scenario';
import type { StandInIssue } from './github/scenario-types';
import { fetchWorker } from './worker';

const OWNER = 'funnel-co';
const TOKEN = 'ghp_standInToken0123456789';
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };
const noonOf = (day: string) => Date.parse(`${day}T12:00:00Z`);
const TODAY = '2026-04-10';

// Opened over the 28 days the first refresh counts whole (from 2026-03-14), and one long before them.
const ISSUES: StandInIssue[] = [
  { number: 1, createdAt: '2025-01-05T09:00:00Z', updatedAt: '2026-04-01T09:00:00Z', authorAssociation: 'NONE' }, // too old
  {
    number: 40,
    createdAt: '2026-03-14T00:00:00Z',
    updatedAt: '2026-03-14T01:00:00Z',
    authorAssociation: 'FIRST_TIME_CONTRIBUTOR',
    pull: true,
  },
  { number: 41, createdAt: '2026-04-02T10:00:00Z', updatedAt: '2026-04-02T10:00:00Z', authorAssociation: 'NONE' },
  { number: 42, createdAt: '2026-04-02T11:00:00Z', updatedAt: '2026-04-03T11:00:00Z', authorAssociation: 'MEMBER', state: 'closed' },
  { number: 43, createdAt: '2026-04-02T12:00:00Z', updatedAt: '2026-04-02T12:00:00Z', authorAssociation: 'NONE', bot: true, pull: true },
  { number: 44, createdAt: '2026-04-09T08:00:00Z', updatedAt: '2026-04-09T08:00:00Z', authorAssociation: 'FIRST_TIMER', pull: true },
  { number: 45, createdAt: '2026-04-10T08:00:00Z', updatedAt: '2026-04-10T08:00:00Z', authorAssociation: 'CONTRIBUTOR' },
];

async function dayOf(day: string) {
  const response = await fetchWorker(`/report/${OWNER}/widget?from=${day}&to=${day}`, { headers: auth }, { REPOS: `${OWNER}/widget` });
  return ((await response.json()) as RepoReport & { days: Array<Record<string, number>> }).days[0];
}

describe('issues and pull requests opened (GET /repos/{owner}/{repo}/issues)', () => {
  it('counts each once on the day it was opened, first-timers apart, bots and days not counted whole left out', async () => {
    await setScenario(OWNER, { today: TODAY, token: TOKEN, repos: [makeStandInRepo('widget', { issues: ISSUES })] });
    const tracked = parseRepoList(`${OWNER}/widget`).patterns;
    await runCollector(makeCollectorDeps({ tracked, reposSource: 'funnel' }), noonOf(TODAY));

    const asked = (await requestsFor(OWNER, true)).filter((request) => request.kind === 'issues');
    expect(asked).toHaveLength(1);
    const query = new URL(`http://x${asked[0]?.path}`).searchParams;
    expect(Object.fromEntries(query)).toEqual({
      state: 'all',
      since: '2026-03-14T00:00:00Z',
      sort: 'updated',
      direction: 'asc',
      per_page: '100',
    });
    expect(await dayOf('2026-03-14')).toMatchObject({ issuesOpened: 0, pullsOpened: 1, firstContributions: 1 });
    // The bot's pull request is left out; the closed issue counts (state=all); a MEMBER is not new.
    expect(await dayOf('2026-04-02')).toMatchObject({ issuesOpened: 2, pullsOpened: 0, firstContributions: 1 });
    expect(await dayOf('2026-04-09')).toMatchObject({ issuesOpened: 0, pullsOpened: 1, firstContributions: 1 });
    expect(await dayOf('2026-04-10')).toMatchObject({ issuesOpened: 1, pullsOpened: 0, firstContributions: 0 });
    expect(await dayOf('2025-01-05')).toMatchObject({ issuesOpened: 0 });
    const status = await readStatus(storesOf(env), { owner: OWNER, repo: 'widget' });
    expect(status.contributions).toEqual({ from: '2026-03-14', since: '2026-04-10T08:00:00Z' });
    expect(await dayOf('2026-04-10')).toMatchObject({ issuesOpened: 1 });

    // The repository unchanged (a 304): no issue was opened, and nothing more is asked.
    const later = makeCollectorDeps({ tracked, reposSource: 'funnel', refreshIntervalMs: 1 });
    await runCollector(later, noonOf(TODAY) + 60_000);
    expect((await requestsFor(OWNER, true)).filter((request) => request.kind === 'issues')).toEqual([]);
    // Then an issue is commented on and another opened (its open_issues_count goes up): listed from the last update
    // seen, which GitHub's `since` includes, so #45 comes again; each is counted once.
    await updateScenario(OWNER, {
      repos: [
        makeStandInRepo('widget', {
          openIssues: 4,
          issues: [
            ...ISSUES.map((issue) => (issue.number === 44 ? { ...issue, updatedAt: '2026-04-10T11:00:00Z' } : issue)),
            { number: 46, createdAt: '2026-04-10T11:30:00Z', updatedAt: '2026-04-10T11:30:00Z', authorAssociation: 'NONE' },
          ],
        }),
      ],
    });
    await runCollector(later, noonOf(TODAY) + 120_000);
    const listed = (await requestsFor(OWNER, true)).filter((request) => request.kind === 'issues');
    expect(listed.map((request) => [new URL(`http://x${request.path}`).searchParams.get('since'), request.status])).toEqual([
      ['2026-04-10T08:00:00Z', 200],
    ]);
    expect(await dayOf('2026-04-09')).toMatchObject({ issuesOpened: 0, pullsOpened: 1, firstContributions: 1 });
    expect(await dayOf('2026-04-10')).toMatchObject({ issuesOpened: 2, pullsOpened: 0, firstContributions: 1 });

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(noonOf(TODAY));
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const table = (await (await fetchWorker('/report', { headers: auth }, { REPOS: `${OWNER}/widget` })).json()) as {
      repositories: Array<{ contributions: unknown }>;
    };
    expect(table.repositories[0]?.contributions).toEqual({ issues28: 4, pulls28: 2, firstTimers28: 4 });
    expect(await schemaViolations()).toEqual([]);
  });

  it('pages through a busy repository one page a refresh, resuming from the last update seen', async () => {
    const owner = 'funnel-busy';
    const issues: StandInIssue[] = Array.from({ length: 150 }, (_, i) => ({
      number: i + 1,
      createdAt: '2026-04-05T00:00:00Z',
      updatedAt: new Date(Date.parse('2026-04-05T00:00:00Z') + i * 60_000).toISOString().replace('.000Z', 'Z'),
      authorAssociation: i % 3 === 0 ? 'FIRST_TIME_CONTRIBUTOR' : 'CONTRIBUTOR',
    }));
    await setScenario(owner, { today: TODAY, token: TOKEN, repos: [makeStandInRepo('hive', { issues })] });
    const tracked = parseRepoList(`${owner}/hive`).patterns;
    await runCollector(makeCollectorDeps({ tracked, reposSource: 'busy' }), noonOf(TODAY));
    await runCollector(makeCollectorDeps({ tracked, reposSource: 'busy', refreshIntervalMs: 1 }), noonOf(TODAY) + 60_000);
    const since = (await requestsFor(owner))
      .filter((request) => request.kind === 'issues')
      .map((request) => new URL(`http://x${request.path}`).searchParams.get('since'));
    // The 100th item was updated at minute 99: the second page starts there.
    expect(since).toEqual(['2026-03-14T00:00:00Z', '2026-04-05T01:39:00Z']);
    const response = await fetchWorker(
      `/report/${owner}/hive?from=2026-04-05&to=2026-04-05`,
      { headers: auth },
      { REPOS: `${owner}/hive` },
    );
    const day = ((await response.json()) as { days: Array<Record<string, number>> }).days[0];
    expect(day).toMatchObject({ issuesOpened: 150, firstContributions: 50 });
  });
});
