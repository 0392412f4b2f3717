import { describe, expect, it } from 'vitest';
import {
  checkRange,
  dailyConversion,
  dataSpan,
  gapsBeforeData,
  keyedLines,
  renderRatePercent,
  rollingConversion,
} from '../src/dashboard/chart-data';

const day = (d: string, readmeImpressions: number, starsGained: number, extra: Record<string, unknown> = {}) => ({
  day: d,
  readmeImpressions,
  starsGained,
  views: 0,
  clones: 0,
  stars: null,
  ratios: { starsPer1kImpressions: readmeImpressions > 0 ? (starsGained / readmeImpressions) * 1000 : null, readmeRenderRate: null },
  ...extra,
});

describe('the dashboard chart data', () => {
  it('gapsBeforeData: missing before the first figure, zeros after it kept', () => {
    expect(gapsBeforeData([0, 0, 3, 0, 5])).toEqual([null, null, 3, 0, 5]);
    expect(gapsBeforeData([0, 0])).toEqual([null, null]);
  });

  it('rollingConversion: stars per 1k impressions over 7 days, from the first tracked day on', () => {
    const days = [day('d0', 0, 0), ...Array.from({ length: 8 }, (_, i) => day(`d${i + 1}`, 100, i === 3 ? 2 : 0))];
    const rolling = rollingConversion(days);
    expect(rolling.slice(0, 7)).toEqual([null, null, null, null, null, null, null]);
    expect(rolling[7]).toBeCloseTo((2 / 700) * 1000, 10);
    expect(rolling[8]).toBeCloseTo((2 / 700) * 1000, 10);
    expect(rollingConversion([day('a', 0, 0)])).toEqual([null]);
  });

  it('dailyConversion and renderRatePercent: nothing before the pixel counted', () => {
    const days = [
      day('a', 0, 1, { ratios: { starsPer1kImpressions: null, readmeRenderRate: 0 } }),
      day('b', 50, 1, { ratios: { starsPer1kImpressions: 20, readmeRenderRate: 0.5 } }),
    ];
    expect(dailyConversion(days)).toEqual([null, 20]);
    expect(renderRatePercent(days)).toEqual([null, 50]);
  });

  it('dataSpan: the days that hold anything', () => {
    expect(dataSpan([day('a', 0, 0), day('b', 3, 0), day('c', 0, 0, { views: 4 }), day('d', 0, 0)])).toEqual({ from: 'b', to: 'c' });
    expect(dataSpan([day('a', 0, 0)])).toBeNull();
  });

  it.each([
    ['2026-01-01', '2026-03-01', null],
    ['2026-01-0', '2026-03-01', 'Pick both dates.'],
    ['2026-03-02', '2026-03-01', 'The first date is after the second.'],
    ['2023-01-01', '2026-03-01', 'At most 731 days (two years) at a time.'],
  ])('checkRange(%s, %s)', (from, to, problem) => {
    expect(checkRange(from, to)).toBe(problem);
  });
});

describe('keyedLines', () => {
  const days: Array<{ byPage: Record<string, number> }> = [
    { byPage: {} },
    { byPage: { readme: 10, docs: 2 } },
    { byPage: { readme: 5, install: 4, faq: 1, api: 1 } },
  ];

  it('draws a line per key, most first, missing before the first figure and 0 after where a key has none', () => {
    expect(keyedLines(days, (day) => day.byPage)).toEqual([
      { key: 'readme', total: 15, values: [null, 10, 5] },
      { key: 'install', total: 4, values: [null, 0, 4] },
      { key: 'docs', total: 2, values: [null, 2, 0] },
      { key: 'api', total: 1, values: [null, 0, 1] },
      { key: 'faq', total: 1, values: [null, 0, 1] },
    ]);
  });

  it('sums the keys past the most into one line, so every figure is still drawn', () => {
    const lines = keyedLines(days, (day) => day.byPage, 3);
    expect(lines).toEqual([
      { key: 'readme', total: 15, values: [null, 10, 5] },
      { key: 'install', total: 4, values: [null, 0, 4] },
      { key: 'other (3)', total: 4, values: [null, 2, 2] },
    ]);
    // Each day's lines add up to the day's figures.
    for (const [i, day] of days.entries()) {
      const drawn = lines.reduce((sum, line) => sum + (line.values[i] ?? 0), 0);
      expect(drawn).toBe(Object.values(day.byPage).reduce((sum, value) => sum + value, 0));
    }
  });

  it('is no line at all for a range with no figures', () => {
    expect(keyedLines([{ byPage: {} }], (day) => day.byPage)).toEqual([]);
  });
});
