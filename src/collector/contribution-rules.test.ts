import { describe, expect, it } from 'vitest';
import type { ContributionPage } from '../github/contributions';
import { contributionsDue, contributionsState, contributionsToStore, nextContributionsState } from './contribution-rules';

const DAY = '2026-03-10';
const page = (overrides: Partial<ContributionPage> = {}): ContributionPage => ({
  items: [
    { number: 1, kind: 'issue', day: '2025-12-01', firstTimer: false }, // opened long ago, updated now
    { number: 2, kind: 'issue', day: '2026-02-11', firstTimer: true },
    { number: 3, kind: 'pull', day: DAY, firstTimer: false },
  ],
  lastUpdatedAt: '2026-03-10T08:00:00Z',
  full: false,
  ...overrides,
});

describe('contributionsState', () => {
  it('starts 28 days back, from the first day counted whole', () => {
    expect(contributionsState(null, DAY)).toEqual({ from: '2026-02-11', since: '2026-02-11T00:00:00Z' });
  });

  it('keeps a stored state', () => {
    const stored = { from: '2026-01-01', since: '2026-03-09T10:11:12Z' };
    expect(contributionsState(stored, DAY)).toBe(stored);
  });
});

describe('contributionsToStore', () => {
  it('leaves out what was opened before the first day counted whole', () => {
    const state = contributionsState(null, DAY);
    expect(contributionsToStore(state, page(), DAY).map((item) => item.number)).toEqual([2, 3]);
  });
});

describe('nextContributionsState', () => {
  const state = { from: '2026-02-11', since: '2026-03-09T00:00:00Z' };

  it('lists from the last update seen', () => {
    expect(nextContributionsState(state, { changed: true, value: page(), etag: undefined })).toEqual({
      from: '2026-02-11',
      since: '2026-03-10T08:00:00Z',
    });
  });

  it('stays where it was on a 304, a failure or an empty page', () => {
    expect(nextContributionsState(state, { changed: false })).toBe(state);
    expect(nextContributionsState(state, undefined)).toBe(state);
    expect(nextContributionsState(state, { changed: true, value: page({ items: [], lastUpdatedAt: null }), etag: undefined })).toBe(state);
  });

  it('moves on a second past a full page updated all in the same second, instead of asking it forever', () => {
    const stuck = page({ lastUpdatedAt: state.since, full: true });
    expect(nextContributionsState(state, { changed: true, value: stuck, etag: undefined })).toEqual({
      from: '2026-02-11',
      since: '2026-03-09T00:00:01Z',
      more: true,
    });
  });
});

describe('contributionsDue', () => {
  const stored = { from: '2026-02-11', since: '2026-03-09T00:00:00Z' };
  const repo = (changed: boolean) =>
    changed
      ? ({
          asked: true,
          answer: {
            changed: true,
            value: { fullName: 'a/b', counts: { stars: 1, forks: 0, watchers: 0, openIssues: 1 }, fork: false, archived: false },
            etag: undefined,
          },
        } as const)
      : ({ asked: true, answer: { changed: false } } as const);

  it('lists on the first refresh, and when the repository changed (a new issue changes its open_issues_count)', () => {
    expect(contributionsDue(null, repo(false))).toBe(true);
    expect(contributionsDue(stored, repo(true))).toBe(true);
  });

  it('asks nothing more when the repository answered 304, unless pages are left', () => {
    expect(contributionsDue(stored, repo(false))).toBe(false);
    expect(contributionsDue({ ...stored, more: true }, repo(false))).toBe(true);
  });
});
