import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module without types
import { readKvNamespaceId, readVar, setKvNamespaceId, setVar } from '../../scripts/setup/wrangler-toml.mjs';
import { runSetup, type SetupRun, useSetupStage } from './setup-stage';

/**
 * `npm run setup --yes …` end to end, without a Cloudflare account: wrangler talks to a stand-in of Cloudflare's
 * API (CLOUDFLARE_API_BASE_URL), the token is checked against the GitHub stand-in, and "the deployed Worker" is
 * the bundle setup built, run by Miniflare with the vars wrangler uploaded and the secrets it stored.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const OWNER = 'setup-co';
const GITHUB_TOKEN = 'github_pat_setupStandIn0123456789';
const today = new Date().toISOString().slice(0, 10);

describe('npm run setup', { timeout: 120_000 }, () => {
  const stage = useSetupStage(ROOT, 'repo-impressions-setup-', () => scenario(false));

  /** The GitHub owner: one repository, and a token with or without push access (the traffic permission). */
  function scenario(pushAccess: boolean) {
    const repo = { name: 'app', stars: 12, forks: 2, watchers: 3, openIssues: 1, views: [{ day: today, count: 40, uniques: 9 }] };
    return fetch(`${stage.githubUrl}/__standin/owners/${OWNER}`, {
      method: 'PUT',
      body: JSON.stringify({ today, token: GITHUB_TOKEN, pushAccess, repos: [repo] }),
    });
  }

  /** Runs setup unattended with `extra` flags or, given `answers`, as a person would: one answer per question. */
  function setup(extra: string[] = [], answers?: string[]): Promise<SetupRun> {
    const unattended = answers === undefined ? ['--yes', '--repos', `${OWNER}/app`] : [];
    const args = [...unattended, '--github-api-url', stage.githubUrl, '--url', stage.worker.url, ...extra];
    const pending = [...(answers ?? [])];
    return runSetup(stage, args, answers === undefined ? GITHUB_TOKEN : undefined, (stdout, answer) => {
      // A question ends with ": " and waits: answer it.
      if (stdout.endsWith(': ') && pending.length > 0) answer(pending.shift() ?? '');
    });
  }

  const toml = () => readFileSync(join(stage.copy, 'wrangler.toml'), 'utf8');

  const transcript = (run: SetupRun) => `$ npm run setup -- --yes --repos ${OWNER}/app …\n${run.stdout}${run.stderr}\n`;

  it('refuses a token without traffic access, naming the permission to add, and stores no secret', async () => {
    const run = await setup();
    mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
    writeFileSync(join(ROOT, 'artifacts', 'setup-transcript.txt'), transcript(run));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `The token cannot read the traffic of ${OWNER}/app (403): add the repository permission "Administration: Read-only" (fine-grained token) or the "repo" scope (classic token)`,
    );
    expect(stage.cloudflare.state.secrets.size).toBe(0);
    expect(stage.cloudflare.state.scripts.size).toBe(0);
    // What came before the token, the namespace and wrangler.toml, is done and kept for the next run.
    expect(run.stdout).toContain('created "repo-impressions-REPORTS"');
  });

  it('creates the namespace, writes wrangler.toml, stores the secrets, deploys and prints working snippets', async () => {
    await scenario(true);
    const original = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8');
    const run = await setup([
      '--carry-over',
      `${OWNER}/app,500,${today},hits.seeyoufarm.com`,
      '--packages',
      `${OWNER}/app=npm:app`,
      '--link',
      `${OWNER}/app,docs,https://docs.example/start`,
    ]);
    appendFileSync(join(ROOT, 'artifacts', 'setup-transcript.txt'), transcript(run));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    // One namespace, its id in wrangler.toml; every other line of the file as it was, comments included.
    expect(stage.cloudflare.state.namespaces.map((namespace) => namespace.title)).toEqual(['repo-impressions-REPORTS']);
    const id = stage.cloudflare.state.namespaces[0]?.id;
    expect(readKvNamespaceId(toml(), 'REPORTS')).toBe(id);
    expect(readVar(toml(), 'REPOS')).toBe(`${OWNER}/app`);
    // PUBLIC_URL too: the address the Worker's own snippets carry.
    expect(toml()).toBe(
      setVar(
        setVar(
          setVar(setVar(setKvNamespaceId(original, 'REPORTS', id), 'REPOS', `${OWNER}/app`), 'GITHUB_API_URL', stage.githubUrl),
          'PACKAGES',
          `${OWNER}/app=npm:app`,
        ),
        'PUBLIC_URL',
        stage.worker.url,
      ),
    );

    // The secrets: the checked GitHub token, and a fresh REPORT_TOKEN printed once.
    expect(stage.cloudflare.state.secrets.get('GITHUB_TOKEN')).toBe(GITHUB_TOKEN);
    const reportToken = stage.cloudflare.state.secrets.get('REPORT_TOKEN') ?? '';
    expect(reportToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(run.stdout.split(reportToken)).toHaveLength(2);
    expect(run.stdout).not.toContain(GITHUB_TOKEN);
    // Deployed with the bindings of wrangler.toml and the namespace setup made.
    const bindings = (stage.cloudflare.state.scripts.get('repo-impressions')?.bindings ?? []) as Array<Record<string, string>>;
    expect(bindings).toContainEqual(expect.objectContaining({ type: 'kv_namespace', name: 'REPORTS', namespace_id: id }));
    expect(bindings).toContainEqual(expect.objectContaining({ type: 'plain_text', name: 'REPOS', text: `${OWNER}/app` }));
    expect(bindings).toContainEqual(expect.objectContaining({ type: 'plain_text', name: 'PUBLIC_URL', text: stage.worker.url }));

    // The snippets it printed work: the badge and the pixel answer images, the star chart an SVG.
    for (const [label, path] of [
      ['Badge', `/badge/${OWNER}/app.svg`],
      ['Invisible pixel', `/p/${OWNER}/app.gif`],
      ['Star chart', `/chart/${OWNER}/app/stars.svg`],
    ] as const) {
      expect(run.stdout).toMatch(new RegExp(`${label}.*\\(${escapeRegExp(`${stage.worker.url}${path}`)}\\)`));
      const response = await fetch(`${stage.worker.url}${path}`, { headers: { 'user-agent': 'github-camo (876de43e)' } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^image\//);
    }
    expect(run.stdout).toContain(`Dashboard:               ${stage.worker.url}/dashboard`);
    // The tracked link: registered, its Markdown printed; the Worker lists it (where it leads is links.test.ts's).
    expect(run.stdout).toContain(`${OWNER}/app/docs → https://docs.example/start: paste [docs](${stage.worker.url}/l/${OWNER}/app/docs)`);
    const registered = await fetch(`${stage.worker.url}/report/links/${OWNER}/app`, {
      headers: { authorization: `Bearer ${stage.cloudflare.state.secrets.get('REPORT_TOKEN')}` },
    });
    expect((await registered.json()).links).toMatchObject([{ name: 'docs', destination: 'https://docs.example/start' }]);

    // The carried-over total: in the badge's count, and apart from the counted views in /report.
    // 500 carried over + the badge and pixel views above (README views through camo; the pixel's write lands just after).
    await expect.poll(async () => (await (await fetch(`${stage.worker.url}/badge/${OWNER}/app.json`)).json()).message).toBe('502');
    const report = await (await fetch(`${stage.worker.url}/report`, { headers: { authorization: `Bearer ${reportToken}` } })).json();
    expect(report.repositories[0]).toMatchObject({
      repo: `${OWNER}/app`,
      carriedOver: { views: 500, before: today, source: 'hits.seeyoufarm.com' },
      allPageImpressions: { allTime: 2 },
    });
  });

  it('changes nothing when run again with the same answers', async () => {
    const before = {
      toml: toml(),
      reportToken: stage.cloudflare.state.secrets.get('REPORT_TOKEN'),
      namespaces: stage.cloudflare.state.namespaces.length,
    };
    const run = await setup();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrangler.toml already names namespace ${stage.cloudflare.state.namespaces[0]?.id}`);
    expect(run.stdout).toContain('REPORT_TOKEN already set: keeping it');
    expect({
      toml: toml(),
      reportToken: stage.cloudflare.state.secrets.get('REPORT_TOKEN'),
      namespaces: stage.cloudflare.state.namespaces.length,
    }).toEqual(before);
  });

  it('asks each question when run without --yes, Enter keeping what is set', async () => {
    const before = { toml: toml(), secrets: new Map(stage.cloudflare.state.secrets) };
    const run = await setup([], ['', '', '', '', '', '', '']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const question of [
      `owner/repo or owner/*, comma-separated [${OWNER}/app]: `,
      'token, not shown as you type (Enter keeps the one stored): ',
      'Weekly digest webhook URL (optional, Enter to skip): ',
      `Packages whose downloads count, "owner/repo=npm:name,pypi:name" (optional, Enter to skip) [${OWNER}/app=npm:app]: `,
      'Track a README link? "owner/repo,name,https://destination" (optional, Enter to skip): ',
    ]) {
      expect(run.stdout).toContain(question);
    }
    expect(run.stdout).toContain('keeping the token already stored');
    expect({ toml: toml(), secrets: stage.cloudflare.state.secrets }).toEqual(before);
  });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
