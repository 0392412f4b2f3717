import { describe, expect, it } from 'vitest';
import { impressionAeSql, isImpression, isReadmeImpression, notAnImpressionFlag, README_PAGE, SOURCE_CLASSES } from './impressions';

describe('what an impression is', () => {
  it.each([
    ['github-camo', true],
    ['image-proxy', true],
    ['browser', true],
    ['unknown', true],
    ['bot', false],
  ] as const)('a view by %s is an impression: %s', (source, expected) => {
    expect(isImpression(source)).toBe(expected);
    // Analytics Engine's data point carries the same verdict.
    expect(notAnImpressionFlag(source)).toBe(expected ? 0 : 1);
  });

  it('a README impression is an impression of the README page, the pixel without ?page=', () => {
    expect(README_PAGE).toBe('readme');
    expect(isReadmeImpression({ page: 'readme', source: 'github-camo' })).toBe(true);
    expect(isReadmeImpression({ page: 'docs', source: 'github-camo' })).toBe(false);
    expect(isReadmeImpression({ page: 'readme', source: 'bot' })).toBe(false);
  });

  it("Analytics Engine's condition selects the data points whose verdict is 0", () => {
    expect(impressionAeSql('double2')).toBe('double2 = 0');
    expect(SOURCE_CLASSES.filter((source) => notAnImpressionFlag(source) === 0)).toEqual(SOURCE_CLASSES.filter(isImpression));
  });
});
