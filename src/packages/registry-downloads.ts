import { byCodeUnits } from '../text-order';
import * as v from 'valibot';
import { CountSchema as Count } from '../counts';
import type { UtcDay } from '../dates';
import type { DailyDownloads } from '../views';
import type { PackageRef } from './package-list';

/**
 * Daily downloads from each registry's public API, validated at the edge: anything else is a failure of that
 * package alone, never half-read data.
 *
 * - npm: `GET https://api.npmjs.org/downloads/range/{from}:{to}/{package}`, answering
 *   `{ downloads: [{ downloads, day }], start, end, package }`, up to 18 months back
 *   (https://github.com/npm/registry/blob/main/docs/download-counts.md#ranges).
 * - PyPI, through pypistats.org: `GET https://pypistats.org/api/packages/{package}/overall?mirrors=false`, answering
 *   `{ data: [{ category: "without_mirrors", date, downloads }], package, type: "overall_downloads" }`, 180 days
 *   back, updated once a day (https://pypistats.org/api/).
 * - crates.io: `GET https://crates.io/api/v1/crates/{name}/downloads`, answering the last 90 days as
 *   `{ version_downloads: [{ date, downloads, version }], meta: { extra_downloads: [{ date, downloads }] } }` (the
 *   versions beyond the most recent, summed), and asking every client for a User-Agent that says who it is
 *   (https://crates.io/data-access, "Crawlers"; rust-lang/crates.io src/controllers/krate/downloads.rs).
 */

export interface RegistryApis {
  npm: string;
  pypistats: string;
  crates: string;
  /** The Worker's public address (PUBLIC_URL), which the User-Agent names when it is set. */
  contact?: string | null;
}

export const DEFAULT_REGISTRY_APIS: RegistryApis = {
  npm: 'https://api.npmjs.org',
  pypistats: 'https://pypistats.org',
  crates: 'https://crates.io',
};

/** crates.io's policy: a User-Agent naming the application, and how to reach whoever runs it when known. */
export function userAgentOf(apis: RegistryApis): string {
  return `repo-impressions (self-hosted README analytics${apis.contact ? `; ${apis.contact}` : ''})`;
}

const Day = v.pipe(v.string(), v.isoDate());
const NpmSchema = v.object({ downloads: v.array(v.object({ day: Day, downloads: Count })) });
const PypiSchema = v.object({ data: v.array(v.object({ category: v.string(), date: Day, downloads: Count })) });
const CratesSchema = v.object({
  version_downloads: v.array(v.object({ date: Day, downloads: Count })),
  meta: v.object({ extra_downloads: v.optional(v.array(v.object({ date: Day, downloads: Count })), []) }),
});

/** A package's figure could not be read; the message says why and what to do. */
export class DownloadsFailure extends Error {}

const TIMEOUT_MS = 10_000;

/** The package's downloads per day from `from` to `to` (the days the registry has), summed per day. */
export async function fetchDownloads(ref: PackageRef, from: UtcDay, to: UtcDay, apis: RegistryApis): Promise<DailyDownloads[]> {
  const perDay = new Map<UtcDay, number>();
  const add = (day: UtcDay, downloads: number) => {
    if (day >= from && day <= to) perDay.set(day, (perDay.get(day) ?? 0) + downloads);
  };
  if (ref.registry === 'npm') {
    const body = await ask(ref, `${apis.npm}/downloads/range/${from}:${to}/${ref.name}`, NpmSchema, apis);
    for (const row of body.downloads) add(row.day, row.downloads);
  } else if (ref.registry === 'pypi') {
    const body = await ask(ref, `${apis.pypistats}/api/packages/${ref.name.toLowerCase()}/overall?mirrors=false`, PypiSchema, apis);
    for (const row of body.data) if (row.category === 'without_mirrors') add(row.date, row.downloads);
  } else {
    const body = await ask(ref, `${apis.crates}/api/v1/crates/${ref.name}/downloads`, CratesSchema, apis);
    for (const row of [...body.version_downloads, ...body.meta.extra_downloads]) add(row.date, row.downloads);
  }
  // A day without downloads is not stored: npm answers 0 for days it has not counted yet (today), and a stored 0
  // would end the downloads' latest week on a day not counted.
  return [...perDay]
    .filter(([, downloads]) => downloads > 0)
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([day, downloads]) => ({ day, package: ref.key, downloads }));
}

async function ask<S extends v.GenericSchema>(ref: PackageRef, url: string, schema: S, apis: RegistryApis): Promise<v.InferOutput<S>> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', 'user-agent': userAgentOf(apis) },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new DownloadsFailure(`${ref.key}: the registry did not answer; the next refresh asks again.`);
  }
  if (response.status === 404) throw new DownloadsFailure(`${ref.key}: the registry knows no such package; check its name in PACKAGES.`);
  if (response.status === 429)
    throw new DownloadsFailure(`${ref.key}: the registry is rate-limiting requests; the next refresh asks again.`);
  if (!response.ok) throw new DownloadsFailure(`${ref.key}: the registry answered ${response.status}; the next refresh asks again.`);
  const parsed = v.safeParse(schema, await response.json().catch(() => null));
  if (!parsed.success)
    throw new DownloadsFailure(`${ref.key}: the registry's answer was not the JSON expected; stored downloads are kept.`);
  return parsed.output;
}
