import { githubSignIn, type Config } from '../config';
import { counterFor } from '../counter/counter-client';
import { utcDay } from '../dates';
import { errorMessage, logLine, type Log } from '../log';
import type { RepoRef } from '../repos';
import { readDigest, writeDigest } from '../stores/digest-store';
import { listTrackedRepos, storesOf, type RepoStores } from '../stores/repo-store';
import { guard } from '../storage/storage-fault';
import { buildDigest, digestWebhookMessage, type DigestNews } from '../digests/digest';
import { previousWeek, weekRange, type IsoWeek } from '../digests/iso-week';
import { postWithRetry } from '../digests/webhook';
import { tokenNotice } from '../github/token-expiry';
import { registryOf } from '../registry/registry-client';

export interface DigestRunDeps {
  stores: RepoStores;
  config: Config;
  /** Backoff base for webhook retries; lowered in tests. */
  retryDelayMs?: number;
  log: Log;
}

/** The weekly run (Monday's cron): last week's digest per owner, stored, and delivered once to the webhook. */
export async function runWeeklyDigests(deps: DigestRunDeps, now: number): Promise<{ week: IsoWeek; owners: string[]; sent: string[] }> {
  const week = previousWeek(utcDay(now));
  const range = weekRange(week);
  if (!range) throw new Error(`no range for ${week}`);
  const byOwner = new Map<string, RepoRef[]>();
  for (const ref of await listTrackedRepos(deps.stores, deps.config)) byOwner.set(ref.owner, [...(byOwner.get(ref.owner) ?? []), ref]);

  const sent: string[] = [];
  const webhookUrl = deps.config.reportWebhookUrl;
  const tokenWarning = githubSignIn(deps.config) === 'token' ? await tokenWarningOf(deps, now) : null;
  for (const [owner, refs] of byOwner) {
    const stored = await readDigest(deps.stores.kv, week, owner);
    let digest = stored.digest;
    if (!digest) {
      const news: DigestNews = { events: [], readmeChanges: [] };
      // Each repository's object works out its own week, in its own invocation.
      const repos = await Promise.all(
        refs.map(async (ref) => {
          const week = await guard('reading the week', () => counterFor(deps.stores.counter, ref).digestWeek(range));
          news.events.push(...week.news.events);
          news.readmeChanges.push(...week.news.readmeChanges);
          return week;
        }),
      );
      digest = { ...buildDigest(owner, week, range, repos, news), tokenWarning };
      await writeDigest(deps.stores.kv, digest, null);
    }
    if (webhookUrl && !stored.sentAt) {
      const delivery = await postWithRetry(webhookUrl, digestWebhookMessage(digest, webhookUrl), 4, deps.retryDelayMs);
      deps.log({ level: delivery.ok ? 'info' : 'error', message: 'digest delivery', week, owner, ...delivery });
      if (delivery.ok) {
        await writeDigest(deps.stores.kv, digest, new Date(now).toISOString());
        sent.push(owner);
      }
    }
  }
  return { week, owners: [...byOwner.keys()], sent };
}

/** The token's warning, as the collector last heard of it; none when the registry cannot say (logged). */
async function tokenWarningOf(deps: DigestRunDeps, now: number): Promise<string | null> {
  try {
    return tokenNotice(await registryOf(deps.stores.registry).tokenState(), now)?.message ?? null;
  } catch (error) {
    deps.log({ level: 'error', message: 'token state not read for the digest', error: errorMessage(error) });
    return null;
  }
}

/** Monday's cron: last week's digests, and one log line saying what was done. Never throws. */
export async function runScheduledDigests(env: Env, config: Config, scheduledTime: number): Promise<void> {
  try {
    const result = await runWeeklyDigests({ stores: storesOf(env), config, log: logLine }, scheduledTime);
    logLine({ level: 'info', message: 'weekly digests', ...result });
  } catch (error) {
    logLine({ level: 'error', message: 'weekly digests failed', error: errorMessage(error) });
  }
}
