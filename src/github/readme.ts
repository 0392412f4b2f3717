import * as v from 'valibot';
import type { ReadmeChange } from '../conversions/readme-versions';
import type { RepoRef } from '../repos';
import { jsonOf, UNPARSED_BODY, type GitHubClient } from './client';
import { describeFailure, GitHubFailure } from './failure';
import { parseLinks, repoParameters, type Conditional } from './answers';

/**
 * The README and the commits that changed it (`repos/get-readme`, `repos/list-commits?path=`), for README
 * versions. Conditional on the README's ETag: while it is unchanged, its commits are not asked again.
 */
export interface ReadmeFile {
  path: string;
  sha: string;
}

const ReadmeSchema = v.object({ path: v.pipe(v.string(), v.minLength(1)), sha: v.string() });
const CommitsSchema = v.array(
  v.object({
    sha: v.string(),
    commit: v.object({ message: v.string(), committer: v.nullable(v.object({ date: v.optional(v.pipe(v.string(), v.isoTimestamp())) })) }),
  }),
);

/** The default branch's README, or null where the repository has none (404). */
export async function getReadme(github: GitHubClient, ref: RepoRef, etag?: string): Promise<Conditional<ReadmeFile> | null> {
  try {
    const response = await jsonOf(
      github.rest.repos.getReadme({ ...repoParameters(ref), headers: etag ? { 'if-none-match': etag } : {}, ...UNPARSED_BODY }),
    );
    const parsed = v.safeParse(ReadmeSchema, response.data);
    if (!parsed.success)
      throw new GitHubFailure('malformed', "GitHub's answer to the README was not the JSON expected; stored history is kept.");
    return { changed: true, value: { path: parsed.output.path, sha: parsed.output.sha }, etag: response.headers.etag };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 304) return { changed: false };
    if (status === 404) return null;
    throw describeFailure(error, 'the README');
  }
}

/** README commits a page (GitHub's maximum), newest first. */
const PER_PAGE = 100;

/** The commits that changed `path`, oldest first: up to `pages` pages of 100, the newest ones. */
export async function listReadmeChanges(github: GitHubClient, ref: RepoRef, path: string, pages: number): Promise<ReadmeChange[]> {
  const changes: ReadmeChange[] = [];
  for (let page = 1; page <= pages; page++) {
    let response: Awaited<ReturnType<typeof jsonOf>>;
    try {
      response = await jsonOf(github.rest.repos.listCommits({ ...repoParameters(ref), path, per_page: PER_PAGE, page, ...UNPARSED_BODY }));
    } catch (error) {
      throw describeFailure(error, 'the README commits');
    }
    const parsed = v.safeParse(CommitsSchema, response.data);
    if (!parsed.success)
      throw new GitHubFailure('malformed', "GitHub's answer to the README commits was not the JSON expected; stored history is kept.");
    for (const { sha, commit } of parsed.output) {
      if (commit.committer?.date)
        changes.push({ sha, committedAt: commit.committer.date, message: (commit.message.split('\n')[0] ?? '').slice(0, 200) });
    }
    if (parseLinks(response.headers.link).next === undefined) break;
  }
  return changes.reverse();
}
