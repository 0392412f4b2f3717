import * as v from 'valibot';
import { CountSchema as Count } from '../counts';
import { utcDay, type UtcDay } from '../dates';
import type { RepoRef } from '../repos';
import { requestJson, type GitHubClient } from './client';
import { describeFailure, GitHubFailure } from './failure';
import { parseLinks, type Conditional } from './answers';

// Where they were first written; answers.ts holds them now.
export { parseLinks } from './answers';

/**
 * GitHub's aggregate star history, `GET /repos/{owner}/{repo}/stargazers/history` (since 2026-09-04; not in
 * @octokit/openapi-types 29, hence the schema here). Its answer is an array of weeks, newest first:
 * `{ week: <unix seconds of the week's first day>, total, days: [7 counts] }`, at most 30 weeks a page, at most
 * page 100, paged with a `Link` header. The counts are stars still held, by the day they were given: an unstar
 * lowers its past day, so the days add up to `stargazers_count`.
 */
export interface StarWeek {
  /** Unix seconds of the week's first day; day k of the week is `week + k × 86,400 s` (no weekday assumed). */
  week: number;
  total: number;
  days: number[];
}

export interface StarHistoryPage {
  /** Stars gained per UTC day over the page's weeks, oldest first. */
  days: StarDay[];
  /** The next (older) page, or null when this is the last. */
  nextPage: number | null;
  /** The number of pages, when GitHub said (`rel="last"`, or this page when it is the last). */
  lastPage: number | null;
}

export interface StarDay {
  day: UtcDay;
  stars: number;
}

/** Weeks a page: GitHub's maximum, so a backfill takes as few requests as it can. */
export const STAR_WEEKS_PER_PAGE = 30;
/** GitHub serves no page after this one. */
export const MAX_STAR_HISTORY_PAGE = 100;

const WeekSchema = v.pipe(
  v.object({ week: v.pipe(v.number(), v.integer(), v.minValue(0)), total: Count, days: v.pipe(v.array(Count), v.length(7)) }),
  v.check((week) => week.days.reduce((sum, day) => sum + day, 0) === week.total, 'a week whose days do not add up to its total'),
);
const PageSchema = v.array(WeekSchema);

/**
 * One page of the star history, conditionally (ETag). null where GitHub offers none for the repository (404, or
 * 403/410): the collector then keeps daily snapshots of the star count.
 */
export async function getStarHistoryPage(
  github: GitHubClient,
  ref: RepoRef,
  page: number,
  etag?: string,
): Promise<Conditional<StarHistoryPage> | null> {
  let response: Awaited<ReturnType<typeof requestJson>>;
  try {
    response = await requestJson(github, 'GET /repos/{owner}/{repo}/stargazers/history', {
      owner: ref.owner,
      repo: ref.repo,
      per_page: STAR_WEEKS_PER_PAGE,
      page,
      headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2026-03-10', ...(etag ? { 'if-none-match': etag } : {}) },
    });
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 304) return { changed: false };
    if (status === 404 || status === 410 || (status === 403 && describeFailure(error, '').kind !== 'rate-limited')) return null;
    throw describeFailure(error, 'the stargazer history');
  }
  const parsed = v.safeParse(PageSchema, response.data);
  if (!parsed.success)
    throw new GitHubFailure('malformed', "GitHub's answer to the stargazer history was not the JSON expected; stored history is kept.");
  const links = parseLinks(response.headers.link);
  return {
    changed: true,
    value: {
      days: starsGainedOfWeeks(parsed.output),
      nextPage: links.next ?? null,
      lastPage: links.last ?? (links.next === undefined ? page : null),
    },
    etag: response.headers.etag,
  };
}

/**
 * Stars gained per UTC day from weeks of star history: day k of a week is `week + k × 86,400 s`, whatever weekday
 * GitHub starts its weeks on. Pure.
 */
export function starsGainedOfWeeks(weeks: readonly StarWeek[]): StarDay[] {
  const gained = weeks.flatMap(({ week, days }) => days.map((stars, k) => ({ day: utcDay((week + k * 86_400) * 1000), stars })));
  return gained.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}
