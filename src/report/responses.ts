import type { RepoStatsKind } from '../imports/repo-stats-files';
import type { OwnerTotals } from './owner-totals';
import type { RepoInsights } from './repo-insights';
import type { RepoSeries, publicSeries } from './repo-series';
import type { RepoSummary, UnavailableLine, publicSummary } from './repo-summary';
import type { CarriedOver, CarriedOverChange, TrackedLink } from '../views';

// The JSON bodies of the report's endpoints, as the routes write them and the dashboard reads them: one
// definition for both sides (src/dashboard/ is type-checked against these).

/** `GET /report` with the token. */
export interface ReportTable {
  generatedAt: string;
  access: 'full';
  repositories: RepoSummary[];
  /** Lines whose storage failed: listed apart, the rest of the table is whole. */
  unavailable: UnavailableLine[];
  owners: OwnerTotals[];
}

/** `GET /report` without it, where PUBLIC_REPORT=true. */
export interface PublicReportTable {
  generatedAt: string;
  access: 'public';
  repositories: Array<ReturnType<typeof publicSummary>>;
  unavailable: UnavailableLine[];
}

/** `GET /report/{owner}/{repo}` with the token: the daily series and the insights. */
export type RepoReport = RepoSeries & RepoInsights;

/** `?table=versions`: the README versions, by commit and by `?v=` label, with their rates and verdicts. */
export interface VersionsTable {
  repo: string;
  versions: RepoInsights['versions'];
  labelledVersions: RepoInsights['labelledVersions'];
}

/** `?table=events`: the star bursts and traffic spikes that touch the range, explained. */
export interface EventsTable {
  repo: string;
  from: string;
  to: string;
  events: RepoInsights['events'];
}

/** The same without it. */
export type PublicRepoReport = ReturnType<typeof publicSeries>;

/** `POST /report/import` of github-repo-stats files, when it is taken. */
export interface RepoStatsImported {
  repo: string;
  historyWritten: boolean;
  read: Partial<Record<RepoStatsKind, { files: number; rows: number }>>;
  skipped: Array<{ file: string; reason: string }>;
}

/** `POST /report/baseline` and `DELETE /report/baseline/{owner}/{repo}`: the total now carried over, and what it did. */
export interface CarriedOverAnswer extends CarriedOverChange {
  repo: string;
  carriedOver: CarriedOver | null;
  /** The same in a sentence: the badge's total before and after, and the counted days it replaces. */
  message: string;
}

/** Every refusal: what to fix, and for an import the lines it refused. */
export interface ErrorBody {
  error: string;
  rejected?: Array<{ line: number; error: string; file?: string }>;
  rejectedNotListed?: number;
}

/** A tracked link as `/report/links` answers it: with its address and the Markdown to paste. */
export interface DescribedLink extends TrackedLink {
  url: string;
  markdown: string;
}

/** `POST /report/links`: the link saved, and the one it replaced (same name, the old destination), if any. */
export interface LinkAnswer {
  repo: string;
  link: DescribedLink;
  replaced: TrackedLink | null;
}

/** `GET /report/links/{owner}/{repo}`. */
export interface LinksAnswer {
  repo: string;
  links: DescribedLink[];
}
