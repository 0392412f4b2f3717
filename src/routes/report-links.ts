import { Hono } from 'hono/tiny';
import type { Context } from 'hono';
import { counterFor } from '../counter/counter-client';
import type { LinkChange } from '../counter/link-rows';
import type { AppEnv } from '../http/app-env';
import { reject } from '../http/errors';
import { readJsonObject } from '../http/json-body';
import { fullAccessOnly } from '../http/report-auth';
import { trackedOr404 } from '../http/tracked-repo';
import { PLACEHOLDER_ORIGIN, snippetOrigin } from '../http/snippets';
import { LINK_NAME_RULE, linkMarkdown, linkPath, parseDestination, parseLinkName } from '../links/link-rules';
import { confirmRepos } from '../registry/registry-client';
import { parseRepoSlug, repoSlug } from '../repos';
import type { LinkAnswer, LinksAnswer } from '../report/responses';
import { storesOf } from '../stores/repo-store';
import { guard } from '../storage/storage-fault';
import type { TrackedLink } from '../views';

// A repository, a name and a URL of at most 2,048 characters.
const MAX_BODY_BYTES = 4096;
const EXAMPLE = '{"repo": "owner/repo", "name": "docs", "destination": "https://example.com/docs"}';

/**
 * `/report/links`: the tracked README links (`/l/{owner}/{repo}/{name}`), with REPORT_TOKEN. `POST` registers one
 * (or points its name at a new destination), `GET /{owner}/{repo}` lists them with their Markdown, `DELETE
 * /{owner}/{repo}/{name}` removes one. A refused link stores nothing.
 */
export const reportLinkRoutes = new Hono<AppEnv>()
  .post('/', fullAccessOnly('Registering a link needs'), async (c) => {
    const fields = await readJsonObject(c.req.raw, MAX_BODY_BYTES, EXAMPLE);
    const ref = typeof fields.repo === 'string' ? parseRepoSlug(fields.repo) : null;
    if (!ref) reject(400, `repo must be owner/repo, as in ${EXAMPLE}`);
    const tracked = trackedOr404(c, ref.owner, ref.repo, 'have links');
    const name = typeof fields.name === 'string' ? parseLinkName(fields.name) : null;
    if (name === null) reject(400, `name: ${LINK_NAME_RULE} (as in ${EXAMPLE})`);
    const checked = parseDestination(fields.destination);
    if (!checked.ok) reject(400, `${checked.error} (as in ${EXAMPLE})`);
    const stores = storesOf(c.env);
    const change: LinkChange = await guard(
      'saving the link',
      async () => await counterFor(stores.counter, tracked).saveLink(name, checked.destination),
    );
    if (!change.ok) reject(409, change.error);
    // Registered with REPORT_TOKEN: the repository is listed in reports even if only an owner/* entry tracks it.
    await guard('listing the repository', () => confirmRepos(stores.registry, [tracked], Date.now()));
    const answer: LinkAnswer = { repo: repoSlug(tracked), link: described(c, repoSlug(tracked), change.link), replaced: change.replaced };
    return c.json(answer, change.replaced ? 200 : 201);
  })
  .get('/:owner/:repo', fullAccessOnly('The links need'), async (c) => {
    const tracked = trackedOr404(c, c.req.param('owner'), c.req.param('repo'), 'have links');
    const links = await guard('reading the links', () => counterFor(storesOf(c.env).counter, tracked).links());
    const slug = repoSlug(tracked);
    return c.json({ repo: slug, links: links.map((link) => described(c, slug, link)) } satisfies LinksAnswer);
  })
  .delete('/:owner/:repo/:name', fullAccessOnly('Removing a link needs'), async (c) => {
    const tracked = trackedOr404(c, c.req.param('owner'), c.req.param('repo'), 'have links');
    const name = parseLinkName(c.req.param('name'));
    if (name === null) reject(400, `Not a link name: ${LINK_NAME_RULE}.`);
    const removed = await guard('removing the link', () => counterFor(storesOf(c.env).counter, tracked).removeLink(name));
    if (!removed) reject(404, `${repoSlug(tracked)} has no link named "${name}": GET /report/links/${repoSlug(tracked)} lists them.`);
    return c.json({ repo: repoSlug(tracked), removed });
  });

/** A link with its address and the Markdown to paste (under PUBLIC_URL; the placeholder until it is set). */
function described(c: Context<AppEnv>, repo: string, link: TrackedLink): LinkAnswer['link'] {
  const origin = snippetOrigin(c.var.config.publicUrl, c.req.url) ?? PLACEHOLDER_ORIGIN;
  return { ...link, url: `${origin}${linkPath(repo, link.name)}`, markdown: linkMarkdown(origin, repo, link.name) };
}
