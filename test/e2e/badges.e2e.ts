import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { makeBadge } from 'badge-maker';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { asciiWidths } from '../../scripts/extract-ascii-widths.mjs';
import { BADGE_STYLES, drawBadge, type BadgeParts } from '../../src/badges/badge-svg';
import { VERDANA_ASCII_WIDTHS } from '../../src/badges/verdana-ascii-widths';
import { CHROMIUM, launchChromium } from './built-worker';

/**
 * The Worker's badges against shields' badge-maker, which they replace: the same SVG for ASCII text (every
 * message and most labels), and the same boxes within 2 px for other scripts, where widths come from badgen.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const REQUIRED = process.env.REQUIRE_BROWSER_TESTS === '1';

const ASCII_LABELS = ['views', 'README views', 'stars per 1k views', 'clones (14 days)', 'hits', 'A&B <x> "q"'];
const OTHER_LABELS = ['просмотры', 'προβολές', 'émigré café', '中文标签', 'Aufrufe für Änderungen'];
const MESSAGES = [
  '0',
  '7',
  '42',
  '1.2k',
  '999k',
  '12M',
  '+12',
  '-3',
  '4.7',
  'unavailable',
  'not tracked',
  'no data yet',
  'private: set PUBLIC_REPORT',
  'bad color',
];
// Shields' names and aliases, hex with and without '#', CSS functions and names; light and dark backgrounds.
const COLORS = [
  'blue',
  'brightgreen',
  'green',
  'yellow',
  'yellowgreen',
  'orange',
  'red',
  'grey',
  'lightgrey',
  'success',
  'inactive',
  'ff8800',
  '#FF8800',
  'fe0',
  'rgb(200,10,10)',
  'rgba(0,0,0,0.5)',
  'hsl(120, 100%, 50%)',
  'purple',
  'white',
];

function cases(labels: string[]): BadgeParts[] {
  return BADGE_STYLES.flatMap((style) =>
    labels.flatMap((label) => MESSAGES.flatMap((message) => COLORS.map((color) => ({ label, message, color, style })))),
  );
}

/** Every number in an SVG, in px: text is laid out at 10× inside scale(.1), so x and textLength are divided back. */
function geometry(svg: string): number[] {
  return [...svg.matchAll(/ (width|x|textLength)="([\d.]+)"/g)].map(
    ([, name, value]) => (name === 'width' ? 1 : svg.includes('scale(.1)') ? 0.1 : 1) * Number(value),
  );
}

describe('badges', () => {
  it("keeps the ASCII width tables equal to anafanafo's (badge-maker's)", () => {
    expect(VERDANA_ASCII_WIDTHS).toEqual(asciiWidths());
  });

  it('draws ASCII labels and messages exactly as badge-maker does, in every style and colour', () => {
    const differing = cases(ASCII_LABELS).filter((parts) => drawBadge(parts) !== makeBadge(parts));
    expect(differing).toEqual([]);
  });

  it('draws other scripts with the same structure and colours, and boxes within 2 px of badge-maker', () => {
    for (const parts of cases(OTHER_LABELS)) {
      const ours = drawBadge(parts);
      const theirs = makeBadge(parts);
      const shape = (svg: string) => svg.replace(/ (width|x|textLength)="[\d.]+"/g, ' $1="N"');
      expect(shape(ours), JSON.stringify(parts)).toBe(shape(theirs));
      const offsets = geometry(ours).map((value, index) => Math.abs(value - (geometry(theirs)[index] ?? NaN)));
      expect(Math.max(...offsets), JSON.stringify(parts)).toBeLessThanOrEqual(2);
    }
  });
});

describe.skipIf(!existsSync(CHROMIUM) && !REQUIRED)('badges in Chromium', () => {
  it('renders ours beside badge-maker’s at the same size (screenshot in artifacts/badges.png)', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 760, height: 600 } });
      const rows = BADGE_STYLES.flatMap((style) =>
        [
          { label: 'README views', message: '1.2k', color: 'blue' },
          { label: 'stars per 1k views', message: '4.7', color: 'yellow' },
          { label: 'просмотры', message: 'not tracked', color: 'lightgrey' },
        ].map((parts) => ({ ...parts, style })),
      );
      const image = (svg: string) => `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`;
      const table = rows
        .map((parts) => `<tr><td>${parts.style}</td><td>${image(drawBadge(parts))}</td><td>${image(makeBadge(parts))}</td></tr>`)
        .join('');
      await page.setContent(
        `<body style="font:13px sans-serif;margin:16px"><table cellpadding="6"><tr><th></th><th>repo-impressions</th><th>badge-maker</th></tr>${table}</table></body>`,
        { waitUntil: 'load' },
      );
      const pairs = await page.$$eval('tr', (trs) =>
        trs.slice(1).map((tr) => [...tr.querySelectorAll('img')].map((img) => ({ width: img.naturalWidth, height: img.naturalHeight }))),
      );
      expect(pairs).toHaveLength(rows.length);
      for (const [ours, theirs] of pairs) {
        expect(ours?.width).toBeGreaterThan(0);
        expect(ours?.height).toBe(theirs?.height);
        expect(Math.abs((ours?.width ?? 0) - (theirs?.width ?? 0))).toBeLessThanOrEqual(2);
      }
      mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'artifacts', 'badges.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
