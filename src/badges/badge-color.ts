import { color as parseCssColor } from 'd3-color';

// Shields' named colours and their aliases, as badge-maker 6 draws them (https://shields.io/badges: "color").
const NAMED_COLORS: Record<string, string> = {
  brightgreen: '#4b0',
  green: '#67ac09',
  yellow: '#d8b800',
  yellowgreen: '#95991a',
  orange: '#ea7233',
  red: '#dd4343',
  blue: '#007ec6',
  grey: '#555',
  lightgrey: '#939393',
};
const ALIASES: Record<string, string> = {
  gray: 'grey',
  lightgray: 'lightgrey',
  critical: 'red',
  important: 'orange',
  success: 'brightgreen',
  informational: 'blue',
  inactive: 'lightgrey',
};
const BARE_HEX = /^([\da-f]{3}){1,2}$/i;
const LIGHT_BACKGROUND = 0.69;

/**
 * The SVG fill of a badge colour as shields writes it: a named colour or alias, hex with or without '#', or any
 * CSS colour (rgb(), hsl(), CSS names). null when it is none of those.
 */
export function toSvgColor(value: string): string | null {
  const name = value.trim().toLowerCase();
  const named = NAMED_COLORS[ALIASES[name] ?? name];
  if (named !== undefined) return named;
  if (BARE_HEX.test(name)) return `#${name}`;
  return parseCssColor(name) === null ? null : name;
}

/** Text and shadow colours readable on `fill`: shields' rule, by perceived brightness (ITU-R 601 weights). */
export function textColorsOn(fill: string): { text: string; shadow: string } {
  const rgb = parseCssColor(fill)?.rgb();
  const brightness = rgb ? Number(((rgb.r * 299 + rgb.g * 587 + rgb.b * 114) / 255_000).toFixed(2)) : 0;
  // Written this way round so a colour without channels (`transparent`) gets white text, as on a dark badge.
  return brightness > LIGHT_BACKGROUND ? { text: '#333', shadow: '#ccc' } : { text: '#fff', shadow: '#010101' };
}
