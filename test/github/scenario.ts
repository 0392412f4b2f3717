import { inject } from 'vitest';
import type {
  AppRequest,
  DayCount,
  DeliveryRequest,
  LoggedRequest,
  OwnerScenario,
  SignedDelivery,
  StandInApp,
  StandInManifest,
  StandInRepo,
} from './scenario-types';

/** Test-side control of the GitHub stand-in (which runs in Node; see stand-in.ts). */
export const githubApiUrl = inject('githubApiUrl');

export async function setScenario(owner: string, scenario: OwnerScenario): Promise<void> {
  await control('PUT', `/__standin/owners/${owner}`, scenario);
}

export async function updateScenario(owner: string, changes: Partial<OwnerScenario>): Promise<void> {
  await control('PATCH', `/__standin/owners/${owner}`, changes);
}

/** The requests the stand-in saw for `owner`; `clear` empties the log after reading it. */
export async function requestsFor(owner: string, clear = false): Promise<LoggedRequest[]> {
  return (await control(clear ? 'DELETE' : 'GET', `/__standin/owners/${owner}/requests`)) as LoggedRequest[];
}

/** Scripts Analytics Engine's SQL API for one account: the rows it answers, and the token it accepts. */
export async function setAnalyticsRows(
  accountId: string,
  token: string,
  rows: Array<{ repo: string; day: string; dimension: string; value: string; views: number }>,
): Promise<void> {
  await control('PUT', `/__standin/analytics/${accountId}`, { token, rows });
}

/** The SQL queries the stand-in received for an account. */
export async function analyticsQueries(accountId: string): Promise<string[]> {
  return (await control('GET', `/__standin/analytics/${accountId}`)) as string[];
}

/**
 * A webhook receiver on the stand-in whose first `failFirst` posts are refused (503 unless `failStatus` says
 * otherwise, with `Retry-After: retryAfter` when given); returns its URL.
 */
export async function setWebhook(
  name: string,
  failFirst: number,
  refusal: { failStatus?: number; retryAfter?: string } = {},
): Promise<string> {
  await control('PUT', `/__standin/webhooks/${name}`, { failFirst, ...refusal });
  return `${githubApiUrl}/__webhook/${name}`;
}

export async function webhookLog(name: string): Promise<{ attempts: number; received: unknown[]; times: number[] }> {
  return (await control('GET', `/__standin/webhooks/${name}`)) as { attempts: number; received: unknown[]; times: number[] };
}

/** Bodies the stand-in served that GitHub's OpenAPI description would not allow. */
export async function schemaViolations(): Promise<string[]> {
  return (await control('GET', '/__standin/violations')) as string[];
}

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${githubApiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`stand-in ${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

export function makeStandInRepo(name: string, overrides: Partial<StandInRepo> = {}): StandInRepo {
  // Like nearly every repository, a README with the commit that added it.
  const readme = {
    path: 'README.md',
    commits: [{ sha: `${name}-readme-1`.padEnd(40, '0'), committedAt: '2025-06-01T10:00:00Z', message: 'Add README' }],
  };
  return { name, stars: 100, forks: 10, watchers: 7, openIssues: 3, views: [], clones: [], referrers: [], paths: [], readme, ...overrides };
}

/** `days` consecutive days of counts ending `lastDay`, counts from `count(i)`. */
export function makeDayCounts(lastDay: string, days: number, count: (i: number) => number): DayCount[] {
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(Date.parse(`${lastDay}T00:00:00Z`) - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    const n = count(i);
    return { day, count: n, uniques: Math.ceil(n / 3) };
  });
}

/** Registers a GitHub App on the stand-in: the public key its JWTs verify with, and the accounts it is installed on. */
export async function setApp(appId: string, app: StandInApp): Promise<void> {
  await control('PUT', `/__standin/apps/${appId}`, app);
}

/** Revokes every installation token the app's installations were given, as uninstalling the app would. */
export async function revokeAppTokens(appId: string): Promise<void> {
  await control('DELETE', `/__standin/apps/${appId}`);
}

/** The requests the app's JWT made (installations listed, tokens created). */
export async function appRequests(appId: string): Promise<AppRequest[]> {
  return ((await control('GET', `/__standin/apps/${appId}`)) as { requests: AppRequest[] }).requests;
}

/** A manifest code GitHub would convert once into `manifest.app`; returns whether it was converted since. */
export async function setManifest(manifest: StandInManifest): Promise<void> {
  await control('PUT', `/__standin/manifests/${manifest.code}`, manifest);
}

/** A delivery GitHub would make of an event (delivery-stand-in.ts), signed with `secret`, to send to the Worker. */
export async function githubDelivery(request: DeliveryRequest): Promise<SignedDelivery> {
  return (await control('POST', '/__standin/deliveries', request)) as SignedDelivery;
}
