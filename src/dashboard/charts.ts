// The dashboard's charts (uPlot): what each draws comes from chart-data.ts; here only their look and marks.
import uPlot from 'uplot';
import type { BurstEvent } from '../conversions/bursts';
import type { VersionConversion } from '../conversions/readme-versions';
import { utcDay } from '../dates';
import type { SeriesRow } from '../report/repo-series';
import type { RepoReport } from '../report/responses';
import { dailyConversion, gapsBeforeData, keyedLines, renderRatePercent, rollingConversion, type KeyedLine } from './chart-data';
import { format, show } from './format';

const fromZero: uPlot.Range.Function = (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1];
const percentRange: uPlot.Range.Function = (_u, _min, max) => [0, Math.max(100, (max ?? 0) * 1.05)];

/**
 * uPlot options shared by the charts: the x axis in UTC days, every y scale from zero with its unit, and a
 * legend that shows the latest day's values when nothing is hovered (instead of "--").
 */
function chartOptions(
  marks: uPlot.Plugin,
  width: number,
  series: uPlot.Series[],
  axes: uPlot.Axis[],
  scales: uPlot.Scales = {},
): uPlot.Options {
  const showLatest = (u: uPlot) => {
    if (u.cursor.idx == null) u.setLegend({ idx: u.data[0].length - 1 });
  };
  return {
    plugins: [marks],
    width,
    height: 240,
    series: [
      { label: 'Day', value: (_u, ts) => (ts == null ? '' : utcDay(ts * 1000)) },
      ...series.map((one): uPlot.Series => ({ value: (_u, v) => show(v), ...one })),
    ],
    // Days in UTC, labelled as ISO days like every other date on the page; ticks far enough apart for them.
    axes: [{ space: 96, values: (_u, ticks) => ticks.map((tick) => utcDay(tick * 1000)) }, ...axes],
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    // Room on the right for the last day's label where no axis stands there.
    padding: [null, 36, null, null],
    scales: { x: { time: true }, y: { range: fromZero }, ...scales },
    hooks: { ready: [showLatest], setCursor: [showLatest] },
  };
}

/**
 * Marks on every chart: a dashed line where a README version went live, labelled (the one live when the range
 * begins, named at its left edge), and a shaded band over each star burst or traffic spike.
 */
function annotations(versions: readonly VersionConversion[], events: readonly BurstEvent[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const { ctx } = u;
          const { top, height } = u.bbox;
          const x = (day: string) => u.valToPos(Date.parse(`${day}T00:00:00Z`) / 1000, 'x', true);
          ctx.save();
          for (const event of events) {
            const [left, right] = [x(event.from), x(event.to) + Math.max(2, x(event.to) - x(event.from) || 6)];
            ctx.fillStyle = 'rgba(207, 34, 46, 0.10)';
            ctx.fillRect(left - 3, top, right - left + 3, height);
          }
          ctx.strokeStyle = '#6e7781';
          ctx.fillStyle = '#57606a';
          ctx.setLineDash([4, 4]);
          ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
          // uPlot leaves the alignment of the axis it drew last (right-aligned after a left axis).
          ctx.textAlign = 'left';
          ctx.textBaseline = 'alphabetic';
          for (const version of versions) {
            if (!version.days) continue;
            const position = x(version.days.from);
            // The version already live when the range begins is named at its left edge, at every range.
            if (position < u.bbox.left && x(version.days.to) >= u.bbox.left) {
              ctx.fillText(
                `${version.label} (since ${version.days.from})`,
                u.bbox.left + 3 * devicePixelRatio,
                top + 12 * devicePixelRatio,
              );
              continue;
            }
            if (position < u.bbox.left || position > u.bbox.left + u.bbox.width) continue;
            ctx.beginPath();
            ctx.moveTo(position, top);
            ctx.lineTo(position, top + height);
            ctx.stroke();
            ctx.fillText(version.label, position + 3 * devicePixelRatio, top + 12 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

/**
 * The charts of a repository's report: README impressions and GitHub views with unique visitors, stars and gains,
 * the conversion with the render rate, clones with unique cloners, impressions by page and views by source class,
 * each marked with README versions and bursts. `$` finds their containers.
 */
export function drawCharts(series: RepoReport, $: (selector: string) => HTMLElement): uPlot[] {
  const marks = annotations(series.versions, series.events);
  const x = series.days.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000);
  const widthOf = (id: string) => Math.max(260, $(id).clientWidth || 520);
  const bars = uPlot.paths.bars?.({ size: [0.6, 24] });
  const days: SeriesRow[] = series.days;
  return [
    new uPlot(
      chartOptions(
        marks,
        widthOf('#chart-traffic'),
        [
          { label: 'README impressions', stroke: '#0969da', width: 2 },
          { label: 'GitHub page views', stroke: '#8250df', width: 2 },
          { label: 'Unique visitors', stroke: '#8250df', width: 1, dash: [2, 3] },
          // Unique visitors among clients that load the image themselves: pages outside GitHub; camo views have none.
          { label: 'Direct visitors', stroke: '#1b7c83', width: 1, dash: [4, 4] },
        ],
        [{ label: 'per day', size: 56 }],
      ),
      [
        x,
        gapsBeforeData(days.map((day) => day.readmeImpressions)),
        gapsBeforeData(days.map((day) => day.views ?? null)),
        gapsBeforeData(days.map((day) => day.viewUniques ?? null)),
        gapsBeforeData(days.map((day) => day.directVisitors ?? null)),
      ],
      $('#chart-traffic'),
    ),
    // Totals come from the collector's daily snapshots; gains also from GitHub's star history and imports,
    // so imported years show as bars even where no total was ever seen.
    new uPlot(
      chartOptions(
        marks,
        widthOf('#chart-stars'),
        [
          { label: 'Stars', stroke: '#bf8700', width: 2, spanGaps: true },
          { label: 'New stars', stroke: '#d4a72c', fill: '#d4a72c66', scale: 'gained', paths: bars },
          { label: 'New forks', stroke: '#57606a', fill: '#57606a66', scale: 'gained', paths: bars },
        ],
        [
          { label: 'stars', size: 56 },
          { scale: 'gained', label: 'gained per day', side: 1, grid: { show: false }, size: 56 },
        ],
        { gained: { range: fromZero } },
      ),
      [x, days.map((day) => day.stars), days.map((day) => day.starsGained ?? null), days.map((day) => day.forksGained ?? null)],
      $('#chart-stars'),
    ),
    new uPlot(
      chartOptions(
        marks,
        widthOf('#chart-ratios'),
        [
          { label: 'Stars / 1k impressions (7 days)', stroke: '#1a7f37', width: 2, scale: 'per1k', spanGaps: true },
          {
            label: 'that day',
            stroke: '#1a7f3766',
            scale: 'per1k',
            paths: () => null,
            points: { show: true, size: 4, fill: '#1a7f3733', stroke: '#1a7f3766' },
          },
          {
            label: 'README render rate',
            stroke: '#cf222e',
            width: 1,
            scale: '%',
            points: { show: false },
            value: (_u, v) => (v == null ? '–' : `${format.format(v)}%`),
          },
        ],
        [
          { scale: 'per1k', label: 'stars per 1k impressions', size: 56 },
          {
            scale: '%',
            label: 'render rate',
            side: 1,
            grid: { show: false },
            size: 56,
            values: (_u, ticks) => ticks.map((tick) => `${tick}%`),
          },
        ],
        { per1k: { range: fromZero }, '%': { range: percentRange } },
      ),
      [x, rollingConversion(days), dailyConversion(days), renderRatePercent(days)],
      $('#chart-ratios'),
    ),
    // As on GitHub's Traffic page: clones and the unique cloners beside the views.
    new uPlot(
      chartOptions(
        marks,
        widthOf('#chart-clones'),
        [
          { label: 'Git clones', stroke: '#57606a', width: 2 },
          { label: 'Unique cloners', stroke: '#57606a', width: 1, dash: [2, 3] },
        ],
        [{ label: 'per day', size: 56 }],
      ),
      [x, gapsBeforeData(days.map((day) => day.clones ?? null)), gapsBeforeData(days.map((day) => day.cloneUniques ?? null))],
      $('#chart-clones'),
    ),
    keyedChart(
      marks,
      x,
      keyedLines(days, (day) => day.impressionsByPage),
      '#chart-pages',
      widthOf('#chart-pages'),
      $,
    ),
    keyedChart(
      marks,
      x,
      keyedLines(days, (day) => day.viewsBySource ?? {}),
      '#chart-sources',
      widthOf('#chart-sources'),
      $,
    ),
  ];
}

const KEYED_COLOURS = ['#0969da', '#8250df', '#1a7f37', '#bf8700', '#cf222e', '#57606a'];

/** A line per key (a page, a source class), most in the range first, each named with its total in the legend. */
function keyedChart(
  marks: uPlot.Plugin,
  x: number[],
  lines: KeyedLine[],
  selector: string,
  width: number,
  $: (selector: string) => HTMLElement,
): uPlot {
  const series = lines.map(
    (line, i): uPlot.Series => ({
      label: `${line.key} (${show(line.total)})`,
      stroke: KEYED_COLOURS[i % KEYED_COLOURS.length],
      width: i === 0 ? 2 : 1.5,
    }),
  );
  return new uPlot(
    chartOptions(marks, width, series, [{ label: 'per day', size: 56 }]),
    [x, ...lines.map((line) => line.values)],
    $(selector),
  );
}
