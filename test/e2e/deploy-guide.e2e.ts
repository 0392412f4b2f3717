import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';

/**
 * The README's deploy steps, tried as far as this machine can without a Cloudflare account: every `npx wrangler`
 * command it gives exists in the pinned wrangler, and a copy of the project edited as steps 1 and 2 say passes
 * step 4 (`npm run check`, a dry-run deploy) with every binding in place.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const deployGuide = readme.slice(readme.indexOf('\n## Deploy\n'), readme.indexOf('\n### What the free plan covers'));
const KV_ID = '0123456789abcdef0123456789abcdef';
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' };

function run(command: string, args: string[], cwd = ROOT) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the README deploy guide', () => {
  const copy = mkdtempSync(join(tmpdir(), 'repo-impressions-deploy-'));
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('sends the pixel and the badges to the Worker before the asset router, everything else to the assets first', () => {
    const { workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, 'wrangler.toml'));
    expect(workerOptions.assets?.routerConfig?.static_routing).toEqual({ asset_worker: [], user_worker: ['/p/*', '/badge/*'] });
  });

  it('names the secrets the Worker reads, each with its wrangler command', () => {
    for (const secret of ['GITHUB_TOKEN', 'REPORT_TOKEN', 'CF_ACCOUNT_ID', 'CF_API_TOKEN', 'REPORT_WEBHOOK_URL']) {
      expect(deployGuide).toContain(`npx wrangler secret put ${secret}`);
    }
  });

  // Subcommands as written (`kv namespace create`, `secret put`, …), up to their first argument.
  const commands = [...new Set([...deployGuide.matchAll(/npx wrangler((?: [a-z][a-z-]*)+)/g)].map((match) => (match[1] ?? '').trim()))];
  it.each(commands)('gives `wrangler %s`, a command the pinned wrangler has', (command) => {
    const { status, output } = run('npx', ['wrangler', ...command.split(' '), '--help']);
    expect(status).toBe(0);
    // `--help` on a misspelt subcommand falls back to its parent's help: the usage line must be this command's.
    expect(output).toMatch(new RegExp(`^wrangler ${command}( |$)`, 'm'));
  });

  it('builds, after steps 1 and 2, with the repositories, the KV namespace, Analytics Engine and the counter bound', () => {
    expect(commands).toEqual(expect.arrayContaining(['login', 'kv namespace create', 'deploy', 'secret put']));
    for (const part of ['wrangler.toml', 'package.json', 'tsconfig.json', 'src', 'public', 'scripts'])
      cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));

    const reposLine = /set `(REPOS = "[^"]+")`/.exec(deployGuide)?.[1];
    expect(reposLine).toBeDefined();
    const toml = readFileSync(join(copy, 'wrangler.toml'), 'utf8');
    const edited = toml.replace(/^REPOS = ".*"$/m, reposLine ?? '').replace(/^id = "0{32}"$/m, `id = "${KV_ID}"`);
    expect(edited).not.toBe(toml);
    writeFileSync(join(copy, 'wrangler.toml'), edited);

    const { status, output } = run('npm', ['run', 'check'], copy);
    expect(status, output).toBe(0);
    expect(output).toContain(`env.REPORTS (${KV_ID})  KV Namespace`);
    expect(output).toContain('env.EVENTS (repo_impressions_views)  Analytics Engine Dataset');
    expect(output).toContain('env.COUNTER (RepoCounter)  Durable Object');
    expect(output).toContain(`env.REPOS (${reposLine?.slice('REPOS = '.length)})`);
    expect(output).not.toContain('placeholder KV id');
    expect(output).toMatch(/KiB gzip \(budget \d+ KiB gzip\)/);
  });
});
