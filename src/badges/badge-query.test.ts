import { describe, expect, it } from 'vitest';
import { DEFAULT_BADGE_LOOK } from './badge';
import { parseBadgeQuery } from './badge-query';

describe('parseBadgeQuery', () => {
  it('defaults to total views, flat and blue', () => {
    expect(parseBadgeQuery({})).toEqual({ ok: true, period: 'total', look: DEFAULT_BADGE_LOOK });
  });

  it('takes every option', () => {
    expect(parseBadgeQuery({ period: 'week', label: 'README views', color: '#ff8800', style: 'for-the-badge' })).toEqual({
      ok: true,
      period: 'week',
      look: { label: 'README views', color: '#ff8800', style: 'for-the-badge' },
    });
  });

  it.each([
    [{ period: 'year' }, 'period must be day|week|month|total'],
    [{ style: 'social' }, 'style must be flat|flat-square|for-the-badge|plastic'],
    [{ color: 'red;<x>' }, 'bad color'],
    [{ color: 'purpel' }, 'bad color'],
    [{ color: 'rgb(300' }, 'bad color'],
    [{ color: `rgb(${'0'.repeat(40)},0,0)` }, 'bad color'],
    [{ label: 'x'.repeat(65) }, 'bad label'],
    [{ label: 'bell\u0007' }, 'bad label'],
    [{ label: 'rtl\u202eoverride' }, 'bad label'],
    [{ period: 'year', style: 'x' }, 'style must be flat|flat-square|for-the-badge|plastic, period must be day|week|month|total'],
  ])('%j → %s', (query, error) => {
    expect(parseBadgeQuery(query)).toEqual({ ok: false, look: expect.any(Object), error });
  });

  it.each(['blue', 'Green', 'informational', 'ff8800', '#FF8800', 'rgb(200, 10, 10)', 'hsl(120, 100%, 50%)', 'purple'])(
    'takes the colour %s',
    (color) => {
      expect(parseBadgeQuery({ color })).toEqual({ ok: true, period: 'total', look: { ...DEFAULT_BADGE_LOOK, color } });
    },
  );

  it('keeps the valid parts of the look to draw the error with', () => {
    const result = parseBadgeQuery({ label: 'hits', period: 'year' });
    expect(result.look.label).toBe('hits');
  });
});
