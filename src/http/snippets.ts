import type { RepoRef } from '../repos';

/** Where snippets point when the Worker's address is not known: the README's placeholder. */
export const PLACEHOLDER_ORIGIN = 'https://YOUR-WORKER';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The address snippets point at: PUBLIC_URL when set; locally (`npm start`) the request's own; otherwise null.
 * A deployed Worker never copies the request's Host header into what it tells people to paste: a client chooses
 * that header.
 */
export function snippetOrigin(publicUrl: string | null, requestUrl: string): string | null {
  if (publicUrl !== null) return publicUrl;
  const url = new URL(requestUrl);
  return LOCAL_HOSTS.has(url.hostname) ? url.origin : null;
}

/** What to say when snippetOrigin has no address. */
export const NO_PUBLIC_URL =
  "Set PUBLIC_URL in wrangler.toml [vars] to this Worker's address (npm run setup does it) to fill it into the snippets.";

/** Ready-to-paste embed snippets for one repository, pointing at this Worker's origin. */
export interface Snippets {
  pixelUrl: string;
  badgeUrl: string;
  pixelMarkdown: string;
  pixelHtml: string;
  badgeMarkdown: string;
  badgeHtml: string;
  starChartUrl: string;
  starChartMarkdown: string;
  impressionsChartMarkdown: string;
  conversionBadgeMarkdown: string;
  starsGainedBadgeMarkdown: string;
  clicksBadgeMarkdown: string;
  downloadsBadgeMarkdown: string;
}

export function makeSnippets(origin: string, ref: RepoRef): Snippets {
  // GitHub keeps a profile README in the repository named after its owner; the short URL reads better there.
  const path = ref.owner === ref.repo ? ref.owner : `${ref.owner}/${ref.repo}`;
  const pixelUrl = `${origin}/p/${path}.gif`;
  const badgeUrl = `${origin}/badge/${path}.svg`;
  const repoPath = `${ref.owner}/${ref.repo}`;
  const starChartUrl = `${origin}/chart/${repoPath}/stars.svg`;
  return {
    pixelUrl,
    badgeUrl,
    pixelMarkdown: `![](${pixelUrl})`,
    pixelHtml: `<img src="${pixelUrl}" alt="" width="1" height="1">`,
    badgeMarkdown: `![README views](${badgeUrl})`,
    badgeHtml: `<img src="${badgeUrl}" alt="README views">`,
    starChartUrl,
    starChartMarkdown: `![Stars over time](${starChartUrl})`,
    impressionsChartMarkdown: `![README impressions per day](${origin}/chart/${repoPath}/impressions.svg)`,
    conversionBadgeMarkdown: `![Stars per 1k README views](${origin}/badge/${repoPath}/stars-per-1k.svg)`,
    starsGainedBadgeMarkdown: `![Stars this week](${origin}/badge/${repoPath}/stars-gained.svg)`,
    clicksBadgeMarkdown: `![Link clicks per 1k README views](${origin}/badge/${repoPath}/clicks-per-1k.svg)`,
    downloadsBadgeMarkdown: `![Downloads a week](${origin}/badge/${repoPath}/downloads-week.svg)`,
  };
}
