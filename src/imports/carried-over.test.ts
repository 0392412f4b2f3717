import { describe, expect, it } from 'vitest';
import { parseCarriedOver } from './carried-over';

describe('parseCarriedOver', () => {
  const today = '2026-12-02';

  it('takes a total of views before a day up to today, with its source trimmed', () => {
    expect(parseCarriedOver({ views: 0, before: '2026-12-02', source: '  ghpvc ' }, today)).toEqual({
      ok: true,
      carriedOver: { views: 0, before: '2026-12-02', source: 'ghpvc' },
    });
    expect(parseCarriedOver({ views: 1e12, before: '2019-01-01', source: 'Google Analytics' }, today).ok).toBe(true);
  });

  it.each([
    [{ views: 1e12 + 1, before: '2026-01-01', source: 'x' }, 'views must be at most 1000000000000'],
    [
      { views: 5, before: '2026-12-03', source: 'x' },
      'before must be a day from 2008-01-01 to 2026-12-02 (today, UTC) as YYYY-MM-DD; it is "2026-12-03".',
    ],
    [{ views: 5, before: '2007-12-31', source: 'x' }, 'before must be a day from 2008-01-01 to 2026-12-02'],
    [{ views: 5, before: '0000-01-01', source: 'x' }, 'before must be a day from 2008-01-01 to 2026-12-02'],
    [{ views: 5, before: '01/12/2026', source: 'x' }, 'before must be a day, YYYY-MM-DD'],
    [{ views: 5, before: '2026-01-01', source: 'x'.repeat(101) }, 'source must be at most 100 characters'],
    [{ views: 5, before: '2026-01-01', source: 'bell\u0007' }, 'source must be plain text'],
    [{ views: 5, before: '2026-01-01' }, 'source must say where the count comes from'],
  ])('%j → %s', (input, error) => {
    const parsed = parseCarriedOver(input, today);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(error);
  });
});
