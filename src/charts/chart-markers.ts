import { burstsOf } from '../conversions/bursts';
import { buildVersions, type ReadmeChange } from '../conversions/readme-versions';
import type { UtcDay } from '../dates';
import type { DailyFacts } from '../history/daily-facts';
import { formatCount } from '../wording';

/** What `?markers=` may ask a chart to mark: when each README version went live, and the star bursts. */
export const MARKER_KINDS = ['versions', 'bursts'] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

/** A day or run of days marked on a chart, with its short label ("v3", "+51 ★"). */
export interface ChartMarker {
  kind: 'version' | 'burst';
  from: UtcDay;
  to: UtcDay;
  label: string;
}

/**
 * The markers of a chart's days `range`: each README version that went live in it, and each star burst or
 * traffic spike that touches it, found as the report finds them (conversions/bursts.ts, from the same facts:
 * insightsStart's days to today). Pure.
 */
export function chartMarkers(
  facts: readonly DailyFacts[],
  changes: readonly ReadmeChange[],
  range: { from: UtcDay; to: UtcDay },
  now: number,
  kinds: readonly MarkerKind[],
): ChartMarker[] {
  const markers: ChartMarker[] = [];
  if (kinds.includes('versions')) {
    for (const version of buildVersions(changes, now)) {
      const live = version.days?.from;
      if (live !== undefined && live >= range.from && live <= range.to)
        markers.push({ kind: 'version', from: live, to: live, label: version.label });
    }
  }
  if (kinds.includes('bursts')) {
    for (const burst of burstsOf(facts)) {
      if (burst.to < range.from || burst.from > range.to) continue;
      const days = facts.slice(burst.start, burst.end + 1);
      const stars = days.reduce((sum, fact) => sum + fact.starsGained, 0);
      const views = days.reduce((sum, fact) => sum + fact.views, 0);
      const label = burst.spiked.includes('stars') ? `+${formatCount(stars)} ★` : `${formatCount(views)} views`;
      markers.push({ kind: 'burst', from: burst.from, to: burst.to, label });
    }
  }
  return markers.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}
