import { isbot } from 'isbot';
import type { SourceClass } from '../impressions';

// The source classes and the impression rule live in impressions.ts; these names stay importable from here.
export { IMPRESSION_SQL, isImpression, SOURCE_CLASSES, type SourceClass } from '../impressions';

// Other proxies that fetch an image on a person's behalf (mail clients, other camo deployments). They must be
// matched before isbot, which lists them (and github-camo) as bots.
const IMAGE_PROXY = /GoogleImageProxy|YahooMailProxy|go-camo|\bcamo\b|willnorris\/imageproxy/i;
const BROWSER = /^Mozilla\/5\.0 |^Opera\//;

export function classifySource(userAgent: string): SourceClass {
  if (userAgent === '') return 'unknown';
  if (/github-camo/i.test(userAgent)) return 'github-camo';
  if (IMAGE_PROXY.test(userAgent)) return 'image-proxy';
  if (isbot(userAgent)) return 'bot';
  if (BROWSER.test(userAgent)) return 'browser';
  return 'unknown';
}

/**
 * True when the client fetched the image itself, so its location and Referer are the viewer's. Through camo or
 * another image proxy they would describe the proxy (for camo, GitHub's servers), not the viewer.
 */
export function locatesViewer(source: SourceClass): boolean {
  return source !== 'github-camo' && source !== 'image-proxy';
}

// Coarse families for breakdowns only; order matters (Edge and Opera also say "Chrome", Chrome says "Safari").
const FAMILIES: ReadonlyArray<readonly [string, RegExp]> = [
  ['github-camo', /github-camo/i],
  ['google-image-proxy', /GoogleImageProxy/i],
  ['yahoo-mail-proxy', /YahooMailProxy/i],
  ['edge', /\bEdg(e|A|iOS)?\//],
  ['opera', /\bOPR\/|^Opera\//],
  ['samsung', /SamsungBrowser\//],
  ['firefox', /\b(Firefox|FxiOS)\//],
  ['chrome', /\b(Chrome|CriOS|Chromium)\//],
  ['safari', /\bVersion\/[\d.]+.*Safari\//],
  ['curl', /^curl\//],
  ['wget', /^Wget\//i],
];

/** A short browser or client family name; never the full user agent, which can fingerprint. */
export function userAgentFamily(userAgent: string): string {
  if (userAgent === '') return 'none';
  for (const [family, pattern] of FAMILIES) if (pattern.test(userAgent)) return family;
  return isbot(userAgent) ? 'other-bot' : 'other';
}

/** What a view records of its user agent: the source class and the coarse family. */
export interface UserAgentTraits {
  source: SourceClass;
  family: string;
}

// Classifying runs isbot's pattern, ~3 µs for a browser's user agent and the pixel's largest cost after the
// response itself. A README's viewers send few distinct user agents, so answers are kept per string: a bounded
// few, the oldest dropped first.
const MAX_KNOWN_AGENTS = 128;
const knownAgents = new Map<string, UserAgentTraits>();

/** classifySource and userAgentFamily of `userAgent`, remembered for the next view with the same one. */
export function userAgentTraits(userAgent: string): UserAgentTraits {
  const known = knownAgents.get(userAgent);
  if (known !== undefined) return known;
  const traits = { source: classifySource(userAgent), family: userAgentFamily(userAgent) };
  if (knownAgents.size >= MAX_KNOWN_AGENTS) knownAgents.delete(knownAgents.keys().next().value as string);
  knownAgents.set(userAgent, traits);
  return traits;
}
