import { addDays, type UtcDay } from '../dates';
import { impressionAeSql } from '../impressions';
import { VIEW_EVENT_SCHEMA, type ViewEventBlobField } from './schema';

/**
 * SQL for Analytics Engine's SQL API, which takes no bound parameters: every value that goes into a query is
 * checked against a strict pattern first, and a value that does not match throws instead of being quoted.
 * Counts are SUM(_sample_interval × views), never count(): Analytics Engine samples at volume
 * (https://developers.cloudflare.com/analytics/analytics-engine/sampling/).
 */
export const BREAKDOWN_DIMENSIONS = {
  page: 'page',
  source: 'source',
  referrer: 'referrerHost',
  country: 'country',
} as const satisfies Record<string, ViewEventBlobField>;
export type BreakdownDimension = keyof typeof BREAKDOWN_DIMENSIONS;

const DATASET = /^[A-Za-z0-9_]{1,64}$/;
// Event indexes: lower-case slugs, or their shortened form with '~' and hex (see eventIndex).
const INDEX = /^[a-z0-9._-]{1,39}\/[a-z0-9._~-]{1,100}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function breakdownSql(dataset: string, dimension: BreakdownDimension, indexes: readonly string[], from: UtcDay, to: UtcDay): string {
  if (!DATASET.test(dataset)) throw new Error(`not a dataset name: ${JSON.stringify(dataset)}`);
  if (indexes.length === 0) throw new Error('no repositories to query');
  for (const index of indexes) if (!INDEX.test(index)) throw new Error(`not a repository index: ${JSON.stringify(index)}`);
  for (const day of [from, to]) if (!DAY.test(day) || Number.isNaN(Date.parse(day))) throw new Error(`not a day: ${JSON.stringify(day)}`);
  const column = VIEW_EVENT_SCHEMA.blobs[BREAKDOWN_DIMENSIONS[dimension]];
  const { views, bot } = VIEW_EVENT_SCHEMA.doubles;
  const index = VIEW_EVENT_SCHEMA.index;
  return [
    `SELECT ${index} AS repo, toStartOfDay(timestamp) AS day, ${column} AS value, SUM(_sample_interval * ${views}) AS views`,
    `FROM ${dataset}`,
    `WHERE ${index} IN (${indexes.map((value) => `'${value}'`).join(', ')})`,
    `  AND ${impressionAeSql(bot)}`,
    `  AND timestamp >= toDateTime('${from} 00:00:00') AND timestamp < toDateTime('${addDays(to, 1)} 00:00:00')`,
    'GROUP BY repo, day, value',
    'ORDER BY repo, day, views DESC',
  ].join('\n');
}

export interface BreakdownRow {
  repo: string;
  day: UtcDay;
  value: string;
  views: number;
}

/** Reads the SQL API's rows; rows of an unexpected shape are dropped rather than stored. */
export function parseBreakdownRows(data: unknown): BreakdownRow[] {
  if (!Array.isArray(data)) return [];
  const rows: BreakdownRow[] = [];
  for (const row of data as Array<Record<string, unknown>>) {
    const day = typeof row.day === 'string' ? row.day.slice(0, 10) : '';
    const views = Number(row.views);
    if (typeof row.repo !== 'string' || !DAY.test(day) || typeof row.value !== 'string' || !Number.isFinite(views)) continue;
    rows.push({ repo: row.repo, day, value: row.value, views: Math.round(views) });
  }
  return rows;
}
