import * as v from 'valibot';
import type { UtcDay } from '../dates';
import type { RepoRef } from '../repos';
import type { Conditional } from './answers';
import type { GitHubClient } from './client';
import { conditional, repoParameters } from './repo-data';

/**
 * Issues and pull requests as the collector counts them: `GET /repos/{owner}/{repo}/issues?state=all&since=…`
 * (https://docs.github.com/en/rest/issues/issues#list-repository-issues), which lists both ("GitHub's REST API
 * considers every pull request an issue … identified by the `pull_request` key"), updated at or after `since`.
 */

/** One issue or pull request opened on `day`, and whether its author was new to the repository. */
export interface Contribution {
  number: number;
  kind: 'issue' | 'pull';
  day: UtcDay;
  firstTimer: boolean;
}

export interface ContributionPage {
  /** The page's issues and pull requests, bots' left out. */
  items: Contribution[];
  /** The `updated_at` of the page's last item (sorted by update, oldest first): where the next page starts. */
  lastUpdatedAt: string | null;
  /** A full page: more may follow from `lastUpdatedAt` on. */
  full: boolean;
}

/** Issues and pull requests per page: GitHub's largest `per_page`. */
export const CONTRIBUTIONS_PAGE_SIZE = 100;

/**
 * `author_association` values that say the author had not contributed before: GitHub's `FIRST_TIMER` (never
 * contributed to GitHub), `FIRST_TIME_CONTRIBUTOR` (not to this repository) and `NONE` (no association at all).
 */
const NEW_TO_THE_REPOSITORY = new Set(['FIRST_TIMER', 'FIRST_TIME_CONTRIBUTOR', 'NONE']);

const IssuesSchema = v.array(
  v.object({
    number: v.pipe(v.number(), v.integer(), v.minValue(1)),
    created_at: v.pipe(v.string(), v.isoTimestamp()),
    updated_at: v.pipe(v.string(), v.isoTimestamp()),
    author_association: v.optional(v.string()),
    user: v.nullable(v.object({ type: v.optional(v.string()) })),
    pull_request: v.optional(v.unknown()),
  }),
);

/** One page of the repository's issues and pull requests updated at or after `since` (ISO time), oldest update first. */
export function listContributionsSince(
  github: GitHubClient,
  ref: RepoRef,
  since: string,
  etag?: string,
): Promise<Conditional<ContributionPage>> {
  return conditional(
    (options) =>
      github.rest.issues.listForRepo({
        ...repoParameters(ref),
        state: 'all',
        since,
        sort: 'updated',
        direction: 'asc',
        per_page: CONTRIBUTIONS_PAGE_SIZE,
        ...options,
      }),
    etag,
    'issues and pull requests',
    IssuesSchema,
    (rows) => ({
      items: rows
        .filter((row) => row.user?.type !== 'Bot')
        .map((row) => ({
          number: row.number,
          kind: row.pull_request === undefined ? 'issue' : 'pull',
          day: row.created_at.slice(0, 10),
          firstTimer: NEW_TO_THE_REPOSITORY.has(row.author_association ?? ''),
        })),
      lastUpdatedAt: rows[rows.length - 1]?.updated_at ?? null,
      full: rows.length >= CONTRIBUTIONS_PAGE_SIZE,
    }),
  );
}
