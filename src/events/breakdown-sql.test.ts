import { describe, expect, it } from 'vitest';
import { breakdownSql, parseBreakdownRows } from './breakdown-sql';

describe('breakdownSql', () => {
  it('counts with _sample_interval, per repository, day and value, bots left out', () => {
    expect(breakdownSql('repo_impressions_views', 'referrer', ['acme/rocket', 'acme/docs.site'], '2026-03-01', '2026-03-14')).toBe(
      [
        'SELECT index1 AS repo, toStartOfDay(timestamp) AS day, blob5 AS value, SUM(_sample_interval * double1) AS views',
        'FROM repo_impressions_views',
        "WHERE index1 IN ('acme/rocket', 'acme/docs.site')",
        '  AND double2 = 0',
        "  AND timestamp >= toDateTime('2026-03-01 00:00:00') AND timestamp < toDateTime('2026-03-15 00:00:00')",
        'GROUP BY repo, day, value',
        'ORDER BY repo, day, views DESC',
      ].join('\n'),
    );
  });

  it.each([
    ['page', 'blob3'],
    ['source', 'blob4'],
    ['country', 'blob6'],
  ] as const)('%s reads %s', (dimension, column) => {
    expect(breakdownSql('d', dimension, ['a/b'], '2026-01-01', '2026-01-01')).toContain(`${column} AS value`);
  });

  it.each([
    ['a quote in an index', 'd', ["acme/x' OR 1=1 --"], '2026-01-01'],
    ['an upper-case index', 'd', ['Acme/Rocket'], '2026-01-01'],
    ['no index', 'd', [], '2026-01-01'],
    ['a dataset with SQL in it', 'd; DROP TABLE x', ['a/b'], '2026-01-01'],
    ['a day that is not one', 'd', ['a/b'], "2026-01-01' OR '1"],
    ['an impossible day', 'd', ['a/b'], '2026-13-45'],
  ])('refuses %s', (_name, dataset, indexes, day) => {
    expect(() => breakdownSql(dataset, 'page', indexes, day, day)).toThrow();
  });
});

describe('parseBreakdownRows', () => {
  it('reads rows and drops malformed ones', () => {
    expect(
      parseBreakdownRows([
        { repo: 'a/b', day: '2026-03-01 00:00:00', value: 'readme', views: '12' },
        { repo: 'a/b', day: 'yesterday', value: 'readme', views: 3 },
        { repo: 'a/b', day: '2026-03-01 00:00:00', value: 'docs', views: 'many' },
        'nonsense',
      ]),
    ).toEqual([{ repo: 'a/b', day: '2026-03-01', value: 'readme', views: 12 }]);
    expect(parseBreakdownRows({ error: 'x' })).toEqual([]);
  });
});
