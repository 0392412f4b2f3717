import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { addDays, utcDay } from '../src/dates';
import { TEST_REPORT_TOKEN } from './constants';
import { bodyText, CAMO_UA, counterOf, fetchWorker } from './worker';

const OWNER = 'carry-co';
const REPOS = { REPOS: `${OWNER}/*` };
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };

function carryOver(body: unknown, bindings: Partial<Env> = REPOS, headers: Record<string, string> = auth) {
  return fetchWorker(
    '/report/baseline',
    {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
    bindings,
  );
}

async function badgeMessage(repo: string, period = 'total'): Promise<string> {
  const svg = await (await fetchWorker(`/badge/${OWNER}/${repo}.json?period=${period}`, {}, REPOS)).json<{ message: string }>();
  return svg.message;
}

async function reportLine(repo: string): Promise<Record<string, unknown>> {
  const report = await (await fetchWorker('/report', { headers: auth }, REPOS)).json<{ repositories: Array<Record<string, unknown>> }>();
  return report.repositories.find((line) => line.repo === `${OWNER}/${repo}`) ?? {};
}

describe('POST /report/baseline', () => {
  const today = utcDay(Date.now());

  it('adds the carried-over total to the badge, without counting twice the days both counters saw', async () => {
    const counter = counterOf(OWNER, 'switched');
    // Counted here: 5 views three days ago (the old counter saw them too), 7 views today.
    await counter.importDailyViews([
      { day: addDays(today, -3), page: 'readme', source: 'github-camo', views: 5 },
      { day: today, page: 'readme', source: 'github-camo', views: 7 },
    ]);
    const response = await carryOver({ repo: `${OWNER}/switched`, views: 900, before: addDays(today, -1), source: 'hits.seeyoufarm.com' });
    expect(response.status).toBe(200);
    const carriedOver = { views: 900, before: addDays(today, -1), source: 'hits.seeyoufarm.com' };
    expect(await response.json()).toEqual({
      repo: `${OWNER}/switched`,
      carriedOver,
      badgeTotal: 907,
      previousBadgeTotal: 12,
      replaced: { from: addDays(today, -3), to: addDays(today, -3), views: 5 },
      message: `The badge's all-time count is now 907 views (it was 12 views): 900 views carried over from hits.seeyoufarm.com, plus those counted here from ${addDays(today, -1)} on; it stands in for the 5 views counted here from ${addDays(today, -3)} to ${addDays(today, -3)}, the days before ${addDays(today, -1)}, which the badge no longer adds.`,
    });
    expect(await badgeMessage('switched')).toBe('907');
    // Periods are this counter's own days only.
    expect(await badgeMessage('switched', 'day')).toBe('7');
    // The view badge counts one more on top.
    await fetchWorker(`/badge/${OWNER}/switched.svg`, { headers: { 'user-agent': CAMO_UA } }, REPOS);
    expect(await badgeMessage('switched')).toBe('908');
  });

  it('shows the carried-over total apart in the report, never as impressions', async () => {
    const line = await reportLine('switched');
    expect(line.carriedOver).toEqual({ views: 900, before: addDays(today, -1), source: 'hits.seeyoufarm.com' });
    expect(line.impressions).toMatchObject({ today: 8, last28: 13, allTime: 13 });
    const csv = await bodyText(await fetchWorker('/report?format=csv', { headers: auth }, REPOS));
    const [header = '', ...rows] = csv.trimEnd().split('\n');
    const columns = header.split(',');
    const row = (rows.find((text) => text.startsWith(`${OWNER}/switched,`)) ?? '').split(',');
    const cell = (name: string) => row[columns.indexOf(name)];
    expect([cell('impressionsAllTime'), cell('carriedOverViews'), cell('carriedOverBefore'), cell('carriedOverSource')]).toEqual([
      '13',
      '900',
      addDays(today, -1),
      'hits.seeyoufarm.com',
    ]);
  });

  it('lists a repository with only a carried-over total in the report, and replaces or removes it', async () => {
    expect((await carryOver({ repo: `${OWNER}/quiet`, views: 40, before: today, source: 'ghpvc' })).status).toBe(200);
    expect((await reportLine('quiet')).carriedOver).toEqual({ views: 40, before: today, source: 'ghpvc' });
    expect((await carryOver({ repo: `${OWNER}/quiet`, views: 41, before: today, source: 'ghpvc' })).status).toBe(200);
    expect(await badgeMessage('quiet')).toBe('41');
    const removed = await fetchWorker(`/report/baseline/${OWNER}/quiet`, { method: 'DELETE', headers: auth }, REPOS);
    expect(await removed.json()).toEqual({
      repo: `${OWNER}/quiet`,
      carriedOver: null,
      badgeTotal: 0,
      previousBadgeTotal: 41,
      replaced: null,
      message: "The badge's all-time count is now 0 views (it was 41 views): the views counted here, with nothing carried over.",
    });
    expect(await badgeMessage('quiet')).toBe('0');
  });

  it('says so when a carried-over total lowers the badge, and which counted days it replaces', async () => {
    const counter = counterOf(OWNER, 'lowered');
    await counter.importDailyViews([
      { day: addDays(today, -40), page: 'readme', source: 'github-camo', views: 30000 },
      { day: addDays(today, -20), page: 'docs', source: 'browser', views: 2200 },
      { day: addDays(today, -20), page: 'readme', source: 'bot', views: 999 }, // bots are not counted by the badge
      { day: addDays(today, -2), page: 'readme', source: 'github-camo', views: 14000 },
    ]);
    const response = await carryOver({ repo: `${OWNER}/lowered`, views: 559, before: addDays(today, -10), source: 'a hit counter' });
    const body = await response.json<{ badgeTotal: number; previousBadgeTotal: number; replaced: unknown; message: string }>();
    expect(body).toMatchObject({
      badgeTotal: 14559,
      previousBadgeTotal: 46200,
      replaced: { from: addDays(today, -40), to: addDays(today, -20), views: 32200 },
    });
    expect(body.message).toContain('now 14,559 views (it was 46,200 views)');
    expect(body.message).toContain(`stands in for the 32,200 views counted here from ${addDays(today, -40)} to ${addDays(today, -20)}`);
    expect(await badgeMessage('lowered')).toBe('14k'); // 14,559, as badges shorten it
  });

  it('travels in the export and comes back with an import', async () => {
    await carryOver({ repo: `${OWNER}/moving`, views: 1234, before: '2025-06-01', source: 'Google Analytics' });
    const exported = (await bodyText(await fetchWorker('/report/export', { headers: auth }, REPOS))).trimEnd().split('\n');
    const line = exported.find((text) => text.includes(`"${OWNER}/moving"`)) ?? '';
    expect(JSON.parse(line).carriedOver).toEqual({ views: 1234, before: '2025-06-01', source: 'Google Analytics' });
    const file = `${JSON.stringify({ ...JSON.parse(exported[0] ?? '{}'), repositories: 1 })}\n${line.replace(`"${OWNER}/moving"`, `"${OWNER}/moved"`)}\n`;
    const imported = await fetchWorker(
      '/report/import',
      { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: file },
      REPOS,
    );
    expect(imported.status).toBe(200);
    expect(await counterOf(OWNER, 'moved').carriedOver()).toEqual({ views: 1234, before: '2025-06-01', source: 'Google Analytics' });
  });

  it.each([
    ['not JSON', '{views: 1', 400, 'The body must be JSON'],
    ['no repo', { views: 1, before: '2026-01-01', source: 'x' }, 400, 'repo must be owner/repo'],
    ['an untracked repo', { repo: 'elsewhere/thing', views: 1, before: '2026-01-01', source: 'x' }, 404, 'elsewhere/thing is not in REPOS'],
    ['negative views', { repo: `${OWNER}/bad`, views: -1, before: '2026-01-01', source: 'x' }, 400, 'views must not be negative'],
    ['fractional views', { repo: `${OWNER}/bad`, views: 1.5, before: '2026-01-01', source: 'x' }, 400, 'views must be a whole number'],
    ['views as text', { repo: `${OWNER}/bad`, views: '12', before: '2026-01-01', source: 'x' }, 400, 'views must be a whole number'],
    ['an impossible day', { repo: `${OWNER}/bad`, views: 1, before: '2026-02-30', source: 'x' }, 400, 'before is not a real day'],
    ['a future day', { repo: `${OWNER}/bad`, views: 1, before: '2999-01-01', source: 'x' }, 400, 'before must be a day from 2008-01-01 to'],
    [
      'a day before GitHub',
      { repo: `${OWNER}/bad`, views: 1, before: '0001-01-01', source: 'x' },
      400,
      'before must be a day from 2008-01-01 to',
    ],
    [
      'no source',
      { repo: `${OWNER}/bad`, views: 1, before: '2026-01-01', source: '  ' },
      400,
      'source must say where the count comes from',
    ],
  ])('refuses %s with a 400 or 404 that says what to fix', async (_, body, status, error) => {
    const response = await carryOver(body);
    expect(response.status).toBe(status);
    expect((await response.json<{ error: string }>()).error).toContain(error);
    expect(await counterOf(OWNER, 'bad').carriedOver()).toBeNull();
  });

  it('needs the report token', async () => {
    const response = await carryOver({ repo: `${OWNER}/locked`, views: 1, before: '2026-01-01', source: 'x' }, REPOS, {});
    expect(response.status).toBe(401);
    expect(await counterOf(OWNER, 'locked').carriedOver()).toBeNull();
  });

  it('answers 503 when the counter cannot be reached, and stores nothing', async () => {
    const broken = {
      idFromName: (name: string) => env.COUNTER.idFromName(name),
      get: () => ({ changeCarriedOver: () => Promise.reject(new Error('counter down (simulated)')) }),
    } as unknown as Env['COUNTER'];
    const response = await carryOver({ repo: `${OWNER}/down`, views: 1, before: '2026-01-01', source: 'x' }, { ...REPOS, COUNTER: broken });
    expect(response.status).toBe(503);
    expect(await counterOf(OWNER, 'down').carriedOver()).toBeNull();
  });
});
