// The answers `npm run setup` takes as text, checked before anything is written. Pure.
import { SetupError } from './output.mjs';

const GITHUB_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/i;
const REPO_NAME = /^[a-z0-9._-]{1,100}$/i;

export function parseRepos(text) {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => {
    const [owner, repo, extra] = entry.split('/');
    return extra !== undefined || !owner || !GITHUB_NAME.test(owner) || !repo || (repo !== '*' && !REPO_NAME.test(repo));
  });
  if (entries.length === 0 || bad.length > 0) {
    throw new SetupError(`REPOS must be owner/repo or owner/* entries, comma-separated${bad.length ? `; not: ${bad.join(', ')}` : ''}.`);
  }
  return entries;
}

export function parseCarryOver(text) {
  const [repo, views, before, ...source] = text.split(',').map((part) => part.trim());
  if (!repo || !/^\d+$/.test(views ?? '') || !/^\d{4}-\d{2}-\d{2}$/.test(before ?? '') || source.join(',') === '') {
    throw new SetupError(`A carried-over count is "owner/repo,views,YYYY-MM-DD,source" (views before that day); not "${text}".`);
  }
  return { repo, views: Number(views), before, source: source.join(',') };
}

/** A README link to track: "owner/repo,name,https://destination" (the Worker checks the name and destination). */
export function parseLink(text) {
  const [repo, name, ...rest] = text.split(',').map((part) => part.trim());
  const destination = rest.join(',');
  if (!repo?.includes('/') || !name || !/^https?:\/\//i.test(destination)) {
    throw new SetupError(`A tracked link is "owner/repo,name,https://destination"; not "${text}".`);
  }
  return { repo, name, destination };
}

/** PACKAGES as written: "owner/repo=npm:name,pypi:name; owner/other=crates:name" (the Worker checks each name). */
export function parsePackages(text) {
  const entries = text
    .split(/[;\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  const bad = entries.filter((entry) => !/^[^=\s]+\/[^=\s]+\s*=\s*(npm|pypi|crates):/i.test(entry));
  if (bad.length > 0) throw new SetupError(`PACKAGES entries are owner/repo=npm:name,pypi:name,crates:name; not: ${bad.join('; ')}.`);
  return entries.join('; ');
}
