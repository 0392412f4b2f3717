import { describe, expect, it } from 'vitest';
import { parseTokenExpiration, tokenWarning, warningToAnnounce } from './token-expiry';

const EXPIRES = '2026-12-20T10:00:00.000Z';
const ahead = (days: number, hours = 0) => Date.parse(EXPIRES) - days * 86_400_000 - hours * 3_600_000;

describe('parseTokenExpiration', () => {
  it("reads GitHub's header as an ISO time", () => {
    expect(parseTokenExpiration('2026-12-20 10:00:00 UTC')).toBe(EXPIRES);
    expect(parseTokenExpiration('2026-12-20 11:00:00 +0100')).toBe(EXPIRES);
  });

  it.each([undefined, null, '', 'never', '2026-12-20', '2026-13-45 10:00:00 UTC'])('%s: none', (header) => {
    expect(parseTokenExpiration(header)).toBeNull();
  });
});

describe('tokenWarning', () => {
  it('says nothing while more than 14 days are left', () => {
    expect(tokenWarning(EXPIRES, ahead(14, 1))).toBeNull();
    expect(tokenWarning(null, ahead(1))).toBeNull();
  });

  it.each([
    [ahead(14), '14 days', 14],
    [ahead(4), '14 days', 4],
    [ahead(3), '3 days', 3],
    [ahead(1), 'the day', 1],
    [ahead(0, 2), 'the day', 1],
  ])('warns at %s: %s', (now, key, daysLeft) => {
    expect(tokenWarning(EXPIRES, now)).toMatchObject({ key, daysLeft });
  });

  it('says what to do, and that it expired', () => {
    expect(tokenWarning(EXPIRES, ahead(3))?.message).toBe(
      'GITHUB_TOKEN expires in 3 days (2026-12-20 10:00 UTC): make a new token (fine-grained: "Administration: read" on the repositories; classic: "repo"), then `wrangler secret put GITHUB_TOKEN` or `npm run setup`.',
    );
    expect(tokenWarning(EXPIRES, Date.parse(EXPIRES) + 1)).toMatchObject({ key: 'expired', daysLeft: 0 });
  });
});

describe('warningToAnnounce', () => {
  it('posts each warning once', () => {
    const warning = tokenWarning(EXPIRES, ahead(3));
    expect(warningToAnnounce(warning, [])).toBe(warning);
    expect(warningToAnnounce(warning, ['14 days'])).toBe(warning);
    expect(warningToAnnounce(warning, ['14 days', '3 days'])).toBeNull();
  });
});
