import { env } from 'cloudflare:workers';
import type { CollectorDeps } from '../src/collector/run-collector';
import { parseConfig } from '../src/config';
import { createGitHubClient } from '../src/github/client';
import { TEST_GITHUB_TOKEN } from './constants';
import { githubApiUrl } from './github/scenario';

/** A KV namespace that counts its writes, for the "at most 2 writes per repository" budget. */
export function countingKv(kv: KVNamespace): { kv: KVNamespace; puts: string[] } {
  const puts: string[] = [];
  const counted = new Proxy(kv, {
    get(target, property) {
      if (property === 'put') return (key: string, ...rest: unknown[]) => (puts.push(key), (target.put as (...args: unknown[]) => unknown)(key, ...rest));
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { kv: counted, puts };
}

/** Collector dependencies as the cron handler builds them, pointed at the GitHub stand-in, with quick retries. */
export function makeCollectorDeps(overrides: Partial<CollectorDeps> & { token?: string | null } = {}): CollectorDeps & { puts: string[] } {
  const { token = TEST_GITHUB_TOKEN, ...rest } = overrides;
  const { kv, puts } = countingKv(env.REPORTS);
  const config = parseConfig(env);
  return {
    kv,
    puts,
    counter: env.COUNTER,
    github: createGitHubClient({ baseUrl: githubApiUrl, token: token ?? undefined, retryBaseMs: 1, timeoutMs: 400 }),
    hasToken: token !== null,
    tracked: config.tracked,
    reposSource: config.reposSource,
    refreshIntervalMs: 3_600_000,
    maxReposPerRun: 50,
    maxGithubRequestsPerRun: 1000,
    includeForks: false,
    includeArchived: false,
    log: () => {},
    ...rest,
  };
}
