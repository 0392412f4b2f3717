import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../src/config';
import { addDays } from '../src/dates';
import { counterFor } from '../src/counter/counter-client';
import { runWeeklyDigests } from '../src/jobs/run-digests';
import { emptyHistory } from '../src/history/model';
import worker from '../src/index';
import { DIGEST_CRON } from '../src/jobs/scheduled';
import { storesOf } from '../src/stores/repo-store';
import { TEST_REPORT_TOKEN } from './constants';
import { setWebhook, webhookLog } from './github/scenario';
import { writeHistory } from './records';
import { fetchWorker } from './worker';

const OWNER = 'report-co';
const MONDAY = Date.parse('2026-11-23T06:00:00Z'); // digests for 2026-W47 (Nov 16-22)
const digestEnv = { ...env, REPOS: `${OWNER}/gamma, ${OWNER}/delta` };
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };

beforeAll(async () => {
  const history = emptyHistory();
  for (let day = 9; day <= 22; day++) {
    const date = `2026-11-${String(day).padStart(2, '0')}`;
    history.traffic[date] = { views: 100, viewUniques: 40, clones: 2, cloneUniques: 1 };
    history.counts[date] = { stars: 100 + day * (day >= 16 ? 2 : 1), forks: 10, watchers: 1, openIssues: 0 };
  }
  await writeHistory(storesOf(env), { owner: OWNER, repo: 'gamma' }, history);
  await counterFor(env.COUNTER, { owner: OWNER, repo: 'gamma' }).importDailyViews(
    Array.from({ length: 14 }, (_, i) => ({
      day: `2026-11-${String(9 + i).padStart(2, '0')}`,
      page: 'readme',
      source: 'github-camo' as const,
      views: i < 7 ? 50 : 80,
    })),
  );
  // The 8 weeks before last week (from Monday 2026-09-14), each week's README impressions on its Wednesday: gamma
  // usually changes by ~6 a week and jumps by 210; delta swings by ~25 a week and moves by 2.
  const weekly = (totals: number[]) =>
    totals.map((views, week) => ({ day: addDays('2026-09-16', 7 * week), page: 'readme', source: 'github-camo' as const, views }));
  await counterFor(env.COUNTER, { owner: OWNER, repo: 'gamma' }).importDailyViews(weekly([340, 355, 348, 352, 345, 350, 347, 353]));
  await counterFor(env.COUNTER, { owner: OWNER, repo: 'delta' }).importDailyViews(
    weekly([300, 340, 310, 330, 305, 335, 315, 325, 320, 318]), // …, last week 320, this week 318
  );
});

describe('weekly digests', () => {
  it('are stored per owner and delivered once, retried with backoff when the receiver fails', async () => {
    const url = await setWebhook('digest-once', 2);
    const deps = { stores: storesOf(env), config: parseConfig({ ...digestEnv, REPORT_WEBHOOK_URL: url }), retryDelayMs: 1, log: () => {} };
    const first = await runWeeklyDigests(deps, MONDAY);
    expect(first).toEqual({ week: '2026-W47', owners: [OWNER], sent: [OWNER] });
    const second = await runWeeklyDigests(deps, MONDAY + 3_600_000);
    expect(second.sent).toEqual([]);

    const log = await webhookLog('digest-once');
    expect(log.attempts).toBe(3); // two refused, the third delivered, none after
    expect(log.received).toHaveLength(1);
    // Plain text for a receiver that is neither Slack nor Discord: no Markdown table.
    const message = log.received[0] as { text: string };
    expect(Object.keys(message)).toEqual(['text']);
    // 7 × 80 impressions (+60% on 7 × 50); stars 115 → 132 on the 16th, then +2 a day: 29; 29 / 560 × 1000 = 51.8.
    expect(message.text).toContain(
      'report-co/gamma: 560 README impressions (+60% on last week) · 29 new stars · 0 new forks · 51.8 stars per 1k impressions (was 17.1) · README render rate 80%',
    );
    expect(message.text).not.toContain('|');
  });

  it('are listed and served as JSON and Markdown behind the token', async () => {
    const list = await fetchWorker('/report/digests', { headers: auth }, { REPOS: digestEnv.REPOS });
    expect(await list.json()).toEqual({
      digests: [{ week: '2026-W47', owner: OWNER, sentAt: new Date(MONDAY).toISOString(), href: '/report/digests/2026-W47' }],
    });

    const json = (await (await fetchWorker('/report/digests/2026-W47', { headers: auth })).json()) as {
      digests: Array<{ movers: string[]; moves: unknown[] }>;
    };
    // gamma's +210 is 38 times its usual change; delta's −2 is within its own.
    expect(json.digests[0]?.movers).toEqual([`${OWNER}/gamma`]);
    expect(json.digests[0]?.moves).toEqual([{ repo: `${OWNER}/gamma`, change: 210, usualChange: 5.5 }]);

    const markdown = await fetchWorker('/report/digests/2026-W47', { headers: { ...auth, accept: 'text/markdown' } });
    expect(markdown.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await markdown.text()).toMatch(/^## README conversions for report-co, week 2026-W47/);
  });

  it.each([
    ['/report/digests/2026-W99', 400, 'is not an ISO week'],
    ['/report/digests/2026-W30', 404, 'No digest for 2026-W30 yet'],
  ])('%s → %i', async (path, status, error) => {
    const response = await fetchWorker(path, { headers: auth });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toContain(error);
  });

  it('leave the reports of an owner called "digests" reachable', async () => {
    const response = await fetchWorker(
      '/report/digests/tools?from=2026-11-01&to=2026-11-02',
      { headers: auth },
      { REPOS: 'digests/tools' },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ repo: 'digests/tools', from: '2026-11-01', to: '2026-11-02' });
    expect((await fetchWorker('/report/digests/untracked', { headers: auth }, { REPOS: 'digests/tools' })).status).toBe(400);
  });

  it('are not public, even with PUBLIC_REPORT=true', async () => {
    const response = await fetchWorker('/report/digests', {}, { PUBLIC_REPORT: 'true' });
    expect(response.status).toBe(401);
  });

  it('a receiver that refuses for good (4xx) is not retried and the digest stays unsent', async () => {
    const url = await setWebhook('digest-refused', 99);
    const refusing = `${url.replace('/__webhook/', '/__webhook-missing/')}`;
    const deps = {
      stores: storesOf(env),
      config: parseConfig({ REPOS: `${OWNER}/delta`, REPORT_WEBHOOK_URL: refusing }),
      retryDelayMs: 1,
      log: () => {},
    };
    const result = await runWeeklyDigests(deps, MONDAY);
    expect(result.sent).toEqual([]);
  });
});

describe('the weekly trigger', () => {
  it('runs the digests (not the collector) and logs what it did, never the webhook URL', async () => {
    const url = await setWebhook('digest-cron', 0);
    const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
    const ctx = createExecutionContext();
    const scheduledTime = Date.parse('2026-11-30T06:00:00Z'); // week 2026-W48
    await worker.scheduled(createScheduledController({ scheduledTime, cron: DIGEST_CRON }), { ...digestEnv, REPORT_WEBHOOK_URL: url }, ctx);
    await waitOnExecutionContext(ctx);
    const lines = logged.mock.calls.map((call) => String(call[0]));
    logged.mockRestore();
    expect(JSON.parse(lines.at(-1) ?? '{}')).toEqual({
      level: 'info',
      message: 'weekly digests',
      week: '2026-W48',
      owners: [OWNER],
      sent: [OWNER],
    });
    expect(lines.join('\n')).not.toContain(url);
    expect((await webhookLog('digest-cron')).received).toHaveLength(1);
  });
});
