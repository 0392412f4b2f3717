/**
 * Tracked README links: what a link's name and destination may be, written once for registration and for the
 * redirect. Pure. A destination is only ever one the maintainer registered (with REPORT_TOKEN): the redirect never
 * reads where to go from the request, so `/l/…` cannot be made into an open redirect.
 */

/** Links a repository may register: each is a row in its object and a line on the dashboard. */
export const MAX_LINKS_PER_REPO = 100;
const MAX_DESTINATION_LENGTH = 2048;
// ASCII only: a name is part of a URL in a README, and a look-alike letter would make two names that read alike.
const LINK_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export const LINK_NAME_RULE = 'a link name is 1 to 64 lower-case ASCII letters, digits, ".", "_" or "-", starting with a letter or digit';

/** The name of a link, or null when it breaks LINK_NAME_RULE. Names are matched lower-cased, as page labels are. */
export function parseLinkName(value: string): string | null {
  const name = value.toLowerCase();
  return LINK_NAME.test(name) ? name : null;
}

export type DestinationCheck = { ok: true; destination: string } | { ok: false; error: string };

/**
 * A destination as it is stored: an absolute `https:` or `http:` URL with a host, no user name or password, ASCII
 * only (an international domain is written in its `xn--` form, so a look-alike cannot hide in it), at most 2,048
 * characters. Stored as the URL parser writes it.
 */
export function parseDestination(value: unknown): DestinationCheck {
  if (typeof value !== 'string' || value === '') return { ok: false, error: 'destination must be a URL such as https://example.com/docs' };
  if (value.length > MAX_DESTINATION_LENGTH)
    return {
      ok: false,
      error: `destination must be at most ${MAX_DESTINATION_LENGTH.toLocaleString('en')} characters; it is ${value.length.toLocaleString('en')}`,
    };
  if (/[^\x21-\x7e]/.test(value))
    return {
      ok: false,
      error: 'destination must be plain ASCII without spaces: write an international domain in its xn-- form and percent-encode the rest',
    };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, error: `destination must be an absolute URL with https:// or http://; "${value.slice(0, 80)}" is not` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, error: `destination must start with https:// or http://, not ${url.protocol}` };
  if (!value.toLowerCase().startsWith(`${url.protocol}//`) || url.hostname === '')
    return { ok: false, error: 'destination must name a host after https:// or http://' };
  if (url.username !== '' || url.password !== '') return { ok: false, error: 'destination must not carry a user name or password' };
  return { ok: true, destination: url.href };
}

/** Where a registered link answers, under the Worker's origin. */
export function linkPath(repo: string, name: string): string {
  return `/l/${repo}/${name}`;
}

/** The Markdown a README uses for the link; `?v=` names the README version it is in, as the pixel's does. */
export function linkMarkdown(origin: string, repo: string, name: string, text = name): string {
  return `[${text}](${origin}${linkPath(repo, name)})`;
}
