import { parseRepoList, type RepoPattern } from './repos';

/** The Worker's settings, parsed once from env. The only place where env strings become typed values. */
export interface Config {
  tracked: RepoPattern[];
  /** The REPOS value `tracked` came from. */
  reposSource: string;
  githubApiUrl: string;
  githubToken: string | undefined;
  refreshIntervalMs: number;
  reposPerRun: number;
  githubRequestsPerRun: number;
  includeForks: boolean;
  includeArchived: boolean;
  /** Secret for /report (Authorization: Bearer); reports are closed without it unless publicReport. */
  reportToken: string | undefined;
  /** PUBLIC_REPORT=true: anyone may read impressions and stars (never GitHub traffic). */
  publicReport: boolean;
  /** Analytics Engine's SQL API, for impression breakdowns; null unless CF_ACCOUNT_ID and CF_API_TOKEN are set. */
  analytics: { accountId: string; apiToken: string; apiUrl: string; dataset: string } | null;
  /** What is wrong with the settings, each in words that say how to fix it. Empty when all is well. */
  problems: string[];
}

/** The env entries config reads; secrets are optional (see README, "Configuration"). */
export interface ConfigEnv {
  REPOS?: string;
  GITHUB_API_URL?: string;
  GITHUB_TOKEN?: string;
  REFRESH_INTERVAL_HOURS?: string;
  COLLECTOR_REPOS_PER_RUN?: string;
  COLLECTOR_GITHUB_REQUESTS_PER_RUN?: string;
  INCLUDE_FORKS?: string;
  INCLUDE_ARCHIVED?: string;
  REPORT_TOKEN?: string;
  PUBLIC_REPORT?: string;
  CF_ACCOUNT_ID?: string;
  CF_API_TOKEN?: string;
  CF_API_URL?: string;
  ANALYTICS_DATASET?: string;
}

const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
const DEFAULT_CF_API_URL = 'https://api.cloudflare.com/client/v4';
const cache = new WeakMap<object, Config>();

export function parseConfig(env: ConfigEnv): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const problems: string[] = [];
  const reposSource = env.REPOS ?? '';
  const { patterns, errors } = parseRepoList(reposSource);
  for (const error of errors) problems.push(`REPOS: ${error}; fix the entry in wrangler.toml [vars] or the dashboard.`);
  if (patterns.length === 0 && errors.length === 0) {
    problems.push('REPOS is empty: set it to your repositories, e.g. REPOS = "your-name/your-repo, your-org/*".');
  }
  const config: Config = {
    tracked: patterns,
    reposSource,
    githubApiUrl: parseUrl('GITHUB_API_URL', env.GITHUB_API_URL, DEFAULT_GITHUB_API_URL, problems),
    githubToken: env.GITHUB_TOKEN?.trim() || undefined,
    refreshIntervalMs: parseInteger('REFRESH_INTERVAL_HOURS', env.REFRESH_INTERVAL_HOURS, 24, 1, 168, problems) * 3_600_000,
    reposPerRun: parseInteger('COLLECTOR_REPOS_PER_RUN', env.COLLECTOR_REPOS_PER_RUN, 8, 1, 1000, problems),
    // 45 of the free plan's 50 subrequests per invocation; a paid plan allows 1,000.
    githubRequestsPerRun: parseInteger('COLLECTOR_GITHUB_REQUESTS_PER_RUN', env.COLLECTOR_GITHUB_REQUESTS_PER_RUN, 45, 6, 1000, problems),
    includeForks: parseFlag('INCLUDE_FORKS', env.INCLUDE_FORKS, problems),
    includeArchived: parseFlag('INCLUDE_ARCHIVED', env.INCLUDE_ARCHIVED, problems),
    reportToken: env.REPORT_TOKEN?.trim() || undefined,
    publicReport: parseFlag('PUBLIC_REPORT', env.PUBLIC_REPORT, problems),
    analytics: parseAnalytics(env, problems),
    problems,
  };
  cache.set(env, config);
  return config;
}

function parseAnalytics(env: ConfigEnv, problems: string[]): Config['analytics'] {
  const accountId = env.CF_ACCOUNT_ID?.trim() ?? '';
  const apiToken = env.CF_API_TOKEN?.trim() ?? '';
  if (accountId === '' && apiToken === '') return null;
  if (accountId === '' || apiToken === '') {
    problems.push('Impression breakdowns need both CF_ACCOUNT_ID and CF_API_TOKEN; only one of them is set.');
    return null;
  }
  if (!/^[0-9a-f]{32}$/.test(accountId)) {
    problems.push('CF_ACCOUNT_ID must be the 32-character account ID shown in the Cloudflare dashboard.');
    return null;
  }
  const dataset = env.ANALYTICS_DATASET?.trim() || 'repo_impressions_views';
  if (!/^[A-Za-z0-9_]{1,64}$/.test(dataset)) {
    problems.push(`ANALYTICS_DATASET must be a dataset name (letters, digits, _); it is "${dataset}".`);
    return null;
  }
  return { accountId, apiToken, apiUrl: parseUrl('CF_API_URL', env.CF_API_URL, DEFAULT_CF_API_URL, problems), dataset };
}

function parseUrl(name: string, value: string | undefined, fallback: string, problems: string[]): string {
  if (value === undefined || value.trim() === '') return fallback;
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.href.replace(/\/+$/, '');
  } catch {
    // reported below
  }
  problems.push(`${name} must be an http(s) URL such as ${fallback}; it is "${value}".`);
  return fallback;
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (value === undefined || value.trim() === '') return fallback;
  const number = Number(value);
  if (Number.isInteger(number) && number >= min && number <= max) return number;
  problems.push(`${name} must be a whole number from ${min} to ${max}; it is "${value}".`);
  return fallback;
}

function parseFlag(name: string, value: string | undefined, problems: string[]): boolean {
  if (value === undefined || value.trim() === '') return false;
  if (value === 'true' || value === 'false') return value === 'true';
  problems.push(`${name} must be "true" or "false"; it is "${value}".`);
  return false;
}
