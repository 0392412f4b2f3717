import { byCodeUnits } from '../text-order';
import type { UtcDay } from '../dates';
import { emptyHistory, type RepoHistory } from '../history/model';
import { readCsv } from './csv-records';
import {
  readGains,
  readSnapshot,
  readTraffic,
  SNAPSHOT_KEY,
  SNAPSHOT_NAME,
  SNAPSHOT_TOTAL,
  SNAPSHOT_UNIQUE,
  type RowContext,
} from './repo-stats-rows';

/**
 * Reads the CSV files that the jgehrcke/github-repo-stats Action keeps in its data branch
 * (https://github.com/jgehrcke/github-repo-stats) into a RepoHistory, so that years of traffic kept before this
 * Worker existed join the collector's. Every row is checked and every problem is reported by file and line:
 * the caller writes nothing unless the whole set is clean. Pure.
 */

/**
 * Files one POST /report/import takes at most, and what the README's commands and the dashboard send: 58 snapshot
 * files in one request took 6.5 ms of the Worker's CPU (median, up to 15; npm run bench:cpu), past the free plan's
 * targets, and 25 keep well within them.
 */
export const FILES_PER_REQUEST = 25;

export type RepoStatsKind = 'views-clones' | 'stars' | 'forks' | 'referrers' | 'paths';

export interface RepoStatsFile {
  name: string;
  text: string;
}

export interface Rejection {
  file: string;
  line: number;
  error: string;
}

export type RepoStatsParse =
  | {
      ok: true;
      history: RepoHistory;
      read: Partial<Record<RepoStatsKind, { files: number; rows: number }>>;
      skipped: Array<{ file: string; reason: string }>;
    }
  | { ok: false; rejected: Rejection[] };

export const MAX_ROW_CHARS = 4096;

// Column names per kind. Older versions of the Action named the snapshot columns differently; both are read.
const TRAFFIC_COLUMNS = ['time_iso8601', 'clones_total', 'clones_unique', 'views_total', 'views_unique'];
const EXPECTED_FILES =
  'expected views_clones_aggregate.csv (time_iso8601,clones_total,clones_unique,views_total,views_unique), ' +
  'stargazers.csv or stars.csv (time_iso8601,stars_cumulative), forks.csv (time_iso8601,forks_cumulative), ' +
  'or snapshots/*_top_referrers_snapshot.csv and *_top_paths_snapshot.csv';

export function parseRepoStatsFiles(files: readonly RepoStatsFile[], today: UtcDay): RepoStatsParse {
  const rejected: Rejection[] = [];
  const history = emptyHistory();
  const read: Partial<Record<RepoStatsKind, { files: number; rows: number }>> = {};
  const skipped: Array<{ file: string; reason: string }> = [];
  const firstOfKind = new Map<RepoStatsKind, string>();
  // Snapshots in time order, so that the day's last one wins when the Action ran several times a day.
  const ordered = [...files].sort((a, b) => byCodeUnits(snapshotTime(a.name), snapshotTime(b.name)));

  for (const { name, text } of ordered) {
    const reject = (line: number, error: string) => rejected.push({ file: name, line, error });
    const csv = readCsv(text, MAX_ROW_CHARS);
    if (!csv.ok) {
      reject(csv.line, csv.error);
      continue;
    }
    const columns = new Set(csv.header);
    if (columns.size !== csv.header.length) {
      reject(1, `a column is named twice (${csv.header.join(',').slice(0, 200)})`);
      continue;
    }
    if (sameColumns(csv.header, ['time_iso8601', 'stargazers_cumulative_snapshot'])) {
      skipped.push({ file: name, reason: 'occasional star totals: the stars gained per day come from stargazers.csv (or stars.csv)' });
      continue;
    }
    const kind = kindOf(name, csv.header);
    if (!kind) {
      reject(1, `columns "${csv.header.join(',').slice(0, 200)}" are not a github-repo-stats file: ${EXPECTED_FILES}`);
      continue;
    }
    const positions = new Map(csv.header.map((column, i) => [column, i]));
    const context: RowContext = { header: csv.header, column: (column) => positions.get(column) ?? -1, today, reject };
    if (kind === 'views-clones' || kind === 'stars' || kind === 'forks') {
      const earlier = firstOfKind.get(kind);
      if (earlier) {
        reject(1, `a second ${kind} file: ${earlier} was already given`);
        continue;
      }
      firstOfKind.set(kind, name);
    }
    if (kind === 'views-clones') readTraffic(csv.records, context, history);
    else if (kind === 'stars') history.starsGained = readGains(csv.records, context, 'stars_cumulative');
    else if (kind === 'forks') history.forksGained = readGains(csv.records, context, 'forks_cumulative');
    else readSnapshot(csv.records, context, kind, name, history);
    const tally = read[kind] ?? { files: 0, rows: 0 };
    read[kind] = tally;
    tally.files++;
    tally.rows += csv.records.length;
  }
  return rejected.length > 0 ? { ok: false, rejected } : { ok: true, history, read, skipped };
}

function kindOf(name: string, header: string[]): RepoStatsKind | null {
  if (sameColumns(header, TRAFFIC_COLUMNS)) return 'views-clones';
  if (sameColumns(header, ['time_iso8601', 'stars_cumulative'])) return 'stars';
  if (sameColumns(header, ['time_iso8601', 'forks_cumulative'])) return 'forks';
  const snapshot = SNAPSHOT_NAME.exec(name)?.[3] as 'referrers' | 'paths' | undefined;
  if (!snapshot || header.length !== 3) return null;
  const [key, total, unique] = [
    header.find((c) => SNAPSHOT_KEY[snapshot].includes(c)),
    header.find((c) => SNAPSHOT_TOTAL.includes(c)),
    header.find((c) => SNAPSHOT_UNIQUE.includes(c)),
  ];
  return key && total && unique ? snapshot : null;
}

function sameColumns(header: string[], expected: string[]): boolean {
  return header.length === expected.length && expected.every((column) => header.includes(column));
}

/** The time of a snapshot from its file name, or '' for other files (they are read first). */
function snapshotTime(name: string): string {
  const match = SNAPSHOT_NAME.exec(name);
  return match ? `${match[1]}_${match[2]}` : '';
}
