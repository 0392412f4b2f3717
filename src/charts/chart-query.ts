import { CHART_RANGES, type ChartRange } from './chart-series';
import type { ChartTheme } from './chart-svg';

const THEMES: readonly ChartTheme[] = ['auto', 'light', 'dark'];

export type ChartQuery = { ok: true; range: ChartRange; theme: ChartTheme } | { ok: false; theme: ChartTheme; error: string };

/** Reads `?range=all|1y|90d` (default all) and `?theme=auto|light|dark` (default auto: the viewer's scheme). Pure. */
export function parseChartQuery(query: { range?: string; theme?: string }): ChartQuery {
  const theme = (THEMES as readonly string[]).includes(query.theme ?? '') ? (query.theme as ChartTheme) : 'auto';
  const errors: string[] = [];
  if (query.theme !== undefined && query.theme !== '' && theme !== query.theme) errors.push('theme must be auto|light|dark');
  const range = query.range === undefined || query.range === '' ? 'all' : query.range;
  if (!(CHART_RANGES as readonly string[]).includes(range)) errors.push('range must be all|1y|90d');
  return errors.length > 0 ? { ok: false, theme, error: errors.join(', ') } : { ok: true, range: range as ChartRange, theme };
}
