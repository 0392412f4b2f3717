import { computeRatios, sumFacts, type ConversionRatios, type FactTotals } from '../conversions/ratios';
import type { DailyFacts } from '../history/daily-facts';
import { countOf } from '../wording';
import type { IsoWeek } from './iso-week';
import { biggestMovers, type Mover } from './movers';
import { webhookPayload, type WebhookMessage } from './webhook-payloads';

/** A weekly conversion digest for one owner: each repository this week against the week before. Pure. */
export interface DigestRepo {
  repo: string;
  thisWeek: FactTotals;
  lastWeek: FactTotals;
  ratios: ConversionRatios;
  previousRatios: ConversionRatios;
  /** Change of README impressions against the week before, as a fraction (0.25 = +25%); null from zero. */
  impressionsChange: number | null;
}

export interface Digest {
  owner: string;
  week: IsoWeek;
  from: string;
  to: string;
  repositories: DigestRepo[];
  /** Up to three repositories whose README impressions changed by more than they usually do (MOVER_RULE), most unusual first. */
  movers: string[];
  /** The same with their change and usual change (digests stored before these were kept have none). */
  moves?: Mover[];
  /** The week's star bursts and traffic spikes, explained (digests stored before events existed have none). */
  events?: Array<{ repo: string; summary: string }>;
  /** README versions that went live during the week, with their verdict against the one before. */
  readmeChanges?: Array<{ repo: string; label: string; since: string; verdict: string | null }>;
  /** GITHUB_TOKEN's warning when the digest was made: it expires within 14 days, or GitHub refused it. */
  tokenWarning?: string | null;
}

/** What a digest says besides the figures: the week's events and README changes, per repository. */
export interface DigestNews {
  events: Array<{ repo: string; summary: string }>;
  readmeChanges: Array<{ repo: string; label: string; since: string; verdict: string | null }>;
}

export function buildDigest(
  owner: string,
  week: IsoWeek,
  range: { from: string; to: string },
  repos: ReadonlyArray<{
    repo: string;
    thisWeek: readonly DailyFacts[];
    lastWeek: readonly DailyFacts[];
    /** README impressions of each of the weeks before last week, oldest first (the mover rule's history). */
    earlierWeeks?: readonly number[];
  }>,
  news: DigestNews = { events: [], readmeChanges: [] },
): Digest {
  const repositories = repos.map(({ repo, thisWeek, lastWeek }): DigestRepo => {
    const now = sumFacts(thisWeek);
    const before = sumFacts(lastWeek);
    return {
      repo,
      thisWeek: now,
      lastWeek: before,
      ratios: computeRatios(now),
      previousRatios: computeRatios(before),
      impressionsChange:
        before.readmeImpressions > 0 ? (now.readmeImpressions - before.readmeImpressions) / before.readmeImpressions : null,
    };
  });
  const moves = biggestMovers(
    repositories.map((summed, i) => ({
      repo: summed.repo,
      thisWeek: summed.thisWeek.readmeImpressions,
      weeksBefore: [...(repos[i]?.earlierWeeks ?? []), summed.lastWeek.readmeImpressions],
    })),
  );
  const movers = moves.map((move) => move.repo);
  const byRepo = <T extends { repo: string }>(items: readonly T[]) => [...items].sort((a, b) => a.repo.localeCompare(b.repo));
  return { owner, week, ...range, repositories, movers, moves, events: byRepo(news.events), readmeChanges: byRepo(news.readmeChanges) };
}

const number = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const show = (value: number | null) => (value === null ? '–' : number.format(value));
const change = (value: number | null) => (value === null ? 'new' : `${value >= 0 ? '+' : ''}${number.format(value * 100)}%`);

export function digestMarkdown(digest: Digest): string {
  const lines = [
    `## ${digestTitle(digest)}`,
    '',
    '| Repository | README impressions | vs last week | New stars | New forks | Stars / 1k impressions | README render rate | Link clicks | First contributions | Downloads |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...digest.repositories.map(
      (r) =>
        `| ${r.repo} | ${show(r.thisWeek.readmeImpressions)} | ${change(r.impressionsChange)} | ${show(r.thisWeek.starsGained)} | ${show(r.thisWeek.forksGained)} | ` +
        `${show(r.ratios.starsPer1kImpressions)} (was ${show(r.previousRatios.starsPer1kImpressions)}) | ${r.ratios.readmeRenderRate === null ? '–' : `${number.format(r.ratios.readmeRenderRate * 100)}%`} | ` +
        `${show(r.thisWeek.linkClicks)} | ${show(r.thisWeek.firstContributions)} | ${show(r.thisWeek.downloads)} |`,
    ),
  ];
  if (digest.moves && digest.moves.length > 0) {
    const described = digest.moves.map(moveLine);
    lines.push('', `Biggest movers, beyond their usual week-to-week change: ${described.join(', ')}.`);
  } else if (digest.movers.length > 0) lines.push('', `Biggest movers: ${digest.movers.join(', ')}.`);
  if ((digest.readmeChanges ?? []).length > 0) {
    lines.push('', '**README changes**', ...(digest.readmeChanges ?? []).map((c) => `- ${changeLine(c)}`));
  }
  if ((digest.events ?? []).length > 0)
    lines.push('', '**Star bursts and traffic spikes**', ...(digest.events ?? []).map((e) => `- ${e.repo}: ${e.summary}`));
  if (digest.tokenWarning) lines.splice(1, 0, '', `> ${digest.tokenWarning}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The digest as a webhook message, in parts each app can show: a repository and its week per item, then the
 * movers, README changes and events. `whole` says where the full digest is read when a message cannot hold it.
 */
export function digestMessage(digest: Digest): WebhookMessage {
  const items = digest.repositories.map((r) => {
    const figures = [
      `${countOf(r.thisWeek.readmeImpressions, 'README impression')} (${r.impressionsChange === null ? 'new' : `${change(r.impressionsChange)} on last week`})`,
      `${countOf(r.thisWeek.starsGained, 'new star')}`,
      `${countOf(r.thisWeek.forksGained, 'new fork')}`,
      `${show(r.ratios.starsPer1kImpressions)} stars per 1k impressions (was ${show(r.previousRatios.starsPer1kImpressions)})`,
    ];
    if (r.ratios.readmeRenderRate !== null) figures.push(`README render rate ${number.format(r.ratios.readmeRenderRate * 100)}%`);
    // The rest of the funnel where there is any: a message stays short for repositories without links or packages.
    if (r.thisWeek.linkClicks > 0) figures.push(countOf(r.thisWeek.linkClicks, 'link click'));
    if (r.thisWeek.firstContributions > 0) figures.push(countOf(r.thisWeek.firstContributions, 'first contribution'));
    if (r.thisWeek.downloads > 0) figures.push(countOf(r.thisWeek.downloads, 'download'));
    return { name: r.repo, value: figures.join(' · ') };
  });
  const parts: WebhookMessage['parts'] = digest.tokenWarning ? [{ heading: 'GITHUB_TOKEN', lines: [digest.tokenWarning] }] : [];
  if (digest.moves && digest.moves.length > 0) {
    parts.push({
      heading: 'Biggest movers, beyond their usual week-to-week change',
      lines: digest.moves.map(moveLine),
    });
  } else if (digest.movers.length > 0) parts.push({ heading: 'Biggest movers', lines: digest.movers });
  const changes = digest.readmeChanges ?? [];
  if (changes.length > 0)
    parts.push({
      heading: 'README changes',
      lines: changes.map(changeLine),
    });
  const events = digest.events ?? [];
  if (events.length > 0) parts.push({ heading: 'Star bursts and traffic spikes', lines: events.map((e) => `${e.repo}: ${e.summary}`) });
  return {
    title: digestTitle(digest),
    items,
    parts,
    whole: `GET /report/digests/${digest.week}`,
  };
}

/** The digest as the webhook at `url` takes it (Slack, Discord, or plain text for any other). */
export function digestWebhookMessage(digest: Digest, url = ''): ReturnType<typeof webhookPayload> {
  return webhookPayload(url, digestMessage(digest));
}

// The digest's lines, the same in its Markdown and its webhook messages.
function digestTitle(digest: Digest): string {
  return `README conversions for ${digest.owner}, week ${digest.week} (${digest.from} – ${digest.to})`;
}

function moveLine(move: Mover): string {
  return `${move.repo} ${move.change >= 0 ? '+' : ''}${countOf(move.change, 'README impression')} (usually ±${number.format(move.usualChange)} a week)`;
}

function changeLine(c: NonNullable<Digest['readmeChanges']>[number]): string {
  return `${c.repo}: ${c.label} live since ${c.since}${c.verdict ? `, ${c.verdict}` : ''}`;
}
