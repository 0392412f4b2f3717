import { area, curveMonotoneX } from 'd3-shape';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates';
import { CHART_HEIGHT, CHART_WIDTH, chartGeometry, renderChart, type ChartSpec } from './chart-svg';

const points = [
  { day: '2026-01-01', value: 0 },
  { day: '2026-01-11', value: 50 },
  { day: '2026-01-21', value: 120 },
];
const spec = (overrides: Partial<ChartSpec> = {}): ChartSpec => ({
  title: 'octo/rocket',
  figure: '★ 120 stars today',
  axisTitle: 'stars held',
  description: 'Stars over time',
  points,
  theme: 'auto',
  emptyText: 'Nothing yet',
  accent: 'stars',
  ...overrides,
});

describe('chartGeometry', () => {
  it('places each day left to right in time and each value from zero upwards, inside the chart', () => {
    const { coordinates, yTicks } = chartGeometry(points);
    const [first, middle, last] = coordinates as [[number, number], [number, number], [number, number]];
    // Days 0, 10 and 20 of a 20-day span: the middle one halfway across.
    expect(middle[0] - first[0]).toBeCloseTo((last[0] - first[0]) / 2, 0);
    // Zero at the baseline, 120 at the top of a nice domain [0, 120]: 50 is 50/120 of the way up.
    expect(yTicks[0]).toEqual({ y: first[1], label: '0' });
    expect((first[1] - middle[1]) / (first[1] - last[1])).toBeCloseTo(50 / 120, 2);
    for (const [x, y] of coordinates) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(CHART_WIDTH);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(CHART_HEIGHT);
    }
  });

  it("draws the area exactly as d3's area down to the zero line would, for any series", () => {
    // Flat, rising, spiky, repeated values, one to 700 days, and days close enough to share an x.
    const shapes: Array<(i: number) => number> = [
      () => 0,
      (i) => i,
      (i) => (i % 7 === 0 ? 900 : 3),
      (i) => Math.round(50 + 40 * Math.sin(i)),
      (i) => (i * 7919) % 101,
    ];
    for (const days of [1, 2, 3, 4, 30, 365, 700, 3000]) {
      for (const shape of shapes) {
        const series = Array.from({ length: days }, (_, i) => ({ day: addDays('2020-01-01', i), value: shape(i) }));
        const { coordinates, areaPath, yTicks } = chartGeometry(series);
        const baseline = yTicks[0]?.y as number;
        expect(areaPath, `${days} days`).toBe(area().curve(curveMonotoneX).y0(baseline)(coordinates));
      }
    }
  });

  it('labels the value axis with readable round numbers', () => {
    expect(
      chartGeometry([
        { day: '2026-01-01', value: 0 },
        { day: '2026-02-01', value: 12_345 },
      ]).yTicks.map((tick) => tick.label),
    ).toEqual(['0', '2k', '4k', '6k', '8k', '10k', '12k', '14k']); // as badges write counts
  });
});

describe('renderChart', () => {
  it('is a self-contained, accessible SVG: title, description, no script or external resource', () => {
    const svg = renderChart(spec());
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="760" height="320" viewBox="0 0 760 320" role="img" aria-labelledby="title desc">/,
    );
    expect(svg).toContain('<title id="title">octo/rocket: ★ 120 stars today</title>');
    expect(svg).toContain('<desc id="desc">Stars over time from 2026-01-01 (0) to 2026-01-21 (120), 3 days.</desc>');
    expect(svg).toContain(`<path class="line" d="${chartGeometry(points).linePath}"/>`);
    expect(svg).not.toMatch(/<script|href=|url\(|@import/);
  });

  it.each([
    ['auto', ['#ffffff', '@media (prefers-color-scheme: dark)', '#0d1117']],
    ['light', ['#ffffff']],
    ['dark', ['#0d1117']],
  ] as const)('theme %s', (theme, colours) => {
    const svg = renderChart(spec({ theme }));
    for (const colour of colours) expect(svg).toContain(colour);
    if (theme !== 'auto') expect(svg).not.toContain('@media');
    if (theme === 'dark') expect(svg).not.toContain('.bg{fill:#ffffff}');
  });

  it('says so when there is nothing to draw, and draws a single day as a dot', () => {
    expect(renderChart(spec({ points: [] }))).toContain('<text class="empty" x="380" y="160" text-anchor="middle">Nothing yet</text>');
    const one = renderChart(spec({ points: [{ day: '2026-01-01', value: 7 }] }));
    expect(one).toMatch(/<circle class="dot" cx="[\d.]+" cy="[\d.]+" r="4"\/>/);
    expect(one).not.toContain('class="line"');
  });

  it('titles both axes, labels days as ISO days, and states the days drawn under the headline', () => {
    const year = Array.from({ length: 365 }, (_, i) => ({ day: addDays('2025-12-04', i), value: i }));
    const svg = renderChart(spec({ points: year }));
    expect(svg).toContain('>stars held</text>');
    expect(svg).toContain('>day (UTC)</text>');
    expect(svg).toContain('>2025-12-04 to 2026-12-03</text>');
    const labels = [...svg.matchAll(/<text class="tick" x="[\d.]+" y="[\d.]+" text-anchor="(?:middle|end)">([^<]+)<\/text>/g)].map(
      (m) => m[1],
    );
    expect(labels).toEqual(['day (UTC)', '2026-01-01', '2026-03-01', '2026-05-01', '2026-07-01', '2026-09-01', '2026-11-01']);
    // Each day label sits where its day is drawn.
    const { coordinates, xTicks } = chartGeometry(year);
    expect(xTicks[0]?.x).toBe(coordinates[28]?.[0]); // 2026-01-01 is the 29th day
  });

  it('escapes whatever text it shows', () => {
    expect(renderChart(spec({ title: '<a&b>' }))).toContain('&lt;a&amp;b&gt;');
  });
});
