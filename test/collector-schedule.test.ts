import { describe, expect, it } from 'vitest';
import { runCollector, type CollectorSummary } from '../src/jobs/run-collector';
import { addDays } from '../src/dates';
import { parseRepoList } from '../src/repos';
import { makeCollectorDeps } from './collector-deps';
import { makeStandInRepo, setScenario } from './github/scenario';

const TOKEN = 'ghp_standInToken0123456789';
const CRON_PERIOD_MS = 600_000;
const INTERVAL_MS = 24 * 3_600_000;

/** Stars still held by day over `weeks` weeks ending in the week of `today`: `pages` pages of GitHub's 30 weeks. */
function starHistoryOf(pages: number, today: string) {
  const weeks = pages * 30 - 4;
  return { firstDay: addDays(today, -(weeks - 1) * 7), days: Array.from({ length: weeks * 7 }, (_, i): number => (i % 4 === 0 ? 1 : 0)) };
}

/**
 * The schedule the README promises: no repository waits longer than REFRESH_INTERVAL_HOURS plus one cron period,
 * and a run with budget left never idles while repositories are due. The scenario that once stalled the collector
 * for a day after each backfill: 12 repositories, 4 of them with star histories of 3, 4, 6 and 12 pages (as any
 * repository older than 30 weeks has), the default settings (3 repositories and 45 GitHub requests a run, every
 * 24 h), the cron every 10 minutes for 50 simulated hours.
 */
describe('the collector schedule with multi-page star histories', () => {
  it('refreshes every repository on time, idles no run while one is due, and finishes the backfills between refreshes', async () => {
    const OWNER = 'schedule-co';
    const TODAY = '2026-09-16';
    const pagesOf: Record<string, number> = { 'repo-00': 12, 'repo-03': 3, 'repo-06': 6, 'repo-09': 4 };
    const names = Array.from({ length: 12 }, (_, i) => `repo-${String(i).padStart(2, '0')}`);
    const repos = names.map((name) => {
      const pages = pagesOf[name];
      if (pages === undefined) return makeStandInRepo(name);
      const starHistory = starHistoryOf(pages, TODAY);
      return makeStandInRepo(name, {
        starHistory,
        stars: starHistory.days.slice(0, starHistory.days.length - 3).reduce((sum, n) => sum + n, 0),
      });
    });
    await setScenario(OWNER, { today: TODAY, token: TOKEN, repos });

    const tracked = parseRepoList(names.map((name) => `${OWNER}/${name}`).join(', ')).patterns;
    const start = Date.parse(`${TODAY}T00:00:00Z`);
    const refreshedAt = new Map<string, number[]>(names.map((name) => [`${OWNER}/${name}`, []]));
    const runs: Array<{ time: number; summary: CollectorSummary; dueBefore: string[] }> = [];
    for (let run = 0; run < 300; run++) {
      const time = start + run * CRON_PERIOD_MS;
      const dueBefore = [...refreshedAt]
        .filter(([, times]) => times.length === 0 || (times.at(-1) as number) + INTERVAL_MS <= time)
        .map(([repo]) => repo);
      const deps = makeCollectorDeps({
        tracked,
        reposSource: tracked.map((pattern) => `${pattern.owner}/${pattern.repo}`).join(','),
        refreshIntervalMs: INTERVAL_MS,
        maxReposPerRun: 3,
        maxGithubRequestsPerRun: 45,
      });
      const summary = await runCollector(deps, time);
      expect(summary.errors, `run ${run}`).toEqual([]);
      for (const { repo } of summary.refreshed) refreshedAt.get(repo)?.push(time);
      runs.push({ time, summary, dueBefore });
    }

    // Zero idle runs: every run that began with repositories due refreshed some.
    const idle = runs.filter(({ summary, dueBefore }) => dueBefore.length > 0 && summary.refreshed.length === 0);
    expect(idle.map(({ time }) => new Date(time).toISOString())).toEqual([]);
    // The first round takes the 4 runs that 12 repositories at 3 a run need.
    for (const [repo, times] of refreshedAt) expect(times[0], repo).toBeLessThanOrEqual(start + 3 * CRON_PERIOD_MS);
    // The largest gap between two refreshes of one repository, and the wait to the end of the 50 hours.
    const end = start + 300 * CRON_PERIOD_MS;
    const gaps = [...refreshedAt.values()].flatMap((times) => [
      ...times.slice(1).map((time, i) => time - (times[i] as number)),
      end - (times.at(-1) as number),
    ]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(INTERVAL_MS + CRON_PERIOD_MS);
    for (const [repo, times] of refreshedAt) expect(times, repo).toHaveLength(3); // at 0–30 min, 24 h and 48 h
    // No refresh came early: a backfill never makes a repository refresh again before it is due.
    expect(
      Math.min(...[...refreshedAt.values()].flatMap((times) => times.slice(1).map((time, i) => time - (times[i] as number)))),
    ).toBeGreaterThanOrEqual(INTERVAL_MS);

    // Every older star-history page loaded once, between refreshes, in the runs after the first round.
    const backfilled = runs.flatMap(({ summary }) => summary.backfilled);
    const pagesLoaded = (repo: string) =>
      backfilled.filter((entry) => entry.repo === `${OWNER}/${repo}`).reduce((sum, entry) => sum + entry.pagesLoaded, 0);
    expect(Object.fromEntries(Object.keys(pagesOf).map((repo) => [repo, pagesLoaded(repo)]))).toEqual({
      'repo-00': 11,
      'repo-03': 2,
      'repo-06': 5,
      'repo-09': 3,
    });
    expect(Math.max(...runs.map(({ summary }) => summary.githubRequests))).toBeLessThanOrEqual(45);
  });
});
