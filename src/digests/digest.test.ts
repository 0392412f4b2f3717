import { describe, expect, it } from 'vitest';
import { makeFacts } from '../../test/factories';
import type { DailyFacts } from '../history/daily-facts';
import { buildDigest, digestMarkdown, digestWebhookMessage } from './digest';

const week = (from: number, overrides: Partial<DailyFacts>) =>
  Array.from({ length: 7 }, (_, i) => makeFacts(`2026-11-${String(from + i).padStart(2, '0')}`, overrides));

describe('buildDigest', () => {
  // README impressions of the 8 weeks before last week: acme/rising usually changes by ~20 a week.
  const usual = [690, 700, 720, 700, 680, 700, 690, 710];
  const digest = buildDigest('acme', '2026-W47', { from: '2026-11-16', to: '2026-11-22' }, [
    { repo: 'acme/steady', thisWeek: week(16, {}), lastWeek: week(9, {}), earlierWeeks: usual },
    {
      repo: 'acme/rising',
      thisWeek: week(16, { readmeImpressions: 300, starsGained: 6, linkClicks: 4, firstContributions: 1, downloads: 1500 }),
      lastWeek: week(9, { readmeImpressions: 100 }),
      earlierWeeks: usual,
    },
    { repo: 'acme/new', thisWeek: week(16, { readmeImpressions: 10 }), lastWeek: [] },
  ]);

  it('compares each repository with the week before', () => {
    const rising = digest.repositories[1];
    expect(rising?.thisWeek.readmeImpressions).toBe(2100);
    expect(rising?.impressionsChange).toBe(2);
    expect(rising?.ratios.starsPer1kImpressions).toBeCloseTo((42 / 2100) * 1000, 10);
    expect(rising?.previousRatios.starsPer1kImpressions).toBeCloseTo((7 / 700) * 1000, 10);
    expect(digest.repositories[2]?.impressionsChange).toBeNull();
  });

  it('names the repositories that moved beyond their usual week-to-week change, and no other', () => {
    // rising: 700 → 2,100, where it usually changes by 20 (the median of 10, 20, 20, 20, 20, 10, 20 and, last week's
    // 700 after 710, 10). steady: no change. new: no weeks to judge by.
    expect(digest.movers).toEqual(['acme/rising']);
    expect(digest.moves).toEqual([{ repo: 'acme/rising', change: 1400, usualChange: 20 }]);
  });

  it('renders Markdown for the digest page', () => {
    const markdown = digestMarkdown(digest);
    expect(markdown).toContain('## README conversions for acme, week 2026-W47 (2026-11-16 – 2026-11-22)');
    // The funnel beyond stars: 4 link clicks, 1 first contribution and 1,500 downloads a day.
    expect(markdown).toContain('| acme/rising | 2,100 | +200% | 42 | 0 | 20 (was 10) | 150% | 28 | 7 | 10,500 |');
    expect(markdown).toContain('| acme/new | 70 | new |');
    expect(markdown).toContain(
      'Biggest movers, beyond their usual week-to-week change: acme/rising +1,400 README impressions (usually ±20 a week).',
    );
  });

  it("leads with GITHUB_TOKEN's warning when there is one", () => {
    const warned = { ...digest, tokenWarning: 'GITHUB_TOKEN expires in 3 days (2026-11-26 10:00 UTC): make a new token.' };
    expect(digestMarkdown(warned).split('\n').slice(0, 3)).toEqual([
      '## README conversions for acme, week 2026-W47 (2026-11-16 – 2026-11-22)',
      '',
      '> GITHUB_TOKEN expires in 3 days (2026-11-26 10:00 UTC): make a new token.',
    ]);
    const plain = digestWebhookMessage(warned, 'https://chat.example.org/hooks/abc') as { text: string };
    expect(plain.text).toContain('GITHUB_TOKEN\n- GITHUB_TOKEN expires in 3 days');
    expect(digestMarkdown(digest)).not.toContain('GITHUB_TOKEN');
  });

  it('posts each app its own form: Slack blocks, Discord embeds, plain text for others', () => {
    const plain = digestWebhookMessage(digest, 'https://chat.example.org/hooks/abc') as { text: string };
    expect(plain.text).toContain(
      'acme/rising: 2,100 README impressions (+200% on last week) · 42 new stars · 0 new forks · 20 stars per 1k impressions (was 10) · README render rate 150% · 28 link clicks · 7 first contributions · 10,500 downloads',
    );
    expect(plain.text).toContain(
      'acme/steady: 700 README impressions (+0% on last week) · 7 new stars · 0 new forks · 10 stars per 1k impressions (was 10) · README render rate 50%\n',
    );
    expect(plain.text).toContain('acme/new: 70 README impressions (new) · 7 new stars');
    expect(plain.text).toContain(
      'Biggest movers, beyond their usual week-to-week change\n- acme/rising +1,400 README impressions (usually ±20 a week)',
    );
    const slack = digestWebhookMessage(digest, 'https://hooks.slack.com/services/T/B/X') as { blocks: Array<{ type: string }> };
    expect(slack.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section']);
    const discord = digestWebhookMessage(digest, 'https://discord.com/api/webhooks/1/x') as { embeds: Array<{ fields?: unknown[] }> };
    expect(discord.embeds[0]?.fields).toHaveLength(3);
  });
});
