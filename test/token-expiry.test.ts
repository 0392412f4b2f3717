import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { utcDay } from '../src/dates';
import { runCollector } from '../src/jobs/run-collector';
import { parseRepoList } from '../src/repos';
import { readStatus, storesOf } from '../src/stores/repo-store';
import { makeCollectorDeps } from './collector-deps';
import { makeStandInRepo, setScenario, setWebhook, webhookLog } from './github/scenario';
import { fetchWorker } from './worker';

const TOKEN = 'ghp_standInToken0123456789';
const DAY_MS = 86_400_000;
/** GitHub's header for a time: `2026-12-20 10:00:00 UTC`. */
const header = (at: number) => `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

async function health() {
  return (await (await fetchWorker('/health')).json()) as { notes: string[]; token: Record<string, unknown> | null };
}

describe('GITHUB_TOKEN that expires', () => {
  it('keeps the expiry GitHub sends, warns 14 and 3 days ahead, each once, on the webhook and in /health', async () => {
    const owner = 'token-co';
    const now = Date.now();
    const expires = now + 10 * DAY_MS + 3_600_000;
    await setScenario(owner, { today: utcDay(now), token: TOKEN, tokenExpiresAt: header(expires), repos: [makeStandInRepo('app')] });
    const hook = await setWebhook('token-warnings', 0);
    const deps = (refreshIntervalMs = 3_600_000) =>
      makeCollectorDeps({ tracked: parseRepoList(`${owner}/app`).patterns, reposSource: owner, webhookUrl: hook, refreshIntervalMs });

    expect((await runCollector(deps(), now)).tokenExpiresAt).toBe(new Date(Math.floor(expires / 1000) * 1000).toISOString());
    await runCollector(deps(1), now + 60_000);
    const posted = await webhookLog('token-warnings');
    expect(posted.received).toHaveLength(1);
    expect(JSON.stringify(posted.received[0])).toContain('GITHUB_TOKEN expires in 11 days');
    const seen = await health();
    expect(seen.notes[0]).toMatch(/^GITHUB_TOKEN expires in 11 days \(.* UTC\): make a new token/);
    expect(seen.token).toMatchObject({ rejectedAt: null, announced: ['14 days'], warning: { key: '14 days', daysLeft: 11 } });

    // Eight days on: the 3-day warning, once.
    await setScenario(owner, {
      today: utcDay(now + 8 * DAY_MS),
      token: TOKEN,
      tokenExpiresAt: header(expires),
      repos: [makeStandInRepo('app')],
    });
    await runCollector(deps(1), now + 8 * DAY_MS);
    await runCollector(deps(1), now + 8 * DAY_MS + 60_000);
    const later = await webhookLog('token-warnings');
    expect(later.received).toHaveLength(2);
    expect(JSON.stringify(later.received[1])).toContain('GITHUB_TOKEN expires in 3 days');
  });

  it('says the token was revoked or has expired when GitHub answers 401, in the status, /health and once on the webhook', async () => {
    const owner = 'token-revoked';
    const now = Date.now();
    await setScenario(owner, { today: utcDay(now), token: 'ghp_someOtherToken', repos: [makeStandInRepo('app')] });
    const hook = await setWebhook('token-revoked', 0);
    const deps = makeCollectorDeps({
      tracked: parseRepoList(`${owner}/app`).patterns,
      reposSource: owner,
      webhookUrl: hook,
      refreshIntervalMs: 1,
    });
    const summary = await runCollector(deps, now);
    expect(summary.tokenRejected).toBe(true);
    await runCollector(deps, now + 60_000);

    const status = await readStatus(storesOf(env), { owner, repo: 'app' });
    expect(status.message).toContain('GitHub rejected GITHUB_TOKEN (401): the token was revoked or has expired; make a new token');
    const seen = await health();
    expect(seen.token).toMatchObject({ warning: { key: 'rejected' } });
    expect(seen.notes[0]).toContain('the collector stops until you make a new token');
    expect((await webhookLog('token-revoked')).received).toHaveLength(1);

    // A new token that GitHub takes: the warning is gone.
    await setScenario(owner, { today: utcDay(now), token: TOKEN, repos: [makeStandInRepo('app')] });
    await runCollector(deps, now + 120_000);
    expect((await health()).token).toMatchObject({ rejectedAt: null, warning: null });
  });
});
