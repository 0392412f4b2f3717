/** Badge rendering: pure functions from data to shields-style SVG or shields endpoint JSON. */

import { drawBadge, type BadgeStyle } from './badge-svg';

export interface BadgeLook {
  label: string;
  color: string;
  style: BadgeStyle;
}

export const DEFAULT_BADGE_LOOK: BadgeLook = { label: 'views', color: 'blue', style: 'flat' };
const NEUTRAL_COLOR = 'lightgrey';

/** A badge's message and colour: the count, or a neutral word when there is none to show. */
export interface BadgeContent {
  message: string;
  color: string;
}

export function countContent(count: number | null, look: BadgeLook): BadgeContent {
  return count === null ? { message: 'unavailable', color: NEUTRAL_COLOR } : { message: formatCount(count), color: look.color };
}

export function neutralContent(message: string): BadgeContent {
  return { message, color: NEUTRAL_COLOR };
}

export function renderBadgeSvg(look: BadgeLook, content: BadgeContent): string {
  return drawBadge({ label: look.label, message: content.message, color: content.color, style: look.style });
}

/** Shields' endpoint-badge JSON (https://shields.io/badges/endpoint-badge). */
export function renderBadgeJson(look: BadgeLook, content: BadgeContent) {
  return { schemaVersion: 1, label: look.label, message: content.message, color: content.color, style: look.style };
}

const UNITS = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
] as const;

/**
 * Abbreviates a count like shields does (1.2k, 34k, 5.6M), but rounds down so a badge never shows more views than
 * were counted: 1,299 is "1.2k", 999,999 is "999k".
 */
export function formatCount(count: number): string {
  for (const [size, unit] of UNITS) {
    if (count < size) continue;
    const scaled = count / size;
    const decimals = scaled < 10 ? 1 : 0;
    const factor = 10 ** decimals;
    return `${Math.floor(scaled * factor) / factor}${unit}`;
  }
  return String(count);
}
