import { addDays, type UtcDay } from '../dates';
import type { PackageRef } from './package-list';

/**
 * When a refresh asks a package's registry, and from which day. Pure. Registries publish a day once a day, so a
 * package is asked at most once a day; a failure is asked again at the next refresh.
 */

/** Where each package stands: the day it was last asked with success, and its last failure. */
export type PackagesState = Record<string, { askedOn: UtcDay | null; failure: string | null }>;

/** The days a first answer reaches back: npm's 18 months (PyPI keeps 180 days, crates.io 90; they give what they have). */
export const FIRST_DOWNLOAD_DAYS = 540;

/** Days before the last stored one asked again: a registry may still be counting its latest day. */
export const RECOUNTED_DAYS = 2;

/** The packages to ask today: those not answered yet today. */
export function packagesDue(packages: readonly PackageRef[], state: PackagesState | undefined, day: UtcDay): PackageRef[] {
  return packages.filter((ref) => state?.[ref.key]?.askedOn !== day);
}

/** The first day to ask for: a few days before the last stored, or, the first time, as far back as registries keep. */
export function downloadsFrom(lastStored: UtcDay | undefined, day: UtcDay): UtcDay {
  return lastStored ? addDays(lastStored, -RECOUNTED_DAYS) : addDays(day, -(FIRST_DOWNLOAD_DAYS - 1));
}

/** The state after asking: the answered ones asked today, the failed ones with their message; others as they were. */
export function nextPackagesState(
  packages: readonly PackageRef[],
  previous: PackagesState | undefined,
  outcomes: ReadonlyMap<string, string | null>,
  day: UtcDay,
): PackagesState {
  const next: PackagesState = {};
  for (const { key } of packages) {
    const before = previous?.[key] ?? { askedOn: null, failure: null };
    const outcome = outcomes.get(key);
    if (outcome === undefined) next[key] = before;
    else next[key] = outcome === null ? { askedOn: day, failure: null } : { askedOn: before.askedOn, failure: outcome };
  }
  return next;
}

/** What the status says of the packages: each failure, in PACKAGES order. */
export function packageMessages(state: PackagesState | undefined): string[] {
  return Object.values(state ?? {}).flatMap((entry) => (entry.failure ? [entry.failure] : []));
}
