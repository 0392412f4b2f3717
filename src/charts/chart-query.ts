import { MARKER_KINDS, type MarkerKind } from './chart-markers';
import { CHART_RANGES, type ChartRange } from './chart-series';
import type { ChartTheme } from './chart-svg';

const THEMES: readonly ChartTheme[] = ['auto', 'light', 'dark'];

export type ChartQuery =
  | { ok: true; range: ChartRange; theme: ChartTheme; markers: MarkerKind[] }
  | { ok: false; theme: ChartTheme; error: string };

/**
 * Reads `?range=all|1y|90d` (default all), `?theme=auto|light|dark` (default auto: the viewer's scheme) and
 * `?markers=versions,bursts` (either or both, comma-separated; default none). Pure.
 */
export function parseChartQuery(query: { range?: string; theme?: string; markers?: string }): ChartQuery {
  const theme = (THEMES as readonly string[]).includes(query.theme ?? '') ? (query.theme as ChartTheme) : 'auto';
  const errors: string[] = [];
  if (query.theme !== undefined && query.theme !== '' && theme !== query.theme) errors.push('theme must be auto|light|dark');
  const range = query.range === undefined || query.range === '' ? 'all' : query.range;
  if (!(CHART_RANGES as readonly string[]).includes(range)) errors.push('range must be all|1y|90d');
  const markers = (query.markers ?? '').split(',').filter((kind) => kind !== '');
  if (markers.some((kind) => !(MARKER_KINDS as readonly string[]).includes(kind)))
    errors.push('markers must be versions, bursts or versions,bursts');
  if (errors.length > 0) return { ok: false, theme, error: errors.join(', ') };
  return { ok: true, range: range as ChartRange, theme, markers: [...new Set(markers)] as MarkerKind[] };
}
