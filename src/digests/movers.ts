import { median } from '../conversions/median';

/**
 * The week's movers: repositories whose README impressions changed, against the week before, by more than they
 * usually do. A repository's usual week-to-week change is the median size of its changes over the 8 weeks before
 * (counted from its first week with impressions, and at least 1); it moved when this week's change is more than 3
 * times that, and it is judged only with 4 such changes behind it. The median, not the mean: one earlier jump must
 * not hide the next, nor make every ordinary week look still. Pure.
 */
export const MOVER_RULE = { priorChanges: 8, minPriorChanges: 4, times: 3, listed: 3 };

/** The weeks of README impressions a judgement reads before this week's: last week and the 8 before it. */
export const WEEKS_BEFORE = MOVER_RULE.priorChanges + 1;

export interface Mover {
  repo: string;
  /** This week's README impressions less last week's. */
  change: number;
  /** The median size of the weekly changes before it. */
  usualChange: number;
}

/**
 * The movers among `repos`, most unusual first (change over usual change), at most three. `weeksBefore` holds each
 * repository's README impressions of the weeks before this one, oldest first, last week last.
 */
export function biggestMovers(repos: ReadonlyArray<{ repo: string; thisWeek: number; weeksBefore: readonly number[] }>): Mover[] {
  return repos
    .map(({ repo, thisWeek, weeksBefore }) => moverOf(repo, thisWeek, weeksBefore))
    .filter((mover): mover is Mover => mover !== null)
    .sort((a, b) => Math.abs(b.change) / b.usualChange - Math.abs(a.change) / a.usualChange || a.repo.localeCompare(b.repo))
    .slice(0, MOVER_RULE.listed);
}

function moverOf(repo: string, thisWeek: number, weeksBefore: readonly number[]): Mover | null {
  const recent = weeksBefore.slice(-WEEKS_BEFORE);
  const first = recent.findIndex((week) => week > 0);
  if (first < 0) return null;
  const counted = recent.slice(first);
  const priorChanges = counted.slice(1).map((week, i) => Math.abs(week - (counted[i] as number)));
  if (priorChanges.length < MOVER_RULE.minPriorChanges) return null;
  const usualChange = Math.max(1, median(priorChanges));
  const change = thisWeek - (counted[counted.length - 1] as number);
  return Math.abs(change) > MOVER_RULE.times * usualChange ? { repo, change, usualChange } : null;
}
