import { parseRepoList, type RepoPattern } from './repos';

/** The Worker's settings, parsed once from env. The only place where env strings become typed values. */
export interface Config {
  tracked: RepoPattern[];
  /** What is wrong with the settings, each in words that say how to fix it. Empty when all is well. */
  problems: string[];
}

let cached: { repos: string; config: Config } | undefined;

export function parseConfig(env: { REPOS?: string }): Config {
  const repos = env.REPOS ?? '';
  if (cached?.repos === repos) return cached.config;
  const { patterns, errors } = parseRepoList(repos);
  const problems = errors.map((error) => `REPOS: ${error}; fix the entry in wrangler.toml [vars] or the dashboard.`);
  if (patterns.length === 0 && errors.length === 0) {
    problems.push('REPOS is empty: set it to your repositories, e.g. REPOS = "your-name/your-repo, your-org/*".');
  }
  const config = { tracked: patterns, problems };
  cached = { repos, config };
  return config;
}
