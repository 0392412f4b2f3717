import type { KnownBlock, SectionBlock } from '@slack/types';
import type { APIEmbed, RESTPostAPIWebhookWithTokenJSONBody } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  DISCORD_LIMITS,
  discordPayload,
  plainText,
  SLACK_LIMITS,
  slackPayload,
  webhookAppOf,
  webhookPayload,
  type WebhookMessage,
} from './webhook-payloads';

const small: WebhookMessage = {
  title: 'README conversions for acme, week 2026-W47 (2026-11-16 – 2026-11-22)',
  items: [
    { name: 'acme/rocket', value: '2,100 README impressions (+200% on last week) · 42 new stars' },
    { name: 'acme/my_lib', value: '70 README impressions (new) · 0 new stars' },
  ],
  parts: [
    { heading: 'Star bursts and traffic spikes', lines: ['acme/rocket: 2026-11-17: +40 stars; <news.ycombinator.com> +2,750 views'] },
  ],
  whole: 'GET /report/digests/2026-W47',
};

/** A digest of 60 repositories with long lines: more than any app takes in one message. */
const large: WebhookMessage = {
  ...small,
  items: Array.from({ length: 60 }, (_, i) => ({ name: `acme/repository-${i}`, value: `${'figures '.repeat(40)}${i}` })),
  parts: Array.from({ length: 3 }, (_, i) => ({
    heading: `Part ${i}`,
    lines: Array.from({ length: 80 }, (_, j) => `line ${j} ${'x'.repeat(60)}`),
  })),
};

describe('webhookAppOf', () => {
  it.each([
    ['https://hooks.slack.com/services/T000/B000/XXXX', 'slack'],
    ['https://discord.com/api/webhooks/123/abc', 'discord'],
    ['https://discordapp.com/api/webhooks/123/abc', 'discord'],
    ['https://ptb.discord.com/api/webhooks/123/abc', 'discord'],
    ['https://discord.com/channels/1/2', 'plain'], // not a webhook
    ['https://hooks.slack.com.evil.example/services/x', 'plain'],
    ['https://chat.example.org/hooks/abc', 'plain'],
    ['not a url', 'plain'],
  ])('%s → %s', (url, app) => {
    expect(webhookAppOf(url)).toBe(app);
  });
});

describe('Slack (Block Kit)', () => {
  it('puts the title in a header, each item in a field with its name in bold, each part in a section; no table, no ##', () => {
    const payload = slackPayload(small);
    const blocks: KnownBlock[] = payload.blocks; // typed by @slack/types
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: small.title } });
    expect((blocks[1] as SectionBlock).fields).toEqual([
      { type: 'mrkdwn', text: '*acme/rocket*\n2,100 README impressions (+200% on last week) · 42 new stars' },
      { type: 'mrkdwn', text: '*acme/my_lib*\n70 README impressions (new) · 0 new stars' },
    ]);
    // mrkdwn's control characters escaped, so a referrer's name cannot become a link or a mention.
    expect((blocks[2] as SectionBlock).text).toEqual({
      type: 'mrkdwn',
      text: '*Star bursts and traffic spikes*\n• acme/rocket: 2026-11-17: +40 stars; &lt;news.ycombinator.com&gt; +2,750 views',
    });
    expect(payload.text).toBe(plainText(small)); // the notification's text
    expect(JSON.stringify(payload)).not.toMatch(/\||##|\*\*/);
  });

  it("stays within Block Kit's limits for a digest too large for one message, and says where the rest is", () => {
    const { blocks } = slackPayload(large);
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of blocks) {
      if (block.type !== 'section') continue;
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    const fields = blocks.flatMap((block) => (block.type === 'section' ? (block.fields ?? []) : []));
    expect(fields).toHaveLength(60); // 6 sections of 10
    const withMore = slackPayload({ ...large, items: Array.from({ length: 600 }, (_, i) => ({ name: `r${i}`, value: 'v' })) });
    expect(withMore.blocks).toHaveLength(SLACK_LIMITS.blocks);
    expect(withMore.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'More than fits here: GET /report/digests/2026-W47' }],
    });
  });
});

describe('Discord (embeds)', () => {
  const characters = (embeds: APIEmbed[]) =>
    embeds.reduce(
      (sum, embed) =>
        sum +
        (embed.title?.length ?? 0) +
        (embed.description?.length ?? 0) +
        (embed.footer?.text.length ?? 0) +
        (embed.fields ?? []).reduce((total, field) => total + field.name.length + field.value.length, 0),
      0,
    );

  it('puts the title and items in an embed of fields, each part in a description, and pings nobody', () => {
    const payload: RESTPostAPIWebhookWithTokenJSONBody = discordPayload(small); // typed by discord-api-types
    expect(payload.embeds).toEqual([
      {
        title: small.title,
        fields: [
          { name: 'acme/rocket', value: '2,100 README impressions (+200% on last week) · 42 new stars' },
          { name: 'acme/my\\_lib', value: '70 README impressions (new) · 0 new stars' }, // _ would start italics
        ],
      },
      { description: '**Star bursts and traffic spikes**\n- acme/rocket: 2026-11-17: +40 stars; <news.ycombinator.com> +2,750 views' },
    ]);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
  });

  it("stays within Discord's documented limits for a digest too large for one message, and says where the rest is", () => {
    const { embeds } = discordPayload(large);
    expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
    expect(characters(embeds)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    for (const embed of embeds) {
      expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
      expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
      for (const field of embed.fields ?? []) {
        expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
        expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      }
    }
    expect(embeds.at(-1)?.footer).toEqual({ text: 'More than fits here: GET /report/digests/2026-W47' });
    // A digest that fits has no such footer.
    expect(discordPayload(small).embeds.some((embed) => embed.footer)).toBe(false);
  });
});

describe('any other receiver', () => {
  it('gets plain text: the title, a line per item, each part under its heading', () => {
    expect(webhookPayload('https://chat.example.org/hooks/abc', small)).toEqual({
      text: [
        small.title,
        '',
        'acme/rocket: 2,100 README impressions (+200% on last week) · 42 new stars',
        'acme/my_lib: 70 README impressions (new) · 0 new stars',
        '',
        'Star bursts and traffic spikes',
        '- acme/rocket: 2026-11-17: +40 stars; <news.ycombinator.com> +2,750 views',
        '',
      ].join('\n'),
    });
  });
});
