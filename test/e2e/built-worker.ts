import { join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import { chromium, type Browser } from 'playwright-core';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
// @ts-expect-error: a plain .mjs script without types
import { BUNDLE_PATH, buildBundle } from '../../scripts/check-bundle.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

/** The deploy build (`wrangler deploy --dry-run`) served on 127.0.0.1 by Miniflare, with `bindings` over wrangler.toml's. */
export async function startBuiltWorker(bindings: Record<string, string>): Promise<{ origin: string; dispose: () => Promise<void> }> {
  buildBundle();
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, 'wrangler.toml'));
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    workers: [
      { ...workerOptions, modules: true, scriptPath: join(ROOT, BUNDLE_PATH), bindings: { ...workerOptions.bindings, ...bindings } },
    ],
  });
  return { origin: (await mf.ready).origin, dispose: () => mf.dispose() };
}

/** Debian's Chromium, headless, with the flags this closed network needs (no background connections). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
