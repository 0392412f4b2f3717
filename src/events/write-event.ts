import { fnv1a64Hex } from '../hash';
import { notAnImpressionFlag } from '../impressions';
import { repoSlug, type RepoRef } from '../repos';
import type { ViewEvent } from '../views';
import { VIEW_EVENT_SCHEMA, fieldsInSlotOrder, type ViewEventBlobField, type ViewEventDoubleField } from './schema';

// Analytics Engine indexes hold at most 96 bytes, but "owner/repo" can reach 140 (39 + 1 + 100).
// https://developers.cloudflare.com/analytics/analytics-engine/limits/
const MAX_INDEX_BYTES = 96;

/** The sampling index of a repository: its slug, or a stable shortened form when the slug is too long. */
export function eventIndex(ref: RepoRef): string {
  const slug = repoSlug(ref);
  if (slug.length <= MAX_INDEX_BYTES) return slug;
  const digest = fnv1a64Hex(slug);
  return `${slug.slice(0, MAX_INDEX_BYTES - digest.length - 1)}~${digest}`;
}

// Worked out once: every view is written with these orders.
const BLOB_FIELDS = fieldsInSlotOrder(VIEW_EVENT_SCHEMA.blobs);
const DOUBLE_FIELDS = fieldsInSlotOrder(VIEW_EVENT_SCHEMA.doubles);

export function toDataPoint(event: ViewEvent): AnalyticsEngineDataPoint {
  const blobValues: Record<ViewEventBlobField, string> = {
    owner: event.owner,
    repo: event.repo,
    page: event.page,
    source: event.source,
    referrerHost: event.referrerHost,
    country: event.country,
    colo: event.colo,
    userAgentFamily: event.userAgentFamily,
  };
  const doubleValues: Record<ViewEventDoubleField, number> = { views: 1, bot: notAnImpressionFlag(event.source) };
  return {
    indexes: [eventIndex(event)],
    blobs: BLOB_FIELDS.map((field) => blobValues[field]),
    doubles: DOUBLE_FIELDS.map((field) => doubleValues[field]),
  };
}

/** Writes one view. Analytics Engine writes are fire-and-forget; the caller keeps a throwing binding from costing the image. */
export function writeViewEvent(dataset: AnalyticsEngineDataset, event: ViewEvent): void {
  dataset.writeDataPoint(toDataPoint(event));
}
