import type { BurstEvent } from '../conversions/bursts';
import type { StarBurst } from '../conversions/hourly-burst';
import type { WebhookMessage } from './webhook-payloads';

/** A star burst or traffic spike the collector just found, as a webhook message (webhookPayload gives it each app's shape). */
export function eventMessage(repo: string, event: BurstEvent): WebhookMessage {
  const title = event.spiked.includes('stars') ? 'Star burst' : 'Traffic spike';
  return { title, items: [{ name: repo, value: event.summary }], parts: [], whole: `GET /report/${repo}?table=events` };
}

/** A star burst the webhook saw under way (hourly-burst.ts), as a webhook message: said once, within minutes. */
export function starBurstMessage(repo: string, burst: StarBurst): WebhookMessage {
  const average = burst.hourlyAverage.toLocaleString('en', { maximumFractionDigits: 2 });
  return {
    title: 'Star burst under way',
    items: [{ name: repo, value: `${burst.stars} stars in the last hour (${burst.at}), against ${average} an hour over the week before` }],
    parts: [],
    whole: `GET /report/${repo}?table=hours`,
  };
}
