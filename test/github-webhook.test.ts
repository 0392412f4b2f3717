import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { emptyHistory } from '../src/history/model';
import type { HourlyTable } from '../src/report/hourly-report';
import { storesOf } from '../src/stores/repo-store';
import { TEST_REPORT_TOKEN } from './constants';
import { githubDelivery, setWebhook, webhookLog } from './github/scenario';
import type { DeliveryRequest, SignedDelivery } from './github/scenario-types';
import { writeHistory } from './records';
import { CAMO_UA, fetchWorker } from './worker';

const SECRET = 'It is a Secret to Everybody';
const AUTH = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };

/** The Worker with the webhook's secret, tracking `repos`. */
function hookEnv(repos: string, overrides: Partial<Env> = {}): Partial<Env> {
  return { REPOS: repos, GITHUB_WEBHOOK_SECRET: SECRET, ...overrides };
}

function deliver(delivery: SignedDelivery, bindings: Partial<Env>, headers: Record<string, string | null> = {}): Promise<Response> {
  const sent = new Headers(delivery.headers);
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) sent.delete(name);
    else sent.set(name, value);
  }
  return fetchWorker('/github/webhook', { method: 'POST', headers: sent, body: delivery.body }, bindings);
}

function delivery(request: Omit<DeliveryRequest, 'secret'>, secret = SECRET): Promise<SignedDelivery> {
  return githubDelivery({ secret, ...request });
}

async function hours(repo: string, bindings: Partial<Env>, span = 48): Promise<HourlyTable> {
  const response = await fetchWorker(`/report/${repo}?table=hours&hours=${span}`, { headers: AUTH }, bindings);
  expect(response.status).toBe(200);
  return response.json();
}

/** The hours' totals of one column: what the webhook recorded. */
function total(table: HourlyTable, column: 'stars' | 'watches' | 'forks' | 'issues' | 'pullRequests'): number {
  return table.hours.reduce((sum, hour) => sum + hour[column], 0);
}

/** An ISO time `minutesAgo` before now, to the second, as GitHub writes its times. */
function ago(minutesAgo: number): string {
  return new Date(Math.floor((Date.now() - minutesAgo * 60_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

describe('POST /github/webhook', () => {
  it('is off, and says how to turn it on, without GITHUB_WEBHOOK_SECRET', async () => {
    const sent = await delivery({ event: 'star', action: 'created', repo: 'hook-off/rocket', at: ago(1) });
    const response = await deliver(sent, { REPOS: 'hook-off/rocket' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toContain('set GITHUB_WEBHOOK_SECRET');
  });

  it("records a star at GitHub's time of it, once: a redelivery or the same body under another id is refused", async () => {
    const repo = 'hook-star/rocket';
    const bindings = hookEnv(repo);
    const at = ago(3);
    const sent = await delivery({ event: 'star', action: 'created', repo, at });

    const response = await deliver(sent, bindings);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ recorded: true, repo, kind: 'star', delta: 1, at });

    const replay = await deliver(sent, bindings);
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { error: string }).error).toContain('was recorded before');
    const sameBody = await deliver(sent, bindings, { 'x-github-delivery': crypto.randomUUID() });
    expect(sameBody.status).toBe(409);

    const table = await hours(repo, bindings);
    expect(table.webhook).toBe(true);
    expect(total(table, 'stars')).toBe(1);
    expect(table.hours.find((hour) => hour.stars === 1)?.hour).toBe(at.slice(0, 13));
  });

  it('counts a star taken back, and keeps watches, forks, opened issues and pull requests apart', async () => {
    const repo = 'hook-kinds/rocket';
    const bindings = hookEnv(repo);
    const events: Array<Omit<DeliveryRequest, 'secret'>> = [
      { event: 'star', action: 'created', repo, at: ago(50) },
      { event: 'star', action: 'created', repo, at: ago(40) },
      { event: 'star', action: 'deleted', repo },
      { event: 'watch', action: 'started', repo },
      { event: 'fork', repo, at: ago(30) },
      { event: 'issues', action: 'opened', repo, at: ago(20) },
      { event: 'pull_request', action: 'opened', repo, at: ago(10) },
    ];
    for (const event of events) expect((await deliver(await delivery(event), bindings)).status).toBe(201);
    // An issue edited is news of no conversion: answered, not recorded.
    const edited = await deliver(await delivery({ event: 'issues', action: 'edited', repo }), bindings);
    expect(edited.status).toBe(200);
    expect(await edited.json()).toEqual({ recorded: false, reason: 'issues "edited" is not recorded' });

    const table = await hours(repo, bindings);
    expect([
      total(table, 'stars'),
      total(table, 'watches'),
      total(table, 'forks'),
      total(table, 'issues'),
      total(table, 'pullRequests'),
    ]).toEqual([1, 1, 1, 1, 1]);
  });

  it('answers a ping and an installation event without recording them', async () => {
    const repo = 'hook-ping/rocket';
    const bindings = hookEnv(repo);
    const ping = await deliver(await delivery({ event: 'ping', repo }), bindings);
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({ recorded: false, reason: 'ping deliveries are answered, not recorded' });
    const installed = await deliver(await delivery({ event: 'installation', action: 'created' }), bindings);
    expect(installed.status).toBe(200);
    expect((await hours(repo, bindings)).webhook).toBe(false);
  });

  it('refuses hostile deliveries with what to fix, and records none of them', async () => {
    const repo = 'hook-hostile/rocket';
    const bindings = hookEnv(repo);
    const star = await delivery({ event: 'star', action: 'created', repo, at: ago(5) });
    const wrongSecret = await delivery({ event: 'star', action: 'created', repo, at: ago(6) }, 'another secret');
    const untracked = await delivery({ event: 'star', action: 'created', repo: 'someone-else/rocket', at: ago(5) });
    const unknown = await delivery({ event: 'star', action: 'created', repo, at: ago(7) });
    const huge = 'x'.repeat(10 * 1024 * 1024);

    const cases: Array<[string, Promise<Response>, number, string]> = [
      ['unsigned', deliver(star, bindings, { 'x-hub-signature-256': null }), 401, 'not signed'],
      ['signed with another secret', deliver(wrongSecret, bindings), 401, 'does not match'],
      ['a signature that is no hex', deliver(star, bindings, { 'x-hub-signature-256': 'sha256=zz' }), 401, 'does not match'],
      [
        'a body changed after signing',
        deliver({ ...star, body: star.body.replace('"created"', '"deleted"') }, bindings),
        401,
        'does not match',
      ],
      [
        'a 10 MB body',
        fetchWorker('/github/webhook', { method: 'POST', headers: star.headers, body: huge }, bindings),
        413,
        'larger than 1 MiB',
      ],
      ['an unknown event', deliver(unknown, bindings, { 'x-github-event': 'star_burst' }), 400, 'not an event this Worker records'],
      ['no delivery id', deliver(star, bindings, { 'x-github-delivery': null }), 400, 'X-GitHub-Delivery'],
      ['a repository not tracked', deliver(untracked, bindings), 404, 'only repositories in REPOS record deliveries'],
    ];
    for (const [name, sent, status, message] of cases) {
      const response = await sent;
      expect(response.status, name).toBe(status);
      const body = (await response.json()) as { error: string };
      expect(body.error, name).toContain(message);
      expect(JSON.stringify(body), name).not.toContain(SECRET);
    }
    expect((await hours(repo, bindings)).webhook).toBe(false);
    // The delivery refused for its missing signature still records once it comes signed.
    expect((await deliver(star, bindings)).status).toBe(201);
  });

  it('announces a star burst within minutes, once, to REPORT_WEBHOOK_URL', async () => {
    const repo = 'hook-burst/rocket';
    const url = await setWebhook('hook-burst', 0);
    const bindings = hookEnv(repo, { REPORT_WEBHOOK_URL: url });
    for (let minute = 40; minute > 32; minute--) {
      expect((await deliver(await delivery({ event: 'star', action: 'created', repo, at: ago(minute) }), bindings)).status).toBe(201);
    }
    const log = await webhookLog('hook-burst');
    // The fifth star in the hour made the burst; the three after it are the same burst.
    expect(log.received).toHaveLength(1);
    expect(JSON.stringify(log.received[0])).toContain(`${repo}: 5 stars in the last hour`);
  });

  it("puts each hour's stars beside its README impressions, and reconciles the days with GitHub's star history", async () => {
    const owner = 'hook-hours';
    const repo = `${owner}/rocket`;
    const bindings = hookEnv(repo);
    for (let view = 0; view < 4; view++) {
      await fetchWorker(`/p/${repo}.gif`, { headers: { 'user-agent': CAMO_UA } }, bindings);
    }
    // Two stars a second apart, a minute ago; their day is the one they fell on (a run just after midnight UTC too).
    const starredAt = [ago(1 + 1 / 60), ago(1)];
    for (const at of starredAt) await deliver(await delivery({ event: 'star', action: 'created', repo, at }), bindings);
    const starDay = starredAt[1]?.slice(0, 10) ?? '';
    await writeHistory(storesOf(env), { owner, repo: 'rocket' }, { ...emptyHistory(), starsGained: { [starDay]: 3 } });

    const table = await hours(repo, bindings, 3);
    expect(table.hours).toHaveLength(3);
    const now = table.hours.at(-1);
    expect(now?.readmeImpressions).toBe(4);
    const stars = total(table, 'stars');
    expect(stars).toBe(2);
    // The stars of the hour they fell in (the last hour, or the one before just after the hour turned).
    const starHours = table.hours.filter((hour) => hour.stars > 0);
    for (const hour of starHours)
      expect(hour.starsPer1kImpressions).toBe(hour.readmeImpressions > 0 ? (hour.stars / hour.readmeImpressions) * 1000 : null);
    expect(table.days.find((day) => day.day === starDay)).toEqual({
      day: starDay,
      starsFromWebhook: 2,
      starsFromHistory: 3,
      missedByWebhook: 1,
    });

    const csv = await fetchWorker(`/report/${repo}?table=hours&hours=3&format=csv`, { headers: AUTH }, bindings);
    expect((await csv.text()).split(/\r?\n/)[0]).toBe(
      'hour,readmeImpressions,stars,watches,forks,issues,pullRequests,starsPer1kImpressions',
    );
    const tooMany = await fetchWorker(`/report/${repo}?table=hours&hours=500`, { headers: AUTH }, bindings);
    expect(tooMany.status).toBe(400);
  });
});
