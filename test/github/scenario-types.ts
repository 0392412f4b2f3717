/** The GitHub stand-in's scenario language, shared by the server (Node) and the tests (workerd). */

export interface DayCount {
  day: string;
  count: number;
  uniques: number;
}

/** One scripted failure: an HTTP status, a hang (timeout) or a body that is not JSON. */
export type Fault =
  | { kind: 'status'; status: number; message?: string; headers?: Record<string, string>; times?: number }
  | { kind: 'timeout'; times?: number }
  | { kind: 'malformed'; times?: number };

export interface StandInRepo {
  name: string;
  stars: number;
  forks: number;
  watchers: number;
  openIssues: number;
  fork?: boolean;
  archived?: boolean;
  /**
   * A private repository: left out of the owner's list (GitHub's OpenAPI description of `repos/list-for-user`:
   * "Lists public repositories for the specified user.") and, without the scenario's token, answered 404: "since we
   * don't want to provide any information about private repositories, the API returns a 404 error instead" of a
   * 403 (https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api, "404 error for an
   * existing repository").
   */
  private?: boolean;
  /** The full daily history; the stand-in serves GitHub's 14-day window ending on the scenario's `today`. */
  views?: DayCount[];
  clones?: DayCount[];
  referrers?: Array<{ referrer: string; count: number; uniques: number }>;
  paths?: Array<{ path: string; title: string; count: number; uniques: number }>;
  /**
   * Stars still held, by the day they were given, from `firstDay` (the first day of GitHub's first week, any
   * weekday) on; served as GitHub's weekly star history. Absent → 404, as where GitHub keeps none.
   */
  starHistory?: { firstDay: string; days: number[] };
  /** The README and the commits that changed it, newest last; absent → 404 (no README). */
  readme?: { path: string; commits: Array<{ sha: string; committedAt: string; message: string }> };
  /**
   * Issues and pull requests, served by `GET /repos/{owner}/{repo}/issues` (GitHub lists pull requests there too,
   * with a `pull_request` key) with its `state`, `since`, `sort`, `direction`, `per_page` and `page`.
   */
  issues?: StandInIssue[];
  /** Requests for this repository are redirected (301) to its new name, as GitHub does after a rename. */
  renamedTo?: string;
  /** Failures by endpoint kind (`repo`, `views`, `clones`, `referrers`, `paths`, `all`). */
  faults?: Partial<Record<EndpointKind | 'all', Fault>>;
}

export interface StandInIssue {
  number: number;
  pull?: boolean;
  createdAt: string;
  updatedAt: string;
  /** GitHub's `author_association`: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIMER, FIRST_TIME_CONTRIBUTOR, NONE… */
  authorAssociation: string;
  /** Opened by a GitHub App or bot account (`user.type` "Bot"). */
  bot?: boolean;
  state?: 'open' | 'closed';
}

export interface OwnerScenario {
  today: string;
  /** The token GitHub accepts; requests with another token get 401. Undefined: anonymous access only. */
  token?: string;
  /** Whether that token has push access (traffic endpoints answer 403 without it). */
  pushAccess?: boolean;
  /**
   * When that token expires, as GitHub says it on every answer to a request made with it:
   * `GitHub-Authentication-Token-Expiration: 2026-12-20 10:00:00 UTC` (GitHub's REST API troubleshooting guide).
   */
  tokenExpiresAt?: string;
  repos: StandInRepo[];
  /** Page size of the owner's repository list (GitHub's default is 30). */
  perPage?: number;
  ownerType?: 'users' | 'orgs';
}

export type EndpointKind = 'repo' | 'views' | 'clones' | 'referrers' | 'paths' | 'star-history' | 'readme' | 'commits' | 'issues' | 'list';

export interface LoggedRequest {
  method: string;
  path: string;
  kind: EndpointKind | 'unknown';
  status: number;
  conditional: boolean;
  authorized: boolean;
}

export interface StandInApp {
  /** The app's public key (PEM), which verifies its JWTs. */
  publicKey: string;
  /** Accounts the app is installed on, with the installation's id. */
  installations: Array<{ id: number; account: string }>;
}

/** A manifest GitHub would convert: what `code` gives, once, within an hour (see convertManifest). */
export interface StandInManifest {
  code: string;
  app: { id: number; slug: string; pem: string; webhookSecret: string; clientId: string; clientSecret: string; owner: string };
}

export interface AppRequest {
  method: string;
  path: string;
  status: number;
}

/** A webhook delivery to build (delivery-stand-in.ts): the event, its action, and where and when it happened. */
export interface DeliveryRequest {
  event: string;
  action?: string;
  /** `owner/repo`; absent: a payload without a repository. */
  repo?: string;
  /** The event's own time (ISO), where its payload has one. */
  at?: string;
  secret: string;
  /** X-GitHub-Delivery; a new GUID if absent. */
  delivery?: string;
}

export interface SignedDelivery {
  headers: Record<string, string>;
  body: string;
}
