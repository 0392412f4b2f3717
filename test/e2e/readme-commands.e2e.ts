import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltWorker } from './built-worker';

/**
 * The README's "Bring existing history" commands, run word for word in bash against the built Worker on
 * 127.0.0.1: only the placeholders of its `export` line are filled in.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n### Bring existing history\n'), readme.indexOf('\n### What the free plan covers'));
const shellBlocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
const TOKEN = 'readme-commands-token';
const REPO = 'readme-org/imported';

describe('the README import commands', () => {
  let built: Awaited<ReturnType<typeof startBuiltWorker>> | undefined;
  let worker = '';
  const work = mkdtempSync(join(tmpdir(), 'repo-impressions-readme-'));

  beforeAll(async () => {
    built = await startBuiltWorker({ REPOS: `${REPO}, readme-org/copy`, REPORT_TOKEN: TOKEN });
    worker = built.origin;
  });

  afterAll(async () => {
    await built?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  function bash(script: string, cwd: string, env: Record<string, string> = {}) {
    const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('imports a github-repo-stats folder (its stars file named stars.csv) as the README says', async () => {
    const block = shellBlocks.find((text) => text.includes('ghrs-data'));
    expect(block).toBeDefined();
    // The folder as the Action's data branch keeps it: OWNER/REPO/ghrs-data.
    mkdirSync(join(work, REPO), { recursive: true });
    cpSync(join(ROOT, 'test/fixtures/github-repo-stats-A'), join(work, REPO, 'ghrs-data'), { recursive: true });
    const script = (block as string).replace(/^export .*$/m, `export REPORT_TOKEN=${TOKEN} WORKER=${worker} REPO=${REPO}`);

    const run = bash(script, work);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const answers = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { read?: Record<string, { files: number }>; error?: string });
    // The daily files in one request, then the 58 snapshots 25 to a request.
    expect(answers.map((answer) => answer.error)).toEqual([undefined, undefined, undefined, undefined]);
    expect(answers[0]?.read).toMatchObject({ 'views-clones': { files: 1 }, stars: { files: 1 }, forks: { files: 1 } });
    const snapshotFiles = answers.slice(1).map((answer) => (answer.read?.referrers?.files ?? 0) + (answer.read?.paths?.files ?? 0));
    expect(snapshotFiles).toEqual([25, 25, 8]);

    const series = (await (
      await fetch(`${worker}/report/${REPO}?from=2021-11-01&to=2021-11-24`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as {
      days: Array<{ views: number }>;
      topReferrers: unknown[];
    };
    expect(series.days.some((day) => day.views > 0)).toBe(true);
    expect(series.topReferrers.length).toBeGreaterThan(0);
  });

  it('exports and imports back one repository a request, as the README says for the free plan', () => {
    const exportBlock = shellBlocks.find((text) => text.includes('> history.ndjson'));
    const loopBlock = shellBlocks.find((text) => text.includes('header.ndjson'));
    const fill = (text: string) => text.replaceAll('https://OLD-WORKER', worker).replaceAll('https://YOUR-WORKER', worker);
    const env = { REPORT_TOKEN: TOKEN };
    const exported = bash(fill((exportBlock as string).split('\n')[0] as string), work, env);
    expect(exported.status).toBe(0);
    const lines = readFileSync(join(work, 'history.ndjson'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3); // the header, then both tracked repositories

    const loop = bash(fill(loopBlock as string), work, env);
    expect(loop.status).toBe(0);
    expect(
      loop.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      { imported: 1, historiesWritten: 0 },
      { imported: 1, historiesWritten: 0 },
    ]);
  });

  it('exports in parts, following the Link header of each, as the README says for a larger account', () => {
    const partsBlock = shellBlocks.find((text) => text.includes('rel="next"'));
    expect(partsBlock).toBeDefined();
    const dir = join(work, 'parts');
    mkdirSync(dir);
    // Parts of one repository, so that the two tracked here make two parts and the loop follows a Link.
    const script = (partsBlock as string).replaceAll('https://OLD-WORKER', worker).replaceAll('limit=25', 'limit=1');
    const result = bash(script, dir, { REPORT_TOKEN: TOKEN });
    expect(result.status).toBe(0);
    const part = (n: number) =>
      readFileSync(join(dir, `history-${n}.ndjson`), 'utf8')
        .trim()
        .split('\n');
    const [first, second] = [part(1), part(2)];
    expect([first.length, second.length]).toEqual([2, 2]);
    expect([JSON.parse(first[0] as string).repositories, JSON.parse(second[0] as string).repositories]).toEqual([1, 1]);
    expect([first[1], second[1]].map((line) => JSON.parse(line as string).repo)).toEqual(['readme-org/copy', REPO]);
    expect(() => readFileSync(join(dir, 'history-3.ndjson'))).toThrow();
  });
});
