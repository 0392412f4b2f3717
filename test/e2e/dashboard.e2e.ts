import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { seedLocalState } from '../../scripts/seed.mjs';
import type { RepoSummary } from '../../src/report/repo-summary';
import type { RepoReport } from '../../src/report/responses';
import { CHROMIUM, launchChromium } from './built-worker';
import { waitForHealth } from './deployed-worker';
import { freePort } from './free-port';

const REQUIRED = process.env.REQUIRE_BROWSER_TESTS === '1';
const TOKEN = 'e2e-report-token';
const REPOS = Array.from({ length: 50 }, (_, i) => `e2e-org/repo-${String(i).padStart(2, '0')}`);
/** Tracked, not seeded: it gets only an imported github-repo-stats year (2020–2021). */
const IMPORTED_ONLY = 'e2e-org/imported-only';

if (!existsSync(CHROMIUM) && !REQUIRED) {
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
}

describe.skipIf(!existsSync(CHROMIUM) && !REQUIRED)('the dashboard in Chromium (50 repositories × 365 days)', () => {
  let state = '';
  let origin = '';
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  // One browser profile for all tests: the second test relies on the token the first one stored.
  let context: BrowserContext | undefined;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), 'repo-impressions-e2e-'));
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    await seedLocalState({ repos: REPOS, days: 365, persistRoot: join(state, 'v3'), log: () => {} });
    server = spawn(
      'npx',
      [
        'wrangler',
        'dev',
        '--persist-to',
        state,
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--var',
        `REPOS:${[...REPOS, IMPORTED_ONLY].join(',')}`,
        '--var',
        `REPORT_TOKEN:${TOKEN}`,
      ],
      // Its own process group, so that stopping it also stops the workerd that wrangler starts.
      { env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, stdio: 'pipe', detached: true },
    );
    await waitForHealth(origin);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  });

  afterAll(async () => {
    await browser?.close();
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    if (state) rmSync(state, { recursive: true, force: true });
  });

  async function openPage(): Promise<Page> {
    const page = await (context as BrowserContext).newPage();
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
    await page.goto(`${origin}/dashboard`);
    return page;
  }

  it('refuses a wrong token with a message, then signs in and renders the table and charts', async () => {
    const page = await openPage();
    await page.fill('#token', 'not-the-token');
    await page.click('#sign-in button[type=submit]');
    await expectText(page, '#sign-in-error', 'That token is not REPORT_TOKEN.');
    // Chromium logs the refused request ("401 Unauthorized") as a console error: expected here, and only here.
    expect(consoleErrors).toEqual([expect.stringContaining('401')]);
    consoleErrors.length = 0;

    await page.fill('#token', TOKEN);
    const started = Date.now();
    await page.click('#sign-in button[type=submit]');
    await page.waitForSelector('#chart-ratios canvas');
    const firstRenderMs = Date.now() - started;

    expect(await page.locator('#repos tbody tr').count()).toBe(51);
    expect(await page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#referrers tbody tr').count()).toBe(3);
    expect(page.url()).toBe(`${origin}/dashboard`);
    expect(page.url()).not.toContain(TOKEN);
    expect(await page.evaluate(() => localStorage.getItem('repo-impressions:report-token'))).toBe(TOKEN);

    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: 'artifacts/dashboard.png', fullPage: true });
    expect(consoleErrors).toEqual([]);
    writeFileSync('artifacts/dashboard-first-render.json', `${JSON.stringify({ repositories: 50, days: 365, firstRenderMs })}\n`);
    console.log(`dashboard first render (sign-in to charts), 50 repositories × 365 days: ${firstRenderMs} ms`);
  });

  it("draws the selected repository's funnel from its line of the table, and lists its tracked links with their Markdown", async () => {
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const repo = 'e2e-org/repo-03';
    const registered = await fetch(`${origin}/report/links`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ repo, name: 'docs', destination: 'https://docs.example/start' }),
    });
    expect(registered.status).toBe(201);
    const table = (await (await fetch(`${origin}/report`, { headers: auth })).json()) as { repositories: RepoSummary[] };
    const line = table.repositories.find((candidate) => candidate.repo === repo);

    const page = await openPage();
    await page.waitForSelector('#chart-traffic canvas');
    await page.click(`#repos tbody tr:has(td:text-is("${repo}"))`);
    await expectText(page, '#detail-title', repo);
    await page.waitForSelector('#links code');
    const steps = await page.locator('#funnel li > span:first-child').allTextContents();
    expect(steps).toEqual(['README impressions', 'Link clicks', 'New stars', 'New forks', 'Unique cloners', 'First contributions']);
    const figures = await page.locator('#funnel li .figure').allTextContents();
    expect(figures[0]).toBe(new Intl.NumberFormat('en').format(line?.impressions.last28));
    expect(figures[2]).toContain(new Intl.NumberFormat('en').format(line?.stars.gained28));
    expect(await page.locator('#links code').textContent()).toBe(`[docs](${origin}/l/${repo}/docs)`);
    mkdirSync('artifacts', { recursive: true });
    await page.locator('.funnel-wrap').screenshot({ path: 'artifacts/dashboard-funnel.png' });
    expect(consoleErrors).toEqual([]);
  });

  it('serves a favicon, so no page logs a 404 for it', async () => {
    const response = await fetch(`${origin}/favicon.ico`);
    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer()).subarray(0, 4)).toEqual(new Uint8Array([0, 0, 1, 0])); // an ICO header
  });

  it('keeps the session over a reload, sorts by a column and opens another repository', async () => {
    const page = await openPage();
    await page.waitForSelector('#chart-traffic canvas');
    await page.reload();
    await page.waitForSelector('#chart-traffic canvas');
    await page.click('#repos th:first-child');
    expect(await page.locator('#repos tbody tr:first-child td:first-child').textContent()).toBe(IMPORTED_ONLY);
    await page.click('#repos th:first-child');
    expect(await page.locator('#repos tbody tr:first-child td:first-child').textContent()).toBe('e2e-org/repo-49');
    await page.click('#repos tbody tr:nth-child(2)');
    await expectText(page, '#detail-title', 'e2e-org/repo-48');
    await page.click('#range button[data-days="365"]');
    await page.waitForSelector('#chart-stars canvas');
    expect(consoleErrors).toEqual([]);
  });

  it('imports a github-repo-stats folder from the browser: the daily files, then the snapshots, with what was read', async () => {
    const page = await openPage();
    await page.waitForSelector('#chart-traffic canvas');
    await page.click('#import summary');
    await page.selectOption('#import-repo', 'e2e-org/repo-07');
    await page.setInputFiles('#import-folder', 'test/fixtures/github-repo-stats-A');
    await page.click('#import-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#import-status')?.textContent?.startsWith('Imported into'));
    expect(await page.locator('#import-status').textContent()).toBe(
      'Imported into e2e-org/repo-07: 359 days of views and clones, 64 star events, 16 fork events, 29 referrer snapshots, 29 path snapshots. ' +
        'github-repo-stats-A/stars-snapshots.csv skipped (occasional star totals: the stars gained per day come from stargazers.csv (or stars.csv)); ' +
        '2 other file(s) skipped (not CSV).',
    );
    const day = await page.evaluate(async (token) => {
      const response = await fetch('/report/e2e-org/repo-07?from=2021-01-14&to=2021-01-14', {
        headers: { authorization: `Bearer ${token}` },
      });
      return ((await response.json()) as { days: Array<Record<string, number>> }).days[0];
    }, TOKEN);
    expect(day).toMatchObject({ views: 293, viewUniques: 26, clones: 16, cloneUniques: 6, starsGained: 4 });
    expect(await page.locator('#import-problems li').count()).toBe(0);
    await page.locator('#import').screenshot({ path: 'artifacts/dashboard-import.png' });
    expect(consoleErrors).toEqual([]);
  });

  it.each([390, 1280, 1440])('answers which README converts first, at %i px: on the first screen, unclipped', async (width) => {
    const height = 900;
    const page = await (browser as Browser).newPage({ viewport: { width, height } });
    await page.goto(`${origin}/dashboard`);
    await page.evaluate((token) => localStorage.setItem('repo-impressions:report-token', token), TOKEN);
    await page.reload();
    await page.waitForSelector('#answer-cards li');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // Before the table, the account's answer and the most viewed repository's, inside the first screen.
    const [answers, table] = await Promise.all([page.locator('#answers').boundingBox(), page.locator('#overview').boundingBox()]);
    expect(answers?.y ?? Infinity).toBeLessThan(table?.y ?? 0);
    expect(await page.locator('#account-answer').textContent()).toMatch(
      /^Across \d+ repositories: \d+ live READMEs? converts? better than the one before, \d+ worse, \d+ too early to tell, \d+ with nothing to compare yet\.$/,
    );
    for (const selector of ['#account-answer', '#answer-cards li:first-child']) {
      const box = await page.locator(selector).boundingBox();
      expect(box?.x ?? -1, selector).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? Infinity), selector).toBeLessThanOrEqual(width);
      expect((box?.y ?? 0) + (box?.height ?? Infinity), selector).toBeLessThanOrEqual(height);
    }
    // Every answer in words, and none of them cut off.
    const texts = await page.$$eval('#answer-cards .answer', (cells) =>
      cells.map((cell) => ({
        text: cell.textContent ?? '',
        clipped: cell.scrollWidth > cell.clientWidth || cell.scrollHeight > cell.clientHeight,
      })),
    );
    expect(texts.length).toBe(6);
    for (const { text, clipped } of texts) {
      expect(text).toMatch(/^(Converts [\d.]+× (better than|as well as) the README before it|Too early to tell|The README \(|No README)/);
      expect(clipped, text).toBe(false);
    }
    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: `artifacts/dashboard-answers-${width}.png` });
    // The latest burst, with what explains it, where one was found.
    const bursts = await page.$$eval('#answer-cards .burst', (cells) => cells.map((cell) => cell.textContent ?? ''));
    expect(bursts.length).toBeGreaterThan(0);
    for (const burst of bursts) expect(burst).toMatch(/^Latest (star burst|traffic spike): \d{4}-\d{2}-\d{2}.*: [+-][\d,]+ stars?/);
    await page.click('#all-answers');
    expect(await page.locator('#answer-cards li').count()).toBeGreaterThan(6);
    await page.close();
  });

  it.each([390, 1280, 1440])('fits %i px: no sideways scroll, every default column inside its card, charts drawn', async (width) => {
    const page = await (browser as Browser).newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${origin}/dashboard`);
    await page.evaluate((token) => localStorage.setItem('repo-impressions:report-token', token), TOKEN);
    await page.reload();
    await page.waitForSelector('#chart-ratios canvas');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    const headers = await page.$$eval('#repos thead th', (cells) => cells.map((cell) => cell.textContent));
    expect(headers).toEqual([
      'Repository',
      'README impressions',
      'GitHub views',
      'New stars',
      'Stars / 1k impressions',
      'README render rate',
      'Last refresh',
    ]);
    if (width >= 1280) {
      const card = await page.locator('#overview').boundingBox();
      for (const box of await page
        .locator('#repos thead th')
        .evaluateAll((cells) => cells.map((cell) => cell.getBoundingClientRect().toJSON()))) {
        expect(box.left).toBeGreaterThanOrEqual(card?.x ?? 0);
        expect(box.right).toBeLessThanOrEqual((card?.x ?? 0) + (card?.width ?? 0));
      }
    }
    // Each chart drew its series and fits its card; legends show the latest day, not "--".
    for (const id of ['#chart-traffic', '#chart-stars', '#chart-ratios']) {
      const [chart, canvas] = await Promise.all([page.locator(id).boundingBox(), page.locator(`${id} canvas`).boundingBox()]);
      expect(canvas?.width ?? 0).toBeGreaterThan(200);
      expect((canvas?.x ?? 0) + (canvas?.width ?? 0)).toBeLessThanOrEqual((chart?.x ?? 0) + (chart?.width ?? 0) + 1);
    }
    const legend = await page.locator('#chart-traffic .u-legend').textContent();
    expect(legend).not.toContain('--');
    expect(legend).toMatch(/\d{4}-\d{2}-\d{2}/);
    // Top referrers, most viewed first.
    const counts = await page.$$eval('#referrers td:last-child', (cells) =>
      cells.map((cell) => Number((cell.textContent ?? '').split(' ')[0]?.replace(/,/g, ''))),
    );
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // Top lists inside their cards, no cell cut short (two long paths cut alike would read as one).
    for (const id of ['#referrers', '#paths']) {
      const card = await page.locator(id).locator('xpath=..').boundingBox();
      const cells = await page
        .locator(`${id} td`)
        .evaluateAll((tds) => tds.map((td) => ({ right: td.getBoundingClientRect().right, clipped: td.scrollWidth > td.clientWidth })));
      for (const cell of cells) {
        expect(cell.clipped, id).toBe(false);
        expect(cell.right, id).toBeLessThanOrEqual((card?.x ?? 0) + (card?.width ?? 0) + 1);
      }
    }
    mkdirSync('artifacts', { recursive: true });
    await page.screenshot({ path: `artifacts/dashboard-${width}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('answers which README converts: versions with verdicts, explained spikes, both marked on the charts', async () => {
    const page = await openPage();
    await page.waitForSelector('#chart-traffic canvas');
    await page.click('#range button[data-days="365"]');
    await page.waitForFunction(() => document.querySelectorAll('#versions tbody tr').length === 3);
    // The seeded year has a few launch spikes; the 90 days shown first may hold none.
    await page.waitForFunction(() => /^\d/.test(document.querySelector('#events li')?.textContent ?? ''));
    const versions = await page.$$eval('#versions tbody tr', (rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)),
    );
    expect(versions.map((cells) => cells[0])).toEqual([
      'v3 (live): README: a demo GIF first',
      'v2: README: badges and a quick start',
      'v1: Add README',
    ]);
    expect(versions[0]?.[5]).toMatch(/× the previous README's stars per impression, 95%: |too few impressions to tell/);
    expect(versions[2]?.[5]).toBe('the first known version');
    const events = await page.$$eval('#events li', (items) => items.map((item) => item.textContent ?? ''));
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event).toMatch(/^\d{4}-\d{2}-\d{2}( to \d{4}-\d{2}-\d{2})?: [+-]?[\d,]+ stars/);
    await page.locator('#detail').screenshot({ path: 'artifacts/dashboard-versions.png' });
    expect(consoleErrors).toEqual([]);
  });

  it("draws what GitHub's Traffic page draws and more, opens on the table's 28 days, and exports what is on screen", async () => {
    const page = await openPage();
    await page.waitForSelector('#chart-sources canvas');
    const repo = (await page.locator('#detail-title').textContent()) ?? '';
    // The table's 28 days: ISO dates in plain text fields, whatever the browser's locale.
    const [from, to] = [await page.locator('#from').inputValue(), await page.locator('#to').inputValue()];
    expect(to).toBe(new Date().toISOString().slice(0, 10));
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1).toBe(28);
    expect(await page.locator('#from').getAttribute('type')).toBe('text');
    const report = (await (
      await fetch(`${origin}/report/${repo}?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).json()) as RepoReport;
    const table = await page.locator('#repos tbody tr[aria-selected="true"] td:nth-child(2)').textContent();
    expect(table).toBe(report.days.reduce((sum, day) => sum + day.readmeImpressions, 0).toLocaleString('en'));
    // Legends show the latest day: unique visitors beside the views, clones beside unique cloners.
    const last = report.days[report.days.length - 1] as RepoReport['days'][number];
    const legend = async (id: string) => (await page.locator(`${id} .u-legend`).textContent()) ?? '';
    expect(await legend('#chart-traffic')).toContain(`Unique visitors${last.viewUniques.toLocaleString('en')}`);
    expect(await legend('#chart-clones')).toContain(`Git clones${last.clones.toLocaleString('en')}`);
    expect(await legend('#chart-clones')).toContain(`Unique cloners${last.cloneUniques.toLocaleString('en')}`);
    // A line per page and per source class, each named with its total over the range.
    const totalOf = (pick: (day: RepoReport['days'][number]) => Record<string, number>, key: string) =>
      report.days.reduce((sum, day) => sum + (pick(day)[key] ?? 0), 0).toLocaleString('en');
    expect(await legend('#chart-pages')).toContain(`readme (${totalOf((day) => day.impressionsByPage, 'readme')})`);
    expect(await legend('#chart-pages')).toContain(`docs/install (${totalOf((day) => day.impressionsByPage, 'docs/install')})`);
    expect(await legend('#chart-sources')).toContain(`bot (${totalOf((day) => day.viewsBySource, 'bot')})`);
    // The seeded breakdowns (the last 60 days): referrer hosts and countries, as the report sums them.
    const hosts = await page.$$eval('#hosts tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent)));
    expect(hosts[0]).toEqual([
      report.breakdowns?.referrerHosts[0]?.key,
      report.breakdowns?.referrerHosts[0]?.impressions.toLocaleString('en'),
    ]);
    expect(await page.locator('#countries tr').count()).toBe(report.breakdowns?.countries.length);
    expect(await page.locator('#breakdowns-hint').textContent()).toBe('');

    // Export: the CSV of the range on screen, and everything as NDJSON, saved as the Worker answers them.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(csv.suggestedFilename()).toBe(`${repo.replace('/', '-')}-${from}-to-${to}.csv`);
    const expectedCsv = await (
      await fetch(`${origin}/report/${repo}?from=${from}&to=${to}&format=csv`, { headers: { authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(readFileSync((await csv.path()) as string, 'utf8')).toBe(expectedCsv);
    expect(expectedCsv.trim().split('\r\n')).toHaveLength(1 + 28);
    const [ndjson] = await Promise.all([page.waitForEvent('download'), page.click('#export-all')]);
    expect(ndjson.suggestedFilename()).toBe('repo-impressions-export.ndjson');
    const saved = (await ndjson.path()) as string;
    const lines = readFileSync(saved, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ format: 'repo-impressions-export', repositories: 51 });
    expect(lines).toHaveLength(1 + 51);
    // Asked for in parts of 25 (each within the free plan's CPU) and put together: the whole export's lines.
    const whole = await (await fetch(`${origin}/report/export`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    expect(lines.slice(1)).toEqual(whole.trim().split('\n').slice(1));
    await expectText(
      page,
      '#export-status',
      `Saved repo-impressions-export.ndjson (${Math.ceil(statSync(saved).size / 1024).toLocaleString('en')} KB).`,
    );
    await page.locator('#detail').screenshot({ path: 'artifacts/dashboard-traffic-charts.png' });
    expect(consoleErrors).toEqual([]);
  });

  it('shows more columns when picked, and opens an imported history on the days it holds', async () => {
    const page = await openPage();
    await page.waitForSelector('#chart-traffic canvas');
    await page.click('#columns summary');
    await page.locator('#column-picker label', { hasText: 'New forks' }).click();
    expect(await page.$$eval('#repos thead th', (cells) => cells.map((cell) => cell.textContent))).toContain('New forks');
    await page.reload();
    await page.waitForSelector('#chart-traffic canvas');
    expect(await page.$$eval('#repos thead th', (cells) => cells.map((cell) => cell.textContent))).toContain('New forks');
    const form = new FormData();
    form.set('repo', IMPORTED_ONLY);
    for (const file of ['views_clones_aggregate.csv', 'stars.csv', 'forks.csv']) {
      form.append('file', new Blob([readFileSync(`test/fixtures/github-repo-stats-A/${file}`)]), file);
    }
    const imported = await fetch(`${origin}/report/import`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
    expect(imported.status).toBe(200);
    await page.reload();
    await page.waitForSelector('#chart-traffic canvas');
    await page.locator('#repos tbody tr', { hasText: IMPORTED_ONLY }).click();
    await expectText(page, '#detail-title', IMPORTED_ONLY);
    await page.waitForFunction(() => (document.querySelector('#to') as HTMLInputElement).value === '2021-12-02');
    expect(await page.locator('#from').inputValue()).toBe('2021-09-04');
    expect(await page.locator('#range-hint').textContent()).toContain('showing the last days of the history');
    // A half-typed range waits for both dates instead of asking the server.
    await page.fill('#from', '');
    await page.dispatchEvent('#from', 'change');
    expect(await page.locator('#range-hint').textContent()).toBe('Pick both dates.');
    expect(await page.locator('#detail-error').textContent()).toBe('');
    expect(consoleErrors).toEqual([]);
    await page.evaluate(() => localStorage.removeItem('repo-impressions:columns'));
  });
});

async function expectText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(([s, t]) => document.querySelector(s)?.textContent === t, [selector, text] as const);
}
