import { calcWidth } from 'badgen';
import { VERDANA_ASCII_WIDTHS, type BadgeFont } from './verdana-ascii-widths';

const FIRST_ASCII = 0x20;
// badgen's table is regular 11px Verdana in tenths of a pixel; 10px is the same glyphs scaled.
const BADGEN_UNITS_PER_PX: Record<BadgeFont, number> = { '11px Verdana': 10, '10px Verdana': 11, 'bold 10px Verdana': 11 };

/**
 * The width in px of `text` drawn in `font`, as badges need it to size their boxes. Printable ASCII (every
 * message and most labels) is measured with badge-maker's own tables, so those badges match shields' exactly;
 * any other character with badgen's regular table, within half a pixel of it for real labels (bold falls back
 * to regular width there: messages are ASCII).
 */
export function textWidth(text: string, font: BadgeFont): number {
  const ascii = VERDANA_ASCII_WIDTHS[font];
  let width = 0;
  for (const char of text) width += ascii[char.charCodeAt(0) - FIRST_ASCII] ?? calcWidth(char) / BADGEN_UNITS_PER_PX[font];
  return width;
}
