import type { UtcDay } from '../dates';
import type { HourCounts } from '../counter/hourly-rows';
import { perThousand } from '../rates';
import { toCsv, type CsvValue } from './csv';

/** An hour of the webhook's events beside the README impressions of that hour, and its stars per 1,000 of them. */
export interface HourLine extends HourCounts {
  starsPer1kImpressions: number | null;
}

/**
 * A day's stars as the webhook counted them beside GitHub's star history, which stays the source of truth for
 * days: `missedByWebhook` is what the history has that no delivery brought (deliveries GitHub could not make, or
 * days before the webhook). `starsFromHistory` is null until a refresh has read the day.
 */
export interface DayReconciled {
  day: UtcDay;
  starsFromWebhook: number;
  starsFromHistory: number | null;
  missedByWebhook: number | null;
}

export interface HourlyTable {
  repo: string;
  from: string;
  to: string;
  /** False until the first webhook delivery: the event columns are then zeros for want of deliveries, not of stars. */
  webhook: boolean;
  hours: HourLine[];
  days: DayReconciled[];
}

export function buildHourlyTable(
  repo: string,
  hours: readonly HourCounts[],
  fromWebhook: ReadonlyMap<UtcDay, number>,
  fromHistory: Readonly<Record<UtcDay, number>>,
  webhook: boolean,
): HourlyTable {
  return {
    repo,
    from: hours[0]?.hour ?? '',
    to: hours.at(-1)?.hour ?? '',
    webhook,
    hours: hours.map((hour) => ({ ...hour, starsPer1kImpressions: perThousand(hour.stars, hour.readmeImpressions) })),
    days: [...new Set(hours.map(({ hour }) => hour.slice(0, 10)))].map((day) => {
      const starsFromWebhook = fromWebhook.get(day) ?? 0;
      const starsFromHistory = fromHistory[day] ?? null;
      return {
        day,
        starsFromWebhook,
        starsFromHistory,
        missedByWebhook: starsFromHistory === null ? null : starsFromHistory - starsFromWebhook,
      };
    }),
  };
}

const HOUR_COLUMNS = ['hour', 'readmeImpressions', 'stars', 'watches', 'forks', 'issues', 'pullRequests', 'starsPer1kImpressions'] as const;

export function hoursCsv(table: HourlyTable): string {
  return toCsv(
    HOUR_COLUMNS,
    table.hours.map((line): Record<string, CsvValue> => ({ ...line })),
  );
}
