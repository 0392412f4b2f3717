import { describe, expect, it } from 'vitest';
import { textWidth } from './text-width';

describe('textWidth', () => {
  it.each([
    // badge-maker's (anafanafo's) widths for ASCII: 'v' 6.51 + 'i' 3.02 + 'e' 6.55 + 'w' 9 + 's' 5.73.
    ['views', '11px Verdana', 30.81],
    ['1.2k', '11px Verdana', 24.49],
    ['1.2K', 'bold 10px Verdana', 25.54],
    ['VIEWS', '10px Verdana', 34.1],
    // Other scripts: badgen's regular 11px table, scaled for 10px; bold falls back to regular.
    ['просмотры', '11px Verdana', 62],
    ['中文', '10px Verdana', 20],
    ['中文', 'bold 10px Verdana', 20],
    ['', '11px Verdana', 0],
  ] as const)('%j in %s is %f px', (text, font, width) => expect(textWidth(text, font)).toBeCloseTo(width, 2));

  it('adds up character by character, so a longer text is wider', () => {
    expect(textWidth('README views', '11px Verdana')).toBeCloseTo(
      textWidth('README', '11px Verdana') + textWidth(' views', '11px Verdana'),
      6,
    );
  });
});
