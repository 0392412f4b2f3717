/**
 * A stand-in for api.github.com on 127.0.0.1, run in Node by vitest's globalSetup; the Worker under test reaches
 * it through GITHUB_API_URL. Answers are built from GitHub's own examples in its OpenAPI description
 * (openapi-subset.json, see scripts/extract-github-openapi.mjs), and every 200 body served is validated against
 * that description's schema: violations are collected and a test asserts there are none.
 *
 * Each test file scripts the scenario of its own owner (`PUT /__standin/owners/{owner}`), so files running in
 * parallel never see each other's repositories.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import subset from './openapi-subset.json' with { type: 'json' };
import type { DayCount, DeliveryRequest, EndpointKind, Fault, LoggedRequest, OwnerScenario, StandInRepo } from './scenario-types';
import { closeServer, listenOnFreePort, readBody, sendJson } from '../stand-in-server';
import { AppStandIn } from './app-stand-in';
import { buildDelivery } from './delivery-stand-in';

interface OwnerState extends OwnerScenario {
  requests: LoggedRequest[];
  faultsUsed: Map<string, number>;
}

type OperationId = keyof typeof subset.operations;

const ajv = new Ajv({ strict: false, allErrors: false });
addFormats(ajv);
const validators = new Map(
  Object.entries(subset.operations).map(([id, operation]) => [id, ajv.compile(withNullTypes(operation.schema) as object)]),
);

/**
 * OpenAPI 3.0's `nullable: true` as JSON Schema: `null` added to the `type`, or, where there is no `type` (GitHub
 * writes `{ nullable: true, allOf: [...] }`), an `anyOf` with `{ type: 'null' }`.
 */
function withNullTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withNullTypes);
  if (schema === null || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withNullTypes(value)])) as Record<
    string,
    unknown
  >;
  if (nullable !== true) return rest;
  if (typeof rest.type === 'string') return { ...rest, type: [rest.type, 'null'] };
  return { anyOf: [rest, { type: 'null' }] };
}

/** Scripted rows of Analytics Engine's SQL API for one account (see handleAnalytics). */
interface WebhookReceiver {
  failFirst: number;
  failStatus: number;
  /** The Retry-After header sent with each refusal, when set. */
  retryAfter?: string;
  attempts: number;
  received: unknown[];
  /** When each post arrived (epoch ms), refused ones included. */
  times: number[];
}

interface AnalyticsState {
  token: string;
  rows: Array<{ repo: string; day: string; dimension: string; value: string; views: number }>;
  queries: string[];
}

const DIMENSION_BY_COLUMN: Record<string, string> = { blob3: 'page', blob4: 'source', blob5: 'referrer', blob6: 'country' };

export class GitHubStandIn {
  private readonly owners = new Map<string, OwnerState>();
  private readonly analytics = new Map<string, AnalyticsState>();
  /**
   * Webhook receivers (`POST /__webhook/{name}`): the first `failFirst` posts are refused with `failStatus` (503 by
   * default, with a `Retry-After` header when `retryAfter` is set), the rest are kept with the time they came.
   */
  private readonly webhooks = new Map<string, WebhookReceiver>();
  readonly violations: string[] = [];
  /** The GitHub App's endpoints: installations, their tokens, manifest conversions. */
  private readonly apps = new AppStandIn(
    () => this.url,
    (operation, body) => this.validate(operation, body),
  );
  private server: Server | undefined;
  url = '';

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    this.url = await listenOnFreePort(this.server);
    return this.url;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === '__standin') return this.control(request, response, parts.slice(1));
    if (parts[0] === 'client' && parts[5] === 'sql') return this.handleAnalytics(request, response, parts[3] ?? '');
    if (parts[0] === '__webhook' && parts[1] && request.method === 'POST') {
      const hook = this.webhooks.get(parts[1]) ?? { failFirst: 0, failStatus: 503, attempts: 0, received: [], times: [] };
      this.webhooks.set(parts[1], hook);
      const body = await readBody(request);
      hook.attempts++;
      hook.times.push(Date.now());
      if (hook.attempts <= hook.failFirst) {
        if (hook.retryAfter !== undefined) response.setHeader('retry-after', hook.retryAfter);
        return sendJson(response, hook.failStatus, { error: 'receiver busy' });
      }
      hook.received.push(JSON.parse(body));
      return sendJson(response, 200, { ok: true });
    }

    if (await this.apps.handle(request, response, parts)) return;

    const route = matchRoute(request.method ?? 'GET', parts);
    const owner = route ? this.owners.get(route.owner.toLowerCase()) : undefined;
    if (!route || !owner) return sendJson(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });

    const token = (request.headers.authorization ?? '').replace(/^(token|Bearer) /i, '');
    // The scenario's token, or an installation token the app stand-in issued for this owner's account.
    const authorized = (owner.token !== undefined && token === owner.token) || this.apps.accountOf(token) === route.owner.toLowerCase();
    const log = (status: number) =>
      owner.requests.push({
        method: request.method ?? 'GET',
        path: url.pathname + url.search,
        kind: route.kind,
        status,
        conditional: request.headers['if-none-match'] !== undefined,
        authorized,
      });
    const rateHeaders: Record<string, string> = {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(4999 - owner.requests.length),
      'x-ratelimit-reset': '1893456000',
      ...(token === owner.token && owner.tokenExpiresAt ? { 'github-authentication-token-expiration': owner.tokenExpiresAt } : {}),
    };

    if (token !== '' && !authorized) {
      log(401);
      return sendJson(response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' }, rateHeaders);
    }

    if (route.kind === 'list') return this.serveList(request, response, url, route, owner, log, rateHeaders);

    // A private repository is a 404 to a client that cannot see it (see StandInRepo.private for GitHub's words).
    const repo = owner.repos.find(
      (candidate) => candidate.name.toLowerCase() === route.repo.toLowerCase() && (!candidate.private || authorized),
    );
    if (!repo) {
      log(404);
      return sendJson(
        response,
        404,
        { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository' },
        rateHeaders,
      );
    }
    if (repo.renamedTo) {
      log(301);
      const moved = url.pathname.replace(`/repos/${route.owner}/${route.repo}`, `/repos/${route.owner}/${repo.renamedTo}`);
      response.writeHead(301, { location: `${this.url}${moved}${url.search}`, ...rateHeaders }).end();
      return;
    }

    const fault = this.takeFault(owner, repo, route.kind);
    if (fault) return this.serveFault(response, fault, log, rateHeaders);

    if (
      (route.kind === 'views' || route.kind === 'clones' || route.kind === 'referrers' || route.kind === 'paths') &&
      !(authorized && owner.pushAccess !== false)
    ) {
      const status = authorized ? 403 : 401;
      log(status);
      const message = authorized ? 'Must have push access to repository' : 'Requires authentication';
      return sendJson(response, status, { message, documentation_url: 'https://docs.github.com/rest/metrics/traffic' }, rateHeaders);
    }

    if (route.kind === 'star-history' && repo.starHistory)
      return this.serveStarHistory(request, response, url, owner, repo.starHistory, log, rateHeaders);
    if (route.kind === 'issues') return this.serveIssues(request, response, url, route.owner, repo, log, rateHeaders);
    if (route.kind === 'commits' && repo.readme) return this.serveCommits(request, response, url, route.owner, repo, log, rateHeaders);
    const body = this.body(route.kind, owner, repo, route.owner);
    if (body === undefined) {
      log(404);
      return sendJson(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }, rateHeaders);
    }
    sendConditional(request, response, body, rateHeaders, log);
  }

  private serveList(
    _request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    route: { owner: string },
    owner: OwnerState,
    log: (status: number) => void,
    rateHeaders: Record<string, string>,
  ): void {
    // Like GitHub, the server caps the page size (GitHub's cap is 100; a scenario can set a smaller one).
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), owner.perPage ?? 100);
    const page = Number(url.searchParams.get('page') ?? 1);
    // `repos/list-for-user` lists public repositories only (see StandInRepo.private).
    const repos = owner.repos.filter((repo) => !repo.renamedTo && !repo.private);
    const slice = repos.slice((page - 1) * perPage, page * perPage);
    const body = slice.map((repo) => this.repoBody(route.owner, repo, 'repos/list-for-user'));
    const links: string[] = [];
    const pageUrl = (n: number) => {
      const next = new URL(url);
      next.searchParams.set('page', String(n));
      next.searchParams.set('per_page', String(perPage));
      return `<${this.url}${next.pathname}${next.search}>`;
    };
    const lastPage = Math.max(1, Math.ceil(repos.length / perPage));
    if (page < lastPage) links.push(`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(lastPage)}; rel="last"`);
    log(200);
    this.validate(owner.ownerType === 'orgs' ? 'repos/list-for-org' : 'repos/list-for-user', body);
    sendJson(response, 200, body, { ...rateHeaders, ...(links.length > 0 ? { link: links.join(', ') } : {}) });
  }

  /**
   * GitHub's star history as published on 2026-09-04 (not in its OpenAPI description yet; the shape is the one in
   * shared/PLATFORM.md): weeks newest first, `{ week: <unix seconds of the week's first day>, total, days: [7] }`,
   * at most 30 weeks a page (`per_page`), pages 1 to 100, `Link` pagination, ETags.
   */
  private serveStarHistory(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    owner: OwnerState,
    history: NonNullable<StandInRepo['starHistory']>,
    log: (status: number) => void,
    rateHeaders: Record<string, string>,
  ): void {
    const perPage = Math.min(Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30), 30);
    const page = Number(url.searchParams.get('page') ?? 1);
    if (!Number.isInteger(page) || page < 1 || page > 100) {
      log(422);
      sendJson(
        response,
        422,
        { message: 'page must be a whole number from 1 to 100', documentation_url: 'https://docs.github.com/rest' },
        rateHeaders,
      );
      return;
    }
    const weeks = starWeeks(history, owner.today);
    const lastPage = Math.max(1, Math.ceil(weeks.length / perPage));
    const body = weeks.slice((page - 1) * perPage, page * perPage);
    const pageUrl = (n: number) => {
      const other = new URL(url);
      other.searchParams.set('page', String(n));
      other.searchParams.set('per_page', String(perPage));
      return `<${this.url}${other.pathname}${other.search}>`;
    };
    const links = [
      ...(page < lastPage ? [`${pageUrl(page + 1)}; rel="next"`, `${pageUrl(lastPage)}; rel="last"`] : []),
      ...(page > 1 ? [`${pageUrl(page - 1)}; rel="prev"`, `${pageUrl(1)}; rel="first"`] : []),
    ];
    sendConditional(request, response, body, { ...rateHeaders, ...(links.length > 0 ? { link: links.join(', ') } : {}) }, log);
  }

  /** GitHub's example README, for this repository: its path, and a sha that changes with its last commit. */
  private readmeBody(ownerLogin: string, name: string, readme: NonNullable<StandInRepo['readme']>): Record<string, unknown> {
    const example = structuredClone(subset.operations['repos/get-readme'].example) as Record<string, unknown>;
    const last = readme.commits[readme.commits.length - 1];
    const sha = createHash('sha1')
      .update(`${readme.path}@${last?.sha ?? ''}`)
      .digest('hex');
    return JSON.parse(
      JSON.stringify({ ...example, name: readme.path.split('/').pop(), path: readme.path, sha }).replaceAll(
        'octokit/octokit.rb',
        `${ownerLogin}/${name}`,
      ),
    );
  }

  /**
   * `GET /repos/{owner}/{repo}/commits?path=` : the commits that changed the README, newest first, from GitHub's
   * example commit; `per_page` up to 100 with `Link` pages, like GitHub's. Another path lists nothing.
   */
  private serveCommits(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    ownerLogin: string,
    repo: StandInRepo,
    log: (status: number) => void,
    rateHeaders: Record<string, string>,
  ): void {
    const readme = repo.readme as NonNullable<StandInRepo['readme']>;
    const perPage = Math.min(Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30), 100);
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const matching = url.searchParams.get('path') === readme.path ? [...readme.commits].reverse() : [];
    const example = (subset.operations['repos/list-commits'].example as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    const body = matching.slice((page - 1) * perPage, page * perPage).map((commit) => {
      const copy = structuredClone(example) as {
        sha: string;
        commit: { message: string; committer: { date: string }; author: { date: string } };
      } & Record<string, unknown>;
      copy.sha = commit.sha;
      copy.commit.message = commit.message;
      copy.commit.committer.date = commit.committedAt;
      copy.commit.author.date = commit.committedAt;
      return JSON.parse(
        JSON.stringify(copy)
          .replaceAll('octocat/Hello-World', `${ownerLogin}/${repo.name}`)
          .replaceAll('6dcb09b5b57875f334f61aebed695e2e4193db5e', commit.sha),
      );
    });
    this.validate('repos/list-commits', body);
    sendConditional(request, response, body, { ...rateHeaders, ...this.nextPages(url, page, matching.length, perPage) }, log);
  }

  /** GitHub's `Link` header to the next and last pages of a list of `total` items, when there are more. */
  private nextPages(url: URL, page: number, total: number, perPage: number): Record<string, string> {
    const lastPage = Math.max(1, Math.ceil(total / perPage));
    const pageUrl = (n: number) => {
      const other = new URL(url);
      other.searchParams.set('page', String(n));
      return `<${this.url}${other.pathname}${other.search}>`;
    };
    return page < lastPage ? { link: `${pageUrl(page + 1)}; rel="next", ${pageUrl(lastPage)}; rel="last"` } : {};
  }

  /**
   * `GET /repos/{owner}/{repo}/issues` (operation `issues/list-for-repo`, https://docs.github.com/en/rest/issues/issues#list-repository-issues):
   * `state` open (the default), closed or all; `since`, "only show results that were last updated after the given
   * time" (at or after, as GitHub compares); `sort` created, updated or comments (created by default); `direction`
   * (desc by default); `per_page` up to 100, with `Link` pages. Each item is GitHub's example issue with the
   * scenario's number, times, association and author type, and the `pull_request` key only on pull requests.
   */
  private serveIssues(
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    ownerLogin: string,
    repo: StandInRepo,
    log: (status: number) => void,
    rateHeaders: Record<string, string>,
  ): void {
    const params = url.searchParams;
    const state = params.get('state') ?? 'open';
    const since = params.get('since');
    const sortKey = params.get('sort') === 'updated' ? 'updatedAt' : 'createdAt';
    const direction = params.get('direction') === 'asc' ? 1 : -1;
    const perPage = Math.min(Math.max(1, Number(params.get('per_page') ?? 30) || 30), 100);
    const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
    const matching = (repo.issues ?? [])
      .filter((issue) => state === 'all' || (issue.state ?? 'open') === state)
      .filter((issue) => since === null || Date.parse(issue.updatedAt) >= Date.parse(since))
      .sort((a, b) => direction * (Date.parse(a[sortKey]) - Date.parse(b[sortKey])) || direction * (a.number - b.number));
    const example = (subset.operations['issues/list-for-repo'].example as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
    const body = matching.slice((page - 1) * perPage, page * perPage).map((issue) => {
      const { pull_request, ...copy } = JSON.parse(
        JSON.stringify(example).replaceAll('octocat/Hello-World', `${ownerLogin}/${repo.name}`),
      ) as Record<string, unknown> & { user: Record<string, unknown> };
      return {
        ...copy,
        number: issue.number,
        state: issue.state ?? 'open',
        created_at: issue.createdAt,
        updated_at: issue.updatedAt,
        author_association: issue.authorAssociation,
        user: { ...copy.user, type: issue.bot ? 'Bot' : 'User' },
        ...(issue.pull ? { pull_request } : {}),
      };
    });
    this.validate('issues/list-for-repo', body);
    sendConditional(request, response, body, { ...rateHeaders, ...this.nextPages(url, page, matching.length, perPage) }, log);
  }

  private takeFault(owner: OwnerState, repo: StandInRepo, kind: EndpointKind): Fault | undefined {
    const fault = repo.faults?.[kind] ?? repo.faults?.all;
    if (!fault) return undefined;
    const key = `${repo.name}|${repo.faults?.[kind] ? kind : 'all'}`;
    const used = owner.faultsUsed.get(key) ?? 0;
    if (fault.times !== undefined && used >= fault.times) return undefined;
    owner.faultsUsed.set(key, used + 1);
    return fault;
  }

  private serveFault(response: ServerResponse, fault: Fault, log: (status: number) => void, rateHeaders: Record<string, string>): void {
    if (fault.kind === 'timeout') {
      log(0);
      return; // never answers; the client gives up
    }
    if (fault.kind === 'malformed') {
      log(200);
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...rateHeaders }).end('{"count": 12, "views": [');
      return;
    }
    log(fault.status);
    sendJson(
      response,
      fault.status,
      { message: fault.message ?? `Stand-in fault ${fault.status}`, documentation_url: 'https://docs.github.com/rest' },
      {
        ...rateHeaders,
        ...fault.headers,
      },
    );
  }

  private body(kind: EndpointKind, owner: OwnerState, repo: StandInRepo, ownerLogin: string): unknown {
    switch (kind) {
      case 'repo':
        return this.validate('repos/get', this.repoBody(ownerLogin, repo, 'repos/get'));
      case 'views':
        return this.validate('repos/get-views', trafficBody('views', windowOf(repo.views ?? [], owner.today)));
      case 'clones':
        return this.validate('repos/get-clones', trafficBody('clones', windowOf(repo.clones ?? [], owner.today)));
      case 'referrers':
        return this.validate('repos/get-top-referrers', (repo.referrers ?? []).slice(0, 10));
      case 'paths':
        return this.validate('repos/get-top-paths', (repo.paths ?? []).slice(0, 10));
      case 'readme':
        return repo.readme ? this.validate('repos/get-readme', this.readmeBody(ownerLogin, repo.name, repo.readme)) : undefined;
      default:
        return undefined;
    }
  }

  private repoBody(ownerLogin: string, repo: StandInRepo, template: 'repos/get' | 'repos/list-for-user'): Record<string, unknown> {
    const example = subset.operations[template].example;
    const base = structuredClone(Array.isArray(example) ? example[0] : example) as Record<string, unknown>;
    const fullName = `${ownerLogin}/${repo.name}`;
    const withNames = JSON.parse(JSON.stringify(base).replaceAll('octocat/Hello-World', fullName)) as Record<string, unknown>;
    // GitHub's own example leaves out `language` in the repository and in its `parent` and `source`, though its
    // schema requires it (found by the validation below).
    for (const nested of [withNames.parent, withNames.source]) {
      if (nested && typeof nested === 'object' && !('language' in nested)) Object.assign(nested, { language: null });
    }
    return {
      ...withNames,
      name: repo.name,
      full_name: fullName,
      owner: { ...(withNames.owner as object), login: ownerLogin },
      language: (withNames.language as string | null | undefined) ?? null,
      fork: repo.fork ?? false,
      archived: repo.archived ?? false,
      private: repo.private ?? false,
      visibility: repo.private ? 'private' : 'public',
      stargazers_count: repo.stars,
      watchers_count: repo.stars,
      watchers: repo.stars,
      forks_count: repo.forks,
      forks: repo.forks,
      open_issues_count: repo.openIssues,
      open_issues: repo.openIssues,
      ...(template === 'repos/get' ? { subscribers_count: repo.watchers, network_count: repo.forks } : {}),
    };
  }

  private validate<T>(operation: OperationId, body: T): T {
    const validate = validators.get(operation);
    if (validate && !validate(body)) {
      this.violations.push(`${operation}: ${ajv.errorsText(validate.errors)}`);
    }
    return body;
  }

  /**
   * Stand-in for Analytics Engine's SQL API (POST /client/v4/accounts/{id}/analytics_engine/sql): answers the
   * scripted rows of the dimension the query selects, for the repositories in its IN list, in the API's JSON shape.
   */
  private async handleAnalytics(request: IncomingMessage, response: ServerResponse, accountId: string): Promise<void> {
    const state = this.analytics.get(accountId);
    const sql = await readBody(request);
    if (!state) return sendJson(response, 404, { errors: [{ message: 'account not found' }] });
    if (request.headers.authorization !== `Bearer ${state.token}`)
      return sendJson(response, 401, { errors: [{ message: 'Authentication error' }] });
    state.queries.push(sql);
    const column = /\b(blob\d+) AS value\b/.exec(sql)?.[1] ?? '';
    const repos = [...(/IN \(([^)]*)\)/.exec(sql)?.[1] ?? '').matchAll(/'([^']*)'/g)].map((match) => match[1]);
    const data = state.rows
      .filter((row) => row.dimension === DIMENSION_BY_COLUMN[column] && repos.includes(row.repo))
      .map((row) => ({ repo: row.repo, day: `${row.day} 00:00:00`, value: row.value, views: String(row.views) }));
    sendJson(response, 200, {
      meta: [{ name: 'repo' }, { name: 'day' }, { name: 'value' }, { name: 'views' }],
      data,
      rows: data.length,
      rows_before_limit_at_least: data.length,
    });
  }

  private async control(request: IncomingMessage, response: ServerResponse, parts: string[]): Promise<void> {
    const [resource, owner, detail] = parts;
    if (resource === 'violations') return sendJson(response, 200, this.violations);
    if (resource === 'deliveries' && request.method === 'POST') {
      try {
        return sendJson(response, 200, await buildDelivery(JSON.parse(await readBody(request)) as DeliveryRequest));
      } catch (error) {
        return sendJson(response, 422, { message: String(error) });
      }
    }
    if (owner && (await this.apps.control(request, response, resource ?? '', owner))) return;
    if (resource === 'webhooks' && owner) {
      if (request.method === 'PUT') {
        const {
          failFirst,
          failStatus = 503,
          retryAfter,
        } = JSON.parse(await readBody(request)) as Pick<WebhookReceiver, 'failFirst' | 'retryAfter'> & { failStatus?: number };
        this.webhooks.set(owner, { failFirst, failStatus, retryAfter, attempts: 0, received: [], times: [] });
        return sendJson(response, 200, { ok: true });
      }
      const hook = this.webhooks.get(owner);
      return sendJson(response, 200, { attempts: hook?.attempts ?? 0, received: hook?.received ?? [], times: hook?.times ?? [] });
    }
    if (resource === 'analytics' && owner) {
      if (request.method === 'PUT') {
        const { token, rows } = JSON.parse(await readBody(request)) as Pick<AnalyticsState, 'token' | 'rows'>;
        this.analytics.set(owner, { token, rows, queries: [] });
        return sendJson(response, 200, { ok: true });
      }
      return sendJson(response, 200, this.analytics.get(owner)?.queries ?? []);
    }
    if (resource !== 'owners' || !owner) return sendJson(response, 404, { message: 'unknown control endpoint' });
    const key = owner.toLowerCase();
    if (request.method === 'PUT') {
      const scenario = JSON.parse(await readBody(request)) as OwnerScenario;
      this.owners.set(key, { ...scenario, requests: [], faultsUsed: new Map() });
      return sendJson(response, 200, { ok: true });
    }
    if (request.method === 'PATCH') {
      const current = this.owners.get(key);
      if (!current) return sendJson(response, 404, { message: `no scenario for ${owner}` });
      Object.assign(current, JSON.parse(await readBody(request)) as Partial<OwnerScenario>);
      return sendJson(response, 200, { ok: true });
    }
    if (detail === 'requests') {
      const state = this.owners.get(key);
      const requests = state?.requests ?? [];
      if (state && request.method === 'DELETE') state.requests = [];
      return sendJson(response, 200, requests);
    }
    return sendJson(response, 404, { message: 'unknown control endpoint' });
  }
}

function matchRoute(method: string, parts: string[]): { kind: EndpointKind; owner: string; repo: string } | undefined {
  if (method !== 'GET') return undefined;
  const [first, owner, repo, ...rest] = parts;
  if ((first === 'users' || first === 'orgs') && owner && repo === 'repos' && rest.length === 0) return { kind: 'list', owner, repo: '' };
  if (first !== 'repos' || !owner || !repo) return undefined;
  const tail = rest.join('/');
  const kinds: Record<string, EndpointKind> = {
    '': 'repo',
    'traffic/views': 'views',
    'traffic/clones': 'clones',
    'traffic/popular/referrers': 'referrers',
    'traffic/popular/paths': 'paths',
    'stargazers/history': 'star-history',
    readme: 'readme',
    commits: 'commits',
    issues: 'issues',
  };
  const kind = kinds[tail];
  return kind ? { kind, owner, repo } : undefined;
}

/** The weeks of a star history up to the week holding `today`, newest first; days after today hold nothing yet. */
function starWeeks(
  history: NonNullable<StandInRepo['starHistory']>,
  today: string,
): Array<{ week: number; total: number; days: number[] }> {
  const first = Date.parse(`${history.firstDay}T00:00:00Z`) / 1000;
  const todayIndex = Math.floor((Date.parse(`${today}T00:00:00Z`) / 1000 - first) / 86_400);
  const weeks = [];
  for (let w = 0; w * 7 <= todayIndex; w++) {
    const days = Array.from({ length: 7 }, (_, k) => (w * 7 + k <= todayIndex ? (history.days[w * 7 + k] ?? 0) : 0));
    weeks.push({ week: first + w * 7 * 86_400, total: days.reduce((sum, day) => sum + day, 0), days });
  }
  return weeks.reverse();
}

/** GitHub's traffic window: the 14 days ending today, as UTC-midnight buckets. */
function windowOf(days: DayCount[], today: string): DayCount[] {
  const first = new Date(Date.parse(`${today}T00:00:00Z`) - 13 * 86_400_000).toISOString().slice(0, 10);
  return days.filter((day) => day.day >= first && day.day <= today).sort((a, b) => a.day.localeCompare(b.day));
}

function trafficBody(field: 'views' | 'clones', days: DayCount[]) {
  return {
    count: days.reduce((sum, day) => sum + day.count, 0),
    uniques: days.reduce((sum, day) => Math.max(sum, day.uniques), 0),
    [field]: days.map((day) => ({ timestamp: `${day.day}T00:00:00Z`, count: day.count, uniques: day.uniques })),
  };
}

/** A body with its ETag, or `304 Not Modified` when the request already holds it (as GitHub answers). */
function sendConditional(
  request: IncomingMessage,
  response: ServerResponse,
  body: unknown,
  headers: Record<string, string>,
  log: (status: number) => void,
): void {
  const etag = `W/"${createHash('sha1').update(JSON.stringify(body)).digest('hex')}"`;
  if (request.headers['if-none-match'] === etag) {
    log(304);
    response.writeHead(304, { etag, ...headers }).end();
    return;
  }
  log(200);
  sendJson(response, 200, body, { etag, ...headers });
}
