import { describe, expect, it } from 'vitest';
import packageJson from '../package.json';
import { CAMO_UA, counterOf, fetchWorker, ORIGIN } from './worker';

/** The Worker's public address, as npm run setup writes it: the snippets carry it. */
const PUBLIC = { PUBLIC_URL: ORIGIN };

describe('GET /', () => {
  it('explains itself and offers snippets for the first tracked repository, on this origin', async () => {
    const response = await fetchWorker('/', undefined, PUBLIC);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Tracked here: acme/rocket, acme/docs-site, whole-org/*, octo-cat/octo-cat');
    expect(html).toContain(`![README views](${ORIGIN}/badge/acme/rocket.svg)`);
    expect(html).toContain(`![](${ORIGIN}/p/acme/rocket.gif)`);
    expect(html).toContain(
      `&lt;img src=&quot;${ORIGIN}/p/acme/rocket.gif&quot; alt=&quot;&quot; width=&quot;1&quot; height=&quot;1&quot;&gt;`,
    );
  });

  it('shows the live count without counting a view itself', async () => {
    await fetchWorker('/p/whole-org/shown.gif', { headers: { 'user-agent': CAMO_UA } });
    await fetchWorker('/p/whole-org/shown.gif', { headers: { 'user-agent': CAMO_UA } });
    const html = await (await fetchWorker('/?repo=whole-org/shown', undefined, PUBLIC)).text();
    expect(html).toContain('aria-label="views: 2"');
    expect(await counterOf('whole-org', 'shown').count(null)).toBe(2);
  });

  it("writes the Markdown of the repository's tracked links, and the conversion badges'", async () => {
    await counterOf('acme', 'docs-site').saveLink('install', 'https://docs.example/install');
    const html = await (await fetchWorker('/?repo=acme/docs-site', undefined, PUBLIC)).text();
    expect(html).toContain(`[install](${ORIGIN}/l/acme/docs-site/install)`);
    expect(html).toContain(`![Downloads a week](${ORIGIN}/badge/acme/docs-site/downloads-week.svg)`);
    expect(html).toContain(`![Link clicks per 1k README views](${ORIGIN}/badge/acme/docs-site/clicks-per-1k.svg)`);
    const none = await (await fetchWorker('/?repo=acme/rocket', undefined, PUBLIC)).text();
    expect(none).toContain('None yet: register one with');
  });

  it('uses the short profile URL for owner/owner', async () => {
    const html = await (await fetchWorker('/?repo=Octo-Cat/Octo-Cat', undefined, PUBLIC)).text();
    expect(html).toContain(`![](${ORIGIN}/p/octo-cat.gif)`);
  });

  it('warns about an untracked repository and still makes its snippets', async () => {
    const html = await (await fetchWorker('/?repo=someone/else', undefined, PUBLIC)).text();
    expect(html).toContain('someone/else is not in REPOS');
    expect(html).toContain(`![](${ORIGIN}/p/someone/else.gif)`);
    expect(html).not.toContain('watch the badge');
    expect(html).toContain(`![Stars over time](${ORIGIN}/chart/someone/else/stars.svg)`);
    expect(html).toContain(`![Stars per 1k README views](${ORIGIN}/badge/someone/else/stars-per-1k.svg)`);
    expect(html).toContain('These snippets count nothing until someone/else is in REPOS.');
  });

  it('escapes whatever is typed', async () => {
    const html = await (await fetchWorker(`/?repo=${encodeURIComponent('<script>alert(1)</script>')}`, undefined, PUBLIC)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('"&lt;script&gt;alert(1)&lt;/script&gt;" is not an owner/repo name');
  });
});

const NOTHING_HEARD = { expiresAt: null, rejectedAt: null, checkedAt: null, announced: [], warning: null };

describe('GET /health', () => {
  it('answers ok and the version', async () => {
    const response = await fetchWorker('/health');
    expect(response.status).toBe(200);
    // Nothing heard of the token yet: no run has asked GitHub.
    expect(await response.json()).toEqual({ ok: true, version: packageJson.version, notes: [], github: 'token', token: NOTHING_HEARD });
  });

  it.each([
    [
      { GITHUB_TOKEN: undefined },
      [
        'GITHUB_TOKEN is not set: only stars, forks and watchers are collected, not views, clones, referrers or paths (`npx wrangler secret put GITHUB_TOKEN`; README, Deploy).',
      ],
    ],
    [{ REPORT_TOKEN: undefined }, ['REPORT_TOKEN is not set: /report and /dashboard are closed (`npx wrangler secret put REPORT_TOKEN`).']],
    [
      { REPORT_TOKEN: undefined, PUBLIC_REPORT: 'true' },
      ['REPORT_TOKEN is not set: /report and /dashboard are public only (`npx wrangler secret put REPORT_TOKEN`).'],
    ],
  ])('notes the optional features left off, still ok: %j', async (bindings, notes) => {
    const response = await fetchWorker('/health', undefined, bindings as Partial<Env>);
    expect(response.status).toBe(200);
    const token = 'GITHUB_TOKEN' in bindings ? null : NOTHING_HEARD;
    const github = 'GITHUB_TOKEN' in bindings ? 'none' : 'token';
    expect(await response.json()).toEqual({ ok: true, version: packageJson.version, notes, github, token });
  });

  it.each([
    [
      'acme/rocket, not a repo',
      [
        'REPOS: "not a repo" is not an "owner/repo" or "owner/*" entry GitHub would allow; fix the entry in wrangler.toml [vars] or the dashboard.',
      ],
    ],
    ['', ['REPOS is empty: set it to your repositories, e.g. REPOS = "your-name/your-repo, your-org/*".']],
  ])('REPOS=%j → 503 saying what to fix', async (repos, problems) => {
    const response = await fetchWorker('/health', undefined, { REPOS: repos });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      ok: false,
      version: packageJson.version,
      problems,
      notes: [],
      github: 'token',
      token: NOTHING_HEARD,
    });
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
    const response = await fetchWorker('/?repo=acme/rocket', { headers: { accept: 'application/json' } }, PUBLIC);
    expect(response.status).toBe(200);
    const body = await response.json<{ repo: string; tracked: boolean; snippets: Record<string, string> }>();
    expect(body).toMatchObject({ repo: 'acme/rocket', tracked: true });
    expect(body.snippets.badgeMarkdown).toBe(`![README views](${ORIGIN}/badge/acme/rocket.svg)`);
    expect(body.snippets.starChartMarkdown).toBe(`![Stars over time](${ORIGIN}/chart/acme/rocket/stars.svg)`);
    const untracked = await (await fetchWorker('/?repo=someone/else', { headers: { accept: 'application/json' } }, PUBLIC)).json<{
      tracked: boolean;
    }>();
    expect(untracked.tracked).toBe(false);
  });

  it('says what is wrong with a bad name', async () => {
    const response = await fetchWorker('/?repo=not a repo', { headers: { accept: 'application/json' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: '"not a repo" is not an owner/repo name GitHub would allow.' });
  });
});

describe('the address in the snippets', () => {
  const snippetsFor = async (url: string, headers: Record<string, string> = {}, bindings: Partial<Env> = {}) => {
    const response = await fetchWorker(url, { headers: { accept: 'application/json', ...headers } }, bindings);
    return response.json<{ snippets: { pixelUrl: string }; warning?: string }>();
  };

  it('is PUBLIC_URL, whatever Host the request claims', async () => {
    const body = await snippetsFor(
      'https://evil.example/?repo=acme/rocket',
      { host: 'evil.example' },
      { PUBLIC_URL: 'https://counts.example.org/' },
    );
    expect(body.snippets.pixelUrl).toBe('https://counts.example.org/p/acme/rocket.gif');
    expect(body.warning).toBeUndefined();
    const page = await (
      await fetchWorker(
        'https://evil.example/?repo=acme/rocket',
        { headers: { host: 'evil.example' } },
        { PUBLIC_URL: 'https://counts.example.org' },
      )
    ).text();
    expect(page).not.toContain('evil.example');
  });

  it('without PUBLIC_URL is the placeholder with what to set, never a copied Host', async () => {
    const body = await snippetsFor('https://evil.example/?repo=acme/rocket', { host: 'evil.example' });
    expect(body.snippets.pixelUrl).toBe('https://YOUR-WORKER/p/acme/rocket.gif');
    expect(body.warning).toContain('Set PUBLIC_URL in wrangler.toml');
    const page = await (await fetchWorker('https://evil.example/?repo=acme/rocket', { headers: { host: 'evil.example' } })).text();
    expect(page).not.toContain('evil.example');
    expect(page).toContain('Set PUBLIC_URL in wrangler.toml');
  });

  it.each(['http://localhost:8787', 'http://127.0.0.1:8791'])('locally (%s) is the request’s own address', async (origin) => {
    expect((await snippetsFor(`${origin}/?repo=acme/rocket`)).snippets.pixelUrl).toBe(`${origin}/p/acme/rocket.gif`);
  });

  it('a PUBLIC_URL that is not an http(s) address is a configuration problem', async () => {
    const health = await (await fetchWorker('/health', undefined, { PUBLIC_URL: 'javascript:alert(1)' })).json<{ problems: string[] }>();
    expect(health.problems).toContainEqual(expect.stringContaining('PUBLIC_URL must be an http(s) URL'));
  });
});
