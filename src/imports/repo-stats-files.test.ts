import { describe, expect, it } from 'vitest';
import { GHRS_FILES } from '../../test/fixtures/github-repo-stats-A/ghrs-files';
import { MAX_KEY_CHARS } from './formats';
import { MAX_ROW_CHARS, parseRepoStatsFiles, type RepoStatsFile } from './repo-stats-files';

const TODAY = '2026-11-25';
const TRAFFIC_HEADER = 'time_iso8601,clones_total,clones_unique,views_total,views_unique';

function parseOk(files: RepoStatsFile[]) {
  const parsed = parseRepoStatsFiles(files, TODAY);
  if (!parsed.ok) throw new Error(`rejected: ${JSON.stringify(parsed.rejected)}`);
  return parsed;
}

const traffic = (...rows: string[]) => ({ name: 'views_clones_aggregate.csv', text: [TRAFFIC_HEADER, ...rows].join('\n') });
const stars = (...rows: string[]) => ({ name: 'stargazers.csv', text: ['time_iso8601,stars_cumulative', ...rows].join('\n') });

describe('parseRepoStatsFiles: what each file becomes', () => {
  it('reads daily traffic, whatever the column order, with empty fields as zero and pandas floats as integers', () => {
    const parsed = parseOk([traffic('2021-03-01 00:00:00+00:00,4,2,59,13', '2021-03-02 00:00:00+00:00,,,91.0,16')]);
    expect(parsed.history.traffic).toEqual({
      '2021-03-01': { views: 59, viewUniques: 13, clones: 4, cloneUniques: 2 },
      '2021-03-02': { views: 91, viewUniques: 16, clones: 0, cloneUniques: 0 },
    });
    const reordered = parseOk([
      { name: 'x.csv', text: 'views_unique,views_total,time_iso8601,clones_unique,clones_total\r\n7,9,2021-03-03T00:00:00Z,1,1\r\n' },
    ]);
    expect(reordered.history.traffic).toEqual({ '2021-03-03': { views: 9, viewUniques: 7, clones: 1, cloneUniques: 1 } });
    expect(reordered.read).toEqual({ 'views-clones': { files: 1, rows: 1 } });
  });

  it.each([
    [
      'one row per star (stars.csv)',
      ['2021-01-14 17:41:02+00:00,1', '2021-01-14 17:45:57+00:00,2', '2021-01-14 23:59:59+00:00,3', '2021-01-22 20:47:55+00:00,4'],
    ],
    ['one row per day (stargazers.csv, resampled)', ['2021-01-14 00:00:00+00:00,3', '2021-01-22 00:00:00+00:00,4']],
    ['times in another zone, counted by their UTC day', ['2021-01-15 00:30:00+01:00,3', '2021-01-22T21:47:55+0100,4']],
    [
      'a date alone, minutes without seconds, a fraction of a second',
      ['2021-01-14,1', '2021-01-14 17:41,2', '2021-01-14T23:59:59.999Z,3', '2021-01-22 23:00:00-00:30,4'],
    ],
  ])('turns a cumulative star series into stars gained per UTC day: %s', (_name, rows) => {
    expect(parseOk([stars(...rows)]).history.starsGained).toEqual({ '2021-01-14': 3, '2021-01-22': 1 });
  });

  it('reads forks the same way, into forks gained', () => {
    const parsed = parseOk([
      {
        name: 'forks.csv',
        text: 'time_iso8601,forks_cumulative\n2021-01-22 23:08:44+00:00,1\n2021-04-07 19:51:40+00:00,2\n2021-04-07 20:00:00+00:00,3\n',
      },
    ]);
    expect(parsed.history.forksGained).toEqual({ '2021-01-22': 1, '2021-04-07': 2 });
    expect(parsed.history.starsGained).toEqual({});
  });

  it('reads top-list snapshots by the day in their file name, the last of a day winning, old column names included', () => {
    const parsed = parseOk([
      {
        name: 'snapshots/2021-11-09_231837_top_referrers_snapshot.csv',
        text: 'referrer,views_total,views_unique\nGoogle,86,36\ngithub.com,73,25\n',
      },
      { name: 'snapshots/2021-11-09_081500_top_referrers_snapshot.csv', text: 'referrers,count_total,count_unique\nGoogle,80,30\n' },
      { name: '2021-11-08_231824_top_paths_snapshot.csv', text: 'url_path,views_total,views_unique\n"/o/r/blob/main/a,b.csv",30,16\n' },
    ]);
    expect(parsed.history.referrers).toEqual({
      '2021-11-09': [
        { key: 'Google', title: 'Google', count: 86, uniques: 36 },
        { key: 'github.com', title: 'github.com', count: 73, uniques: 25 },
      ],
    });
    expect(parsed.history.paths).toEqual({ '2021-11-08': [{ key: '/o/r/blob/main/a,b.csv', title: '', count: 30, uniques: 16 }] });
  });

  it('skips the occasional star totals with a reason, and takes a header-only file as no rows', () => {
    const parsed = parseOk([
      { name: 'stars-snapshots.csv', text: 'time_iso8601,stargazers_cumulative_snapshot\n2023-08-10 16:50:32+00:00,1000\n' },
      traffic(),
    ]);
    expect(parsed.skipped).toEqual([{ file: 'stars-snapshots.csv', reason: expect.stringContaining('stargazers.csv') }]);
    expect(parsed.read).toEqual({ 'views-clones': { files: 1, rows: 0 } });
  });

  it('reads the real data set: every day of traffic, and gains that add up to the final totals', () => {
    const files = Object.entries(GHRS_FILES).map(([name, text]) => ({ name, text }));
    const parsed = parseOk(files);
    const trafficRows =
      GHRS_FILES['views_clones_aggregate.csv']
        ?.trim()
        .split('\n')
        .slice(1)
        .map((row) => row.split(',')) ?? [];
    expect(Object.keys(parsed.history.traffic)).toHaveLength(trafficRows.length);
    for (const [time, clones, cloneUniques, views, viewUniques] of trafficRows) {
      expect(parsed.history.traffic[time?.slice(0, 10) ?? '']).toEqual({
        views: Number(views),
        viewUniques: Number(viewUniques),
        clones: Number(clones),
        cloneUniques: Number(cloneUniques),
      });
    }
    const lastTotal = (name: string) => Number(GHRS_FILES[name]?.trim().split('\n').at(-1)?.split(',')[1]);
    const sum = (gains: Record<string, number>) => Object.values(gains).reduce((a, b) => a + b, 0);
    expect(sum(parsed.history.starsGained)).toBe(lastTotal('stars.csv'));
    expect(sum(parsed.history.forksGained)).toBe(lastTotal('forks.csv'));
    expect(parsed.history.starsGained['2021-01-14']).toBe(4);
    const snapshots = Object.keys(GHRS_FILES).filter((name) => name.startsWith('snapshots/'));
    expect(Object.keys(parsed.history.referrers).length + Object.keys(parsed.history.paths).length).toBe(snapshots.length);
    expect(parsed.skipped.map((s) => s.file)).toEqual(['stars-snapshots.csv']);
  });
});

describe('parseRepoStatsFiles: what it rejects, by file and line', () => {
  const longRow = `2021-03-01 00:00:00+00:00,1,1,1,${'9'.repeat(MAX_ROW_CHARS)}`;
  it.each([
    [
      'columns of no known file',
      [{ name: 'views.csv', text: 'day,views\n2021-03-01,4\n' }],
      [{ file: 'views.csv', line: 1, error: expect.stringContaining('are not a github-repo-stats file') }],
    ],
    [
      'a column named twice',
      [{ name: 'x.csv', text: 'time_iso8601,time_iso8601\n' }],
      [{ file: 'x.csv', line: 1, error: expect.stringContaining('named twice') }],
    ],
    ['an empty file', [{ name: 'forks.csv', text: '' }], [{ file: 'forks.csv', line: 1, error: expect.stringContaining('empty') }]],
    [
      'a row with too many fields',
      [traffic('2021-03-01 00:00:00+00:00,1,1,1,1', '2021-03-02 00:00:00+00:00,1,1,1,1,1')],
      [{ file: 'views_clones_aggregate.csv', line: 3, error: 'expected 5 fields, found 6' }],
    ],
    [
      'a huge row',
      [traffic('2021-03-01 00:00:00+00:00,1,1,1,1', longRow)],
      [{ file: 'views_clones_aggregate.csv', line: 3, error: `a row longer than ${MAX_ROW_CHARS} characters` }],
    ],
    [
      'a quote never closed',
      [traffic('"2021-03-01 00:00:00+00:00,1,1,1,1')],
      [{ file: 'views_clones_aggregate.csv', line: 2, error: 'a quoted field is never closed' }],
    ],
    [
      'a date twice',
      [traffic('2021-03-01 00:00:00+00:00,1,1,1,1', '2021-03-02 00:00:00+00:00,1,1,1,1', '2021-03-01 00:00:00+00:00,2,2,2,2')],
      [{ file: 'views_clones_aggregate.csv', line: 4, error: '2021-03-01 is already on line 2' }],
    ],
    [
      'a traffic row that is not a whole UTC day',
      [traffic('2021-03-01 06:00:00+00:00,1,1,1,1')],
      [{ file: 'views_clones_aggregate.csv', line: 2, error: expect.stringContaining('whole UTC days') }],
    ],
    [
      'more unique viewers than views',
      [traffic('2021-03-01 00:00:00+00:00,1,1,5,6')],
      [{ file: 'views_clones_aggregate.csv', line: 2, error: 'more unique visitors than views or clones' }],
    ],
    [
      'a negative count',
      [traffic('2021-03-01 00:00:00+00:00,1,1,-5,1')],
      [{ file: 'views_clones_aggregate.csv', line: 2, error: expect.stringContaining('views_total: "-5" is not a whole number') }],
    ],
    [
      'a fractional count',
      [traffic('2021-03-01 00:00:00+00:00,1,1,5.5,1')],
      [{ file: 'views_clones_aggregate.csv', line: 2, error: expect.stringContaining('views_total') }],
    ],
    [
      'an absurd count',
      [traffic('2021-03-01 00:00:00+00:00,1,1,9999999999999,1')],
      [
        {
          file: 'views_clones_aggregate.csv',
          line: 2,
          error: expect.stringContaining('views_total: "9999999999999" is not a whole number from 0 to 1000000000000'),
        },
      ],
    ],
    [
      'an impossible date',
      [traffic('2021-02-30 00:00:00+00:00,1,1,1,1')],
      [{ file: 'views_clones_aggregate.csv', line: 2, error: expect.stringContaining('is not a time') }],
    ],
    [
      'an hour that does not exist',
      [traffic('2021-03-01 24:00:00+00:00,1,1,1,1')],
      [{ file: 'views_clones_aggregate.csv', line: 2, error: expect.stringContaining('is not a time') }],
    ],
    [
      'a date in the future',
      [stars('2027-01-01 10:00:00+00:00,1')],
      [{ file: 'stargazers.csv', line: 2, error: expect.stringContaining('to today') }],
    ],
    [
      'a date before GitHub',
      [stars('1999-01-01 10:00:00+00:00,1')],
      [{ file: 'stargazers.csv', line: 2, error: expect.stringContaining('from 2008-01-01') }],
    ],
    [
      'a total that goes down',
      [stars('2021-01-14 17:41:02+00:00,5', '2021-01-15 17:41:02+00:00,4')],
      [{ file: 'stargazers.csv', line: 3, error: 'stars_cumulative goes down from 5 (line 2) to 4' }],
    ],
    [
      'rows out of time order',
      [stars('2021-01-14 17:41:02+00:00,1', '2021-01-13 17:41:02+00:00,2')],
      [{ file: 'stargazers.csv', line: 3, error: 'earlier than line 2: rows must be in time order' }],
    ],
    [
      'two star files',
      [stars(), { ...stars(), name: 'stars.csv' }],
      [{ file: 'stars.csv', line: 1, error: 'a second stars file: stargazers.csv was already given' }],
    ],
    [
      'a referrer twice in one snapshot',
      [{ name: '2021-11-09_231837_top_referrers_snapshot.csv', text: 'referrer,views_total,views_unique\nGoogle,1,1\nGoogle,2,2\n' }],
      [{ file: '2021-11-09_231837_top_referrers_snapshot.csv', line: 3, error: 'Google is already on line 2' }],
    ],
    [
      'a path longer than an export may hold',
      [
        {
          name: '2021-11-09_231837_top_paths_snapshot.csv',
          text: `url_path,views_total,views_unique\n/${'a'.repeat(MAX_KEY_CHARS)},1,1\n`,
        },
      ],
      [{ file: '2021-11-09_231837_top_paths_snapshot.csv', line: 2, error: `url_path is longer than ${MAX_KEY_CHARS} characters` }],
    ],
    [
      'a snapshot named with an impossible date',
      [{ name: '2021-13-09_231837_top_paths_snapshot.csv', text: 'url_path,views_total,views_unique\n/a,1,1\n' }],
      [{ file: '2021-13-09_231837_top_paths_snapshot.csv', line: 1, error: expect.stringContaining("file name's date") }],
    ],
  ])('%s', (_name, files, rejected) => {
    expect(parseRepoStatsFiles(files, TODAY)).toEqual({ ok: false, rejected });
  });

  it('reports every bad row of every file, not just the first', () => {
    const parsed = parseRepoStatsFiles(
      [traffic('x,1,1,1,1', '2021-03-01 00:00:00+00:00,1,1,1'), stars('2021-01-14 17:41:02+00:00,one')],
      TODAY,
    );
    expect(parsed.ok ? [] : parsed.rejected.map(({ file, line }) => `${file}:${line}`)).toEqual([
      'views_clones_aggregate.csv:2',
      'views_clones_aggregate.csv:3',
      'stargazers.csv:2',
    ]);
  });
});
