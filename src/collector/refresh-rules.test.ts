import { describe, expect, it } from 'vitest';
import { makeCounts, makeHistory } from '../../test/factories';
import { GitHubFailure } from '../github/failure';
import type { RepoInfo } from '../github/repo-data';
import type { StarHistoryPage } from '../github/star-history';
import { emptyStatus, type RepoStatus } from '../records/repo-status';
import {
  bringsNothingNew,
  goesOn,
  historyUpdateOf,
  NEEDS_TOKEN_MESSAGE,
  nextStatus,
  NOT_ASKED,
  plannedRequests,
  refreshWindowStart,
  type GitHubAnswers,
} from './refresh-rules';
import { MAX_BACKFILL_PAGES_PER_REFRESH, NO_BACKFILL } from './star-history-rules';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const NOW_ISO = '2026-03-10T12:00:00.000Z';
const DAY = '2026-03-10';
const SLUG = 'acme/rocket';
const info = (overrides: Partial<RepoInfo> = {}): RepoInfo => ({
  fullName: SLUG,
  counts: makeCounts({ stars: 120 }),
  fork: false,
  archived: false,
  ...overrides,
});
const fresh = <T>(value: T, etag = 'W/"new"') => ({ asked: true as const, answer: { changed: true as const, value, etag } });
const unchanged = { asked: true as const, answer: { changed: false as const } };
const failed = (kind: ConstructorParameters<typeof GitHubFailure>[0], message = `${kind} happened.`) => ({
  asked: true as const,
  failure: new GitHubFailure(kind, message),
});

const starPage = (days: StarHistoryPage['days'], nextPage: number | null = null, lastPage: number | null = 1): StarHistoryPage => ({
  days,
  nextPage,
  lastPage,
});

/** Every step answered with new data: a refresh with a token, star history of one page. */
function allFresh(overrides: Partial<GitHubAnswers> = {}): GitHubAnswers {
  return {
    repo: fresh(info(), 'W/"repo"'),
    starHistory: fresh(
      starPage([
        { day: '2026-03-09', stars: 4 },
        { day: '2026-03-11', stars: 0 },
      ]),
      'W/"stars"',
    ),
    starBackfill: NO_BACKFILL,
    views: fresh([{ day: '2026-03-09', count: 30, uniques: 10 }], 'W/"views"'),
    clones: fresh([{ day: '2026-03-08', count: 3, uniques: 2 }], 'W/"clones"'),
    referrers: fresh([{ key: 'github.com', title: 'github.com', count: 9, uniques: 3 }], 'W/"referrers"'),
    paths: fresh([{ key: '/acme/rocket', title: 'rocket', count: 20, uniques: 8 }], 'W/"paths"'),
    readme: fresh({ path: 'README.md', sha: 'r2' }, 'W/"readme"'),
    readmeCommits: { asked: true, answer: [{ sha: 'c1', committedAt: '2026-03-01T10:00:00Z', message: 'docs: a better intro' }] },
    contributions: fresh(
      { items: [{ number: 7, kind: 'pull', day: '2026-03-09', firstTimer: true }], lastUpdatedAt: '2026-03-09T12:00:00Z', full: false },
      'W/"issues"',
    ),
    ...overrides,
  };
}
const status = (overrides: Partial<RepoStatus> = {}): RepoStatus => ({ ...emptyStatus(), ...overrides });
const context = (overrides: Partial<Parameters<typeof nextStatus>[2]> = {}) => ({
  slug: SLUG,
  hasToken: true,
  now: NOW,
  otherFailures: [],
  merged: makeHistory(),
  ...overrides,
});

describe('plannedRequests', () => {
  const github = (backfillPage: number | null, pages: number | null) => ({
    source: 'github' as const,
    backfillPage,
    pages,
    difference: null,
  });
  const snapshots = { source: 'snapshots' as const, backfillPage: 2, pages: null, difference: null };
  it.each([
    ['a first refresh with a token: the newest page says whether there is more', status(), true, { base: 9, backfillPages: 0 }],
    ['a first refresh without one', status(), false, { base: 5, backfillPages: 0 }],
    [
      'a backfill of unknown length',
      status({ starHistory: github(2, null) }),
      true,
      { base: 9, backfillPages: MAX_BACKFILL_PAGES_PER_REFRESH },
    ],
    ['a backfill known to have 3 pages left', status({ starHistory: github(4, 6) }), true, { base: 9, backfillPages: 3 }],
    ['a complete backfill: the newest page only', status({ starHistory: github(null, 3) }), true, { base: 9, backfillPages: 0 }],
    [
      'no stargazer history two days ago',
      status({ starHistoryMissingAt: '2026-03-08T00:00:00Z', starHistory: snapshots }),
      true,
      { base: 8, backfillPages: 0 },
    ],
    [
      'no stargazer history a week ago: asked again',
      status({ starHistoryMissingAt: '2026-03-03T00:00:00Z', starHistory: snapshots }),
      true,
      { base: 9, backfillPages: 0 },
    ],
  ])('%s', (_name, previous, hasToken, requests) => {
    expect(plannedRequests(previous, NOW, hasToken)).toEqual(requests);
  });
});

describe('goesOn', () => {
  it.each([
    ['answered', fresh(info()), true],
    ['not modified', unchanged, true],
    ['malformed (the other calls may still work)', failed('malformed'), true],
    ['no push access (traffic only)', failed('no-push-access'), true],
    ['timed out', failed('timeout'), false],
    ['rate limited', failed('rate-limited'), false],
    ['a bad token', failed('auth'), false],
    ['a deleted repository', failed('not-found'), false],
  ])('after the repository step %s: %s', (_name, repo, expected) => {
    expect(goesOn(repo as GitHubAnswers['repo'])).toBe(expected);
  });
});

describe('historyUpdateOf', () => {
  const stored = makeHistory({
    counts: { '2026-03-01': makeCounts({ stars: 90 }), '2026-03-09': makeCounts({ stars: 100 }) },
    referrers: { '2026-03-09': [{ key: 'old.example', title: 'old.example', count: 1, uniques: 1 }] },
  });

  it('takes every new answer, traffic joined by day, star days up to today', () => {
    const update = historyUpdateOf(allFresh(), stored, DAY);
    expect(update).toEqual({
      day: DAY,
      breakdowns: undefined,
      counts: makeCounts({ stars: 120 }),
      starsGained: [{ day: '2026-03-09', stars: 4 }],
      traffic: [
        { day: '2026-03-09', views: 30, viewUniques: 10, clones: 0, cloneUniques: 0 },
        { day: '2026-03-08', views: 0, viewUniques: 0, clones: 3, cloneUniques: 2 },
      ],
      referrers: [{ key: 'github.com', title: 'github.com', count: 9, uniques: 3 }],
      paths: [{ key: '/acme/rocket', title: 'rocket', count: 20, uniques: 8 }],
    });
  });

  it('repeats the last stored snapshot for a 304, and leaves out what failed or was not asked', () => {
    const update = historyUpdateOf(
      allFresh({
        repo: unchanged,
        referrers: unchanged,
        paths: failed('server'),
        starHistory: NOT_ASKED,
        views: failed('server'),
        clones: unchanged,
      }),
      stored,
      DAY,
    );
    expect(update.counts).toEqual(makeCounts({ stars: 100 }));
    expect(update.referrers).toEqual(stored.referrers['2026-03-09']);
    expect(update.paths).toBeUndefined();
    expect(update.starsGained).toBeUndefined();
    expect(update.traffic).toEqual([]);
  });

  it('asks nothing of traffic without a token, and keeps no star history GitHub does not have', () => {
    const update = historyUpdateOf(
      allFresh({ starHistory: { asked: true, answer: null }, views: NOT_ASKED, clones: NOT_ASKED, referrers: NOT_ASKED, paths: NOT_ASKED }),
      stored,
      DAY,
    );
    expect(update).toEqual({ day: DAY, breakdowns: undefined, counts: makeCounts({ stars: 120 }) });
  });

  it('adds the days of older pages loaded by a backfill, and of none when the newest page is unchanged', () => {
    const older = starPage([{ day: '2025-08-01', stars: 7 }], 3, 5);
    const update = historyUpdateOf(allFresh({ starHistory: unchanged, starBackfill: { loaded: [older], nextPage: 3 } }), stored, DAY);
    expect(update.starsGained).toEqual([{ day: '2025-08-01', stars: 7 }]);
  });
});

describe('nextStatus', () => {
  const previous = status({
    lastSuccessAt: '2026-03-09T12:00:00.000Z',
    etags: { repo: 'W/"old"', paths: 'W/"old-paths"' },
    starHistoryMissingAt: '2026-02-01T00:00:00.000Z',
  });

  it('is ok when every step worked, with the new ETags', () => {
    expect(nextStatus(previous, allFresh(), context())).toEqual({
      state: 'ok',
      message: null,
      traffic: 'ok',
      lastRefreshAt: NOW_ISO,
      lastSuccessAt: NOW_ISO,
      etags: {
        repo: 'W/"repo"',
        starHistory: 'W/"stars"',
        views: 'W/"views"',
        clones: 'W/"clones"',
        referrers: 'W/"referrers"',
        paths: 'W/"paths"',
        readme: 'W/"readme"',
        contributions: 'W/"issues"',
      },
      starHistoryMissingAt: '2026-02-01T00:00:00.000Z',
      // One page, nothing older: complete at once; nothing stored yet to compare with the count.
      starHistory: { source: 'github', backfillPage: null, pages: 1, difference: null },
      readme: {
        path: 'README.md',
        sha: 'r2',
        changes: [{ sha: 'c1', committedAt: '2026-03-01T10:00:00Z', message: 'docs: a better intro' }],
      },
      readmeVersion: null, // worked out by the refresh, with the impressions
      // The first listing counts 28 days whole, and the next lists from the last update it saw.
      contributions: { from: '2026-02-11', since: '2026-03-09T12:00:00Z' },
      announcedEvents: [],
    });
  });

  it('keeps the ETags of unchanged answers, and notes when GitHub has no stargazer history', () => {
    const next = nextStatus(
      previous,
      allFresh({ repo: unchanged, paths: unchanged, starHistory: { asked: true, answer: null } }),
      context(),
    );
    expect(next.etags).toEqual({
      repo: 'W/"old"',
      views: 'W/"views"',
      clones: 'W/"clones"',
      referrers: 'W/"referrers"',
      paths: 'W/"old-paths"',
      readme: 'W/"readme"',
      contributions: 'W/"issues"',
    });
    expect(next.starHistoryMissingAt).toBe(NOW_ISO);
    expect(next.starHistory).toEqual({ source: 'snapshots', backfillPage: 2, pages: null, difference: null });
  });

  it('says what failed, in the order of the calls, the counter last, and keeps the last success', () => {
    const otherFailures = [new GitHubFailure('network', 'The counter failed.')];
    const next = nextStatus(
      previous,
      allFresh({ clones: failed('server', 'Clones failed.'), repo: failed('malformed', 'Repo failed.') }),
      context({ otherFailures }),
    );
    expect(next).toMatchObject({
      state: 'error',
      traffic: 'error',
      lastSuccessAt: previous.lastSuccessAt,
      message: 'Repo failed. Clones failed. The counter failed.',
    });
  });

  it('marks traffic missing without a token, and as an error when the rest of a refresh was not asked', () => {
    const publicOnly = allFresh({ views: NOT_ASKED, clones: NOT_ASKED, referrers: NOT_ASKED, paths: NOT_ASKED });
    expect(nextStatus(previous, publicOnly, context({ hasToken: false }))).toMatchObject({
      state: 'ok',
      traffic: 'needs-token',
      message: NEEDS_TOKEN_MESSAGE,
    });
    const unreachable = { ...publicOnly, repo: failed('timeout', 'GitHub did not answer.'), starHistory: NOT_ASKED };
    expect(nextStatus(previous, unreachable, context())).toMatchObject({
      state: 'error',
      traffic: 'error',
      message: 'GitHub did not answer.',
    });
  });

  it('records where a backfill stands: resumed where it stopped, complete with the difference to the star count', () => {
    const pending = allFresh({
      starHistory: fresh(starPage([], 2, 5)),
      starBackfill: {
        loaded: [starPage([], 3, 5), starPage([], 4, 5)],
        nextPage: 4,
        failure: new GitHubFailure('server', 'Page 4 failed.'),
      },
    });
    expect(nextStatus(previous, pending, context())).toMatchObject({
      state: 'error',
      message: 'Page 4 failed.',
      starHistory: { source: 'github', backfillPage: 4, pages: 5, difference: null },
    });

    const merged = makeHistory({ counts: { [DAY]: makeCounts({ stars: 12 }) }, starsGained: { '2025-01-01': 5, '2025-06-01': 6 } });
    const done = allFresh({ starHistory: unchanged, starBackfill: { loaded: [starPage([], null, 5)], nextPage: null } });
    expect(
      nextStatus(status({ starHistory: { source: 'github', backfillPage: 5, pages: 5, difference: null } }), done, context({ merged }))
        .starHistory,
    ).toEqual({
      source: 'github',
      backfillPage: null,
      pages: 5,
      difference: -1,
    });
  });

  it('keeps the README commits as they were while the README is unchanged, and asks again after a failed read', () => {
    const known = status({ readme: { path: 'README.md', sha: 'r1', changes: [] }, etags: { readme: 'W/"old-readme"' } });
    expect(nextStatus(known, allFresh({ readme: unchanged, readmeCommits: NOT_ASKED }), context()).readme).toEqual(known.readme);
    const failed = nextStatus(
      known,
      allFresh({ readmeCommits: { asked: true, failure: new GitHubFailure('server', 'Commits failed.') } }),
      context(),
    );
    expect(failed).toMatchObject({ state: 'error', message: 'Commits failed.', readme: known.readme });
    expect(failed.etags.readme).toBeUndefined();
    expect(nextStatus(known, allFresh({ readme: { asked: true, answer: null }, readmeCommits: NOT_ASKED }), context()).readme).toBeNull();
  });

  it('reports a renamed repository first, as an error', () => {
    const next = nextStatus(previous, allFresh({ repo: fresh(info({ fullName: 'acme/booster' })) }), context());
    expect(next.state).toBe('error');
    expect(next.message).toBe('GitHub redirects acme/rocket to acme/booster: the repository was renamed or moved; update REPOS.');
  });
});

describe('refreshWindowStart', () => {
  // 2026-03-10: the summary's 90 days start 2025-12-11; the top lists thinned are those before 2026-02-10.
  it.each<[string, Partial<GitHubAnswers>, string, string]>([
    [
      'the summary’s days, from the start of their 14-day period',
      { starHistory: unchanged, views: unchanged, clones: unchanged },
      '2025-12-11',
      '2025-12-04',
    ],
    [
      'an older first day of the facts (a README version)',
      { starHistory: unchanged, views: unchanged, clones: unchanged },
      '2025-06-01',
      '2025-05-22',
    ],
    [
      'not the first day of a new star-history page (its days before go to their rows unread)',
      {
        starHistory: fresh(
          starPage([
            { day: '2025-08-01', stars: 1 },
            { day: '2026-03-10', stars: 1 },
          ]),
        ),
        views: unchanged,
        clones: unchanged,
      },
      '2025-12-11',
      '2025-12-04',
    ],
    [
      'nor that of older pages a backfill loaded',
      {
        starHistory: unchanged,
        starBackfill: { loaded: [starPage([{ day: '2023-01-05', stars: 2 }])], nextPage: null },
        views: unchanged,
        clones: unchanged,
      },
      '2025-12-11',
      '2025-12-04',
    ],
  ])('%s', (_name, overrides, factsFrom, expected) => {
    expect(refreshWindowStart(allFresh(overrides), factsFrom, DAY)).toBe(expected);
  });

  it('always starts a 14-day period of the top lists, so thinning sees whole periods', () => {
    for (const factsFrom of ['2025-11-01', '2025-11-02', '2025-11-13', '2025-11-14']) {
      const start = refreshWindowStart(allFresh({ starHistory: unchanged, views: unchanged, clones: unchanged }), factsFrom, DAY);
      expect(start <= factsFrom).toBe(true);
      expect((Date.parse(`${start}T00:00:00Z`) / 86_400_000) % 14).toBe(0);
    }
  });
});

describe('bringsNothingNew', () => {
  const quiet = (overrides: Partial<GitHubAnswers> = {}): GitHubAnswers => ({
    repo: unchanged,
    starHistory: unchanged,
    starBackfill: NO_BACKFILL,
    views: unchanged,
    clones: unchanged,
    referrers: unchanged,
    paths: unchanged,
    readme: unchanged,
    readmeCommits: NOT_ASKED,
    contributions: unchanged,
    ...overrides,
  });

  it('holds when every step answered 304, failed or was not asked', () => {
    expect(bringsNothingNew(quiet())).toBe(true);
    expect(bringsNothingNew(quiet({ views: failed('no-push-access'), clones: NOT_ASKED, starHistory: NOT_ASKED }))).toBe(true);
  });

  it('fails with any new answer, older star pages, a repository without star history or README, or breakdowns', () => {
    const answers = allFresh();
    for (const key of ['repo', 'starHistory', 'views', 'clones', 'referrers', 'paths', 'readme', 'contributions'] as const) {
      expect(bringsNothingNew(quiet({ [key]: answers[key] }))).toBe(false);
    }
    expect(bringsNothingNew(quiet({ starHistory: { asked: true, answer: null } }))).toBe(false);
    expect(bringsNothingNew(quiet({ readme: { asked: true, answer: null } }))).toBe(false);
    expect(bringsNothingNew(quiet({ starBackfill: { loaded: [starPage([{ day: '2026-01-01', stars: 3 }], 3)], nextPage: 3 } }))).toBe(
      false,
    );
    expect(
      bringsNothingNew(quiet({ starBackfill: { loaded: [], nextPage: 2, failure: new GitHubFailure('server', 'GitHub answered 502.') } })),
    ).toBe(false);
    expect(bringsNothingNew(quiet(), { '2026-03-10': { referrer: { 'github.com': 12 } } })).toBe(false);
  });

  it('leaves the star history as it was when nothing was merged', () => {
    const previous = status({ starHistory: { source: 'github', backfillPage: null, pages: 3, difference: 2 } });
    expect(nextStatus(previous, quiet(), { ...context(), merged: undefined }).starHistory).toEqual(previous.starHistory);
  });
});
