import type { BurstEvent } from '../conversions/bursts';
import type { WebhookMessage } from './webhook-payloads';

/** A star burst or traffic spike the collector just found, as a webhook message (webhookPayload gives it each app's shape). */
export function eventMessage(repo: string, event: BurstEvent): WebhookMessage {
  const title = event.spiked.includes('stars') ? 'Star burst' : 'Traffic spike';
  return { title, items: [{ name: repo, value: event.summary }], parts: [], whole: `GET /report/${repo}?table=events` };
}
