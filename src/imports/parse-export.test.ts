import { describe, expect, it } from 'vitest';
import { makeDailyViews, makeHistory } from '../../test/factories';
import { parseRepoList } from '../repos';
import { EXPORT_FORMAT, EXPORT_VERSION } from './formats';
import { parseExport } from './parse-export';

const TRACKED = parseRepoList('acme/rocket, acme/booster, tools/*').patterns;
const header = (repositories: number) => ({
  format: EXPORT_FORMAT,
  version: EXPORT_VERSION,
  exportedAt: '2026-03-10T00:00:00.000Z',
  repositories,
});
const HEADER = header(1);
const TODAY = '2026-03-10';
const line = (repo: string, overrides: Record<string, unknown> = {}) => ({
  repo,
  history: makeHistory({ traffic: { '2026-03-01': { views: 10, viewUniques: 4, clones: 1, cloneUniques: 1 } } }),
  views: [makeDailyViews('2026-03-01')],
  visitors: [{ day: '2026-03-01', visitors: 3 }],
  ...overrides,
});
const ndjson = (...lines: unknown[]) => lines.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n');

describe('parseExport', () => {
  it('reads every repository of a clean export, names lower-cased, owner/* entries included', () => {
    const parsed = parseExport(ndjson(header(2), line('Acme/Rocket'), line('tools/cli'), ''), TRACKED, TODAY);
    expect(parsed).toEqual({
      ok: true,
      repos: [
        {
          ref: { owner: 'acme', repo: 'rocket' },
          history: line('x').history,
          views: [makeDailyViews('2026-03-01')],
          visitors: [{ day: '2026-03-01', visitors: 3 }],
          labelled: [],
          carriedOver: null,
          links: [],
          clicks: [],
          clickers: [],
          contributions: [],
          downloads: [],
          githubEvents: [],
          readmeHours: [],
        },
        {
          ref: { owner: 'tools', repo: 'cli' },
          history: line('x').history,
          views: [makeDailyViews('2026-03-01')],
          visitors: [{ day: '2026-03-01', visitors: 3 }],
          labelled: [],
          carriedOver: null,
          links: [],
          clicks: [],
          clickers: [],
          contributions: [],
          downloads: [],
          githubEvents: [],
          readmeHours: [],
        },
      ],
    });
  });

  it('reads a carried-over total, and refuses one that is not a count', () => {
    const carriedOver = { views: 500, before: '2025-01-01', source: 'ghpvc' };
    const parsed = parseExport(ndjson(HEADER, line('acme/rocket', { carriedOver })), TRACKED, TODAY);
    expect(parsed.ok && parsed.repos[0]?.carriedOver).toEqual(carriedOver);
    const bad = parseExport(ndjson(HEADER, line('acme/rocket', { carriedOver: { ...carriedOver, views: -5 } })), TRACKED, TODAY);
    expect(bad).toEqual({ ok: false, rejected: [{ line: 2, error: 'carriedOver.views: views must not be negative' }] });
  });

  it('takes rows with keys an export does not write without those keys, and names the row and key of a bad one among good ones', () => {
    const views = [makeDailyViews('2026-03-01'), { ...makeDailyViews('2026-03-02'), note: 'kept by hand' }];
    const visitors = [{ day: '2026-03-01', visitors: 3, extra: true }];
    const parsed = parseExport(ndjson(HEADER, line('acme/rocket', { views, visitors })), TRACKED, TODAY);
    expect(parsed.ok && parsed.repos[0]?.views).toEqual([makeDailyViews('2026-03-01'), makeDailyViews('2026-03-02')]);
    expect(parsed.ok && parsed.repos[0]?.visitors).toEqual([{ day: '2026-03-01', visitors: 3 }]);
    const bad = [makeDailyViews('2026-03-01'), makeDailyViews('2026-03-02'), { ...makeDailyViews('2026-03-03'), page: 7 }];
    expect(parseExport(ndjson(HEADER, line('acme/rocket', { views: bad })), TRACKED, TODAY)).toEqual({
      ok: false,
      rejected: [{ line: 2, error: expect.stringMatching(/^views\.2\.page: /) }],
    });
    expect(parseExport(ndjson(HEADER, line('acme/rocket', { views: 'all of them' })), TRACKED, TODAY)).toEqual({
      ok: false,
      rejected: [{ line: 2, error: expect.stringMatching(/^views: /) }],
    });
  });

  it('takes a day of the history with keys an export does not write without them, and names the day and key of a bad one', () => {
    const traffic = { '2026-03-01': { views: 10, viewUniques: 4, clones: 1, cloneUniques: 1, note: 'by hand' } };
    const parsed = parseExport(ndjson(HEADER, line('acme/rocket', { history: makeHistory({ traffic }) })), TRACKED, TODAY);
    expect(parsed.ok && parsed.repos[0]?.history.traffic).toEqual({
      '2026-03-01': { views: 10, viewUniques: 4, clones: 1, cloneUniques: 1 },
    });
    const starsGained = { '2026-03-01': 2, '2026-03-02': 1.5 };
    expect(parseExport(ndjson(HEADER, line('acme/rocket', { history: makeHistory({ starsGained }) })), TRACKED, TODAY)).toEqual({
      ok: false,
      rejected: [{ line: 2, error: 'history.starsGained.2026-03-02: a whole number from -1000000000000 to 1000000000000' }],
    });
  });

  it('reads exports written before fork gains and breakdowns existed', () => {
    const { forksGained: _forks, breakdowns: _breakdowns, ...older } = makeHistory();
    const parsed = parseExport(ndjson(HEADER, line('acme/rocket', { history: older })), TRACKED, TODAY);
    expect(parsed.ok && parsed.repos[0]?.history).toEqual(makeHistory());
  });

  it.each<[string, string, unknown]>([
    ['an empty file', '', [{ line: 1, error: 'empty file' }]],
    [
      'another file',
      ndjson({ format: 'something-else', version: 1 }),
      [{ line: 1, error: expect.stringMatching(/^not a repo-impressions-export file of version 1/) }],
    ],
    ['a line that is not JSON', ndjson(HEADER, '{"repo":'), [{ line: 2, error: 'not JSON' }]],
    [
      'a day that does not exist',
      ndjson(HEADER, line('acme/rocket', { visitors: [{ day: '2026-02-30', visitors: 1 }] })),
      [
        {
          line: 2,
          error: 'visitors.0.day: the day must be a day from 2008-01-01 to 2026-03-10 (today, UTC) as YYYY-MM-DD; it is "2026-02-30".',
        },
      ],
    ],
    [
      'a negative count',
      ndjson(HEADER, line('acme/rocket', { views: [makeDailyViews('2026-03-01', { views: -1 })] })),
      [{ line: 2, error: expect.stringMatching(/^views\.0\.views: /) }],
    ],
    [
      'an unknown source class',
      ndjson(HEADER, line('acme/rocket', { views: [makeDailyViews('2026-03-01', { source: 'robot' as never })] })),
      [{ line: 2, error: expect.stringMatching(/^views\.0\.source: /) }],
    ],
    ['a repository not in REPOS', ndjson(HEADER, line('other/repo')), [{ line: 2, error: 'other/repo is not in REPOS' }]],
    [
      'a name GitHub would refuse',
      ndjson(HEADER, line('acme/rocket/extra')),
      [{ line: 2, error: '"acme/rocket/extra" is not an owner/repo name' }],
    ],
    ['a repository twice', ndjson(header(2), line('acme/rocket'), line('ACME/rocket')), [{ line: 3, error: 'acme/rocket appears twice' }]],
    [
      'the same view row twice',
      ndjson(HEADER, line('acme/rocket', { views: [makeDailyViews('2026-03-01'), makeDailyViews('2026-03-01')] })),
      [{ line: 2, error: 'views: the same day, page and source appear twice' }],
    ],
    [
      'a label that is not one',
      ndjson(HEADER, line('acme/rocket', { labelled: [{ day: '2026-03-01', label: 'No Spaces', views: 1 }] })),
      [{ line: 2, error: expect.stringMatching(/^labelled\.0\.label: /) }],
    ],
    [
      'the same label day twice',
      ndjson(
        HEADER,
        line('acme/rocket', {
          labelled: [
            { day: '2026-03-01', label: 'a', views: 1 },
            { day: '2026-03-01', label: 'a', views: 2 },
          ],
        }),
      ),
      [{ line: 2, error: 'labelled: the same day and label appear twice' }],
    ],
    [
      'the same visitor day twice',
      ndjson(
        HEADER,
        line('acme/rocket', {
          visitors: [
            { day: '2026-03-01', visitors: 1 },
            { day: '2026-03-01', visitors: 2 },
          ],
        }),
      ),
      [{ line: 2, error: 'visitors: the same day appears twice' }],
    ],
    [
      'a view count past the ceiling',
      ndjson(HEADER, line('acme/rocket', { views: [makeDailyViews('2026-03-01', { views: 1e300 })] })),
      [{ line: 2, error: 'views.0.views: a whole number from 0 to 1000000000000' }],
    ],
    [
      'traffic past the ceiling',
      ndjson(
        HEADER,
        line('acme/rocket', {
          history: makeHistory({ traffic: { '2026-03-01': { views: 1e13, viewUniques: 1, clones: 0, cloneUniques: 0 } } }),
        }),
      ),
      [{ line: 2, error: 'history.traffic.2026-03-01.views: a whole number from 0 to 1000000000000' }],
    ],
    [
      'stars gained past the ceiling',
      ndjson(HEADER, line('acme/rocket', { history: makeHistory({ starsGained: { '2026-03-01': -2e12 } }) })),
      [{ line: 2, error: expect.stringMatching(/^history\.starsGained\.2026-03-01: a whole number from -1000000000000/) }],
    ],
    ...(['9999-12-31', '0001-01-01', '1899-12-31', '2007-12-31', '2026-03-11'] as const).map(
      (day) =>
        [
          `a day outside the calendar (${day})`,
          ndjson(HEADER, line('acme/rocket', { views: [makeDailyViews(day)] })),
          [
            {
              line: 2,
              error: `views.0.day: the day must be a day from 2008-01-01 to 2026-03-10 (today, UTC) as YYYY-MM-DD; it is "${day}".`,
            },
          ],
        ] as [string, string, unknown],
    ),
    [
      'a history day outside the calendar',
      ndjson(
        HEADER,
        line('acme/rocket', { history: makeHistory({ counts: { '0001-01-01': { stars: 1, forks: 0, watchers: 0, openIssues: 0 } } }) }),
      ),
      [{ line: 2, error: expect.stringMatching(/^history\.counts\.0001-01-01: the day must be a day from 2008-01-01/) }],
    ],
    [
      'fewer repositories than the header says',
      ndjson(header(3), line('acme/rocket')),
      [{ line: 1, error: expect.stringMatching(/^the header says 3 repositories but the file holds 1: the download was cut short/) }],
    ],
    [
      'more repositories than the header says',
      ndjson(header(1), line('acme/rocket'), line('acme/booster')),
      [{ line: 1, error: expect.stringMatching(/^the header says 1 repositories but the file holds 2/) }],
    ],
    [
      'a header without its count',
      ndjson({ format: EXPORT_FORMAT, version: EXPORT_VERSION }, line('acme/rocket')),
      [{ line: 1, error: expect.stringMatching(/^not a repo-impressions-export file of version 1/) }],
    ],
    [
      'a repository the export marked missing',
      ndjson(header(2), line('acme/rocket'), { repo: 'acme/booster', missing: 'storage unavailable while exporting' }),
      [{ line: 3, error: 'acme/booster is missing from this export (storage unavailable while exporting): export again' }],
    ],
  ])('rejects %s, by line', (_name, text, rejected) => {
    expect(parseExport(text, TRACKED, TODAY)).toEqual({ ok: false, rejected });
  });

  it('reports every bad line, not only the first, and accepts none of the good ones', () => {
    const parsed = parseExport(ndjson(header(3), line('other/a'), line('acme/rocket'), 'oops'), TRACKED, TODAY);
    expect(parsed).toEqual({
      ok: false,
      rejected: [
        { line: 2, error: 'other/a is not in REPOS' },
        { line: 4, error: 'not JSON' },
      ],
    });
  });
});
