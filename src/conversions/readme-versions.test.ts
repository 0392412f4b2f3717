import { describe, expect, it } from 'vitest';
import { makeFacts } from '../../test/factories';
import { addDays } from '../dates';
import { binomialInterval } from './intervals';
import { buildVersions, compare, convertByLabel, convertByVersion, rate, showBound, type ReadmeChange } from './readme-versions';

const NOW = Date.parse('2026-03-20T15:00:00Z');
const change = (committedAt: string, sha: string, message = `docs: ${sha}`): ReadmeChange => ({ sha, committedAt, message });

describe('buildVersions', () => {
  it('makes one version per README change, the change day belonging to the new one, the last live today', () => {
    const versions = buildVersions(
      [change('2026-03-10T09:00:00Z', 'bbb'), change('2026-03-01T12:00:00Z', 'aaa'), change('2026-03-10T18:00:00Z', 'ccc')],
      NOW,
    );
    expect(versions.map((version) => [version.label, version.sha, version.days, version.current])).toEqual([
      ['v1', 'aaa', { from: '2026-03-01', to: '2026-03-09' }, false],
      // Replaced the day it was made: no whole day of its own.
      ['v2', 'bbb', null, false],
      ['v3', 'ccc', { from: '2026-03-10', to: '2026-03-20' }, true],
    ]);
    // Whole days, the live version's today included; never a fraction of the hours between commits.
    expect(versions.map((version) => version.daysLive)).toEqual([9, 0, 11]);
  });

  it('has no versions without changes', () => {
    expect(buildVersions([], NOW)).toEqual([]);
  });
});

describe('rate', () => {
  it.each([
    ['no exposure yet', 3, 0, null],
    ['no stars', 0, 1000, { per1k: 0, low: 0, high: 3.689 }],
    ['4 stars in 2,000 impressions', 4, 2000, { per1k: 2, low: 0.545, high: 5.121 }],
    ['a net loss counts as none', -2, 1000, { per1k: 0, low: 0, high: 3.689 }],
  ])('%s', (_name, stars, exposure, expected) => {
    const result = rate(stars, exposure);
    if (expected === null) return expect(result).toBeNull();
    expect(result?.per1k).toBeCloseTo(expected.per1k, 6);
    expect(result?.low).toBeCloseTo(expected.low, 2);
    expect(result?.high).toBeCloseTo(expected.high, 2);
  });
});

describe('convertByVersion', () => {
  // 20 days: v1 lives 10 days with 100 impressions and 1 star a day; v2 lives 10 days with 100 and 3 a day.
  const facts = Array.from({ length: 20 }, (_, i) =>
    makeFacts(addDays('2026-03-01', i), { readmeImpressions: 100, views: 200, starsGained: i < 10 ? 1 : 3 }),
  );
  const versions = buildVersions(
    [change('2026-03-01T00:00:00Z', 'aaa'), change('2026-03-11T00:00:00Z', 'bbb')],
    Date.parse('2026-03-20T23:00:00Z'),
  );

  it('sums each version days and compares it with the one before', () => {
    const [v1, v2] = convertByVersion(versions, facts);
    expect(v1).toMatchObject({ readmeImpressions: 1000, views: 2000, starsGained: 10, versusPrevious: null });
    expect(v1?.starsPer1kImpressions?.per1k).toBe(10);
    expect(v2).toMatchObject({ readmeImpressions: 1000, starsGained: 30 });
    const comparison = v2?.versusPrevious;
    expect(comparison?.basis).toBe('impressions');
    expect(comparison?.ratio).toBe(3);
    // Hand-computed: 30 of the 40 stars came in v2's 1,000 impressions against v1's 1,000.
    const p = binomialInterval(30, 40);
    expect(comparison?.low).toBeCloseTo(p.low / (1 - p.low), 10);
    expect(comparison?.high).toBeCloseTo(p.high / (1 - p.high), 10);
    expect(comparison?.verdict).toMatch(/^3× the previous README's stars per impression, 95%: 1\.\d–\d\.\d×$/);
  });

  it('says when there are too few impressions to tell', () => {
    const few = facts.map((fact, i) => ({ ...fact, starsGained: i === 2 || i === 12 || i === 13 ? 1 : 0 }));
    expect(convertByVersion(versions, few)[1]?.versusPrevious?.verdict).toMatch(
      /^too few impressions to tell \(95%: 0\.\d+–\d+(\.\d)?×\)$/,
    );
  });

  it('compares on page views for versions older than the pixel, and not at all without stars', () => {
    const beforePixel = facts.map((fact, i) => ({ ...fact, readmeImpressions: i < 10 ? 0 : 100 }));
    expect(convertByVersion(versions, beforePixel)[1]?.versusPrevious?.basis).toBe('views');
    const noStars = facts.map((fact) => ({ ...fact, starsGained: 0 }));
    expect(convertByVersion(versions, noStars)[1]?.versusPrevious).toBeNull();
  });

  it('handles a version live today and one with no day of its own', () => {
    const sameDay = buildVersions(
      [change('2026-03-01T00:00:00Z', 'a'), change('2026-03-05T08:00:00Z', 'b'), change('2026-03-05T20:00:00Z', 'c')],
      Date.parse('2026-03-20T23:00:00Z'),
    );
    const [, short, live] = convertByVersion(sameDay, facts);
    expect(short).toMatchObject({ days: null, readmeImpressions: 0, starsPer1kImpressions: null, versusPrevious: null });
    expect(live).toMatchObject({ current: true, days: { from: '2026-03-05', to: '2026-03-20' }, readmeImpressions: 1600 });
  });

  it('counts link clicks per version with the same interval as stars, and compares them on impressions', () => {
    // v1: 2 clicks a day of its 1,000 impressions; v2: 6 a day.
    const clicked = facts.map((fact, i) => ({ ...fact, linkClicks: i < 10 ? 2 : 6 }));
    const [v1, v2] = convertByVersion(versions, clicked);
    expect(v1).toMatchObject({ linkClicks: 20, clicksVersusPrevious: null });
    expect(v1?.clicksPer1kImpressions).toEqual(rate(20, 1000));
    expect(v2?.linkClicks).toBe(60);
    expect(v2?.clicksPer1kImpressions?.per1k).toBe(60);
    // 60 of the 80 clicks came in v2's 1,000 impressions against v1's 1,000: the stars' rule, on clicks.
    const p = binomialInterval(60, 80);
    expect(v2?.clicksVersusPrevious?.ratio).toBe(3);
    expect(v2?.clicksVersusPrevious?.low).toBeCloseTo(p.low / (1 - p.low), 10);
    expect(v2?.clicksVersusPrevious?.high).toBeCloseTo(p.high / (1 - p.high), 10);
    expect(v2?.clicksVersusPrevious?.verdict).toMatch(/^3× the previous README's link clicks per impression, 95%: 1\.\d–\d\.\d×$/);
    // The stars' verdict is its own.
    expect(v2?.versusPrevious?.verdict).toMatch(/stars per impression/);
  });

  it('never compares clicks on page views: without impressions in both versions, no click verdict', () => {
    const beforePixel = facts.map((fact, i) => ({ ...fact, readmeImpressions: i < 10 ? 0 : 100, linkClicks: 3 }));
    const [v1, v2] = convertByVersion(versions, beforePixel);
    expect(v1?.clicksPer1kImpressions).toBeNull();
    expect(v2?.clicksVersusPrevious).toBeNull();
  });

  it('counts the rest of the funnel per version, each with the same interval and its own verdict on impressions', () => {
    // v1: a first contribution every other day, 50 downloads a day, no watcher; v2: one each day, 150, 1 watcher a day.
    const funnel = facts.map((fact, i) => ({
      ...fact,
      firstContributions: i < 10 ? i % 2 : 1,
      downloads: i < 10 ? 50 : 150,
      watchersGained: i < 10 ? 0 : 1,
    }));
    const [v1, v2] = convertByVersion(versions, funnel);
    expect(v1?.funnel['first contributions']).toEqual({ count: 5, per1kImpressions: rate(5, 1000), versusPrevious: null });
    expect(v2?.funnel['first contributions'].count).toBe(10);
    const p = binomialInterval(10, 15);
    expect(v2?.funnel['first contributions'].versusPrevious?.ratio).toBe(2);
    expect(v2?.funnel['first contributions'].versusPrevious?.low).toBeCloseTo(p.low / (1 - p.low), 10);
    expect(v2?.funnel['first contributions'].versusPrevious?.verdict).toMatch(/^too few impressions to tell/);
    // 1,500 of 2,000 downloads in v2's 1,000 impressions: three times v1's, and clearly so.
    expect(v2?.funnel.downloads.per1kImpressions?.per1k).toBe(1500);
    expect(v2?.funnel.downloads.versusPrevious?.verdict).toMatch(/^3× the previous README's downloads per impression, 95%: 2\.\d–3\.\d×$/);
    // Against a version without watchers: infinitely more, with a finite lower bound.
    expect(v2?.funnel.watchers).toMatchObject({ count: 10, versusPrevious: { ratio: Number.POSITIVE_INFINITY } });
    expect(v1?.funnel.watchers.per1kImpressions?.per1k).toBe(0);
  });

  it('compare is infinite against a version without stars', () => {
    const [v1, v2] = convertByVersion(
      versions,
      facts.map((fact, i) => ({ ...fact, starsGained: i < 10 ? 0 : 2 })),
    );
    expect(compare(v1 as never, v2 as never)?.ratio).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('convertByLabel (?v= labels)', () => {
  const day = (i: number) => addDays('2026-05-01', i);

  it('gives each day to the label with the most README impressions; a version gets all impressions and stars of its days', () => {
    const facts = Array.from({ length: 6 }, (_, i) => makeFacts(day(i), { readmeImpressions: 200, starsGained: i < 3 ? 1 : 4 }));
    const labelled = [
      { day: day(0), label: 'intro', views: 100 },
      { day: day(1), label: 'intro', views: 100 },
      { day: day(2), label: 'intro', views: 100 },
      { day: day(3), label: 'gif', views: 50 },
      { day: day(3), label: 'intro', views: 10 }, // a cached copy of the old README, still seen
      { day: day(4), label: 'gif', views: 50 },
      { day: day(5), label: 'gif', views: 50 },
    ];
    const [intro, gif, ...more] = convertByLabel(labelled, facts);
    expect(more).toEqual([]);
    expect(intro).toMatchObject({
      label: 'intro',
      days: { from: day(0), to: day(2) },
      daysLive: 3,
      readmeImpressions: 600,
      starsGained: 3,
    });
    expect(gif).toMatchObject({
      label: 'gif',
      days: { from: day(3), to: day(5) },
      daysLive: 3,
      readmeImpressions: 600,
      starsGained: 12,
      current: true,
    });
    expect(gif?.starsPer1kImpressions?.per1k).toBe(20);
    expect(gif?.versusPrevious?.ratio).toBe(4);
  });

  it('lists a stray label that never wins a day with no days and no figures, and takes no stars from the one that does', () => {
    const facts = Array.from({ length: 30 }, (_, i) => makeFacts(day(i), { readmeImpressions: 200, starsGained: 3 }));
    const labelled = [
      ...facts.map((fact) => ({ day: fact.day, label: 'hero-b', views: 195 })),
      ...[2, 9, 17, 25, 29].map((i) => ({ day: day(i), label: 'typo-x', views: 1 })),
    ];
    const [hero, typo, ...more] = convertByLabel(labelled, facts);
    expect(more).toEqual([]);
    expect(hero).toMatchObject({
      label: 'hero-b',
      days: { from: day(0), to: day(29) },
      daysLive: 30,
      readmeImpressions: 6000,
      starsGained: 90,
    });
    expect(hero?.starsPer1kImpressions?.per1k).toBe(15);
    expect(typo).toMatchObject({
      label: 'typo-x',
      days: null,
      daysLive: 0,
      readmeImpressions: 0,
      starsGained: 0,
      starsPer1kImpressions: null,
      versusPrevious: null,
      current: false,
    });
  });

  it('breaks a tie for the newer label, leaves days without labels to none, and makes a new run when a label comes back', () => {
    const facts = Array.from({ length: 7 }, (_, i) => makeFacts(day(i), { readmeImpressions: 100, starsGained: i + 1 }));
    const labelled = [
      { day: day(0), label: 'a', views: 40 },
      { day: day(1), label: 'a', views: 40 },
      // day 2: no labelled impressions (the README dropped ?v= for a day): nobody's
      { day: day(3), label: 'a', views: 30 },
      { day: day(3), label: 'b', views: 30 }, // a tie: b was first seen later
      { day: day(4), label: 'b', views: 50 },
      { day: day(5), label: 'a', views: 60 }, // a reverted README
      { day: day(6), label: 'a', views: 60 },
    ];
    const runs = convertByLabel(labelled, facts);
    expect(runs.map(({ label, days, daysLive, starsGained, current }) => ({ label, days, daysLive, starsGained, current }))).toEqual([
      { label: 'a', days: { from: day(0), to: day(1) }, daysLive: 2, starsGained: 1 + 2, current: false },
      { label: 'b', days: { from: day(3), to: day(4) }, daysLive: 2, starsGained: 4 + 5, current: false },
      { label: 'a', days: { from: day(5), to: day(6) }, daysLive: 2, starsGained: 6 + 7, current: true },
    ]);
  });

  it('does not end a run at a day no label won, and does not count that day', () => {
    const facts = Array.from({ length: 3 }, (_, i) => makeFacts(day(i), { readmeImpressions: 100, starsGained: 10 }));
    const [only, ...more] = convertByLabel(
      [
        { day: day(0), label: 'a', views: 5 },
        { day: day(2), label: 'a', views: 5 },
      ],
      facts,
    );
    expect(more).toEqual([]);
    expect(only).toMatchObject({ days: { from: day(0), to: day(2) }, daysLive: 2, readmeImpressions: 200, starsGained: 20 });
  });

  it("counts a click toward the label its link's ?v= names on a day that label won, an unlabelled one toward the day's winner", () => {
    const facts = Array.from({ length: 4 }, (_, i) => makeFacts(day(i), { readmeImpressions: 100, starsGained: 0 }));
    const labelled = [
      { day: day(0), label: 'a', views: 90 },
      { day: day(1), label: 'a', views: 90 },
      { day: day(2), label: 'b', views: 90 },
      { day: day(3), label: 'b', views: 90 },
    ];
    const clicks = [
      { day: day(0), name: 'docs', version: 'a', referrer: 'github.com', clicks: 4 },
      { day: day(1), name: 'docs', version: '', referrer: 'github.com', clicks: 2 }, // no ?v=: a's day
      { day: day(2), name: 'docs', version: 'a', referrer: 'github.com', clicks: 5 }, // a cached old README on b's day: nobody's
      { day: day(2), name: 'docs', version: 'b', referrer: 'github.com', clicks: 7 },
      { day: day(3), name: 'install', version: 'b', referrer: '', clicks: 1 },
    ];
    // The facts' own click counts (every click of the day) give way to the labels'.
    const withAllClicks = facts.map((fact) => ({
      ...fact,
      linkClicks: clicks.filter((click) => click.day === fact.day).reduce((sum, click) => sum + click.clicks, 0),
    }));
    const [a, b] = convertByLabel(labelled, withAllClicks, clicks);
    expect(a).toMatchObject({ label: 'a', linkClicks: 6 });
    expect(b).toMatchObject({ label: 'b', linkClicks: 8 });
    expect(b?.clicksPer1kImpressions?.per1k).toBe(40);
    expect(b?.clicksVersusPrevious?.ratio).toBeCloseTo(8 / 6, 12);
  });

  it('has none without labels', () => {
    expect(convertByLabel([], [])).toEqual([]);
  });
});

describe('verdicts and their printed bounds', () => {
  it('prints a bound with the decimals it takes to stay on its side of 1', () => {
    expect([1.0203, 0.99, 0.9996, 1.04, 1.6, 2, 0.42].map(showBound)).toEqual(['1.02', '0.99', '0.9996', '1.04', '1.6', '2', '0.4']);
    expect(showBound(Number.POSITIVE_INFINITY)).toBe('∞');
  });

  it('never prints an interval that contradicts its verdict', () => {
    const version = (readmeImpressions: number, starsGained: number) =>
      ({ readmeImpressions, views: readmeImpressions, starsGained }) as Parameters<typeof compare>[0];
    let checked = 0;
    for (let k1 = 1; k1 <= 60; k1++) {
      for (let k2 = 1; k2 <= 90; k2++) {
        const verdict = compare(version(10_000, k1), version(10_000, k2))?.verdict ?? '';
        const [low, high] = (/95%: ([\d.,]+)–([\d.,∞]+)×/.exec(verdict)?.slice(1) ?? []).map((bound) =>
          bound === '∞' ? Number.POSITIVE_INFINITY : Number(bound.replaceAll(',', '')),
        );
        if (low === undefined || high === undefined) throw new Error(`no interval in "${verdict}"`);
        const printedSaysSame = low <= 1 && high >= 1;
        expect(verdict.startsWith('too few'), verdict).toBe(printedSaysSame);
        checked++;
      }
    }
    expect(checked).toBe(60 * 90);
  });
});
