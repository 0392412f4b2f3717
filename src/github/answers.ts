import type { RepoRef } from '../repos';

// What the GitHub calls share: the result of a conditional request, `Link` pages, a repository's path parameters.

/** A conditional GET: new data and its ETag, or "unchanged" (a 304, which GitHub does not count against the limit). */
export type Conditional<T> = { changed: true; value: T; etag: string | undefined } | { changed: false };

/** A repository's path parameters, and nothing else of a ref (a view event can serve as one). */
export function repoParameters(ref: RepoRef): { owner: string; repo: string } {
  return { owner: ref.owner, repo: ref.repo };
}

/** The page numbers of a `Link` header's relations (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api). */
export function parseLinks(header: string | undefined): Partial<Record<'next' | 'last' | 'prev' | 'first', number>> {
  const links: Partial<Record<'next' | 'last' | 'prev' | 'first', number>> = {};
  for (const part of (header ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="(next|last|prev|first)"/.exec(part);
    if (!match) continue;
    const page = Number(new URL(match[1] as string).searchParams.get('page'));
    if (Number.isInteger(page) && page >= 1) links[match[2] as 'next'] = page;
  }
  return links;
}
