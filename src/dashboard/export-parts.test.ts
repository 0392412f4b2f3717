import { describe, expect, it } from 'vitest';
import { joinParts, nextPartPath } from './export-parts';

const header = (repositories: number) =>
  JSON.stringify({ format: 'repo-impressions-export', version: 1, exportedAt: '2026-12-07T09:00:00.000Z', repositories });
const line = (repo: string) => JSON.stringify({ repo, history: {} });

describe('the dashboard export in parts', () => {
  it('reads the next part from the Link header, and none from a missing or other one', () => {
    expect(nextPartPath('</report/export?after=o%2Fb&limit=25>; rel="next"')).toBe('/report/export?after=o%2Fb&limit=25');
    expect(nextPartPath(null)).toBeNull();
    expect(nextPartPath('</report/export?limit=25>; rel="prev"')).toBeNull();
  });

  it('joins parts into one export: one header counting every line, the lines in order', () => {
    const parts = [`${header(2)}\n${line('o/a')}\n${line('o/b')}\n`, `${header(1)}\n${line('o/c')}\n`];
    expect(joinParts(parts)).toBe(`${header(3)}\n${line('o/a')}\n${line('o/b')}\n${line('o/c')}\n`);
    // An account with no repository is one part of a header alone.
    expect(joinParts([`${header(0)}\n`])).toBe(`${header(0)}\n`);
  });
});
