import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { counterFor } from '../src/counter/counter-client';
import { addDays, utcDay } from '../src/dates';
import { emptyHistory } from '../src/history/model';
import { readHistory, storesOf } from '../src/stores/repo-store';
import { TEST_REPORT_TOKEN } from './constants';
import { writeHistory } from './records';
import { bodyText, counterFailing, fetchWorker } from './worker';
import type { RepoHistory } from '../src/history/model';
import type { DailyViews } from '../src/views';
import { lineSteps } from '../src/imports/import-steps';
import { checkExportLine } from '../src/imports/export-line';
// @ts-expect-error: a plain .mjs script without types
import { generateRepo } from '../scripts/seed-data.mjs';

const OWNER = 'report-co';
const auth = { authorization: `Bearer ${TEST_REPORT_TOKEN}` };
const REPOS = { REPOS: `${OWNER}/source-repo, ${OWNER}/copy-repo` };

async function exportLines(bindings: Partial<Env> = REPOS): Promise<Array<Record<string, unknown>>> {
  const response = await fetchWorker('/report/export', { headers: auth }, bindings);
  return (await bodyText(response))
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function importFile(body: string | Uint8Array) {
  return fetchWorker('/report/import', { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body }, REPOS);
}

beforeAll(async () => {
  const history = emptyHistory();
  history.traffic = { '2026-06-01': { views: 12, viewUniques: 5, clones: 1, cloneUniques: 1 } };
  history.counts = { '2026-06-01': { stars: 9, forks: 1, watchers: 2, openIssues: 0 } };
  history.referrers = { '2026-06-01': [{ key: 'github.com', title: 'github.com', count: 4, uniques: 2 }] };
  await writeHistory(storesOf(env), { owner: OWNER, repo: 'source-repo' }, history);
  const counter = counterFor(env.COUNTER, { owner: OWNER, repo: 'source-repo' });
  await counter.importDailyViews([{ day: '2026-06-01', page: 'readme', source: 'github-camo', views: 33 }]);
  await counter.importDailyVisitors([{ day: '2026-06-01', visitors: 3 }]);
  // A tracked link and today's clicks: 2 by one reader (one from a README labelled v2), 1 with no reader signal.
  await counter.saveLink('docs', 'https://docs.example/start');
  const today = utcDay(Date.now());
  await counter.follow('docs', { day: today, name: 'docs', version: null, referrer: 'github.com' }, 'reader-1');
  await counter.follow('docs', { day: today, name: 'docs', version: 'v2', referrer: 'github.com' }, 'reader-1');
  await counter.follow('docs', { day: today, name: 'docs', version: null, referrer: '' }, null);
  // An issue by a first-timer and a pull request; two packages' downloads.
  await counter.addContributions([
    { number: 7, kind: 'issue', day: '2026-06-01', firstTimer: true },
    { number: 8, kind: 'pull', day: '2026-06-01', firstTimer: false },
  ]);
  await counter.mergeDownloads([
    { day: '2026-06-01', package: 'npm:source', downloads: 120 },
    { day: '2026-06-01', package: 'pypi:source', downloads: 30 },
  ]);
  // Two webhook deliveries (a star, and one taken back) and an hour of README impressions.
  const now = Date.now();
  await counter.recordGitHubEvent(DELIVERY, SIGNATURE, { kind: 'star', delta: 1, at: '2026-06-01T10:00:05Z' }, now);
  await counter.recordGitHubEvent(
    '8f1c2d3e-cc78-11e3-81ab-4c9367dc0958',
    `sha256=${'b'.repeat(64)}`,
    { kind: 'star', delta: -1, at: '2026-06-01T11:30:00Z' },
    now,
  );
  await counter.recordMany([{ day: today, hour: `${today}T09`, page: 'readme', source: 'github-camo', visitorKey: null, views: 4 }]);
});

const DELIVERY = '72d3162e-cc78-11e3-81ab-4c9367dc0958';
const SIGNATURE = `sha256=${'a'.repeat(64)}`;

describe('POST /report/import', () => {
  it('round-trips an export losslessly, and importing twice changes nothing', async () => {
    const [header, ...lines] = await exportLines();
    const source = lines.find((line) => line.repo === `${OWNER}/source-repo`);
    const today = utcDay(Date.now());
    expect(source).toMatchObject({
      links: [{ name: 'docs', destination: 'https://docs.example/start', createdAt: expect.any(String) }],
      clicks: [
        { day: today, name: 'docs', version: '', referrer: '', clicks: 1 },
        { day: today, name: 'docs', version: '', referrer: 'github.com', clicks: 1 },
        { day: today, name: 'docs', version: 'v2', referrer: 'github.com', clicks: 1 },
      ],
      clickers: [{ day: today, clickers: 1 }],
      contributions: [
        { number: 7, kind: 'issue', day: '2026-06-01', firstTimer: true },
        { number: 8, kind: 'pull', day: '2026-06-01', firstTimer: false },
      ],
      downloads: [
        { day: '2026-06-01', package: 'npm:source', downloads: 120 },
        { day: '2026-06-01', package: 'pypi:source', downloads: 30 },
      ],
      githubEvents: [
        { delivery: DELIVERY, signature: SIGNATURE, at: '2026-06-01T10:00:05Z', kind: 'star', delta: 1 },
        {
          delivery: '8f1c2d3e-cc78-11e3-81ab-4c9367dc0958',
          signature: `sha256=${'b'.repeat(64)}`,
          at: '2026-06-01T11:30:00Z',
          kind: 'star',
          delta: -1,
        },
      ],
      readmeHours: [{ hour: `${today}T09`, views: 4 }],
    });
    const copy = { ...source, repo: `${OWNER}/copy-repo` };
    // One repository of the two exported: its header says so, as a file split by hand must.
    const file = `${JSON.stringify({ ...header, repositories: 1 })}\n${JSON.stringify(copy)}\n`;
    const first = await importFile(file);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ imported: 1, historiesWritten: 1 });
    expect(await (await importFile(file)).json()).toEqual({ imported: 1, historiesWritten: 0 });

    const after = await exportLines();
    const copied = after.find((line) => line.repo === `${OWNER}/copy-repo`);
    expect({ ...copied, repo: source?.repo }).toEqual(source);
    // A delivery the imported repository has is still a replay there.
    const replay = await counterFor(env.COUNTER, { owner: OWNER, repo: 'copy-repo' }).recordGitHubEvent(
      DELIVERY,
      SIGNATURE,
      { kind: 'star', delta: 1, at: '2026-06-01T10:00:05Z' },
      Date.now(),
    );
    expect(replay).toEqual({ recorded: false });
  });

  it.each<[string, string, unknown[]]>([
    [
      'a wrong header',
      '{"format":"something-else","version":1}\n',
      [{ line: 1, error: expect.stringContaining('not a repo-impressions-export file') }],
    ],
    ['a line that is not JSON', `${header()}\n{"repo": "report-co/copy-repo", \n`, [{ line: 2, error: 'not JSON' }]],
    [
      'negative views',
      `${header()}\n${line({ views: [{ day: '2026-06-02', page: 'readme', source: 'github-camo', views: -4 }] })}\n`,
      [{ line: 2, error: expect.stringContaining('views.0.views') }],
    ],
    [
      'an unknown source class',
      `${header()}\n${line({ views: [{ day: '2026-06-02', page: 'readme', source: 'martian', views: 1 }] })}\n`,
      [{ line: 2, error: expect.stringContaining('views.0.source') }],
    ],
    [
      'a webhook event whose signature is no HMAC',
      `${header()}\n${line({ githubEvents: [{ delivery: DELIVERY, signature: 'sha256=forged', at: '2026-06-01T10:00:05Z', kind: 'star', delta: 1 }] })}\n`,
      [{ line: 2, error: expect.stringContaining('githubEvents.0.signature') }],
    ],
    [
      'a fork taken back',
      `${header()}\n${line({ githubEvents: [{ delivery: DELIVERY, signature: SIGNATURE, at: '2026-06-01T10:00:05Z', kind: 'fork', delta: -1 }] })}\n`,
      [{ line: 2, error: expect.stringContaining('only a star can be taken back') }],
    ],
    [
      'an hour that is no hour',
      `${header()}\n${line({ readmeHours: [{ hour: '2026-06-01T24', views: 1 }] })}\n`,
      [{ line: 2, error: expect.stringContaining('readmeHours.0.hour') }],
    ],
    [
      'an impossible date',
      `${header()}\n${line({ visitors: [{ day: '2026-02-31', visitors: 1 }] })}\n`,
      [{ line: 2, error: expect.stringContaining('visitors.0.day') }],
    ],
    [
      'duplicate dates',
      `${header()}\n${line({
        visitors: [
          { day: '2026-06-02', visitors: 1 },
          { day: '2026-06-02', visitors: 2 },
        ],
      })}\n`,
      [{ line: 2, error: 'visitors: the same day appears twice' }],
    ],
    [
      'a repository not in REPOS',
      `${header()}\n${line({ repo: 'stranger/repo' })}\n`,
      [{ line: 2, error: 'stranger/repo is not in REPOS' }],
    ],
    ['the same repository twice', `${header(2)}\n${line({})}\n${line({})}\n`, [{ line: 3, error: `${OWNER}/copy-repo appears twice` }]],
    ...[
      ['a javascript: destination', 'javascript:alert(1)', 'must start with https:// or http://'],
      ['a data: destination', 'data:text/html,<script>alert(1)</script>', 'not data:'],
      ['a scheme-relative destination', '//evil.example', 'must be an absolute URL'],
      ['a 10 KB destination', `https://docs.example/${'a'.repeat(10_000)}`, 'at most 2,048 characters'],
      ['a destination with a Cyrillic look-alike', 'https://gіthub.com/', 'plain ASCII'],
      ['a destination with credentials', 'https://user:pass@docs.example/', 'user name or password'],
      ['a destination not as the URL parser writes it', 'HTTPS://Docs.Example', 'write it as https://docs.example/'],
    ].map(([name = '', destination, error = '']): [string, string, unknown[]] => [
      name,
      `${header()}\n${line({ links: [{ name: 'docs', destination, createdAt: '2026-06-01T00:00:00.000Z' }] })}\n`,
      [{ line: 2, error: expect.stringContaining(error) }],
    ]),
    [
      'a link name with a Cyrillic look-alike',
      `${header()}\n${line({ links: [{ name: 'dоcs', destination: 'https://docs.example/', createdAt: '2026-06-01T00:00:00.000Z' }] })}\n`,
      [{ line: 2, error: expect.stringContaining('links.0.name') }],
    ],
    [
      'a click of a bad version label',
      `${header()}\n${line({ clicks: [{ day: '2026-06-02', name: 'docs', version: 'V 2!', referrer: '', clicks: 1 }] })}\n`,
      [{ line: 2, error: expect.stringContaining('clicks.0.version') }],
    ],
    [
      'a click whose referrer is a whole URL',
      `${header()}\n${line({ clicks: [{ day: '2026-06-02', name: 'docs', version: '', referrer: 'https://x.example/path?q', clicks: 1 }] })}\n`,
      [{ line: 2, error: expect.stringContaining('clicks.0.referrer') }],
    ],
    [
      'the same link twice',
      `${header()}\n${line({
        links: ['https://a.example/', 'https://b.example/'].map((destination) => ({
          name: 'docs',
          destination,
          createdAt: '2026-06-01T00:00:00.000Z',
        })),
      })}\n`,
      [{ line: 2, error: 'links: the same name appears twice' }],
    ],
    [
      'a contribution of an unknown kind',
      `${header()}\n${line({ contributions: [{ number: 1, kind: 'discussion', day: '2026-06-01', firstTimer: false }] })}\n`,
      [{ line: 2, error: expect.stringContaining('contributions.0.kind') }],
    ],
    [
      'a contribution numbered 0',
      `${header()}\n${line({ contributions: [{ number: 0, kind: 'issue', day: '2026-06-01', firstTimer: false }] })}\n`,
      [{ line: 2, error: expect.stringContaining('contributions.0.number') }],
    ],
    [
      'the same issue twice',
      `${header()}\n${line({
        contributions: ['2026-06-01', '2026-06-02'].map((day) => ({ number: 3, kind: 'issue', day, firstTimer: false })),
      })}\n`,
      [{ line: 2, error: 'contributions: the same number appears twice' }],
    ],
    ...[
      ['a package of an unknown registry', 'maven:rocket'],
      ['a package name with a path in it', 'npm:../../admin'],
      ['a package name in a case PyPI ignores', 'pypi:Rocket'],
      ['a 10 KB package name', `npm:${'a'.repeat(10_000)}`],
    ].map(([name = '', pkg]): [string, string, unknown[]] => [
      name,
      `${header()}\n${line({ downloads: [{ day: '2026-06-01', package: pkg, downloads: 5 }] })}\n`,
      [{ line: 2, error: expect.stringContaining('downloads.0.package') }],
    ]),
    [
      'negative downloads',
      `${header()}\n${line({ downloads: [{ day: '2026-06-01', package: 'npm:rocket', downloads: -5 }] })}\n`,
      [{ line: 2, error: expect.stringContaining('downloads.0.downloads') }],
    ],
  ])('rejects %s with line numbers and changes nothing', async (_name, file, rejected) => {
    const before = await exportLines();
    const response = await importFile(file);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringMatching(/^Nothing was imported: \d+ line\(s\) rejected\.$/), rejected });
    expect((await exportLines()).slice(1)).toEqual(before.slice(1));
  });

  it('rejects a file that is not UTF-8', async () => {
    const response = await importFile(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'Nothing was imported: 1 line(s) rejected.',
      rejected: [{ line: 1, error: expect.stringContaining('not UTF-8') }],
    });
  });

  it('stops cleanly when storage fails part-way, and the same file sent again finishes the job', async () => {
    const [header, ...lines] = await exportLines();
    const source = lines.find((line) => line.repo === `${OWNER}/source-repo`);
    const file = [header, { ...source, repo: `${OWNER}/first` }, { ...source, repo: `${OWNER}/second` }]
      .map((line) => JSON.stringify(line))
      .join('\n');
    const both = { REPOS: `${OWNER}/source-repo, ${OWNER}/first, ${OWNER}/second` };
    const post = (bindings: Partial<Env>) =>
      fetchWorker(
        '/report/import',
        { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: file },
        { ...both, ...bindings },
      );

    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    // Both lines pass their objects' checks; the first repository is imported by its object, the second's fails.
    const interrupted = await post({
      COUNTER: counterFailing({ methods: ['importLineStep'], only: { owner: OWNER, repo: 'second' } }),
    });
    expect(interrupted.status).toBe(503);
    expect(interrupted.headers.get('retry-after')).toBe('60');
    expect(((await interrupted.json()) as { error: string }).error).toMatch(
      /^The import stopped after 1 of 2 repositories because storage failed .* Send the same import again/,
    );
    expect(errors.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'import interrupted',
        done: 1,
        total: 2,
        error: expect.stringMatching(/^StorageFault: importing the repository failed: Durable Object importLineStep failed \(simulated\)$/),
      }),
    ]);
    errors.mockRestore();
    const stored = async (repo: string) => Object.keys((await readHistory(storesOf(env), { owner: OWNER, repo })).traffic).length;
    expect(await stored('first')).toBeGreaterThan(0);
    expect(await stored('second')).toBe(0);

    expect(await (await post({})).json()).toEqual({ imported: 2, historiesWritten: 1 });
    const after = (await exportLines(both)).slice(1);
    for (const repo of ['first', 'second'])
      expect({ ...after.find((line) => line.repo === `${OWNER}/${repo}`), repo: source?.repo }).toEqual(source);
  });

  it('reads a line edited by hand with its keys in another order, and refuses one whose "repo" is given twice', async () => {
    const { repo, ...rest } = JSON.parse(
      line({ views: [{ day: '2026-06-03', page: 'readme', source: 'github-camo', views: 5 }] }),
    ) as Record<string, unknown>;
    const reordered = JSON.stringify({ ...rest, repo });
    expect(await (await importFile(`${header()}\n${reordered}\n`)).json()).toEqual({ imported: 1, historiesWritten: 0 });
    const copy = (await exportLines()).find((exported) => exported.repo === `${OWNER}/copy-repo`);
    expect(copy?.views).toContainEqual({ day: '2026-06-03', page: 'readme', source: 'github-camo', views: 5 });

    // JSON keeps the last of two keys: the line begins with one repository and names another.
    const twice = line({}).replace(/}$/, `,"repo":"${OWNER}/source-repo"}`);
    const before = await exportLines();
    const response = await importFile(`${header()}\n${twice}\n`);
    expect(await response.json()).toEqual({
      error: 'Nothing was imported: 1 line(s) rejected.',
      rejected: [{ line: 2, error: `repo: the line begins with ${OWNER}/copy-repo but names ${OWNER}/source-repo` }],
    });
    expect((await exportLines()).slice(1)).toEqual(before.slice(1));
  });

  it('reports the lines the Worker refuses and those the objects refuse together, in the order of the file', async () => {
    const file = [header(2), line({ visitors: [{ day: '2026-02-31', visitors: 1 }] }), line({ repo: 'stranger/repo' })].join('\n');
    const response = await importFile(file);
    expect(await response.json()).toEqual({
      error: 'Nothing was imported: 2 line(s) rejected.',
      rejected: [
        { line: 2, error: expect.stringContaining('visitors.0.day') },
        { line: 3, error: 'stranger/repo is not in REPOS' },
      ],
    });
  });

  it.each(['readImportLine', 'checkImportLine'])(
    'writes nothing and says so when storage fails while the objects check their lines (%s)',
    async (method) => {
      const before = await exportLines();
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      const file = `${header()}\n${line({ views: [{ day: '2026-06-04', page: 'readme', source: 'github-camo', views: 7 }] })}\n`;
      const response = await fetchWorker(
        '/report/import',
        { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: file },
        { ...REPOS, COUNTER: counterFailing({ methods: [method] }) },
      );
      expect(response.status).toBe(503);
      expect(((await response.json()) as { error: string }).error).toMatch(
        /^Nothing was imported: storage failed while the lines were checked .* Send the same import again/,
      );
      expect(errors.mock.calls.map((call) => JSON.parse(String(call[0])) as Record<string, unknown>)).toEqual([
        expect.objectContaining({ message: 'import not checked', repositories: 1 }),
      ]);
      errors.mockRestore();
      expect((await exportLines()).slice(1)).toEqual(before.slice(1));
    },
  );

  it('an object checks the line it read last, and reads a line itself when it was sent another', async () => {
    const counter = counterFor(env.COUNTER, { owner: OWNER, repo: 'read-first' });
    const lineOf = (views: number) =>
      JSON.stringify({
        repo: `${OWNER}/read-first`,
        history: emptyHistory(),
        views: [{ day: '2026-06-05', page: 'readme', source: 'browser', views }],
        visitors: [],
      });
    expect(await counter.readImportLine('{"repo":')).toBe('not JSON');
    expect(await counter.readImportLine(JSON.stringify({ repo: `${OWNER}/read-first`, missing: 'storage failed' }))).toBe(
      `${OWNER}/read-first is missing from this export (storage failed): export again`,
    );
    // Reading parses; the counts are checkImportLine's to check.
    expect(await counter.readImportLine(lineOf(-2))).toBeNull();
    expect(await counter.checkImportLine(lineOf(-2), '2026-06-10')).toMatch(/^views\.0\.views: /);
    expect(await counter.readImportLine(lineOf(2))).toBeNull();
    expect(await counter.checkImportLine(lineOf(-2), '2026-06-10')).toMatch(/^views\.0\.views: /);
    expect(await counter.readImportLine(lineOf(-2))).toBeNull();
    expect(await counter.checkImportLine(lineOf(3), '2026-06-10')).toBeNull();
    await counter.importLine(lineOf(3), '2026-06-10');
    expect(await counter.dailyViews()).toEqual([{ day: '2026-06-05', page: 'readme', source: 'browser', views: 3 }]);
  });

  it('an object checks a line again when it did not check that one last, and refuses to import one that does not pass', async () => {
    const counter = counterFor(env.COUNTER, { owner: OWNER, repo: 'unchecked' });
    const text = JSON.stringify({
      repo: `${OWNER}/unchecked`,
      history: emptyHistory(),
      views: [{ day: '2026-06-05', page: 'readme', source: 'browser', views: 2 }],
      visitors: [],
    });
    await counter.importLine(text, '2026-06-10');
    expect(await counter.dailyViews()).toEqual([{ day: '2026-06-05', page: 'readme', source: 'browser', views: 2 }]);
    const refused = await counter.importLine(text.replace('"views":2', '"views":-2'), '2026-06-10').then(
      () => null,
      (error: unknown) => error,
    );
    expect(String(refused)).toMatch(/the import line no longer checks: views\.0\.views/);
    expect(await counter.dailyViews()).toEqual([{ day: '2026-06-05', page: 'readme', source: 'browser', views: 2 }]);
  });

  it('is never public', async () => {
    const response = await fetchWorker('/report/import', { method: 'POST', body: header() }, { ...REPOS, PUBLIC_REPORT: 'true' });
    expect(response.status).toBe(401);
  });
});

describe('a repository with more than 2 MB of views', () => {
  it('exports and imports back whole: no one SQLite value holds them all (a Durable Object allows 2 MB)', async () => {
    const repos = { REPOS: `${OWNER}/many-pages, ${OWNER}/many-copy` };
    const pages = Array.from({ length: 20 }, (_, i) => `docs/section-${String(i).padStart(2, '0')}-a-long-page-name`);
    const sources = ['bot', 'browser', 'github-camo', 'image-proxy'] as const;
    const rows = Array.from({ length: 400 }, (_, d) => addDays('2025-01-01', d)).flatMap((day, d) =>
      pages.flatMap((page, p) => sources.map((source, s) => ({ day, page, source, views: 1 + ((d + p + s) % 97) }))),
    );
    const counter = counterFor(env.COUNTER, { owner: OWNER, repo: 'many-pages' });
    await counter.importDailyViews(rows);
    expect(JSON.stringify(rows).length).toBeGreaterThan(2 * 1024 * 1024);
    // Read back whole, as a report's days are.
    expect(await counter.dailyViews()).toEqual(rows);

    const [header, ...lines] = await exportLines(repos);
    const exported = lines.find((line) => line.repo === `${OWNER}/many-pages`);
    expect(exported?.views).toEqual(rows);
    const file = `${JSON.stringify({ ...header, repositories: 1 })}\n${JSON.stringify({ ...exported, repo: `${OWNER}/many-copy` })}\n`;
    const imported = await fetchWorker(
      '/report/import',
      { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: file },
      repos,
    );
    expect(await imported.json()).toEqual({ imported: 1, historiesWritten: 0 });
    expect((await exportLines(repos)).find((line) => line.repo === `${OWNER}/many-copy`)?.views).toEqual(rows);
  });
});

function header(repositories = 1): string {
  return JSON.stringify({ format: 'repo-impressions-export', version: 1, exportedAt: '2026-06-10T00:00:00.000Z', repositories });
}

function line(overrides: Record<string, unknown>): string {
  return JSON.stringify({ repo: `${OWNER}/copy-repo`, history: emptyHistory(), views: [], visitors: [], ...overrides });
}

describe('an import of years, in steps', () => {
  it('stores what one call stores: the same history, views, status and export', async () => {
    const today = utcDay(Date.now());
    // Three years of seed data: more views and daily figures than one step writes (lineSteps).
    const { history, views } = generateRepo(`${OWNER}/years`, today, 3 * 365) as { history: RepoHistory; views: DailyViews[] };
    const lineFor = (repo: string) => JSON.stringify({ repo: `${OWNER}/${repo}`, history, views, visitors: [] });
    const checked = checkExportLine(lineFor('stepped'), today);
    if (!checked.ok) throw new Error(checked.error);
    const steps = lineSteps(checked.line);
    expect(steps.filter((step) => step.kind === 'views').length).toBeGreaterThan(1);
    expect(steps.filter((step) => step.kind === 'figures').length).toBeGreaterThan(1);

    const bindings = { REPOS: `${OWNER}/stepped, ${OWNER}/at-once` };
    const file = [
      JSON.stringify({ format: 'repo-impressions-export', version: 1, exportedAt: `${today}T00:00:00.000Z`, repositories: 1 }),
      lineFor('stepped'),
    ].join('\n');
    const imported = await fetchWorker(
      '/report/import',
      { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: file },
      bindings,
    );
    expect(imported.status).toBe(200);
    const atOnce = counterFor(env.COUNTER, { owner: OWNER, repo: 'at-once' });
    expect(await atOnce.checkImportLine(lineFor('at-once'), today)).toBeNull();
    await atOnce.importLine(lineFor('at-once'), today);
    await atOnce.importLineHistory(lineFor('at-once'), today);

    const stepped = counterFor(env.COUNTER, { owner: OWNER, repo: 'stepped' });
    expect(await stepped.history()).toEqual(await atOnce.history());
    expect(await stepped.dailyViews()).toEqual(await atOnce.dailyViews());
    expect((await stepped.dailyViews()).length).toBe(views.length);
    const lineOf = async (counter: typeof stepped) =>
      JSON.parse(new TextDecoder().decode(await counter.exportLine(today))) as Record<string, unknown>;
    const { repo: _a, ...steppedLine } = await lineOf(stepped);
    const { repo: _b, ...atOnceLine } = await lineOf(atOnce);
    expect(steppedLine).toEqual(atOnceLine);
    expect(await stepped.status()).toEqual(await atOnce.status());
  });
});
