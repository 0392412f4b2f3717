import { runScheduledCollector } from './scheduled-run';
import { parseConfig } from '../config';
import { runScheduledDigests } from './run-digests';

/** The weekly digest's trigger in wrangler.toml; every other trigger runs the collector. */
export const DIGEST_CRON = '0 6 * * 1';

/** Cron dispatch: each trigger's work is a function of its own, which never throws (a throwing cron is retried). */
export function runScheduled(env: Env, cron: string, scheduledTime: number): Promise<unknown> {
  const config = parseConfig(env);
  return cron === DIGEST_CRON ? runScheduledDigests(env, config, scheduledTime) : runScheduledCollector(env, config, scheduledTime);
}
