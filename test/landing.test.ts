import { describe, expect, it } from 'vitest';
import packageJson from '../package.json';
import { CAMO_UA, counterOf, fetchWorker, ORIGIN } from './worker';

describe('GET /', () => {
  it('explains itself and offers snippets for the first tracked repository, on this origin', async () => {
    const response = await fetchWorker('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Tracked here: acme/rocket, acme/docs-site, whole-org/*, octo-cat/octo-cat');
    expect(html).toContain(`![README views](${ORIGIN}/badge/acme/rocket.svg)`);
    expect(html).toContain(`![](${ORIGIN}/p/acme/rocket.gif)`);
    expect(html).toContain(`&lt;img src=&quot;${ORIGIN}/p/acme/rocket.gif&quot; alt=&quot;&quot; width=&quot;1&quot; height=&quot;1&quot;&gt;`);
  });

  it('shows the live count without counting a view itself', async () => {
    await fetchWorker('/p/whole-org/shown.gif', { headers: { 'user-agent': CAMO_UA } });
    await fetchWorker('/p/whole-org/shown.gif', { headers: { 'user-agent': CAMO_UA } });
    const html = await (await fetchWorker('/?repo=whole-org/shown')).text();
    expect(html).toContain('aria-label="views: 2"');
    expect(await counterOf('whole-org', 'shown').count(null)).toBe(2);
  });

  it('uses the short profile URL for owner/owner', async () => {
    const html = await (await fetchWorker('/?repo=Octo-Cat/Octo-Cat')).text();
    expect(html).toContain(`![](${ORIGIN}/p/octo-cat.gif)`);
  });

  it('warns about an untracked repository and still makes its snippets', async () => {
    const html = await (await fetchWorker('/?repo=someone/else')).text();
    expect(html).toContain('someone/else is not in REPOS');
    expect(html).toContain(`![](${ORIGIN}/p/someone/else.gif)`);
    expect(html).not.toContain('watch the badge');
    expect(html).toContain(`![Stars over time](${ORIGIN}/chart/someone/else/stars.svg)`);
    expect(html).toContain(`![Stars per 1k README views](${ORIGIN}/badge/someone/else/stars-per-1k.svg)`);
    expect(html).toContain('These snippets count nothing until someone/else is in REPOS.');
  });

  it('escapes whatever is typed', async () => {
    const html = await (await fetchWorker(`/?repo=${encodeURIComponent('<script>alert(1)</script>')}`)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('"&lt;script&gt;alert(1)&lt;/script&gt;" is not an owner/repo name');
  });
});

describe('GET /health', () => {
  it('answers ok and the version', async () => {
    const response = await fetchWorker('/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, version: packageJson.version, notes: [] });
  });

  it.each([
    [{ GITHUB_TOKEN: undefined }, ['GITHUB_TOKEN is not set: only stars, forks and watchers are collected, not views, clones, referrers or paths (`npx wrangler secret put GITHUB_TOKEN`; README, Deploy).']],
    [{ REPORT_TOKEN: undefined }, ['REPORT_TOKEN is not set: /report and /dashboard are closed (`npx wrangler secret put REPORT_TOKEN`).']],
    [{ REPORT_TOKEN: undefined, PUBLIC_REPORT: 'true' }, ['REPORT_TOKEN is not set: /report and /dashboard are public only (`npx wrangler secret put REPORT_TOKEN`).']],
  ])('notes the optional features left off, still ok: %j', async (bindings, notes) => {
    const response = await fetchWorker('/health', undefined, bindings as Partial<Env>);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, version: packageJson.version, notes });
  });

  it.each([
    ['acme/rocket, not a repo', ['REPOS: "not a repo" is not an "owner/repo" or "owner/*" entry GitHub would allow; fix the entry in wrangler.toml [vars] or the dashboard.']],
    ['', ['REPOS is empty: set it to your repositories, e.g. REPOS = "your-name/your-repo, your-org/*".']],
  ])('REPOS=%j → 503 saying what to fix', async (repos, problems) => {
    const response = await fetchWorker('/health', undefined, { REPOS: repos });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ ok: false, version: packageJson.version, problems, notes: [] });
  });

  it('keeps counting the valid entries of a partly broken REPOS', async () => {
    const response = await fetchWorker('/p/acme/rocket.gif', undefined, { REPOS: 'acme/rocket, bad entry' });
    expect(response.status).toBe(200);
  });
});

describe('anything else', () => {
  it('is a JSON 404', async () => {
    const response = await fetchWorker('/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Not found. The endpoints are listed at /.' });
  });
});

describe('GET / as JSON', () => {
  it('gives the snippets of a repository to scripts, saying whether it is tracked', async () => {
    const response = await fetchWorker('/?repo=acme/rocket', { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    const body = await response.json<{ repo: string; tracked: boolean; snippets: Record<string, string> }>();
    expect(body).toMatchObject({ repo: 'acme/rocket', tracked: true });
    expect(body.snippets.badgeMarkdown).toBe(`![README views](${ORIGIN}/badge/acme/rocket.svg)`);
    expect(body.snippets.starChartMarkdown).toBe(`![Stars over time](${ORIGIN}/chart/acme/rocket/stars.svg)`);
    const untracked = await (await fetchWorker('/?repo=someone/else', { headers: { accept: 'application/json' } })).json<{ tracked: boolean }>();
    expect(untracked.tracked).toBe(false);
  });

  it('says what is wrong with a bad name', async () => {
    const response = await fetchWorker('/?repo=not a repo', { headers: { accept: 'application/json' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: '"not a repo" is not an owner/repo name GitHub would allow.' });
  });
});
