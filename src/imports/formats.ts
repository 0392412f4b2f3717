/** What both import formats share: the export's header, and the limits that let an import export back unchanged. */

/** The first line of an export: what follows and how to read it back. */
export const EXPORT_FORMAT = 'repo-impressions-export';
export const EXPORT_VERSION = 1;

/** The longest referrer or path key kept, for exports and github-repo-stats imports alike. */
export const MAX_KEY_CHARS = 2000;
