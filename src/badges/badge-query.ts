import { isPeriod, type Period } from '../dates';
import { isPlainText } from '../plain-text';
import { DEFAULT_BADGE_LOOK, type BadgeLook } from './badge';
import { toSvgColor } from './badge-color';
import { BADGE_STYLES, type BadgeStyle } from './badge-svg';

export interface BadgeQuery {
  period?: string;
  label?: string;
  color?: string;
  style?: string;
}

export type BadgeQueryResult = { ok: true; period: Period; look: BadgeLook } | { ok: false; look: BadgeLook; error: string };

const MAX_LABEL_LENGTH = 64;
const MAX_COLOR_LENGTH = 40;

/** Reads `?period=&label=&color=&style=`. On error, `look` is still the best valid look to draw the error with. */
export function parseBadgeQuery(query: BadgeQuery): BadgeQueryResult {
  const errors: string[] = [];
  let look = DEFAULT_BADGE_LOOK;
  if (query.label !== undefined && query.label !== '') {
    if (query.label.length > MAX_LABEL_LENGTH || !isPlainText(query.label)) errors.push('bad label');
    else look = { ...look, label: query.label };
  }
  if (query.color !== undefined && query.color !== '') {
    // Shields' names (blue, brightgreen), hex with or without '#', CSS colours: a typo is said, not drawn green.
    if (query.color.length <= MAX_COLOR_LENGTH && toSvgColor(query.color) !== null) look = { ...look, color: query.color };
    else errors.push('bad color');
  }
  if (query.style !== undefined && query.style !== '') {
    if (isBadgeStyle(query.style)) look = { ...look, style: query.style };
    else errors.push(`style must be ${BADGE_STYLES.join('|')}`);
  }
  const period = query.period === undefined || query.period === '' ? 'total' : query.period;
  if (!isPeriod(period)) errors.push('period must be day|week|month|total');
  if (errors.length > 0 || !isPeriod(period)) return { ok: false, look, error: errors.join(', ') };
  return { ok: true, period, look };
}

function isBadgeStyle(value: string): value is BadgeStyle {
  return (BADGE_STYLES as readonly string[]).includes(value);
}
