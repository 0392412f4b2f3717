import { escapeXml } from '../plain-text';
import { textColorsOn, toSvgColor } from './badge-color';
import { textWidth } from './text-width';

export const BADGE_STYLES = ['flat', 'flat-square', 'for-the-badge', 'plastic'] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

/**
 * Shields' four badge styles drawn as badge-maker 6 draws them (same boxes, gradients, text positions and
 * colours), without its ~880 KiB of font tables: text widths come from ./text-width. Pure.
 */
export interface BadgeParts {
  label: string;
  message: string;
  /** Any colour `toSvgColor` accepts; the label's box is always shields' grey. */
  color: string;
  style: BadgeStyle;
}

const FONT_FAMILY = 'Verdana,Geneva,DejaVu Sans,sans-serif';
const LABEL_FILL = '#555';
const DEFAULT_FILL = '#4b0';
const DEFAULT_TEXT_FILL = '#fff';
// Text is laid out at 10× and scaled down, so positions and lengths keep a tenth of a pixel (shields #1132).
const SCALE_UP = 10;
const SCALE_DOWN = 'scale(.1)';

export function drawBadge(parts: BadgeParts): string {
  const label = parts.label.trim();
  const message = parts.message.trim();
  const fill = toSvgColor(parts.color) ?? DEFAULT_FILL;
  return parts.style === 'for-the-badge'
    ? forTheBadge(label.toUpperCase(), message.toUpperCase(), fill)
    : classicBadge(parts.style, label, message, fill);
}

interface ClassicLook {
  height: number;
  /** Shifts the text up from the 20 px badge's baseline. */
  textOffset: number;
  shadow: boolean;
  cornerRadius: number;
  /** The gloss over both boxes, as linearGradient stops; none for flat-square. */
  gloss: string;
}

const CLASSIC_LOOKS: Record<Exclude<BadgeStyle, 'for-the-badge'>, ClassicLook> = {
  flat: {
    height: 20,
    textOffset: 0,
    shadow: true,
    cornerRadius: 3,
    gloss: '<stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/>',
  },
  plastic: {
    height: 18,
    textOffset: -10,
    shadow: true,
    cornerRadius: 4,
    gloss:
      '<stop offset="0" stop-color="#fff" stop-opacity=".7"/><stop offset=".1" stop-color="#aaa" stop-opacity=".1"/>' +
      '<stop offset=".9" stop-color="#000" stop-opacity=".3"/><stop offset="1" stop-color="#000" stop-opacity=".5"/>',
  },
  'flat-square': { height: 20, textOffset: 0, shadow: false, cornerRadius: 0, gloss: '' },
};

const PADDING = 5;

/** flat, flat-square and plastic: 11px text in two boxes, each 5 px of padding either side. */
function classicBadge(style: Exclude<BadgeStyle, 'for-the-badge'>, label: string, message: string, fill: string): string {
  const look = CLASSIC_LOOKS[style];
  const labelWidth = label ? oddWidthOf(label) : 0;
  const leftWidth = label ? labelWidth + 2 * PADDING : 0;
  const messageWidth = oddWidthOf(message);
  const rightWidth = messageWidth + 2 * PADDING;
  const width = leftWidth + rightWidth;
  const height = look.height;
  const labelFill = label ? LABEL_FILL : fill;
  // The message box overlaps the label box by a pixel, as shields draws it.
  const messageLeft = label ? leftWidth - (message ? 1 : 0) : message ? 0 : 1;
  const text = (content: string, left: number, textWidth: number, background: string) =>
    content
      ? classicText(look, content, SCALE_UP * (left + textWidth / 2 + PADDING), 140 + look.textOffset, SCALE_UP * textWidth, background)
      : '';
  const boxes = `<rect width="${leftWidth}" height="${height}" fill="${labelFill}"/><rect x="${leftWidth}" width="${rightWidth}" height="${height}" fill="${escapeXml(fill)}"/>`;
  const background = look.gloss
    ? `<filter id="blur"><feGaussianBlur stdDeviation="16"/></filter><linearGradient id="s" x2="0" y2="100%">${look.gloss}</linearGradient>` +
      `<clipPath id="r"><rect width="${width}" height="${height}" rx="${look.cornerRadius}"/></clipPath>` +
      `<g clip-path="url(#r)">${boxes}<rect width="${width}" height="${height}" fill="url(#s)"/></g>`
    : `<g shape-rendering="crispEdges">${boxes}</g>`;
  const foreground = textGroup(110, text(label, 1, labelWidth, labelFill) + text(message, messageLeft, messageWidth, fill));
  return svg(width, height, label, message, background + foreground);
}

function classicText(look: ClassicLook, content: string, x: number, y: number, length: number, background: string): string {
  const colors = textColorsOn(background);
  const fillAttribute = colors.text === DEFAULT_TEXT_FILL ? '' : ` fill="${colors.text}"`;
  const escaped = escapeXml(content);
  if (!look.shadow) return `<text x="${x}" y="${y}" textLength="${length}" transform="${SCALE_DOWN}"${fillAttribute}>${escaped}</text>`;
  const shadowY = y + 10;
  return (
    `<g transform="${SCALE_DOWN}"><g aria-hidden="true" fill="${colors.shadow}">` +
    `<text x="${x}" y="${shadowY}" fill-opacity=".8" filter="url(#blur)" textLength="${length}">${escaped}</text>` +
    `<text x="${x}" y="${shadowY}" fill-opacity=".3" textLength="${length}">${escaped}</text></g>` +
    `<text x="${x}" y="${y}" textLength="${length}"${fillAttribute}>${escaped}</text></g>`
  );
}

const FTB_HEIGHT = 28;
const FTB_MARGIN = 12;
const FTB_LETTER_SPACING = 1.25;

/** for-the-badge: 28 px tall, capitals, letter-spaced 10px text, the message in bold. */
function forTheBadge(label: string, message: string, fill: string): string {
  const spaced = (text: string, font: 'bold 10px Verdana' | '10px Verdana') =>
    text ? Math.floor(textWidth(text, font)) + FTB_LETTER_SPACING * Array.from(text).length : 0;
  const labelWidth = spaced(label, '10px Verdana');
  const messageWidth = spaced(message, 'bold 10px Verdana');
  const leftWidth = label ? labelWidth + 2 * FTB_MARGIN : 0;
  const rightWidth = messageWidth + 2 * FTB_MARGIN;
  const text = (content: string, left: number, width: number, background: string, bold: boolean) => {
    const colors = textColorsOn(background);
    return (
      `<text transform="${SCALE_DOWN}" x="${SCALE_UP * (left + FTB_MARGIN + width / 2)}" y="175" textLength="${SCALE_UP * width}"` +
      `${bold ? ' font-weight="bold"' : ''}${colors.text === DEFAULT_TEXT_FILL ? '' : ` fill="${colors.text}"`}>${escapeXml(content)}</text>`
    );
  };
  const messageBox = `<rect${label ? ` x="${leftWidth}"` : ''} width="${rightWidth}" height="${FTB_HEIGHT}" fill="${escapeXml(fill)}"/>`;
  const background = `<g shape-rendering="crispEdges">${label ? `<rect width="${leftWidth}" height="${FTB_HEIGHT}" fill="${LABEL_FILL}"/>` : ''}${messageBox}</g>`;
  const foreground = textGroup(
    100,
    (label ? text(label, 0, labelWidth, LABEL_FILL, false) : '') + text(message, leftWidth, messageWidth, fill, true),
  );
  return svg(leftWidth + rightWidth, FTB_HEIGHT, label, message, background + foreground);
}

function textGroup(fontSize: number, content: string): string {
  return `<g fill="${DEFAULT_TEXT_FILL}" text-anchor="middle" font-family="${FONT_FAMILY}" text-rendering="geometricPrecision" font-size="${fontSize}">${content}</g>`;
}

function svg(width: number, height: number, label: string, message: string, content: string): string {
  const title = escapeXml(label ? `${label}: ${message}` : message);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" role="img" aria-label="${title}"><title>${title}</title>${content}</svg>`;
}

/** Shields rounds 11px text widths to an odd number of pixels, so text centres on the pixel grid. */
function oddWidthOf(text: string): number {
  const width = Math.floor(textWidth(text, '11px Verdana'));
  return width % 2 === 0 ? width + 1 : width;
}
