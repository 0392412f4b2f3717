import { FAR_FUTURE, type UtcDay } from '../dates';
import type { RepoHistory } from './model';

/**
 * Stars, forks or watchers gained per day, from `from` to `to` (both included; all days by default). They come from
 * GitHub's aggregate star history or an import where those have the day (stars and forks); otherwise from the difference between
 * a day's snapshot and the previous one (a gap of several days is credited to the day that saw it; a net loss
 * is negative). The first snapshot has nothing to compare with.
 */
export function dailyGains(
  history: RepoHistory,
  field: 'stars' | 'forks' | 'watchers',
  from: UtcDay = '0000-01-01',
  to: UtcDay = FAR_FUTURE,
): Record<UtcDay, number> {
  const gains: Record<UtcDay, number> = {};
  const days = Object.keys(history.counts)
    .filter((day) => day <= to)
    .sort();
  for (let i = 1; i < days.length; i++) {
    const day = days[i] as UtcDay;
    if (day < from) continue;
    const previous = history.counts[days[i - 1] as UtcDay];
    const current = history.counts[day];
    if (previous && current) gains[day] = current[field] - previous[field];
  }
  const recorded = field === 'stars' ? history.starsGained : field === 'forks' ? history.forksGained : {};
  for (const [day, gained] of Object.entries(recorded)) {
    if (day >= from && day <= to) gains[day] = gained;
  }
  return gains;
}
