/**
 * A star burst as the webhook sees it, within minutes rather than at the next refresh: stars in the last hour
 * against the hourly average of the week before. The daily burst rule (bursts.ts) still finds the events of the
 * report from GitHub's star history; this one only says, at the time, that one is under way.
 */
export const STAR_BURST = {
  /** At least this many stars in the last hour: a handful more is not news. */
  minStars: 5,
  /** And at least this many times the hourly average of the baseline. */
  timesAverage: 5,
  /** The baseline: the hours before the last one. */
  baselineHours: 7 * 24,
  /** A burst announced is not announced again for this many hours (it is the same burst). */
  quietHours: 6,
} as const;

/** The last hour's stars, net of those taken back, against the baseline's hourly average; `at` is when it was seen. */
export interface StarBurst {
  stars: number;
  hourlyAverage: number;
  at: string;
}

export function isStarBurst({ stars, hourlyAverage }: Pick<StarBurst, 'stars' | 'hourlyAverage'>): boolean {
  return stars >= STAR_BURST.minStars && stars >= STAR_BURST.timesAverage * hourlyAverage;
}
