import { env } from 'cloudflare:workers';
import type { CollectorDeps } from '../src/jobs/run-collector';
import { parseConfig } from '../src/config';
import { createGitHubClient } from '../src/github/client';
import { TEST_GITHUB_TOKEN } from './constants';
import { githubApiUrl } from './github/scenario';
import { kvWith } from './worker';

/** A KV namespace that counts its writes, for the "at most 2 writes per repository" budget. */
export function countingKv(kv: KVNamespace): { kv: KVNamespace; puts: string[] } {
  const puts: string[] = [];
  const put = kv.put.bind(kv) as (key: string, ...rest: unknown[]) => Promise<void>;
  return {
    kv: kvWith(
      {
        put: (key: string, ...rest: unknown[]) => {
          puts.push(key);
          return put(key, ...rest);
        },
      },
      kv,
    ),
    puts,
  };
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
    registry: env.REGISTRY,
    github: createGitHubClient({ baseUrl: githubApiUrl, token: token ?? undefined, retryBaseMs: 1, timeoutMs: 400 }),
    githubOptions: { baseUrl: githubApiUrl, token: token ?? undefined, retryBaseMs: 1, timeoutMs: 400 },
    hasToken: token !== null,
    tracked: config.tracked,
    reposSource: config.reposSource,
    refreshIntervalMs: 3_600_000,
    maxReposPerRun: 50,
    maxRowsPerDay: 1_000_000,
    maxGithubRequestsPerRun: 1000,
    includeForks: false,
    includeArchived: false,
    log: () => {},
    ...rest,
  };
}
