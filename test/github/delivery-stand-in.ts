/**
 * GitHub's side of a webhook delivery, for tests: the payload GitHub would send for an event, built from the
 * example payloads GitHub's Octokit team publishes (@octokit/webhooks-examples, the examples of GitHub's webhook
 * documentation), pointed at the test's repository and time, checked against @octokit/webhooks-schemas, and signed
 * as GitHub signs it (X-Hub-Signature-256, HMAC-SHA256 of the body with the webhook's secret:
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries). The test sends it to the
 * Worker itself: the Worker under test is reached only from inside workerd.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sign } from '@octokit/webhooks-methods';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { DeliveryRequest, SignedDelivery } from './scenario-types';

const require = createRequire(import.meta.url);
const readJson = (file: string) => JSON.parse(readFileSync(require.resolve(file), 'utf8')) as unknown;
const schema = readJson('@octokit/webhooks-schemas/schema.json') as { definitions: Record<string, unknown> };
const examples = readJson('@octokit/webhooks-examples/api.github.com/index.json') as Array<{
  name: string;
  examples: Array<Record<string, unknown>>;
}>;

const ajv = new Ajv({ strict: false, allErrors: false });
addFormats(ajv);
ajv.addSchema(schema, 'webhooks');

type Payload = Record<string, unknown>;

/** Where each event's own time is in its payload (a star taken back has none: its starred_at is null). */
const TIME_FIELD: Record<string, string[]> = {
  star: ['starred_at'],
  fork: ['forkee', 'created_at'],
  issues: ['issue', 'created_at'],
  pull_request: ['pull_request', 'created_at'],
};

function setField(payload: Payload, path: readonly string[], value: unknown): void {
  const parent = path.slice(0, -1).reduce((object, key) => object[key] as Payload, payload);
  parent[path.at(-1) as string] = value;
}

/** The delivery GitHub would make: headers and the exact body they sign. Throws when the payload breaks GitHub's schema. */
export async function buildDelivery(request: DeliveryRequest): Promise<SignedDelivery> {
  const definition = `${request.event}$${request.action ?? 'event'}`;
  const validate = ajv.getSchema(`webhooks#/definitions/${definition}`);
  if (!validate) throw new Error(`@octokit/webhooks-schemas has no ${definition}`);
  const candidates = (examples.find(({ name }) => name === request.event)?.examples ?? []).filter(
    (example) => (example.action ?? 'event') === (request.action ?? 'event') && validate(example),
  );
  const example = candidates[0];
  if (!example) throw new Error(`no example of ${definition} that passes its schema`);
  const payload = structuredClone(example) as Payload;
  if (request.repo) {
    const [owner, name] = request.repo.split('/');
    setField(payload, ['repository', 'full_name'], request.repo);
    setField(payload, ['repository', 'name'], name);
    setField(payload, ['repository', 'owner', 'login'], owner);
  } else {
    delete payload.repository;
  }
  const timeField = TIME_FIELD[request.event];
  if (request.at && timeField && !(request.event === 'star' && request.action === 'deleted')) setField(payload, timeField, request.at);
  if (request.repo && !validate(payload)) throw new Error(`${definition}: ${ajv.errorsText(validate.errors)}`);
  const body = JSON.stringify(payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/044aadd',
      'x-github-event': request.event,
      'x-github-delivery': request.delivery ?? randomUUID(),
      'x-github-hook-id': '292430182',
      'x-hub-signature-256': await sign(request.secret, body),
    },
  };
}
