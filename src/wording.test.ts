import { describe, expect, it } from 'vitest';
import { countOf } from './wording';

describe('countOf', () => {
  it('says one of a thing, and more of them, with thousands separators', () => {
    expect([0, 1, 2, 12345].map((n) => countOf(n, 'day'))).toEqual(['0 days', '1 day', '2 days', '12,345 days']);
    expect(countOf(1, 'repository', 'repositories')).toBe('1 repository');
    expect(countOf(3, 'repository', 'repositories')).toBe('3 repositories');
  });
});
