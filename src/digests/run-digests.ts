import type { Config } from '../config';
import { addDays, utcDay } from '../dates';
import { buildDigest, digestWebhookMessage, type Digest } from './digest';
import { previousWeek, weekRange, type IsoWeek } from './iso-week';
import { listTrackedRepos, loadRepoSeries } from '../report/load-report';
import { postWithRetry } from './webhook';

/**
 * KV layout of digests: `digest:{YYYY-Www}:{owner}` → Digest JSON, with `{ sentAt }` as key metadata so a list
 * shows what was delivered. A week's digest is stored once and sent at most once.
 */
export const digestKey = (week: IsoWeek, owner: string) => `digest:${week}:${owner}`;
export interface DigestMetadata {
  sentAt: string | null;
}

export interface DigestRunDeps {
  env: Env;
  config: Config;
  webhookUrl: string | undefined;
  /** Backoff base for webhook retries; lowered in tests. */
  retryDelayMs?: number;
  log: (entry: Record<string, unknown>) => void;
}

/** The weekly run (Monday's cron): last week's digest per owner, stored, and delivered once to the webhook. */
export async function runWeeklyDigests(deps: DigestRunDeps, now: number): Promise<{ week: IsoWeek; owners: string[]; sent: string[] }> {
  const week = previousWeek(utcDay(now));
  const range = weekRange(week);
  if (!range) throw new Error(`no range for ${week}`);
  const byOwner = new Map<string, Awaited<ReturnType<typeof listTrackedRepos>>>();
  for (const ref of await listTrackedRepos(deps.env, deps.config)) byOwner.set(ref.owner, [...(byOwner.get(ref.owner) ?? []), ref]);

  const sent: string[] = [];
  for (const [owner, refs] of byOwner) {
    const key = digestKey(week, owner);
    const stored = await deps.env.REPORTS.getWithMetadata<Digest, DigestMetadata>(key, 'json');
    let digest = stored.value;
    if (!digest) {
      const repos = await Promise.all(
        refs.map(async (ref) => {
          const { series } = await loadRepoSeries(deps.env, ref, addDays(range.from, -7), range.to);
          return {
            repo: series.repo,
            thisWeek: series.days.filter((day) => day.day >= range.from),
            lastWeek: series.days.filter((day) => day.day < range.from),
          };
        }),
      );
      digest = buildDigest(owner, week, range, repos);
      await deps.env.REPORTS.put(key, JSON.stringify(digest), { metadata: { sentAt: null } satisfies DigestMetadata });
    }
    if (deps.webhookUrl && !stored.metadata?.sentAt) {
      const delivery = await postWithRetry(deps.webhookUrl, digestWebhookMessage(digest), 4, deps.retryDelayMs);
      deps.log({ level: delivery.ok ? 'info' : 'error', message: 'digest delivery', week, owner, ...delivery });
      if (delivery.ok) {
        await deps.env.REPORTS.put(key, JSON.stringify(digest), { metadata: { sentAt: new Date(now).toISOString() } satisfies DigestMetadata });
        sent.push(owner);
      }
    }
  }
  return { week, owners: [...byOwner.keys()], sent };
}
