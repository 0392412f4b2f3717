import { Hono } from 'hono/tiny';
import { counterFor } from '../counter/counter-client';
import type { StarBurst } from '../conversions/hourly-burst';
import { starBurstMessage } from '../digests/event-message';
import { postWithRetry } from '../digests/webhook';
import { webhookPayload } from '../digests/webhook-payloads';
import type { AppEnv } from '../http/app-env';
import { readBoundedBody } from '../http/bounded-body';
import { reject } from '../http/errors';
import { trackedOr404 } from '../http/tracked-repo';
import { logLine } from '../log';
import { repoSlug } from '../repos';
import { storesOf } from '../stores/repo-store';
import { guard } from '../storage/storage-fault';
import { readDelivery } from '../webhooks/github-delivery';
import { checkSignature } from '../webhooks/signature';

// GitHub caps a payload at 25 MB; the events recorded here are a few tens of KB (an issue's body is at most 65,536
// characters), so anything past 1 MiB is no delivery of theirs and is not read further.
const MAX_DELIVERY_BYTES = 1_048_576;
// GitHub's delivery ids are GUIDs ("72d3162e-cc78-11e3-81ab-4c9367dc0958").
const DELIVERY_ID = /^[0-9a-f][0-9a-f-]{7,63}$/i;
const SECRET_FIX = 'the webhook\'s "Secret" must be GITHUB_WEBHOOK_SECRET';

/**
 * `POST /github/webhook`: GitHub's deliveries of star, watch, fork, issues and pull_request events, from a GitHub
 * App or a repository's webhook. Only a delivery signed with GITHUB_WEBHOOK_SECRET is read; one recorded before is
 * refused; the event goes to its repository's object with its exact time. A star burst under way is announced to
 * REPORT_WEBHOOK_URL once.
 */
export const githubWebhookRoutes = new Hono<AppEnv>().post('/webhook', async (c) => {
  const secret = c.var.config.githubWebhookSecret;
  if (!secret)
    reject(
      404,
      'Webhook deliveries are off: set GITHUB_WEBHOOK_SECRET (npx wrangler secret put GITHUB_WEBHOOK_SECRET) to the secret of the webhook.',
    );
  const bytes = await readBoundedBody(c.req.raw, MAX_DELIVERY_BYTES);
  if (bytes === null)
    reject(413, 'The delivery is larger than 1 MiB, more than any star, fork, issue or pull request event: nothing was read.');
  const body = new TextDecoder().decode(bytes);
  const signature = c.req.header('x-hub-signature-256') ?? null;
  const check = body === '' ? 'missing' : await checkSignature(secret, body, signature);
  if (check === 'missing') reject(401, `The delivery is not signed (no X-Hub-Signature-256, or no body): ${SECRET_FIX}.`);
  if (check === 'wrong' || signature === null) reject(401, `The delivery's X-Hub-Signature-256 does not match its body: ${SECRET_FIX}.`);
  const delivery = c.req.header('x-github-delivery') ?? '';
  if (!DELIVERY_ID.test(delivery))
    reject(400, 'X-GitHub-Delivery is missing or is not a delivery id: GitHub sends one with every delivery.');

  const now = Date.now();
  const reading = readDelivery(c.req.header('x-github-event') ?? '', body, now);
  if (reading.kind === 'refused') reject(reading.status, reading.message);
  if (reading.kind === 'ignored') return c.json({ recorded: false, reason: reading.reason });
  const ref = trackedOr404(c, reading.repo.owner, reading.repo.repo, 'record deliveries');
  const { event } = reading;
  const recording = await guard('recording the delivery', async () =>
    counterFor(storesOf(c.env).counter, ref).recordGitHubEvent(delivery, signature, event, now),
  );
  if (!recording.recorded) reject(409, `Delivery ${delivery} was recorded before: a delivery is recorded once.`);
  const repo = repoSlug(ref);
  logLine({ level: 'info', message: 'webhook event', repo, kind: event.kind, delta: event.delta, at: event.at });
  if (recording.burst) c.executionCtx.waitUntil(announce(c.var.config.reportWebhookUrl, repo, recording.burst));
  return c.json({ recorded: true, repo, ...event }, 201);
});

async function announce(url: string | undefined, repo: string, burst: StarBurst): Promise<void> {
  logLine({ level: 'info', message: 'star burst under way', repo, stars: burst.stars, at: burst.at });
  if (!url) return;
  const delivery = await postWithRetry(url, webhookPayload(url, starBurstMessage(repo, burst)), 3);
  logLine({ level: delivery.ok ? 'info' : 'error', message: 'star burst delivery', repo, ...delivery });
}
