import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { runCollector } from '../src/jobs/run-collector';
import { addDays } from '../src/dates';
import { dailyGains } from '../src/history/gains';
import { parseRepoList } from '../src/repos';
import { readHistory, readStatus, storesOf } from '../src/stores/repo-store';
import { makeCollectorDeps } from './collector-deps';
import { makeStandInRepo, requestsFor, setScenario, updateScenario } from './github/scenario';

const TOKEN = 'ghp_standInToken0123456789';
const TEN_MINUTES = 600_000;
const noonOf = (day: string) => Date.parse(`${day}T12:00:00Z`);

/**
 * Stars still held by day for `weeks` weeks ending in the week of `today`, GitHub's weeks starting on `firstDay`
 * (a Wednesday here: no weekday is assumed), with a burst of 40 stars on one day.
 */
function makeStarDays(firstDay: string, weeks: number, burstDay: number) {
  return { firstDay, days: Array.from({ length: weeks * 7 }, (_, i) => (i === burstDay ? 40 : (i * 7) % 5 === 0 ? 2 : i % 3)) };
}

/** What each day should hold: the scenario's days up to today, by UTC day. */
function expectedGains(history: { firstDay: string; days: number[] }, today: string): Record<string, number> {
  const gains: Record<string, number> = {};
  history.days.forEach((stars, i) => {
    const day = addDays(history.firstDay, i);
    if (day <= today) gains[day] = stars;
  });
  return gains;
}

async function runDay(owner: string, names: string[], from: number, runs: number, maxGithubRequestsPerRun = 45) {
  const tracked = parseRepoList(names.map((name) => `${owner}/${name}`).join(',')).patterns;
  const summaries = [];
  for (let run = 0; run < runs; run++) {
    summaries.push(
      await runCollector(
        makeCollectorDeps({ tracked, reposSource: owner, maxReposPerRun: 3, maxGithubRequestsPerRun }),
        from + run * TEN_MINUTES,
      ),
    );
  }
  return summaries;
}

describe("GitHub's star history (weeks, newest first, 30 a page)", () => {
  it('loads 80 weeks exactly on the first day of cron runs, and the stored gains add up to stargazers_count', async () => {
    const OWNER = 'stars-eighty';
    const TODAY = '2026-03-18'; // a Wednesday: the 80th week starts today
    const history = makeStarDays(addDays(TODAY, -79 * 7), 80, 500);
    const total = history.days.filter((_, i) => addDays(history.firstDay, i) <= TODAY).reduce((sum, stars) => sum + stars, 0);
    await setScenario(OWNER, { today: TODAY, token: TOKEN, repos: [makeStandInRepo('galaxy', { stars: total, starHistory: history })] });

    const summaries = await runDay(OWNER, ['galaxy'], noonOf(TODAY), 3);
    // The first refresh (with the README, its commits and the issues) learns there are 3 pages; the next run loads the two
    // older ones and nothing else: the repository is not refreshed again before it is due.
    expect(summaries.map((summary) => summary.githubRequests)).toEqual([9, 2, 0]);
    expect(summaries.map((summary) => summary.backfilled)).toEqual([[], [{ repo: `${OWNER}/galaxy`, pagesLoaded: 2 }], []]);
    const pages = (await requestsFor(OWNER)).filter((request) => request.kind === 'star-history');
    // The newest page, then the two older pages: three pages of 30 weeks for 80 weeks.
    expect(pages.map((request) => new URL(`http://x${request.path}`).searchParams.get('page'))).toEqual(['1', '2', '3']);

    const ref = { owner: OWNER, repo: 'galaxy' };
    const stored = await readHistory(storesOf(env), ref);
    expect(stored.starsGained).toEqual(expectedGains(history, TODAY));
    expect(dailyGains(stored, 'stars', history.firstDay, TODAY)).toEqual(expectedGains(history, TODAY));
    expect(Object.keys(stored.starsGained)).toHaveLength(79 * 7 + 1);
    expect((await readStatus(storesOf(env), ref)).starHistory).toEqual({ source: 'github', backfillPage: null, pages: 3, difference: 0 });
  });

  it('spreads a long backfill over runs within a small request budget, and resumes where it stopped', async () => {
    const OWNER = 'stars-budget';
    const TODAY = '2026-03-20';
    const history = makeStarDays('2018-03-30', 417, 900); // 14 pages
    const total = history.days.filter((_, i) => addDays(history.firstDay, i) <= TODAY).reduce((sum, stars) => sum + stars, 0);
    await setScenario(OWNER, { today: TODAY, token: TOKEN, repos: [makeStandInRepo('nebula', { stars: total, starHistory: history })] });

    // 10 requests a run: the first refresh takes 9; then the 13 older pages go 10 a run, in runs of their own.
    const summaries = await runDay(OWNER, ['nebula'], noonOf(TODAY), 5, 10);
    expect(summaries.map((summary) => summary.githubRequests)).toEqual([9, 10, 3, 0, 0]);
    const status = await readStatus(storesOf(env), { owner: OWNER, repo: 'nebula' });
    expect(status.starHistory).toEqual({ source: 'github', backfillPage: null, pages: 14, difference: 0 });
    expect((await readHistory(storesOf(env), { owner: OWNER, repo: 'nebula' })).starsGained).toEqual(expectedGains(history, TODAY));
  });

  it('follows GitHub when an unstar lowers a past day, instead of keeping the larger value', async () => {
    const OWNER = 'stars-unstar';
    const TODAY = '2026-03-04';
    const history = makeStarDays('2026-01-01', 10, 40); // one page: a burst of 40 on 2026-02-10
    const total = history.days.filter((_, i) => addDays(history.firstDay, i) <= TODAY).reduce((sum, stars) => sum + stars, 0);
    await setScenario(OWNER, { today: TODAY, token: TOKEN, repos: [makeStandInRepo('comet', { stars: total, starHistory: history })] });
    await runDay(OWNER, ['comet'], noonOf(TODAY), 1);
    const ref = { owner: OWNER, repo: 'comet' };
    expect((await readHistory(storesOf(env), ref)).starsGained['2026-02-10']).toBe(40);

    // Three of the burst's stargazers unstar the next day.
    const lowered = { ...history, days: history.days.map((stars, i) => (i === 40 ? 37 : stars)) };
    await updateScenario(OWNER, {
      today: addDays(TODAY, 1),
      repos: [makeStandInRepo('comet', { stars: total - 3, starHistory: lowered })],
    });
    await runDay(OWNER, ['comet'], noonOf(addDays(TODAY, 1)), 1);
    const stored = await readHistory(storesOf(env), ref);
    expect(stored.starsGained['2026-02-10']).toBe(37);
    expect((await readStatus(storesOf(env), ref)).starHistory.difference).toBe(0);
  });

  it('keeps daily snapshots where GitHub has no star history (404), and says so', async () => {
    const OWNER = 'stars-none';
    await setScenario(OWNER, { today: '2026-03-04', token: TOKEN, repos: [makeStandInRepo('dust', { stars: 12 })] });
    await runDay(OWNER, ['dust'], noonOf('2026-03-04'), 1);
    const status = await readStatus(storesOf(env), { owner: OWNER, repo: 'dust' });
    expect(status.starHistory).toEqual({ source: 'snapshots', backfillPage: 2, pages: null, difference: null });
    expect(status.starHistoryMissingAt).toBe('2026-03-04T12:00:00.000Z');
    expect(status.state).toBe('ok');
  });
});
