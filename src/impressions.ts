/**
 * What an impression is, written once: a view of the image by a client that shows it to a person, that is any
 * source class but a bot; a README impression is one of the `readme` page (the pixel's default). Every view is
 * stored with its page and source, so the rule is applied when counting: in TypeScript (isImpression,
 * isReadmeImpression), in the counter's SQLite (IMPRESSION_SQL, README_IMPRESSION_SQL) and in Analytics Engine
 * (the data point's `bot` double: notAnImpressionFlag, impressionAeSql). All are derived from the two
 * constants below.
 */

/**
 * Who fetched the image. GitHub renders README images through its camo proxy, which strips the viewer's IP,
 * cookies and Referer (https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-anonymized-urls),
 * so a camo fetch is one README view by an unknown person.
 */
export const SOURCE_CLASSES = ['github-camo', 'image-proxy', 'browser', 'bot', 'unknown'] as const;
export type SourceClass = (typeof SOURCE_CLASSES)[number];

/** The page of a view without `?page=`: the README the pixel is embedded in. */
export const README_PAGE = 'readme';

/** The classes whose views are stored but are not impressions. */
const NOT_IMPRESSIONS: readonly SourceClass[] = ['bot'];

/** True for the classes whose views count as impressions (bots are stored but left out). */
export function isImpression(source: SourceClass): boolean {
  return !NOT_IMPRESSIONS.includes(source);
}

/** True for a view that is a README impression: the README page, by a class that counts. */
export function isReadmeImpression(view: { page: string; source: SourceClass }): boolean {
  return view.page === README_PAGE && isImpression(view.source);
}

/** isImpression as an SQL condition on a `source` column (the counter's own sums). */
export const IMPRESSION_SQL = `source NOT IN (${NOT_IMPRESSIONS.map((source) => `'${source}'`).join(', ')})`;

/** isReadmeImpression as an SQL condition on `page` and `source` columns. */
export const README_IMPRESSION_SQL = `page = '${README_PAGE}' AND ${IMPRESSION_SQL}`;

/**
 * Analytics Engine keeps no source classes to filter on in its SQL, so each data point carries the rule's
 * verdict: its `bot` double (the slot's name since the first data point) is 1 for a view that is no impression.
 */
export function notAnImpressionFlag(source: SourceClass): 0 | 1 {
  return isImpression(source) ? 0 : 1;
}

/** isImpression as a condition of Analytics Engine's SQL on the data point's verdict column. */
export function impressionAeSql(verdictColumn: string): string {
  return `${verdictColumn} = 0`;
}
