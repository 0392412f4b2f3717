import { describe, expect, it } from 'vitest';
import { makeFacts } from '../../test/factories';
import { addDays } from '../dates';
import { binomialInterval } from './intervals';
import { impressionsToTell, readmeAnswer } from './readme-answer';
import { currentVersion, type ComparedCounts } from './readme-versions';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const changes = [
  { sha: 'a', committedAt: '2026-09-01T10:00:00Z', message: 'v1' },
  { sha: 'b', committedAt: '2026-10-29T10:00:00Z', message: 'new intro' },
];
/** 200 README impressions a day; stars a day under v1 and under v2. */
const facts = (v1Stars: number, v2Stars: number) =>
  Array.from({ length: 94 }, (_, i) => {
    const day = addDays('2026-09-01', i);
    return makeFacts(day, { readmeImpressions: 200, starsGained: day < '2026-10-29' ? v1Stars : v2Stars });
  });

describe('readmeAnswer', () => {
  it('says how much better the live README converts, with its interval and days live', () => {
    const answer = readmeAnswer(currentVersion(changes, facts(1, 3), NOW));
    expect(answer.kind).toBe('better');
    expect(answer.text).toMatch(/^Converts 3× better than the README before it \(95%: [\d.]+–[\d.]+×\), live 36 days\.$/);
  });

  it('says when it converts worse', () => {
    const answer = readmeAnswer(currentVersion(changes, facts(3, 1), NOW));
    expect(answer).toMatchObject({ kind: 'worse' });
    expect(answer.text).toMatch(/^Converts 0\.3× as well as the README before it/);
  });

  it('says honestly when it is too early, and about how many more impressions would tell', () => {
    // 1 star a day under both for the first days of v2: no difference to tell yet.
    const close = facts(1, 1).map((fact, i) => (i >= 60 && i % 2 === 0 ? { ...fact, starsGained: 2 } : fact));
    const answer = readmeAnswer(currentVersion(changes, close.slice(0, 66), Date.parse('2026-11-04T12:00:00Z')));
    expect(answer.kind).toBe('too-early');
    expect(answer.text).toMatch(/^Too early to tell: about [\d,]+ more README impressions needed \(95%: [\d.]+–[\d.]+×\), live 7 days\.$/);
  });

  it('names the first README, one without stars on either side, and one not known', () => {
    expect(readmeAnswer(currentVersion(changes.slice(0, 1), facts(1, 1), NOW))).toMatchObject({ kind: 'first' });
    expect(readmeAnswer(currentVersion(changes, facts(0, 0), NOW)).text).toBe(
      'Too early to tell: no stars yet under this README or the one before (v2, live 36 days).',
    );
    expect(readmeAnswer(null).kind).toBe('unknown');
  });
});

describe('impressionsToTell', () => {
  /** Whether the ratio's exact interval leaves 1×, computed here from the binomial directly. */
  const tellsAt = (compared: ComparedCounts, extra: number) => {
    const { previous, current } = compared;
    const exposure = current.exposure + extra;
    const stars = Math.round((current.stars / current.exposure) * exposure);
    const { low, high } = binomialInterval(stars, previous.stars + stars);
    const ratio = (p: number) => (p / (1 - p)) * (previous.exposure / exposure);
    return ratio(low) > 1 || ratio(high) < 1;
  };

  it('is the fewest more impressions (within 1%) at which the interval leaves 1×, at the rates seen so far', () => {
    const compared: ComparedCounts = {
      basis: 'impressions',
      previous: { exposure: 20_000, stars: 400 },
      current: { exposure: 1_000, stars: 25 },
    };
    const needed = impressionsToTell(compared) as number;
    expect(needed).toBeGreaterThan(0);
    expect(tellsAt(compared, needed)).toBe(true);
    expect(tellsAt(compared, Math.floor(needed * 0.98))).toBe(false);
  });

  it('is 0 when it already tells, and null when more of the live README alone cannot tell', () => {
    expect(
      impressionsToTell({ basis: 'impressions', previous: { exposure: 10_000, stars: 10 }, current: { exposure: 10_000, stars: 60 } }),
    ).toBe(0);
    expect(
      impressionsToTell({ basis: 'impressions', previous: { exposure: 10_000, stars: 20 }, current: { exposure: 5_000, stars: 10 } }),
    ).toBeNull();
    expect(
      impressionsToTell({ basis: 'impressions', previous: { exposure: 10_000, stars: 20 }, current: { exposure: 100, stars: 0 } }),
    ).toBeNull();
  });
});
