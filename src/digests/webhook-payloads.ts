import type { KnownBlock } from '@slack/types';
import type { APIEmbed, RESTPostAPIWebhookWithTokenJSONBody } from 'discord-api-types/v10';

/**
 * A webhook message in the shape of the app that receives it, chosen by the webhook URL's host: Slack's Block Kit,
 * Discord's embeds, plain text for anything else. Neither Slack nor Discord renders a Markdown table, and Slack's
 * mrkdwn has no `##` or `**`, so a message is built as parts and each app gets its own form of them. Pure.
 */
export interface WebhookMessage {
  title: string;
  /** A name and its figures, each (a repository and its week). */
  items: Array<{ name: string; value: string }>;
  /** Further parts, each a heading and its lines. */
  parts: Array<{ heading: string; lines: string[] }>;
  /** Where the whole message is, said when an app's limits leave some of it out. */
  whole: string;
}

export type WebhookApp = 'slack' | 'discord' | 'plain';

/** Slack's incoming webhooks post to hooks.slack.com; Discord's to discord.com (or discordapp.com) /api/webhooks/. */
export function webhookAppOf(url: string): WebhookApp {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'plain';
  }
  const host = parsed.hostname.toLowerCase();
  if (host === 'hooks.slack.com') return 'slack';
  const discordHost = ['discord.com', 'discordapp.com'].some((name) => host === name || host.endsWith(`.${name}`));
  return discordHost && parsed.pathname.startsWith('/api/webhooks/') ? 'discord' : 'plain';
}

export type SlackPayload = { text: string; blocks: KnownBlock[] };
export type DiscordPayload = RESTPostAPIWebhookWithTokenJSONBody & { embeds: APIEmbed[] };
export type PlainPayload = { text: string };

export function webhookPayload(url: string, message: WebhookMessage): SlackPayload | DiscordPayload | PlainPayload {
  const app = webhookAppOf(url);
  return app === 'slack' ? slackPayload(message) : app === 'discord' ? discordPayload(message) : plainPayload(message);
}

/** The message as lines of text: Slack's notification text, and the body for any other receiver. */
export function plainText(message: WebhookMessage): string {
  const lines = [message.title];
  if (message.items.length > 0) lines.push('', ...message.items.map((item) => `${item.name}: ${item.value}`));
  for (const part of message.parts) lines.push('', part.heading, ...part.lines.map((line) => `- ${line}`));
  return `${lines.join('\n')}\n`;
}

export function plainPayload(message: WebhookMessage): PlainPayload {
  return { text: plainText(message) };
}

/**
 * Block Kit's limits (https://api.slack.com/reference/block-kit/blocks): 50 blocks a message, a header's text
 * 150 characters, a section's text 3,000, its fields 10 of 2,000 each.
 */
export const SLACK_LIMITS = { blocks: 50, header: 150, sectionText: 3000, fields: 10, fieldText: 2000 };

export function slackPayload(message: WebhookMessage): SlackPayload {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: cut(message.title, SLACK_LIMITS.header) } }];
  for (let i = 0; i < message.items.length; i += SLACK_LIMITS.fields) {
    const fields = message.items.slice(i, i + SLACK_LIMITS.fields).map((item) => ({
      type: 'mrkdwn' as const,
      text: cut(`*${slackEscape(item.name)}*\n${slackEscape(item.value)}`, SLACK_LIMITS.fieldText),
    }));
    blocks.push({ type: 'section', fields });
  }
  for (const part of message.parts) {
    const text = `*${slackEscape(part.heading)}*\n${part.lines.map((line) => `• ${slackEscape(line)}`).join('\n')}`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(text, SLACK_LIMITS.sectionText) } });
  }
  if (blocks.length > SLACK_LIMITS.blocks) {
    blocks.length = SLACK_LIMITS.blocks - 1;
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(`More than fits here: ${message.whole}`) }] });
  }
  return { text: plainText(message), blocks };
}

/** mrkdwn's three control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits): 10
 * embeds a message, a title 256 characters, a description 4,096, 25 fields of a 256-character name and a
 * 1,024-character value, a footer 2,048, and 6,000 characters in all of a message's embeds together.
 */
export const DISCORD_LIMITS = {
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
};

export function discordPayload(message: WebhookMessage): DiscordPayload {
  const footer = cut(`More than fits here: ${message.whole}`, DISCORD_LIMITS.footer);
  // What goes in is counted against the total, keeping room for the footer that says something was left out.
  let budget = DISCORD_LIMITS.total - footer.length;
  const embeds: APIEmbed[] = [];
  let leftOut = false;
  const fits = (characters: number, needsEmbed: boolean) => characters <= budget && (!needsEmbed || embeds.length < DISCORD_LIMITS.embeds);
  const title = cut(message.title, DISCORD_LIMITS.title);
  embeds.push({ title, fields: [] });
  budget -= title.length;
  for (const item of message.items) {
    const field = {
      name: cut(discordEscape(item.name), DISCORD_LIMITS.fieldName),
      value: cut(discordEscape(item.value), DISCORD_LIMITS.fieldValue),
    };
    const last = embeds[embeds.length - 1] as APIEmbed;
    const full = (last.fields?.length ?? 0) >= DISCORD_LIMITS.fields || last.description !== undefined;
    if (!fits(field.name.length + field.value.length, full)) {
      leftOut = true;
      break;
    }
    if (full) embeds.push({ fields: [field] });
    else last.fields?.push(field);
    budget -= field.name.length + field.value.length;
  }
  for (const part of message.parts) {
    const description = cut(
      `**${discordEscape(part.heading)}**\n${part.lines.map((line) => `- ${discordEscape(line)}`).join('\n')}`,
      DISCORD_LIMITS.description,
    );
    if (!fits(description.length, true)) {
      leftOut = true;
      break;
    }
    embeds.push({ description });
    budget -= description.length;
  }
  for (const embed of embeds) if (embed.fields?.length === 0) delete embed.fields;
  if (leftOut) (embeds[embeds.length - 1] as APIEmbed).footer = { text: footer };
  // Nothing in a digest may ping anyone, whatever a referrer's name says.
  return { embeds, allowed_mentions: { parse: [] } };
}

/** Discord's Markdown characters, shown as themselves. */
function discordEscape(text: string): string {
  return text.replace(/([\\*_~`|])/g, '\\$1');
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
