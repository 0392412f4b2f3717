/**
 * The Analytics Engine data point written for every counted view. Writer and SQL reader both use this map, so the
 * slot a field lives in is declared exactly once. Adding a field means taking the next free slot; never reorder:
 * stored rows keep the old positions.
 *
 * Sampling is per index value, so the index is the repository: counts stay exact per repository and are read
 * with SUM(_sample_interval) (https://developers.cloudflare.com/analytics/analytics-engine/sampling/).
 */
export const VIEW_EVENT_SCHEMA = {
  blobs: {
    owner: 'blob1',
    repo: 'blob2',
    page: 'blob3',
    source: 'blob4',
    referrerHost: 'blob5',
    country: 'blob6',
    colo: 'blob7',
    userAgentFamily: 'blob8',
  },
  doubles: {
    views: 'double1',
    bot: 'double2',
  },
  index: 'index1',
} as const;

export type ViewEventBlobField = keyof typeof VIEW_EVENT_SCHEMA.blobs;
export type ViewEventDoubleField = keyof typeof VIEW_EVENT_SCHEMA.doubles;

/** Position of a `blobN` / `doubleN` slot in the data point's array. */
export function slotPosition(slot: string): number {
  return Number(slot.replace(/^\D+/, '')) - 1;
}

/** The fields of a slot map, ordered by slot: the order in which a data point's array holds them. */
export function fieldsInSlotOrder<K extends string>(slots: Record<K, string>): K[] {
  return (Object.keys(slots) as K[]).sort((a, b) => slotPosition(slots[a]) - slotPosition(slots[b]));
}
