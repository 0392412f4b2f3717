import { scaleLinear } from 'd3-scale';
import { area, curveMonotoneX, line } from 'd3-shape';
import { epochDay, type UtcDay } from '../dates';
import { escapeXml } from '../plain-text';
import { countOf, formatCount } from '../wording';
import type { ChartMarker, MarkerKind } from './chart-markers';
import { dayTicks } from './day-ticks';

/**
 * A self-contained SVG chart of one daily series, for READMEs: no script, no external font or image, so GitHub's
 * camo proxy serves it and an `<img>` renders it. Geometry from d3-scale and d3-shape; the template is ours. Pure.
 */
export interface ChartPoint {
  day: UtcDay;
  value: number;
}

export type ChartTheme = 'auto' | 'light' | 'dark';

export interface ChartSpec {
  /** The headline, e.g. "octo/rocket". */
  title: string;
  /** The figure beside it, saying what it counts and over which days, e.g. "★ 1,234 stars today". */
  figure: string;
  /** What the value axis counts, e.g. "stars held". */
  axisTitle: string;
  /** What the series is, for the accessible description, e.g. "Stars over time". */
  description: string;
  points: readonly ChartPoint[];
  theme: ChartTheme;
  /** Shown instead of a line when there are no points. */
  emptyText: string;
  accent: 'stars' | 'impressions';
  /** What `?markers=` asked for (each gets a key), and the markers of those kinds in the days drawn. */
  markerKinds?: readonly MarkerKind[];
  markers?: readonly ChartMarker[];
}

export const CHART_WIDTH = 760;
export const CHART_HEIGHT = 320;
const MARGIN = { top: 64, right: 28, bottom: 52, left: 72 };
export interface ChartGeometry {
  /** The series in SVG coordinates, in order. */
  coordinates: Array<[number, number]>;
  linePath: string;
  areaPath: string;
  xTicks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
  /** Where a day's point sits across, and the width of one day. */
  xOf: (day: UtcDay) => number;
  dayWidth: number;
}

/** Scales, ticks and paths for a series: an axis of UTC days labelled as ISO days, values from zero. */
export function chartGeometry(points: readonly ChartPoint[]): ChartGeometry {
  const days = points.map((point) => epochDay(point.day));
  // Loops rather than Math.min(...days): spreading a long series overflows the call stack.
  let [first, last, top] = [Infinity, -Infinity, 1];
  let [firstDay, lastDay] = ['', ''];
  for (const [i, day] of days.entries()) {
    if (day < first) [first, firstDay] = [day, (points[i] as ChartPoint).day];
    if (day > last) [last, lastDay] = [day, (points[i] as ChartPoint).day];
  }
  for (const point of points) top = Math.max(top, point.value);
  // A single day still gets a span to sit in.
  const x = scaleLinear()
    .domain([first === last ? first - 1 : first, last])
    .range([MARGIN.left, CHART_WIDTH - MARGIN.right]);
  const y = scaleLinear()
    .domain([0, top])
    .nice(5)
    .range([CHART_HEIGHT - MARGIN.bottom, MARGIN.top]);
  const coordinates = points.map((point, i): [number, number] => [round(x(days[i] as number)), round(y(point.value))]);
  const baseline = y(0);
  const linePath = line().curve(curveMonotoneX)(coordinates) ?? '';
  return {
    coordinates,
    linePath,
    areaPath: areaUnder(linePath, coordinates, baseline),
    xTicks: dayTicks(firstDay, lastDay).map((day) => ({ x: round(x(epochDay(day))), label: day })),
    yTicks: y.ticks(5).map((tick) => ({ y: round(y(tick)), label: formatCount(tick) })),
    xOf: (day) => round(x(epochDay(day))),
    dayWidth: Math.abs(x(1) - x(0)),
  };
}

/**
 * d3's area down to a flat baseline, drawn from the line already drawn: d3's area is that line, the baseline
 * walked back from the last point with the same curve (begun by an `L`), and a `Z`. Drawing it so runs the curve
 * twice rather than three times (~1 ms of a year's chart). A line closed by `Z` (a single point) is left to d3.
 */
function areaUnder(linePath: string, coordinates: Array<[number, number]>, baseline: number): string {
  const back = line().curve(curveMonotoneX)(coordinates.map(([x]): [number, number] => [x, baseline]).reverse()) ?? '';
  if (linePath.endsWith('Z') || back.endsWith('Z') || !back.startsWith('M'))
    return area().curve(curveMonotoneX).y0(baseline)(coordinates) ?? '';
  return `${linePath}L${back.slice(1)}Z`;
}

const LIGHT = {
  bg: '#ffffff',
  fg: '#1f2328',
  muted: '#59636e',
  grid: '#d1d9e0',
  stars: '#bf8700',
  impressions: '#0969da',
  burst: '#cf222e',
};
const DARK = {
  bg: '#0d1117',
  fg: '#f0f6fc',
  muted: '#9198a1',
  grid: '#3d444d',
  stars: '#e3b341',
  impressions: '#4493f8',
  burst: '#f85149',
};

/** The chart as an SVG document. */
export function renderChart(spec: ChartSpec): string {
  const geometry = spec.points.length > 0 ? chartGeometry(spec.points) : null;
  const plotBottom = CHART_HEIGHT - MARGIN.bottom;
  const [first, last] = [spec.points[0], spec.points[spec.points.length - 1]];
  const range = first && last ? (first.day === last.day ? first.day : `${first.day} to ${last.day}`) : '';
  const body = geometry
    ? [
        ...geometry.yTicks.map(
          (tick) =>
            `<line class="grid" x1="${MARGIN.left}" x2="${CHART_WIDTH - MARGIN.right}" y1="${tick.y}" y2="${tick.y}"/>` +
            `<text class="tick" x="${MARGIN.left - 8}" y="${tick.y}" dy="0.32em" text-anchor="end">${escapeXml(tick.label)}</text>`,
        ),
        ...geometry.xTicks.map(
          // A day label is ~75 px wide: one near the right edge ends at its day rather than run off the chart.
          (tick) =>
            `<text class="tick" x="${tick.x}" y="${plotBottom + 20}" text-anchor="${tick.x + 40 > CHART_WIDTH - 8 ? 'end' : 'middle'}">${escapeXml(tick.label)}</text>`,
        ),
        `<line class="axis" x1="${MARGIN.left}" x2="${CHART_WIDTH - MARGIN.right}" y1="${plotBottom}" y2="${plotBottom}"/>`,
        `<path class="area" d="${geometry.areaPath}"/>`,
        geometry.coordinates.length === 1
          ? `<circle class="dot" cx="${geometry.coordinates[0]?.[0]}" cy="${geometry.coordinates[0]?.[1]}" r="4"/>`
          : `<path class="line" d="${geometry.linePath}"/>`,
        markersOf(spec.markers ?? [], geometry),
      ].join('')
    : `<text class="empty" x="${CHART_WIDTH / 2}" y="${CHART_HEIGHT / 2}" text-anchor="middle">${escapeXml(spec.emptyText)}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-labelledby="title desc">` +
    `<title id="title">${escapeXml(`${spec.title}: ${spec.figure || spec.emptyText}`)}</title>` +
    `<desc id="desc">${escapeXml(describe(spec))}</desc>` +
    `<style>${styleFor(spec.theme, spec.accent)}</style>` +
    `<rect class="bg" width="100%" height="100%" rx="6"/>` +
    `<text class="title" x="${MARGIN.left}" y="28">${escapeXml(spec.title)}</text>` +
    `<text class="figure" x="${CHART_WIDTH - MARGIN.right}" y="28" text-anchor="end">${escapeXml(spec.figure)}</text>` +
    (range ? `<text class="tick" x="${MARGIN.left}" y="46">${escapeXml(range)}</text>` : '') +
    (geometry
      ? `<text class="tick" transform="translate(16 ${(MARGIN.top + plotBottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.axisTitle)}</text>` +
        `<text class="tick" x="${(MARGIN.left + CHART_WIDTH - MARGIN.right) / 2}" y="${CHART_HEIGHT - 10}" text-anchor="middle">day (UTC)</text>` +
        markerKey(spec.markerKinds ?? [])
      : '') +
    body +
    `</svg>`
  );
}

const PLOT = { left: MARGIN.left, right: CHART_WIDTH - MARGIN.right, top: MARGIN.top, bottom: CHART_HEIGHT - MARGIN.bottom };
/** About the width of a short label ("v12", "+1.2k ★") at 11 px: closer labels of one row are left out. */
const LABEL_WIDTH = 44;

/**
 * README versions as dashed lines and bursts as shaded days, each labelled in a row of its own at the plot's top
 * ("v3", "+51 ★"); a label that would overlap the one before in its row is left out, its mark stays.
 */
function markersOf(markers: readonly ChartMarker[], geometry: ChartGeometry): string {
  const lastLabel = { version: -Infinity, burst: -Infinity };
  const clamp = (x: number) => Math.min(PLOT.right, Math.max(PLOT.left, x));
  return markers
    .map((marker) => {
      const half = geometry.dayWidth / 2;
      const [left, right] = [clamp(geometry.xOf(marker.from) - half), clamp(geometry.xOf(marker.to) + half)];
      const x = marker.kind === 'version' ? clamp(geometry.xOf(marker.from)) : left;
      const mark =
        marker.kind === 'version'
          ? `<line class="version" x1="${x}" x2="${x}" y1="${PLOT.top}" y2="${PLOT.bottom}"/>`
          : `<rect class="burst" x="${round(left)}" y="${PLOT.top}" width="${round(Math.max(3, right - left))}" height="${PLOT.bottom - PLOT.top}"/>`;
      if (x < lastLabel[marker.kind] + LABEL_WIDTH) return mark;
      lastLabel[marker.kind] = x;
      const y = PLOT.top + (marker.kind === 'version' ? 12 : 26);
      const anchor = x + LABEL_WIDTH > PLOT.right ? 'end' : 'start';
      const labelX = anchor === 'end' ? x - 3 : x + 3;
      return `${mark}<text class="marker" x="${round(labelX)}" y="${y}" text-anchor="${anchor}">${escapeXml(marker.label)}</text>`;
    })
    .join('');
}

/** Under the plot, at its left: what each kind of marker asked for looks like. */
function markerKey(kinds: readonly MarkerKind[]): string {
  const y = CHART_HEIGHT - 10;
  let x = 16;
  return kinds
    .map((kind) => {
      const shape =
        kind === 'versions'
          ? `<line class="version" x1="${x}" x2="${x}" y1="${y - 10}" y2="${y + 2}"/>`
          : `<rect class="burst" x="${x - 3}" y="${y - 10}" width="7" height="12"/>`;
      const text = `<text class="tick" x="${x + 8}" y="${y}">${kind === 'versions' ? 'README version' : 'burst'}</text>`;
      x += kind === 'versions' ? 112 : 60;
      return shape + text;
    })
    .join('');
}

function describe(spec: ChartSpec): string {
  const [first, last] = [spec.points[0], spec.points[spec.points.length - 1]];
  if (!first || !last) return `${spec.description}: ${spec.emptyText}`;
  const marked = (spec.markers ?? []).map(
    (marker) =>
      `${marker.kind === 'version' ? `README ${marker.label} live` : `burst ${marker.label}`} ${marker.from === marker.to ? marker.from : `${marker.from} to ${marker.to}`}`,
  );
  const days = `${spec.description} from ${first.day} (${first.value}) to ${last.day} (${last.value}), ${countOf(spec.points.length, 'day')}.`;
  return marked.length > 0 ? `${days} Marked: ${marked.join('; ')}.` : days;
}

/** Colours by class; `auto` follows the viewer's colour scheme (GitHub's dark mode included), the others are fixed. */
function styleFor(theme: ChartTheme, accent: ChartSpec['accent']): string {
  const rules = (colors: typeof LIGHT) =>
    `.bg{fill:${colors.bg}}.title{fill:${colors.fg}}.figure{fill:${colors[accent]}}.tick,.empty{fill:${colors.muted}}` +
    `.grid{stroke:${colors.grid};stroke-width:1}.axis{stroke:${colors.muted};stroke-width:1}` +
    `.line{fill:none;stroke:${colors[accent]};stroke-width:2.5}.dot{fill:${colors[accent]}}.area{fill:${colors[accent]};fill-opacity:.14}` +
    `.version{stroke:${colors.fg};stroke-width:1;stroke-dasharray:4 3}.burst{fill:${colors.burst};fill-opacity:.3}.marker{fill:${colors.fg};font-size:11px}`;
  const text =
    'text{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;font-size:12px}.title,.figure{font-size:16px;font-weight:600}';
  if (theme === 'light') return text + rules(LIGHT);
  if (theme === 'dark') return text + rules(DARK);
  return `${text}${rules(LIGHT)}@media (prefers-color-scheme: dark){${rules(DARK)}}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
