// The dashboard's "Export all": GET /report/export asked for in parts, each within the free plan's 10 ms of CPU
// (~0.1 ms a repository), and put together into the one file the whole export is, as POST /report/import takes it.

/** Repositories a part asks for: 25 took 2.7 ms of the Worker's CPU, median (README, Isolate CPU). */
export const EXPORT_PART = 25;

/** The first part's path; each answer's Link header names the next. */
export const FIRST_PART_PATH = `/report/export?limit=${EXPORT_PART}`;

/** The path in a `Link: <path>; rel="next"` header, or null when there is no next part. Pure. */
export function nextPartPath(link: string | null): string | null {
  return link?.match(/<([^>]+)>\s*;\s*rel="next"/)?.[1] ?? null;
}

/**
 * Parts (each a header line and its repositories' lines) as one export: the first part's header, counting every
 * repository of them all, then their lines in order. Pure.
 */
export function joinParts(parts: readonly string[]): string {
  const lines = parts.map((part) => part.trimEnd().split('\n'));
  const repositories = lines.flatMap(([, ...rest]) => rest);
  const header = JSON.parse(lines[0]?.[0] ?? '{}') as Record<string, unknown>;
  return `${[JSON.stringify({ ...header, repositories: repositories.length }), ...repositories].join('\n')}\n`;
}
