/** Badge rendering: pure functions from data to shields-style SVG or shields endpoint JSON. */

import { drawBadge, type BadgeStyle } from './badge-svg';
import { formatCount } from '../wording';

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

// The count format is the charts' too: one rule, in wording.ts (exported here as before).
export { formatCount };
