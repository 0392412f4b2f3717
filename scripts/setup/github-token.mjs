// The GitHub token check of `npm run setup`: before it is stored, the token must read a tracked repository and
// its traffic, which GitHub answers only to tokens with push access (https://docs.github.com/rest/metrics/traffic).
import { done, SetupError } from './output.mjs';

export const TOKEN_PERMISSION =
  'the repository permission "Administration: Read-only" (fine-grained token) or the "repo" scope (classic token)';

// Without a token (a re-run that keeps the stored one), public repositories are still listed.
function github(api, path, token) {
  const authorization = token ? { authorization: `Bearer ${token}` } : {};
  return fetch(`${api}${path}`, {
    headers: {
      ...authorization,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'repo-impressions-setup',
    },
  });
}

/** The repository the token is checked against: the first owner/repo, or the first of an owner/* listing. */
export async function repoToCheck(entries, api, token) {
  const single = entries.find((entry) => !entry.endsWith('/*'));
  if (single) return single;
  const owner = entries[0].split('/')[0];
  const response = await github(api, `/users/${owner}/repos?per_page=1&sort=pushed`, token);
  const [first] = response.ok ? await response.json() : [];
  if (!first)
    throw new SetupError(
      `GitHub lists no repository of ${owner} for this token (${response.status}): check the name and the token's repository access.`,
    );
  return `${owner}/${first.name}`;
}

/**
 * GitHub answers the traffic endpoints only to tokens with push access: a 403 there names the missing permission.
 * Returns the repository it checked.
 */
export async function checkGitHubToken(entries, api, token) {
  const slug = await repoToCheck(entries, api, token);
  const repo = await github(api, `/repos/${slug}`, token);
  if (repo.status === 401)
    throw new SetupError(
      'GitHub refused the token (401 Bad credentials): it is mistyped, expired or revoked. Make a new one: https://github.com/settings/personal-access-tokens/new',
    );
  if (repo.status === 404)
    throw new SetupError(
      `The token cannot see ${slug} (404): give it access to this repository ("Repository access" of a fine-grained token).`,
    );
  if (!repo.ok) throw new SetupError(`GitHub answered ${repo.status} for ${slug}: try again in a minute.`);
  const traffic = await github(api, `/repos/${slug}/traffic/views`, token);
  if (traffic.status === 403)
    throw new SetupError(`The token cannot read the traffic of ${slug} (403): add ${TOKEN_PERMISSION}, then run setup again.`);
  if (!traffic.ok) throw new SetupError(`GitHub answered ${traffic.status} for the traffic of ${slug}: try again in a minute.`);
  done(`the token reads ${slug} and its traffic`);
  return slug;
}
