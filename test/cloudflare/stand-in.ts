import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the few Cloudflare API endpoints that `npm run setup` reaches through wrangler, on 127.0.0.1
 * (wrangler reads CLOUDFLARE_API_BASE_URL). Every answer is the v4 envelope `{ success, errors, messages, result }`
 * (lists with `result_info`) of Cloudflare's API reference, https://developers.cloudflare.com/api/. Each route
 * below names its source: the reference page, or the types of the `cloudflare` SDK 5.2.0 that wrangler 4.86 bundles
 * (generated from Cloudflare's OpenAPI description; node_modules/wrangler/wrangler-dist/cli.js). The endpoints were
 * found by pointing wrangler at a stand-in that logged every request. It keeps what was created, so a second run
 * finds it.
 */
export interface CloudflareState {
  namespaces: Array<{ id: string; title: string; supports_url_encoding: boolean }>;
  secrets: Map<string, string>;
  /** Worker scripts uploaded, by name: their metadata part (bindings, compatibility date). */
  scripts: Map<string, Record<string, unknown>>;
  /** Every request, as "METHOD path", for tests to assert on and to find what wrangler asked for. */
  requests: string[];
}

export const STAND_IN_ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
export const STAND_IN_SUBDOMAIN = 'stand-in';

export async function startCloudflareStandIn(): Promise<{ url: string; state: CloudflareState; close: () => Promise<void> }> {
  const state: CloudflareState = { namespaces: [], secrets: new Map(), scripts: new Map(), requests: [] };
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/client\/v4/, '');
    state.requests.push(`${request.method} ${path}`);
    const answer = route(state, request.method ?? 'GET', path, body, request.headers['content-type'] ?? '');
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    if (answer.status >= 400) return response.end(JSON.stringify({ success: false, errors: [answer.result], messages: [], result: null }));
    // Lists are paged as Cloudflare pages them (?page=&per_page=, with result_info): wrangler asks for pages until
    // one comes back short or empty, so a stand-in that ignored `page` would be asked forever.
    if (Array.isArray(answer.result)) {
      const page = Number(url.searchParams.get('page') ?? 1);
      const perPage = Number(url.searchParams.get('per_page') ?? 20);
      const items = answer.result.slice((page - 1) * perPage, page * perPage);
      const total = answer.result.length;
      const resultInfo = { page, per_page: perPage, count: items.length, total_count: total, total_pages: Math.ceil(total / perPage) };
      return response.end(JSON.stringify({ success: true, errors: [], messages: [], result: items, result_info: resultInfo }));
    }
    response.end(JSON.stringify({ success: true, errors: [], messages: [], result: answer.result }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/client/v4`, state, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

const ok = (result: unknown) => ({ status: 200, result });
const notFound = (message: string) => ({ status: 404, result: { code: 10007, message } });
const notFoundWorker = () => ({ status: 404, result: { code: 10007, message: 'workers.api.error.script_not_found' } });

/** The `metadata` part of a script upload (multipart/form-data): its bindings and settings. */
function uploadedMetadata(body: Buffer, contentType: string): Record<string, unknown> {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) return {};
  for (const part of body.toString('utf8').split(`--${boundary}`)) {
    if (!/name="metadata"/.test(part)) continue;
    const json = part.slice(part.indexOf('\r\n\r\n') + 4).trimEnd();
    return JSON.parse(json) as Record<string, unknown>;
  }
  return {};
}

function route(
  state: CloudflareState,
  method: string,
  path: string,
  body: Buffer,
  contentType: string,
): { status: number; result: unknown } {
  const account = `/accounts/${STAND_IN_ACCOUNT_ID}`;
  // https://developers.cloudflare.com/api/resources/user/subresources/tokens/methods/verify: { id, status }.
  if (method === 'GET' && path === '/user/tokens/verify') return ok({ id: 'f267e341f3dd4697bd3b9f71dd96247f', status: 'active' });
  // User details, accounts and memberships (what `wrangler whoami` reads): id, email; accounts as { id, name }.
  if (method === 'GET' && path === '/user') return ok({ id: '7c5dae5552338874e5053f2534d2767a', email: 'maintainer@example.com' });
  if (method === 'GET' && path === '/accounts') return ok([{ id: STAND_IN_ACCOUNT_ID, name: 'Stand-in account' }]);
  if (method === 'GET' && path === '/memberships')
    return ok([{ id: 'membership', account: { id: STAND_IN_ACCOUNT_ID, name: 'Stand-in account' } }]);
  // https://developers.cloudflare.com/api/resources/kv/subresources/namespaces/methods/create: { id, title,
  // supports_url_encoding }; creating a title the account already has is a 400.
  if (method === 'GET' && path === `${account}/storage/kv/namespaces`) return ok(state.namespaces);
  if (method === 'POST' && path === `${account}/storage/kv/namespaces`) {
    const { title } = JSON.parse(body.toString()) as { title: string };
    if (state.namespaces.some((namespace) => namespace.title === title))
      return { status: 400, result: { code: 10014, message: 'a namespace with this account ID and title already exists' } };
    const namespace = { id: (state.namespaces.length + 1).toString(16).padStart(32, 'a'), title, supports_url_encoding: true };
    state.namespaces.push(namespace);
    return ok(namespace);
  }
  // Scripts list ({ id }), the account's workers.dev subdomain ({ subdomain }), and a service's default environment,
  // from which wrangler reads `default_environment.script.tag` (SDK types; wrangler's src/deploy).
  if (method === 'GET' && path === `${account}/workers/scripts`) return ok([...state.scripts.keys()].map((id) => ({ id })));
  if (method === 'GET' && path === `${account}/workers/subdomain`) return ok({ subdomain: STAND_IN_SUBDOMAIN });
  const service = new RegExp(`^${account}/workers/services/([^/]+)$`).exec(path);
  if (service && method === 'GET') {
    const name = service[1] ?? '';
    if (!state.scripts.has(name)) return notFoundWorker();
    return ok({ id: name, default_environment: { environment: 'production', script: { id: name, tag: `tag-${name}`, etag: 'etag' } } });
  }
  const script = new RegExp(`^${account}/workers/scripts/([^/]+)(/[a-z-]+)?$`).exec(path);
  const [, scriptName = '', part = ''] = script ?? [];
  // Script upload (multipart): the SDK's Script { id, etag, handlers, startup_time_ms, ... }.
  if (script && part === '' && method === 'PUT') {
    state.scripts.set(scriptName, uploadedMetadata(body, contentType));
    return ok({ id: scriptName, etag: 'etag', handlers: ['fetch', 'scheduled'], startup_time_ms: 12, tag: `tag-${scriptName}` });
  }
  if (script && part === '/deployments' && method === 'GET') return ok({ deployments: [] });
  // Static assets (https://developers.cloudflare.com/workers/static-assets/direct-upload/): { jwt, buckets }; no
  // buckets says every file is already there, and the JWT then completes the upload.
  if (script && part === '/assets-upload-session' && method === 'POST') return ok({ jwt: 'stand-in-assets-completion', buckets: [] });
  // https://developers.cloudflare.com/api/resources/workers/subresources/scripts/subresources/subdomain/methods/create:
  // { enabled, previews_enabled }. Schedules answer { schedules } (SDK ScheduleUpdateResponse).
  if (script && part === '/subdomain') return ok({ enabled: true, previews_enabled: false });
  if (script && part === '/schedules' && method === 'PUT') return ok({ schedules: JSON.parse(body.toString()) as unknown });
  const secrets = part === '/secrets' ? script : null;
  // As Cloudflare does, secrets go to a Worker that exists: setup deploys first.
  if (secrets && !state.scripts.has(scriptName)) return notFoundWorker();
  // Secrets: PUT { name, text, type: 'secret_text' } answers { name, type } (Cloudflare's "Worker create secret", as
  // in https://docs.rs/cloudflare-but-works/0.14.0/src/cloudflare_but_works/endpoints/workers/create_secret.rs.html);
  // the list is [{ name, type }].
  if (secrets && method === 'PUT') {
    const { name, text } = JSON.parse(body.toString()) as { name: string; text: string };
    state.secrets.set(name, text);
    return ok({ name, type: 'secret_text' });
  }
  if (secrets && method === 'GET') return ok([...state.secrets.keys()].map((name) => ({ name, type: 'secret_text' })));
  return notFound(`No route for ${method} ${path} in the stand-in${contentType ? ` (${contentType})` : ''}`);
}
