import { describe, expect, it } from 'vitest';
import { makeFacts } from '../../test/factories';
import { estimatedReadmeViewers, estimatedReadmeViewersOver } from './estimates';

describe('estimated README viewers', () => {
  it.each([
    ['impressions × uniques ÷ views', makeFacts('2026-01-01', { readmeImpressions: 300, views: 400, viewUniques: 100 }), 75],
    ['no GitHub traffic: no estimate', makeFacts('2026-01-01', { readmeImpressions: 300, views: 0, viewUniques: 0 }), null],
    ['no impressions: none seen', makeFacts('2026-01-01', { readmeImpressions: 0, views: 400, viewUniques: 100 }), 0],
  ])('%s', (_name, fact, expected) => {
    expect(estimatedReadmeViewers(fact)).toBe(expected);
  });

  it('sums the days that have traffic, rounded', () => {
    const days = [
      makeFacts('a', { readmeImpressions: 10, views: 30, viewUniques: 10 }),
      makeFacts('b', { readmeImpressions: 10, views: 0, viewUniques: 0 }),
      makeFacts('c', { readmeImpressions: 5, views: 3, viewUniques: 1 }),
    ];
    expect(estimatedReadmeViewersOver(days)).toBe(5); // 3.33 + 1.67
    expect(estimatedReadmeViewersOver([days[1] as never])).toBeNull();
  });
});
