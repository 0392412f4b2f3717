import * as v from 'valibot';
import { CountSchema as Count } from '../counts';
import type { UtcDay } from '../dates';
import type { PopularItem, RepoCounts } from '../history/model';
import type { RepoRef } from '../repos';
import { jsonOf, UNPARSED_BODY, type GitHubClient } from './client';
import { describeFailure, GitHubFailure } from './failure';
import { parseLinks, repoParameters, type Conditional } from './answers';

// Where they were first written; answers.ts holds them now.
export type { Conditional } from './answers';
export { repoParameters } from './answers';

/**
 * The GitHub calls the collector makes, returning plain objects. Responses are validated here, at the edge:
 * anything else is a `malformed` failure, never half-read data. The only module that talks to Octokit.
 */

export interface RepoInfo {
  fullName: string;
  counts: RepoCounts;
  fork: boolean;
  archived: boolean;
}

const RepoSchema = v.object({
  full_name: v.string(),
  stargazers_count: Count,
  forks_count: Count,
  subscribers_count: Count,
  open_issues_count: Count,
  fork: v.boolean(),
  archived: v.boolean(),
});
const TrafficDaySchema = v.object({ timestamp: v.pipe(v.string(), v.isoTimestamp()), count: Count, uniques: Count });
const ViewsSchema = v.object({ views: v.array(TrafficDaySchema) });
const ClonesSchema = v.object({ clones: v.array(TrafficDaySchema) });
const ReferrersSchema = v.array(v.object({ referrer: v.string(), count: Count, uniques: Count }));
const PathsSchema = v.array(v.object({ path: v.string(), title: v.string(), count: Count, uniques: Count }));
const RepoListSchema = v.array(v.object({ name: v.string(), fork: v.boolean(), archived: v.boolean() }));

export async function getRepoInfo(github: GitHubClient, ref: RepoRef, etag?: string): Promise<Conditional<RepoInfo>> {
  return conditional(
    (options) => github.rest.repos.get({ ...repoParameters(ref), ...options }),
    etag,
    'the repository',
    RepoSchema,
    (repo) => ({
      fullName: repo.full_name.toLowerCase(),
      counts: {
        stars: repo.stargazers_count,
        forks: repo.forks_count,
        watchers: repo.subscribers_count,
        openIssues: repo.open_issues_count,
      },
      fork: repo.fork,
      archived: repo.archived,
    }),
  );
}

export type TrafficKind = 'views' | 'clones';
export type DayTraffic = { day: UtcDay; count: number; uniques: number };

export async function getTraffic(github: GitHubClient, ref: RepoRef, kind: TrafficKind, etag?: string): Promise<Conditional<DayTraffic[]>> {
  const ask: Ask =
    kind === 'views'
      ? (options) => github.rest.repos.getViews({ ...repoParameters(ref), per: 'day', ...options })
      : (options) => github.rest.repos.getClones({ ...repoParameters(ref), per: 'day', ...options });
  const schema = kind === 'views' ? ViewsSchema : ClonesSchema;
  return conditional(ask, etag, `traffic ${kind}`, schema, (body) =>
    ('views' in body ? body.views : body.clones).map((day) => ({
      day: day.timestamp.slice(0, 10),
      count: day.count,
      uniques: day.uniques,
    })),
  );
}

export async function getPopular(
  github: GitHubClient,
  ref: RepoRef,
  kind: 'referrers' | 'paths',
  etag?: string,
): Promise<Conditional<PopularItem[]>> {
  if (kind === 'referrers') {
    return conditional(
      (options) => github.rest.repos.getTopReferrers({ ...repoParameters(ref), ...options }),
      etag,
      'popular referrers',
      ReferrersSchema,
      (rows) => rows.map((row) => ({ key: row.referrer, title: row.referrer, count: row.count, uniques: row.uniques })),
    );
  }
  return conditional(
    (options) => github.rest.repos.getTopPaths({ ...repoParameters(ref), ...options }),
    etag,
    'popular paths',
    PathsSchema,
    (rows) => rows.map((row) => ({ key: row.path, title: row.title, count: row.count, uniques: row.uniques })),
  );
}

/** The repositories of an owner (user or organisation), every page. */
export interface OwnerRepo {
  name: string;
  fork: boolean;
  archived: boolean;
}

/** Repositories per page of an owner's list: GitHub's largest `per_page`. */
export const OWNER_LIST_PAGE_SIZE = 100;

/**
 * One page of an owner's list, and whether GitHub's `Link` header names a next one: an owner with thousands of
 * repositories is listed a few pages a run, never past the run's subrequests.
 */
export async function listOwnerReposPage(
  github: GitHubClient,
  owner: string,
  page: number,
): Promise<{ repos: OwnerRepo[]; hasNext: boolean }> {
  try {
    const response = await jsonOf(
      github.rest.repos.listForUser({ username: owner, per_page: OWNER_LIST_PAGE_SIZE, page, ...UNPARSED_BODY }),
    );
    return { repos: ownerReposOf(response.data, owner), hasNext: parseLinks(response.headers.link).next !== undefined };
  } catch (error) {
    throw describeFailure(error, `the repositories of ${owner}`);
  }
}

function ownerReposOf(rows: unknown, owner: string): OwnerRepo[] {
  const parsed = v.safeParse(RepoListSchema, rows);
  if (!parsed.success) throw new GitHubFailure('malformed', `GitHub's list of ${owner}'s repositories was not the JSON expected.`);
  return parsed.output.map((row) => ({ name: row.name.toLowerCase(), fork: row.fork, archived: row.archived }));
}

/** One request of an endpoint method, given the conditional headers and UNPARSED_BODY. */
export type Ask = (options: { headers: Record<string, string> } & typeof UNPARSED_BODY) => Promise<{ data: unknown; headers: object }>;

/** A conditional request: its answer validated by `schema` and converted, or "unchanged" on a 304. */
export async function conditional<S extends v.GenericSchema, T>(
  ask: Ask,
  etag: string | undefined,
  what: string,
  schema: S,
  convert: (body: v.InferOutput<S>) => T,
): Promise<Conditional<T>> {
  let response: Awaited<ReturnType<typeof jsonOf>>;
  try {
    response = await jsonOf(ask({ headers: etag ? { 'if-none-match': etag } : {}, ...UNPARSED_BODY }));
  } catch (error) {
    if ((error as { status?: number }).status === 304) return { changed: false };
    throw describeFailure(error, what);
  }
  const parsed = v.safeParse(schema, response.data);
  if (!parsed.success)
    throw new GitHubFailure('malformed', `GitHub's answer to ${what} was not the JSON expected; stored history is kept.`);
  return { changed: true, value: convert(parsed.output), etag: response.headers.etag };
}
