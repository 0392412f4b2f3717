// The GitHub App path of `npm run setup`: GitHub's app-manifest flow
// (https://docs.github.com/en/apps/sharing-github-apps/registering-a-github-app-from-a-manifest). A page served
// on 127.0.0.1 posts the app's settings (the manifest) to GitHub; the maintainer names the app there and creates
// it; GitHub sends the browser back to that page with a code, which setup exchanges for the app's id, private key
// and webhook secret (POST /app-manifests/{code}/conversions, within the hour the code lasts).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { done, SetupError } from './output.mjs';

/** What the collector reads (traffic needs Administration) and the events the webhook records. */
export const APP_PERMISSIONS = { administration: 'read', contents: 'read', metadata: 'read', issues: 'read', pull_requests: 'read' };
export const APP_EVENTS = ['star', 'watch', 'fork', 'issues', 'pull_request'];

// GitHub gives the code an hour; a setup left waiting longer stops and says so.
const WAIT_MS = 60 * 60_000;

/** The manifest GitHub registers the app from: its permissions and events preset, its webhook the Worker's. */
export function appManifest(workerUrl, redirectUrl) {
  return {
    name: 'repo-impressions',
    url: workerUrl,
    description: 'README impressions and the stars, forks and contributions they turn into.',
    hook_attributes: { url: `${workerUrl}/github/webhook`, active: true },
    redirect_url: redirectUrl,
    public: false,
    default_permissions: APP_PERMISSIONS,
    default_events: APP_EVENTS,
  };
}

/** Where GitHub registers an app for an account: the signed-in user's, or an organisation's. */
export function newAppUrl(web, organization) {
  return organization ? `${web}/organizations/${encodeURIComponent(organization)}/settings/apps/new` : `${web}/settings/apps/new`;
}

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Serves the page that sends the manifest to GitHub, waits for GitHub's redirect back, and exchanges its code.
 * `announce(url)` is told the page's address, for the maintainer to open. Returns the app GitHub registered.
 */
export async function createAppFromManifest({ web, api, organization, workerUrl, announce, waitMs = WAIT_MS }) {
  const state = randomBytes(16).toString('hex');
  let settle;
  const finished = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === '/') {
      const manifest = JSON.stringify(appManifest(workerUrl, `${origin}/callback`));
      const action = `${newAppUrl(web, organization)}?state=${state}`;
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(`<!doctype html><meta charset="utf-8"><title>Create the repo-impressions GitHub App</title>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="manifest" value="${escapeHtml(manifest)}">
<p>GitHub will ask you to name the app and create it.</p><button>Continue to GitHub</button></form>
<script>document.forms[0].submit()</script>`);
      return;
    }
    if (url.pathname === '/callback') {
      const code = url.searchParams.get('code') ?? '';
      if (url.searchParams.get('state') !== state || !/^[\w-]{1,128}$/.test(code)) {
        response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('This is not the answer to the app setup started: run npm run setup again.');
        return;
      }
      convert(api, code).then(
        (app) => {
          response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          response.end(`The GitHub App ${app.slug} is created. Back to the terminal: setup goes on.`);
          settle.resolve(app);
        },
        (error) => {
          response.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
          response.end(error.message);
          settle.reject(error);
        },
      );
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  const origin = `http://127.0.0.1:${server.address().port}`;
  announce(origin);
  const timer = setTimeout(
    () => settle.reject(new SetupError('No app was created within the hour GitHub gives: run npm run setup -- --github-app again.')),
    waitMs,
  );
  try {
    return await finished;
  } finally {
    clearTimeout(timer);
    server.close();
  }
}

/** GitHub's exchange of the redirect's code: the app's id, slug, page, private key and webhook secret. */
async function convert(api, code) {
  const response = await fetch(`${api}/app-manifests/${code}/conversions`, {
    method: 'POST',
    headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'repo-impressions-setup' },
  });
  if (response.status === 404 || response.status === 422)
    throw new SetupError(`GitHub no longer has that app code (${response.status}; a code lasts an hour and works once): run setup again.`);
  if (!response.ok) throw new SetupError(`GitHub answered ${response.status} to the app's creation: run setup again in a minute.`);
  const app = await response.json();
  if (!Number.isInteger(app.id) || typeof app.pem !== 'string' || typeof app.webhook_secret !== 'string')
    throw new SetupError("GitHub's answer did not carry the app's id, key and webhook secret: run setup again.");
  done(`GitHub App ${app.slug} (id ${app.id}) created for ${app.owner?.login ?? 'your account'}`);
  return app;
}
