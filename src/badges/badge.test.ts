import { describe, expect, it } from 'vitest';
import { countContent, DEFAULT_BADGE_LOOK, formatCount, neutralContent, renderBadgeJson, renderBadgeSvg } from './badge';

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1k'],
    [1234, '1.2k'],
    [1299, '1.2k'],
    [9999, '9.9k'],
    [12_345, '12k'],
    [999_999, '999k'],
    [1_000_000, '1M'],
    [3_456_789, '3.4M'],
    [2_500_000_000, '2.5G'],
  ])('%i → %s', (count, text) => expect(formatCount(count)).toBe(text));
});

describe('badge content', () => {
  it('shows a count in the chosen colour, or a neutral word', () => {
    expect(countContent(1234, { ...DEFAULT_BADGE_LOOK, color: 'green' })).toEqual({ message: '1.2k', color: 'green' });
    expect(countContent(null, DEFAULT_BADGE_LOOK)).toEqual({ message: 'unavailable', color: 'lightgrey' });
    expect(neutralContent('not tracked')).toEqual({ message: 'not tracked', color: 'lightgrey' });
  });

  it('renders shields endpoint JSON', () => {
    expect(renderBadgeJson(DEFAULT_BADGE_LOOK, { message: '42', color: 'blue' })).toEqual({
      schemaVersion: 1,
      label: 'views',
      message: '42',
      color: 'blue',
      style: 'flat',
    });
  });

  it.each(['flat', 'flat-square', 'for-the-badge', 'plastic'] as const)('renders a %s SVG with label and message', (style) => {
    const svg = renderBadgeSvg({ label: 'readme views', color: 'blue', style }, { message: '1.2k', color: 'blue' });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const expectedTitle = style === 'for-the-badge' ? 'README VIEWS: 1.2K' : 'readme views: 1.2k';
    expect(svg).toContain(`aria-label="${expectedTitle}"`);
  });

  it('escapes hostile labels', () => {
    const svg = renderBadgeSvg({ label: '<script>alert(1)</script>', color: 'blue', style: 'flat' }, { message: '1', color: 'blue' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
});
