import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import type { CloudflareState } from '../cloudflare/stand-in';

export interface DeployedWorker {
  url: string;
  close: () => Promise<void>;
}

/**
 * What Cloudflare would run after setup: the bundle `npm run check` built in the copy, with the vars wrangler
 * uploaded and the secrets it stored. Restarted when those change, as a deploy or `secret put` takes effect.
 */
export async function startDeployedWorker(dir: string, state: CloudflareState): Promise<DeployedWorker> {
  let running: { key: string; mf: Miniflare } | undefined;
  const current = async () => {
    const uploaded = (state.scripts.get('repo-impressions')?.bindings ?? []) as Array<{ type: string; name: string; text?: string }>;
    const vars = Object.fromEntries(
      uploaded.filter((binding) => binding.type === 'plain_text').map((binding) => [binding.name, binding.text ?? '']),
    );
    const bindings = { ...vars, ...Object.fromEntries(state.secrets) };
    const key = JSON.stringify(bindings);
    if (running?.key !== key) {
      await running?.mf.dispose();
      const { workerOptions } = unstable_getMiniflareWorkerOptions(join(dir, 'wrangler.toml'));
      const mf = new Miniflare({
        workers: [
          {
            ...workerOptions,
            modules: true,
            modulesRoot: dir,
            scriptPath: join(dir, 'dist', 'index.js'),
            bindings: { ...workerOptions.bindings, ...bindings },
          },
        ],
      });
      running = { key, mf };
    }
    return running.mf;
  };
  let origin = '';
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const mf = await current();
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const answer = await mf.dispatchFetch(`${origin}${request.url}`, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      body,
    });
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    close: async () => {
      await running?.mf.dispose();
      await new Promise((closed) => server.close(closed));
    },
  };
}

/** A copy of the project in a new temporary directory, as a fresh clone would be, sharing this one's node_modules. */
export function copyProject(root: string, prefix: string): string {
  const copy = mkdtempSync(join(tmpdir(), prefix));
  for (const part of ['wrangler.toml', 'package.json', 'tsconfig.json', 'src', 'public', 'scripts'])
    cpSync(join(root, part), join(copy, part), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

/** Waits until `origin` answers /health (a `wrangler dev` starting), for up to a minute. */
export async function waitForHealth(origin: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${origin}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('wrangler dev did not start');
}
