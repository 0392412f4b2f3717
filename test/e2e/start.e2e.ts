import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port';

/**
 * `npm start` as a newcomer runs it (in a copy of the project, so its local state stays apart): a quiet start
 * offline, and the cron commands it prints work.
 */
const ROOT = resolve(import.meta.dirname, '../..');

describe('npm start', () => {
  const copy = mkdtempSync(join(tmpdir(), 'repo-impressions-start-'));
  let server: ChildProcess | undefined;
  let output = '';
  let port = 0;

  beforeAll(async () => {
    port = await freePort();
    for (const part of ['wrangler.toml', 'package.json', 'tsconfig.json', 'src', 'public', 'scripts'])
      cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    server = spawn('npm', ['start', '--', '--port', String(port), '--ip', '127.0.0.1'], {
      cwd: copy,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes('Ready on') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  });

  afterAll(() => {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    rmSync(copy, { recursive: true, force: true });
  });

  it('starts without a stack trace offline', () => {
    expect(output).toContain(`Ready on http://127.0.0.1:${port}`);
    expect(output).not.toMatch(/ENOTFOUND| {4}at /);
    // No line that reads like a failure, and no advice that would rewrite a tracked file (wrangler types).
    expect(output).not.toMatch(/\[ERROR\]|✘|wrangler types/);
  });

  it('prints cron commands that reach the Worker, never the route that answers `exception`', async () => {
    const commands = [...output.matchAll(/^\s*curl "([^"]+)"/gm)].map((match) => match[1] ?? '');
    expect(commands).toEqual([
      `http://localhost:${port}/__scheduled?cron=*/10+*+*+*+*`,
      `http://localhost:${port}/__scheduled?cron=0+6+*+*+1`,
    ]);
    // The digests run needs no network; its command is the one a newcomer would paste.
    const response = await fetch((commands[1] as string).replace('localhost', '127.0.0.1'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('Ran scheduled event');
  });
});
