import type { HtmlEscapedString } from 'hono/utils/html';
import { Hono } from 'hono/tiny';
import { html, raw } from 'hono/html';
import { utcDay } from '../dates';
import { countContent, DEFAULT_BADGE_LOOK, renderBadgeSvg } from '../badges/badge';
import { isTracked, parseRepoSlug, repoSlug, type RepoPattern, type RepoRef } from '../repos';
import { counterFor } from '../counter/counter-client';
import { readCount } from '../counter/view-recorder';
import { linkMarkdown } from '../links/link-rules';
import { logError } from '../log';
import type { AppEnv } from '../http/app-env';
import { makeSnippets, NO_PUBLIC_URL, PLACEHOLDER_ORIGIN, snippetOrigin, type Snippets } from '../http/snippets';

/** `GET /`: what this is, and a form that turns `owner/repo` into snippets. Plain HTML, no script needed. */
export const landingRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const { tracked } = c.var.config;
  const typed = c.req.query('repo')?.trim() ?? '';
  const ref = typed ? parseRepoSlug(typed) : firstTrackedRepo(tracked);
  const isKnown = ref !== null && isTracked(tracked, ref);
  const origin = snippetOrigin(c.var.config.publicUrl, c.req.url);
  // The same snippets for scripts (npm run setup prints them): no view counted, no page.
  if ((c.req.header('accept') ?? '').includes('application/json')) {
    if (ref === null)
      return c.json(
        {
          error: typed ? `"${typed.slice(0, 100)}" is not an owner/repo name GitHub would allow.` : 'Name a repository: ?repo=owner/repo.',
        },
        400,
      );
    return c.json({
      repo: repoSlug(ref),
      tracked: isKnown,
      snippets: makeSnippets(origin ?? PLACEHOLDER_ORIGIN, ref),
      ...(origin === null ? { warning: NO_PUBLIC_URL } : {}),
    });
  }
  // The badge is drawn here rather than loaded from /badge, so looking at this page counts no view.
  const count = isKnown ? await readCount(c.env, ref, 'total', utcDay(Date.now())) : null;
  const badgeSvg = isKnown ? renderBadgeSvg(DEFAULT_BADGE_LOOK, countContent(count, DEFAULT_BADGE_LOOK)) : '';
  const links = isKnown ? await trackedLinks(c.env, ref, origin ?? PLACEHOLDER_ORIGIN) : [];
  c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'");
  const snippets = ref ? makeSnippets(origin ?? PLACEHOLDER_ORIGIN, ref) : null;
  return c.html(landingPage({ tracked, typed, ref, isKnown, snippets, badgeSvg, links, originKnown: origin !== null }));
});

/**
 * The repository's tracked links, each with its Markdown: the names and destinations a README shows anyway. A
 * moment's storage failure leaves the section out rather than the page.
 */
async function trackedLinks(env: Env, ref: RepoRef, origin: string): Promise<Array<{ name: string; markdown: string }>> {
  try {
    const links = await counterFor(env.COUNTER, ref).links();
    return links.map((link) => ({ name: link.name, markdown: linkMarkdown(origin, repoSlug(ref), link.name) }));
  } catch (error) {
    logError('tracked links not read for the landing page', { repo: repoSlug(ref) }, error);
    return [];
  }
}

function firstTrackedRepo(tracked: readonly RepoPattern[]): RepoRef | null {
  return tracked.find((pattern) => pattern.repo !== '*') ?? null;
}

interface LandingProps {
  tracked: readonly RepoPattern[];
  typed: string;
  ref: RepoRef | null;
  isKnown: boolean;
  snippets: Snippets | null;
  badgeSvg: string;
  /** The repository's tracked links, with the Markdown to paste. */
  links: ReadonlyArray<{ name: string; markdown: string }>;
  /** Whether the snippets carry the Worker's address, or the placeholder. */
  originKnown: boolean;
}

// hono/html escapes every interpolated string; only the badge SVG and the style sheet, both ours, go in raw.
function landingPage({
  tracked,
  typed,
  ref,
  isKnown,
  snippets,
  badgeSvg,
  links,
  originKnown,
}: LandingProps): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>repo-impressions</title>
    <style>${raw(STYLE)}</style>
  </head>
  <body>
    <main>
      <h1>repo-impressions</h1>
      <p>
        Counts how many times your repositories' READMEs are seen: exactly, at the edge, with no cookies and no
        stored IP addresses. Paste one line into a README; the count shows up in a badge.
      </p>
      <p>Tracked here: ${tracked.length === 0 ? html`<em>nothing yet: set REPOS</em>` : tracked.map(repoSlug).join(', ')}</p>
      <form method="get" action="/">
        <label for="repo">Repository</label>
        <input id="repo" name="repo" placeholder="owner/repo" value="${typed || (ref ? repoSlug(ref) : '')}" required>
        <button type="submit">Make snippets</button>
      </form>
      ${typed !== '' && ref === null ? html`<p class="warning">"${typed}" is not an owner/repo name GitHub would allow.</p>` : ''}
      ${ref && !isKnown ? html`<p class="warning">${repoSlug(ref)} is not in REPOS, so its images will say "not tracked". Add it to REPOS in wrangler.toml.</p>` : ''}
      ${ref && snippets && !originKnown ? html`<p class="warning">These snippets say ${PLACEHOLDER_ORIGIN}. ${NO_PUBLIC_URL}</p>` : ''}
      ${ref && snippets ? snippetSection(ref, isKnown, snippets, badgeSvg, links) : ''}
      <footer>
        <a href="/dashboard">dashboard</a> · <a href="/health">health</a> · README views are counted per UTC day;
        bots are kept apart.
      </footer>
    </main>
  </body>
</html>`;
}

function snippetSection(ref: RepoRef, isKnown: boolean, snippets: Snippets, badgeSvg: string, links: LandingProps['links']) {
  return html`<section>
        <h2>Count views with a badge</h2>
        ${isKnown ? html`<p class="badge">${raw(badgeSvg)}</p>` : ''}
        ${snippet('Markdown', snippets.badgeMarkdown)}
        ${snippet('HTML', snippets.badgeHtml)}
        <h2>…or with an invisible pixel</h2>
        ${snippet('Markdown', snippets.pixelMarkdown)}
        ${snippet('HTML', snippets.pixelHtml)}
        <h2>A star chart and conversion badges (they count nothing)</h2>
        <p>Stars over time, always current, drawn here: GitHub no longer lists stargazers to most people.</p>
        ${snippet('Star chart', snippets.starChartMarkdown)}
        ${snippet('README impressions chart', snippets.impressionsChartMarkdown)}
        ${snippet('Stars per 1k README views (28 days)', snippets.conversionBadgeMarkdown)}
        ${snippet('Stars this week', snippets.starsGainedBadgeMarkdown)}
        ${snippet('Link clicks per 1k README views (28 days)', snippets.clicksBadgeMarkdown)}
        ${snippet('Package downloads a week (with PACKAGES)', snippets.downloadsBadgeMarkdown)}
        <h2>Tracked links</h2>
        ${
          links.length > 0
            ? links.map((link) => snippet(link.name, link.markdown))
            : html`<p>None yet: register one with <code>POST /report/links</code> or <code>npm run setup -- --link</code>; its Markdown shows here.</p>`
        }
        ${
          isKnown
            ? html`<p>Try it: open <a href="${snippets.pixelUrl}">the pixel</a>, then reload this page and watch the badge count go up.</p>`
            : html`<p>These snippets count nothing until ${repoSlug(ref)} is in REPOS.</p>`
        }
      </section>`;
}

function snippet(label: string, value: string) {
  return html`<label class="snippet"><span>${label}</span><textarea readonly rows="2">${value}</textarea></label>`;
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
  main { max-width: 44rem; margin: 2rem auto; padding: 1.5rem 2rem; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; }
  h1 { margin-top: 0; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
  form { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
  input { flex: 1; min-width: 12rem; padding: .4rem .6rem; font: inherit; border: 1px solid #d0d7de; border-radius: 6px; }
  button { padding: .4rem .9rem; font: inherit; border: 1px solid #1f883d; border-radius: 6px; background: #1f883d; color: #fff; cursor: pointer; }
  .warning { padding: .5rem .8rem; background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; }
  .snippet { display: block; margin: .5rem 0; } .snippet span { font-size: .85rem; color: #59636e; }
  textarea { display: block; width: 100%; box-sizing: border-box; font: 13px ui-monospace, monospace; padding: .4rem; border: 1px solid #d0d7de; border-radius: 6px; resize: vertical; }
  footer { margin-top: 2rem; font-size: .85rem; color: #59636e; }
`;
