import { describe, expect, it } from 'vitest';
import { textColorsOn, toSvgColor } from './badge-color';

describe('toSvgColor', () => {
  it.each([
    ['blue', '#007ec6'],
    ['brightgreen', '#4b0'],
    ['lightgrey', '#939393'],
    ['informational', '#007ec6'],
    ['critical', '#dd4343'],
    ['Green', '#67ac09'],
    ['ff8800', '#ff8800'],
    ['FE0', '#fe0'],
    ['#FF8800', '#ff8800'],
    ['rgb(200, 10, 10)', 'rgb(200, 10, 10)'],
    ['hsl(120, 100%, 50%)', 'hsl(120, 100%, 50%)'],
    ['purple', 'purple'],
  ])('%s → %s', (color, fill) => expect(toSvgColor(color)).toBe(fill));

  it.each(['', 'purpel', 'ff88', 'red;<x>', 'rgb(300', 'url(#x)'])('refuses %j', (color) => expect(toSvgColor(color)).toBeNull());
});

describe('textColorsOn', () => {
  it.each([
    ['#007ec6', '#fff'],
    // Shields' yellow is just dark enough (brightness 0.68) for white text.
    ['#d8b800', '#fff'],
    ['#939393', '#fff'],
    ['white', '#333'],
    ['#fe0', '#333'],
    ['hsl(120, 100%, 50%)', '#fff'],
    ['hsl(60, 100%, 50%)', '#333'],
    ['transparent', '#fff'],
  ])('on %s the text is %s', (fill, text) => expect(textColorsOn(fill).text).toBe(text));

  it('pairs each text colour with its shadow', () => {
    expect(textColorsOn('#000')).toEqual({ text: '#fff', shadow: '#010101' });
    expect(textColorsOn('#fff')).toEqual({ text: '#333', shadow: '#ccc' });
  });
});
