/**
 * The GitHub App side of the GitHub stand-in: the app's installations and their tokens, and the app-manifest
 * conversion `npm run setup` uses. Bodies are GitHub's own examples from its OpenAPI description
 * (openapi-subset.json), checked against its schemas like the rest of the stand-in.
 *
 * The JWT is checked as GitHub describes it (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app):
 * signed RS256 with the app's private key, `iss` the app's id, `exp` no more than 10 minutes into the future and
 * not passed, `iat` not in the future (GitHub advises 60 seconds in the past against clock drift).
 */
import { createPublicKey, createVerify, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../stand-in-server';
import subset from './openapi-subset.json' with { type: 'json' };
import type { AppRequest, StandInApp, StandInManifest } from './scenario-types';

type Validate = <T>(
  operation: 'apps/list-installations' | 'apps/create-installation-access-token' | 'apps/create-from-manifest',
  body: T,
) => T;

const DOCS = 'https://docs.github.com/rest/apps/apps';

export class AppStandIn {
  private readonly apps = new Map<string, StandInApp & { requests: AppRequest[] }>();
  private readonly manifests = new Map<string, StandInManifest & { manifest?: unknown }>();
  /** Installation tokens handed out, and the account each one is for. */
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly validate: Validate,
  ) {}

  private revokeTokens(appId: string): void {
    const accounts = new Set(this.apps.get(appId)?.installations.map(({ account }) => account.toLowerCase()));
    for (const [token, account] of this.tokens) if (accounts.has(account)) this.tokens.delete(token);
  }

  /** The account an installation token was issued for, or undefined for any other token. */
  accountOf(token: string): string | undefined {
    return this.tokens.get(token);
  }

  /** `/app/…` and `/app-manifests/…`: true when the request was one of them (and answered). */
  async handle(request: IncomingMessage, response: ServerResponse, parts: string[]): Promise<boolean> {
    if (parts[0] === 'app-manifests' && parts[2] === 'conversions' && request.method === 'POST') {
      this.convertManifest(response, parts[1] ?? '');
      return true;
    }
    if (parts[0] !== 'app') return false;
    const jwt = (request.headers.authorization ?? '').replace(/^Bearer /i, '');
    const found = this.verify(jwt);
    if (!found) {
      sendJson(response, 401, { message: 'A JSON web token could not be decoded', documentation_url: DOCS });
      return true;
    }
    const [appId, app] = found;
    const url = new URL(request.url ?? '/', this.baseUrl());
    const log = (status: number) => app.requests.push({ method: request.method ?? 'GET', path: url.pathname + url.search, status });
    if (request.method === 'GET' && parts[1] === 'installations' && parts.length === 2) {
      log(200);
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      const body = app.installations
        .slice((page - 1) * perPage, page * perPage)
        .map((installation) => this.installationBody(appId, installation));
      const last = Math.max(1, Math.ceil(app.installations.length / perPage));
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      const link: Record<string, string> = page < last ? { link: `<${this.baseUrl()}${next.pathname}${next.search}>; rel="next"` } : {};
      sendJson(response, 200, this.validate('apps/list-installations', body), link);
      return true;
    }
    if (request.method === 'POST' && parts[1] === 'installations' && parts[3] === 'access_tokens') {
      await readBody(request);
      const installation = app.installations.find(({ id }) => String(id) === parts[2]);
      if (!installation) {
        log(404);
        sendJson(response, 404, { message: 'Not Found', documentation_url: DOCS });
        return true;
      }
      log(201);
      // https://docs.github.com/en/rest/apps/apps#create-an-installation-access-token-for-an-app: "Installation
      // tokens expire one hour from the time you create them"; GitHub's example token starts `ghs_`.
      const token = `ghs_${randomBytes(18).toString('hex')}`;
      this.tokens.set(token, installation.account.toLowerCase());
      const example = structuredClone(subset.operations['apps/create-installation-access-token'].example) as Record<string, unknown>;
      const body = {
        ...example,
        token,
        expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        repository_selection: 'all',
      };
      delete body.repositories;
      sendJson(response, 201, this.validate('apps/create-installation-access-token', body));
      return true;
    }
    log(404);
    sendJson(response, 404, { message: 'Not Found', documentation_url: DOCS });
    return true;
  }

  /**
   * `__standin/apps/{id}` (PUT a StandInApp, GET its requests, DELETE revokes the tokens issued for its accounts, as
   * an uninstall or GitHub's `DELETE /installation/token` would) and `__standin/manifests/{code}` (PUT, GET).
   */
  async control(request: IncomingMessage, response: ServerResponse, resource: string, key: string): Promise<boolean> {
    if (resource === 'apps') {
      if (request.method === 'PUT') this.apps.set(key, { ...(JSON.parse(await readBody(request)) as StandInApp), requests: [] });
      if (request.method === 'DELETE') this.revokeTokens(key);
      sendJson(response, 200, { requests: this.apps.get(key)?.requests ?? [] });
      return true;
    }
    if (resource === 'manifests') {
      if (request.method === 'PUT') this.manifests.set(key, JSON.parse(await readBody(request)) as StandInManifest);
      sendJson(response, 200, { converted: !this.manifests.has(key) });
      return true;
    }
    return false;
  }

  /**
   * `POST /app-manifests/{code}/conversions` (https://docs.github.com/en/rest/apps/apps#create-a-github-app-from-a-manifest):
   * needs no authentication; the code works once ("You must complete this step within one hour"), and the answer
   * carries the new app's id, slug, webhook secret and private key (`pem`).
   */
  private convertManifest(response: ServerResponse, code: string): void {
    const manifest = this.manifests.get(code);
    if (!manifest) {
      sendJson(response, 404, { message: 'Not Found', documentation_url: DOCS });
      return;
    }
    this.manifests.delete(code);
    const example = structuredClone(subset.operations['apps/create-from-manifest'].example) as Record<string, unknown>;
    const { app } = manifest;
    const body = {
      ...example,
      id: app.id,
      slug: app.slug,
      html_url: `https://github.com/apps/${app.slug}`,
      owner: { ...(example.owner as object), login: app.owner },
      pem: app.pem,
      webhook_secret: app.webhookSecret,
      client_id: app.clientId,
      client_secret: app.clientSecret,
    };
    sendJson(response, 201, this.validate('apps/create-from-manifest', body));
  }

  private installationBody(appId: string, installation: { id: number; account: string }): unknown {
    const example = structuredClone((subset.operations['apps/list-installations'].example as unknown[])[0]) as Record<string, unknown>;
    return {
      ...example,
      id: installation.id,
      app_id: Number(appId),
      // GitHub's schema has `account` all of simple-user and enterprise (allOf), which its own example fails: the
      // enterprise keys are added.
      account: {
        ...(example.account as object),
        login: installation.account,
        name: installation.account,
        slug: installation.account.toLowerCase(),
        created_at: '2020-01-01T00:00:00Z',
        updated_at: '2020-01-01T00:00:00Z',
      },
      access_tokens_url: `${this.baseUrl()}/app/installations/${installation.id}/access_tokens`,
    };
  }

  /** The app whose key signed `jwt`, if the token is one GitHub would take. */
  private verify(jwt: string): [string, StandInApp & { requests: AppRequest[] }] | undefined {
    const [header, payload, signature] = jwt.split('.');
    if (!header || !payload || !signature) return undefined;
    try {
      const { alg } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss?: unknown; iat?: number; exp?: number };
      const app = this.apps.get(String(claims.iss));
      const now = Date.now() / 1000;
      if (alg !== 'RS256' || !app || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return undefined;
      if (claims.exp <= now || claims.exp > now + 600 || claims.iat > now + 1) return undefined;
      const verifier = createVerify('RSA-SHA256');
      verifier.update(`${header}.${payload}`);
      return verifier.verify(createPublicKey(app.publicKey), Buffer.from(signature, 'base64url')) ? [String(claims.iss), app] : undefined;
    } catch {
      return undefined;
    }
  }
}
