import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { dayOf, generateRepo } from '../../scripts/seed-data.mjs';
import { CHROMIUM, launchChromium, startBuiltWorker } from './built-worker';

/** The charts as a README shows them: `<img>` elements in Chromium, light and dark, screenshot in artifacts/. */
const ROOT = resolve(import.meta.dirname, '../..');
const REQUIRED = process.env.REQUIRE_BROWSER_TESTS === '1';
const TOKEN = 'charts-e2e-token';
const REPO = 'charts-org/rocket';

describe.skipIf(!existsSync(CHROMIUM) && !REQUIRED)('the charts in Chromium', () => {
  let worker: Awaited<ReturnType<typeof startBuiltWorker>> | undefined;
  let browser: Browser | undefined;
  let origin = '';

  beforeAll(async () => {
    worker = await startBuiltWorker({ REPOS: REPO, REPORT_TOKEN: TOKEN });
    origin = worker.origin;
    // A year of seeded history, loaded through the Worker's own import.
    const { history, views } = generateRepo(REPO, dayOf(Date.now()), 365);
    const header = { format: 'repo-impressions-export', version: 1, exportedAt: new Date().toISOString(), repositories: 1 };
    const response = await fetch(`${origin}/report/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-ndjson' },
      body: [header, { repo: REPO, history, views, visitors: [] }].map((line) => JSON.stringify(line)).join('\n'),
    });
    expect(response.status).toBe(200);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.dispose();
  });

  it.each(['light', 'dark'] as const)('renders both charts as images (%s scheme)', async (scheme) => {
    const page = await (browser as Browser).newPage({ colorScheme: scheme, viewport: { width: 820, height: 720 } });
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const images = ['stars.svg', 'impressions.svg'].map((file) => `<img alt="${file}" src="${origin}/chart/${REPO}/${file}">`).join('');
    await page.setContent(`<body style="margin:16px;background:${scheme === 'dark' ? '#0d1117' : '#fff'}">${images}</body>`, {
      waitUntil: 'load',
    });
    const sizes = await page.$$eval('img', (elements) =>
      elements.map((img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]),
    );
    expect(sizes).toEqual([
      [760, 320],
      [760, 320],
    ]);
    expect(errors).toEqual([]);
    mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'artifacts', `charts-${scheme}.png`), fullPage: true });
    await page.close();
  });
});
