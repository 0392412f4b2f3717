import { describe, expect, it } from 'vitest';
import { drawBadge, type BadgeParts } from './badge-svg';

const VIEWS: BadgeParts = { label: 'views', message: '1.2k', color: 'blue', style: 'flat' };

/** The root's size and each box's fill, in order: what a reader sees of a badge besides its text. */
function boxes(svg: string) {
  const [, width, height] = /^<svg [^>]*width="([\d.]+)" height="(\d+)"/.exec(svg) ?? [];
  const fills = [...svg.matchAll(/<rect (?:x="[\d.]+" )?width="[\d.]+" height="\d+" fill="([^"]+)"/g)].map(([, fill]) => fill);
  return { width: Number(width), height: Number(height), fills };
}

describe('drawBadge', () => {
  it.each([
    // 'views' is 30.81 px (odd: 31) and '1.2k' 24.49 (25), each with 5 px of padding either side.
    ['flat', 76, 20, ['#555', '#007ec6', 'url(#s)']],
    ['flat-square', 76, 20, ['#555', '#007ec6']],
    ['plastic', 76, 18, ['#555', '#007ec6', 'url(#s)']],
    // Capitals, 1.25 px letter spacing and 12 px margins: VIEWS 34 + 6.25, 1.2K (bold) 25 + 5.
    ['for-the-badge', 118.25, 28, ['#555', '#007ec6']],
  ] as const)('draws %s at %f × %i', (style, width, height, fills) => {
    expect(boxes(drawBadge({ ...VIEWS, style }))).toEqual({ width, height, fills });
  });

  it('says label and message to screen readers, in capitals for for-the-badge', () => {
    expect(drawBadge(VIEWS)).toContain('aria-label="views: 1.2k"><title>views: 1.2k</title>');
    expect(drawBadge({ ...VIEWS, style: 'for-the-badge' })).toContain('aria-label="VIEWS: 1.2K"');
  });

  it('uses dark text on light colours', () => {
    expect(drawBadge({ ...VIEWS, color: 'white', style: 'flat-square' })).toContain(
      'textLength="250" transform="scale(.1)" fill="#333">1.2k<',
    );
    expect(drawBadge({ ...VIEWS, style: 'flat-square' })).toContain('textLength="250" transform="scale(.1)">1.2k<');
  });

  it('draws the message alone when the label is blank', () => {
    expect(boxes(drawBadge({ ...VIEWS, label: '  ' }))).toEqual({ width: 35, height: 20, fills: ['#007ec6', '#007ec6', 'url(#s)'] });
    expect(boxes(drawBadge({ ...VIEWS, label: '', style: 'for-the-badge' }))).toEqual({ width: 54, height: 28, fills: ['#007ec6'] });
  });

  it("falls back to shields' default green for a colour it cannot read", () => {
    expect(boxes(drawBadge({ ...VIEWS, color: 'purpel' })).fills[1]).toBe('#4b0');
  });

  it.each(['flat', 'for-the-badge'] as const)('escapes text for XML (%s)', (style) => {
    const svg = drawBadge({ ...VIEWS, label: `<script>"a" & 'b'</script>`, style });
    expect(svg).not.toMatch(/<script|"a"/i);
    expect(svg).toMatch(/&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;&lt;\/script&gt;/i);
  });
});
