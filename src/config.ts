import * as v from 'valibot';
import { parsePackageList, type PackageRef } from './packages/package-list';
import { DEFAULT_REGISTRY_APIS, type RegistryApis } from './packages/registry-downloads';
import type { GitHubAppCredentials } from './github/app-installations';
import { pkcs8PrivateKey } from './github/private-key';
import { isTracked, parseRepoList, parseRepoSlug, type RepoPattern } from './repos';

/**
 * The Worker's settings: every var, secret and binding checked in one place, with valibot schemas, and turned
 * into typed values. A setting that is wrong is reported in `problems` (shown by GET /health) in words that
 * say how to fix it, and its default is used meanwhile. Secret values never appear in a problem.
 */
export interface Config {
  tracked: RepoPattern[];
  /** The REPOS value `tracked` came from. */
  reposSource: string;
  githubApiUrl: string;
  /** PUBLIC_URL: the Worker's own public address, for the snippets it writes (npm run setup sets it); null if unset. */
  publicUrl: string | null;
  githubToken: string | undefined;
  /**
   * GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY (secrets): the collector uses the app's installation tokens, and
   * GITHUB_TOKEN is not used. The key is PKCS#8 PEM here, whichever form GitHub's file had. Null without an app.
   */
  githubApp: GitHubAppCredentials | null;
  refreshIntervalMs: number;
  reposPerRun: number;
  githubRequestsPerRun: number;
  /** Durable Object rows the collector writes a day at most (its refreshes, backfills and schedule). */
  rowsPerDay: number;
  includeForks: boolean;
  includeArchived: boolean;
  /** Secret for /report (Authorization: Bearer); reports are closed without it unless publicReport. */
  reportToken: string | undefined;
  /** PUBLIC_REPORT=true: anyone may read impressions and stars (never GitHub traffic). */
  publicReport: boolean;
  /** Secret REPORT_WEBHOOK_URL: where weekly digests are posted (Slack, Discord or any JSON webhook). */
  reportWebhookUrl: string | undefined;
  /** Secret GITHUB_WEBHOOK_SECRET: POST /github/webhook takes GitHub's deliveries signed with it; off without it. */
  githubWebhookSecret: string | undefined;
  /** Analytics Engine's SQL API, for impression breakdowns; null unless CF_ACCOUNT_ID and CF_API_TOKEN are set. */
  analytics: { accountId: string; apiToken: string; apiUrl: string; dataset: string } | null;
  /** PACKAGES: each repository's packages, whose daily downloads the collector reads. */
  packages: Map<string, PackageRef[]>;
  /** The registries' download APIs (NPM_API_URL, PYPISTATS_API_URL, CRATES_API_URL: their public ones unless set). */
  registryApis: RegistryApis;
  /** What is wrong with the settings, each in words that say how to fix it. Empty when all is well. */
  problems: string[];
}

/** The env entries config reads; everything is optional here because a misconfigured Worker must still start. */
export interface ConfigEnv {
  REPOS?: string;
  GITHUB_API_URL?: string;
  PUBLIC_URL?: string;
  GITHUB_TOKEN?: string;
  GITHUB_APP_ID?: string;
  GITHUB_APP_PRIVATE_KEY?: string;
  REFRESH_INTERVAL_HOURS?: string;
  COLLECTOR_REPOS_PER_RUN?: string;
  COLLECTOR_GITHUB_REQUESTS_PER_RUN?: string;
  COLLECTOR_ROWS_PER_DAY?: string;
  INCLUDE_FORKS?: string;
  INCLUDE_ARCHIVED?: string;
  REPORT_TOKEN?: string;
  REPORT_WEBHOOK_URL?: string;
  GITHUB_WEBHOOK_SECRET?: string;
  PUBLIC_REPORT?: string;
  CF_ACCOUNT_ID?: string;
  CF_API_TOKEN?: string;
  CF_API_URL?: string;
  ANALYTICS_DATASET?: string;
  PACKAGES?: string;
  NPM_API_URL?: string;
  PYPISTATS_API_URL?: string;
  CRATES_API_URL?: string;
  EVENTS?: unknown;
  COUNTER?: unknown;
  REGISTRY?: unknown;
  REPORTS?: unknown;
}

const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
const DEFAULT_CF_API_URL = 'https://api.cloudflare.com/client/v4';

const httpUrl = (name: string, example: string) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.url(`${name} must be an http(s) URL such as ${example}`),
    v.regex(/^https?:\/\//i, `${name} must be an http(s) URL such as ${example}`),
    v.transform((url) => url.replace(/\/+$/, '')),
  );
/**
 * The collector's share of the free plan's 100,000 rows written a day: the rest is the views' (a batch of views
 * writes a row per day, page and source in it). Enough for 10,000 refreshes of a day's new data.
 */
export const DEFAULT_ROWS_PER_DAY = 60_000;

const wholeNumber = (name: string, min: number, max: number) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.transform(Number),
    v.integer(`${name} must be a whole number from ${min} to ${max}`),
    v.minValue(min, `${name} must be a whole number from ${min} to ${max}`),
    v.maxValue(max, `${name} must be a whole number from ${min} to ${max}`),
  );
const flag = (name: string) =>
  v.pipe(
    v.picklist(['true', 'false'], `${name} must be "true" or "false"`),
    v.transform((value) => value === 'true'),
  );
const binding = (name: string, kind: string, method: string, fix: string) =>
  v.custom(
    (value) => typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[method] === 'function',
    `binding ${name} (${kind}) is missing: ${fix}`,
  );

/** One schema per setting: each is checked on its own, so one mistake does not hide the others. */
const SETTINGS = {
  GITHUB_API_URL: httpUrl('GITHUB_API_URL', DEFAULT_GITHUB_API_URL),
  CF_API_URL: httpUrl('CF_API_URL', DEFAULT_CF_API_URL),
  PUBLIC_URL: httpUrl('PUBLIC_URL', 'https://repo-impressions.you.workers.dev'),
  NPM_API_URL: httpUrl('NPM_API_URL', DEFAULT_REGISTRY_APIS.npm),
  PYPISTATS_API_URL: httpUrl('PYPISTATS_API_URL', DEFAULT_REGISTRY_APIS.pypistats),
  CRATES_API_URL: httpUrl('CRATES_API_URL', DEFAULT_REGISTRY_APIS.crates),
  REFRESH_INTERVAL_HOURS: wholeNumber('REFRESH_INTERVAL_HOURS', 1, 168),
  COLLECTOR_REPOS_PER_RUN: wholeNumber('COLLECTOR_REPOS_PER_RUN', 1, 1000),
  // Summed over a run's refreshes, each made in its repository's object (50 subrequests each on the free plan).
  COLLECTOR_GITHUB_REQUESTS_PER_RUN: wholeNumber('COLLECTOR_GITHUB_REQUESTS_PER_RUN', 6, 1000),
  // The free plan allows 100,000 Durable Object rows written a day, views included; over it, every call fails
  // until midnight UTC (the counter too).
  COLLECTOR_ROWS_PER_DAY: wholeNumber('COLLECTOR_ROWS_PER_DAY', 100, 100_000_000),
  INCLUDE_FORKS: flag('INCLUDE_FORKS'),
  INCLUDE_ARCHIVED: flag('INCLUDE_ARCHIVED'),
  PUBLIC_REPORT: flag('PUBLIC_REPORT'),
  GITHUB_APP_ID: v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^[0-9]{1,12}$/, "GITHUB_APP_ID must be the app's numeric App ID, shown on its settings page on GitHub"),
  ),
  CF_ACCOUNT_ID: v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^[0-9a-f]{32}$/, 'CF_ACCOUNT_ID must be the 32-character account ID shown in the Cloudflare dashboard'),
  ),
  ANALYTICS_DATASET: v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^[A-Za-z0-9_]{1,64}$/, 'ANALYTICS_DATASET must be a dataset name (letters, digits, _)'),
  ),
  EVENTS: binding(
    'EVENTS',
    'Analytics Engine',
    'writeDataPoint',
    'add the [[analytics_engine_datasets]] entry of the README to wrangler.toml',
  ),
  COUNTER: binding(
    'COUNTER',
    'Durable Object',
    'idFromName',
    'add the [[durable_objects.bindings]] entry and its migration of the README to wrangler.toml',
  ),
  REGISTRY: binding(
    'REGISTRY',
    'Durable Object',
    'idFromName',
    'add the REGISTRY [[durable_objects.bindings]] entry and its migration (v2) of the README to wrangler.toml',
  ),
  REPORTS: binding(
    'REPORTS',
    'KV namespace',
    'get',
    'create it with `wrangler kv namespace create REPORTS` and add its [[kv_namespaces]] entry to wrangler.toml',
  ),
} as const;

type Settings = typeof SETTINGS;
const BINDINGS = ['EVENTS', 'COUNTER', 'REGISTRY', 'REPORTS'] as const;
/** Secrets: their values never go into a problem message. */
const SECRETS = new Set([
  'GITHUB_TOKEN',
  'GITHUB_APP_PRIVATE_KEY',
  'REPORT_TOKEN',
  'CF_API_TOKEN',
  'REPORT_WEBHOOK_URL',
  'GITHUB_WEBHOOK_SECRET',
]);

const cache = new WeakMap<object, Config>();

export function parseConfig(env: ConfigEnv): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const problems: string[] = [];

  /** A setting's value, or `fallback` when it is unset or (reported in problems) wrong. */
  function setting<K extends keyof Settings>(name: K, fallback: v.InferOutput<Settings[K]>): v.InferOutput<Settings[K]> {
    const raw = (env as Record<string, unknown>)[name];
    const isBinding = (BINDINGS as readonly string[]).includes(name);
    if (!isBinding && (raw === undefined || (typeof raw === 'string' && raw.trim() === ''))) return fallback;
    const result = v.safeParse(SETTINGS[name], raw);
    if (result.success) return result.output;
    const shown = isBinding || SECRETS.has(name) ? '' : `; it is "${String(raw)}"`;
    problems.push(`${result.issues[0].message}${shown}.`);
    return fallback;
  }

  const reposSource = env.REPOS ?? '';
  const { patterns, errors } = parseRepoList(reposSource);
  for (const error of errors) problems.push(`REPOS: ${error}; fix the entry in wrangler.toml [vars] or the dashboard.`);
  if (patterns.length === 0 && errors.length === 0) {
    problems.push('REPOS is empty: set it to your repositories, e.g. REPOS = "your-name/your-repo, your-org/*".');
  }

  const packages = parsePackageList(env.PACKAGES ?? '');
  for (const error of packages.errors) problems.push(`PACKAGES: ${error}.`);
  for (const slug of packages.byRepo.keys()) {
    const ref = parseRepoSlug(slug);
    if (ref && patterns.length > 0 && !isTracked(patterns, ref)) problems.push(`PACKAGES names ${slug}, which REPOS does not track.`);
  }
  const publicUrl = setting('PUBLIC_URL', '') || null;

  const config: Config = {
    tracked: patterns,
    reposSource,
    githubApiUrl: setting('GITHUB_API_URL', DEFAULT_GITHUB_API_URL),
    // Unset, or wrong (a problem then): null, and the snippets fall back as routes/snippets.ts says.
    publicUrl,
    githubToken: env.GITHUB_TOKEN?.trim() || undefined,
    githubApp: null,
    refreshIntervalMs: setting('REFRESH_INTERVAL_HOURS', 24) * 3_600_000,
    reposPerRun: setting('COLLECTOR_REPOS_PER_RUN', 3),
    githubRequestsPerRun: setting('COLLECTOR_GITHUB_REQUESTS_PER_RUN', 45),
    rowsPerDay: setting('COLLECTOR_ROWS_PER_DAY', DEFAULT_ROWS_PER_DAY),
    includeForks: setting('INCLUDE_FORKS', false),
    includeArchived: setting('INCLUDE_ARCHIVED', false),
    reportToken: env.REPORT_TOKEN?.trim() || undefined,
    publicReport: setting('PUBLIC_REPORT', false),
    reportWebhookUrl: env.REPORT_WEBHOOK_URL?.trim() || undefined,
    // Not trimmed: GitHub signs with the secret exactly as it was typed into the webhook's settings.
    githubWebhookSecret: env.GITHUB_WEBHOOK_SECRET || undefined,
    analytics: null,
    packages: packages.byRepo,
    registryApis: {
      npm: setting('NPM_API_URL', DEFAULT_REGISTRY_APIS.npm),
      pypistats: setting('PYPISTATS_API_URL', DEFAULT_REGISTRY_APIS.pypistats),
      crates: setting('CRATES_API_URL', DEFAULT_REGISTRY_APIS.crates),
      contact: publicUrl,
    },
    problems,
  };
  for (const name of BINDINGS) setting(name, undefined);

  config.githubApp = githubAppOf(env, problems, (name) => setting(name, ''));

  const accountId = env.CF_ACCOUNT_ID?.trim() ?? '';
  const apiToken = env.CF_API_TOKEN?.trim() ?? '';
  if ((accountId === '') !== (apiToken === '')) {
    problems.push('Impression breakdowns need both CF_ACCOUNT_ID and CF_API_TOKEN; only one of them is set.');
  } else if (accountId !== '') {
    const before = problems.length;
    const checkedAccount = setting('CF_ACCOUNT_ID', '');
    const dataset = setting('ANALYTICS_DATASET', 'repo_impressions_views');
    const apiUrl = setting('CF_API_URL', DEFAULT_CF_API_URL);
    if (problems.length === before) config.analytics = { accountId: checkedAccount, apiToken, apiUrl, dataset };
  }
  cache.set(env, config);
  return config;
}

/**
 * How the collector signs in to GitHub: the GitHub App when it is set (GITHUB_TOKEN is then not used), else
 * GITHUB_TOKEN, else anonymously. Only `token` can expire unseen, so only it is watched (token-expiry.ts).
 */
export function githubSignIn(config: Pick<Config, 'githubApp' | 'githubToken'>): 'app' | 'token' | 'none' {
  if (config.githubApp) return 'app';
  return config.githubToken === undefined ? 'none' : 'token';
}

/** The GitHub App's credentials when both are set and right; a problem when only one is, or the key is no key. */
function githubAppOf(env: ConfigEnv, problems: string[], checked: (name: 'GITHUB_APP_ID') => string): GitHubAppCredentials | null {
  const appId = env.GITHUB_APP_ID?.trim() ?? '';
  const key = env.GITHUB_APP_PRIVATE_KEY?.trim() ?? '';
  if (appId === '' && key === '') return null;
  if (appId === '' || key === '') {
    problems.push('A GitHub App needs both GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY; only one of them is set.');
    return null;
  }
  const before = problems.length;
  const id = checked('GITHUB_APP_ID');
  const privateKey = pkcs8PrivateKey(key);
  if (privateKey === null) {
    problems.push(
      'GITHUB_APP_PRIVATE_KEY must be the private key GitHub gave the app: the whole .pem file, from "-----BEGIN RSA PRIVATE KEY-----" to its END line.',
    );
  }
  return problems.length === before && privateKey !== null ? { appId: id, privateKey } : null;
}
