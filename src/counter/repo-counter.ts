import { DurableObject } from 'cloudflare:workers';
// Imported with the script, not on a first refresh: a module's top-level code run in an invocation is that
// invocation's CPU (~7 ms for Octokit's and the collector's, past half the free plan's 10 ms), while the script's
// own start has a budget of its own (Cloudflare's startup limit).
import {
  askForRefresh,
  continueBackfill,
  mergeAnswers,
  refreshRepo,
  type BackfillOutcome,
  type RefreshAnswers,
  type RefreshDeps,
  type RefreshOutcome,
  type RefreshRequest,
} from '../collector/refresh-repo';
import { chartMarkers, type ChartMarker, type MarkerKind } from '../charts/chart-markers';
import { parseConfig } from '../config';
import { addDays, FAR_FUTURE, FIRST_DAY, utcDay, type UtcDay, type UtcHour } from '../dates';
import { earlierWeeksOf, earlierWeeksRange, repoWeek, weekStart, type RepoWeek } from '../digests/repo-week';
import type { Contribution } from '../github/contributions';
import type { GitHubEvent } from '../webhooks/github-delivery';
import { createGitHubClient, type GitHubClientOptions, type GitHubUsage } from '../github/client';
import { buildDailyFacts, type OwnDays } from '../history/daily-facts';
import type { RepoDays, RepoHistory } from '../history/model';
import { buildRepoReport, reportStart, type DayRange } from '../report/repo-report';
import type { RepoInsights } from '../report/repo-insights';
import { buildRepoSeries, type RepoSeries } from '../report/repo-series';
import { insightsStart } from '../report/repo-insights';
import { summarizeHistory, summaryStart } from '../conversions/summary';
import { logError, logLine } from '../log';
import { IMPRESSION_SQL, isReadmeImpression, README_IMPRESSION_SQL, README_PAGE } from '../impressions';
import { registryOf } from '../registry/registry-client';
import { summarizeRepo, TABLE_DAYS, type RepoSummary } from '../report/repo-summary';
import { parseRepoSlug, repoSlug, type RepoRef } from '../repos';
import { readLegacyHistory, readLegacyStatus } from '../storage/kv-layout';
import type { RepoStatus, ScheduleFields } from '../records/repo-status';
import { checkExportLine, checkReadLine, readExportLine, type ExportLine } from '../imports/export-line';
import type { RepoRecords, SaveResult } from '../records/repo-records';
import { CONTRIBUTION_TOTALS, ContributionRows } from './contribution-rows';
import { DOWNLOAD_TOTALS, DownloadRows } from './download-rows';
import { HISTORY_TOTALS, HistoryRows, WHOLE_HISTORY, type HistoryMerge } from './history-rows';
import { lineSteps, stepAt, type ImportStep, type StepResult } from '../imports/import-steps';
import { HourlyRows, type EventRecording, type HourCounts } from './hourly-rows';
import { LINK_TOTALS, LinkRows, type LinkChange, type LinkClick } from './link-rows';
import { jsonArrayOf, jsonBatches, rowsAsJson } from './sqlite-json';
import type {
  CarriedOver,
  CarriedOverChange,
  CountedDays,
  CounterDays,
  CounterHit,
  DailyDownloads,
  DailyLabelledViews,
  DailyViews,
  DailyVisitors,
  DayTotal,
  TrackedLink,
} from '../views';
import { IN_RANGE, KeptTotals, type TotalsPart } from './kept-totals';
import { StatusRow } from './status-row';
import { VisitorCounter } from './visitor-counter';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS views (
    day TEXT NOT NULL, page TEXT NOT NULL, source TEXT NOT NULL, views INTEGER NOT NULL,
    PRIMARY KEY (day, page, source)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS unique_visitors (day TEXT PRIMARY KEY, visitors INTEGER NOT NULL) WITHOUT ROWID;
  -- README impressions per day and ?v= version label (bots left out), where the maintainer names versions.
  CREATE TABLE IF NOT EXISTS labelled_views (day TEXT NOT NULL, label TEXT NOT NULL, views INTEGER NOT NULL, PRIMARY KEY (day, label)) WITHOUT ROWID;
  -- One row once the repository is listed: named in REPOS, offered to the registry, or (before the registry)
  -- marked seen in KV. It is not offered again.
  CREATE TABLE IF NOT EXISTS registered (id INTEGER PRIMARY KEY CHECK (id = 1));
  -- At most one total carried over from another counter (POST /report/baseline).
  CREATE TABLE IF NOT EXISTS carried_over (
    id INTEGER PRIMARY KEY CHECK (id = 1), views INTEGER NOT NULL, before TEXT NOT NULL, source TEXT NOT NULL
  );
  -- One row once the history and status that deployments before this table kept in KV have been moved in.
  CREATE TABLE IF NOT EXISTS moved_from_kv (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);
`;

// Days before the calendar (stored before imports were checked against it) are not counted.
const FOREVER_AGO: UtcDay = FIRST_DAY;

/** The README impressions' part of a month's totals (KeptTotals): the `readme` page's views, bots left out. */
const README_IMPRESSION_TOTALS: TotalsPart = {
  table: 'views',
  from: `views WHERE day ${IN_RANGE} AND ${README_IMPRESSION_SQL}`,
  sums: { readmeImpressions: 'SUM(views)' },
};

/** Every figure of a README version's totals, from the tables that hold it. */
export const COUNTER_TOTALS: readonly TotalsPart[] = [
  ...HISTORY_TOTALS,
  ...LINK_TOTALS,
  CONTRIBUTION_TOTALS,
  DOWNLOAD_TOTALS,
  README_IMPRESSION_TOTALS,
];

/** What startRefresh did: the whole refresh (its outcome), or its questions (null), which finishRefresh merges. */
export interface StartedRefresh {
  outcome: RefreshOutcome | null;
  /** With no outcome: keepRefreshTotals is to be called before finishRefresh (until it says none are pending). */
  totalsPending: boolean;
  github: GitHubUsage;
}

/**
 * The exact view counter of one repository (one object per `owner/repo`). A Durable Object handles its requests
 * one at a time and each count below is a single synchronous SQL statement, so concurrent views can never lose
 * an update, unlike a read-modify-write on KV.
 */
export class RepoCounter extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private visitors: VisitorCounter;
  private historyRows: HistoryRows;
  private linkRows: LinkRows;
  private contributionRows: ContributionRows;
  private downloadRows: DownloadRows;
  private keptTotals: KeptTotals;
  private hourlyRows: HourlyRows;
  private statusRow: StatusRow;
  private registered = false;
  private moved = false;
  // The carried-over total, read once: every badge view asks for it.
  private carried: CarriedOver | null | undefined;
  // The answers startRefresh asked, for the finishRefresh that follows it.
  private startedRefresh: {
    deps: RefreshDeps;
    status: RepoStatus;
    asked: RefreshAnswers;
    now: number;
    breakdowns: RefreshRequest['breakdowns'];
  } | null = null;
  // The export line readImportLine last read, parsed, for the checkImportLine that follows it.
  private readImport: { text: string; json: unknown } | null = null;
  // The export line checkImportLine last passed, parsed, for the importLine that follows it.
  private checkedImport: { text: string; line: ExportLine } | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(SCHEMA);
    this.visitors = new VisitorCounter(this.sql, ctx.storage);
    this.historyRows = new HistoryRows(this.sql);
    this.linkRows = new LinkRows(this.sql);
    this.contributionRows = new ContributionRows(this.sql);
    this.downloadRows = new DownloadRows(this.sql);
    // After the tables it sums: its triggers are on them.
    this.keptTotals = new KeptTotals(this.sql, COUNTER_TOTALS);
    this.hourlyRows = new HourlyRows(this.sql, ctx.storage);
    this.statusRow = new StatusRow(this.sql);
  }

  /** The repository's whole kept history (GitHub's traffic, counts, gains, top lists, breakdowns). */
  async history(): Promise<RepoHistory> {
    await this.moveFromKvOnce();
    return this.historyRows.read();
  }

  /** The repository's refresh status and the summary of its history. */
  async status(): Promise<RepoStatus> {
    await this.moveFromKvOnce();
    return this.statusRow.read();
  }

  /** What the cron run plans with: when the repository was refreshed, and where its star history stands. */
  async schedule(): Promise<ScheduleFields> {
    const { lastRefreshAt, traffic, starHistory, starHistoryMissingAt } = await this.status();
    return { lastRefreshAt, traffic, starHistory, starHistoryMissingAt };
  }

  /**
   * Stores a history (only the rows that changed) and a status (when it differs), in one call: both land, or,
   * storage failing, neither. Returns what was written.
   */
  async saveRecords(records: { history?: RepoHistory; status?: RepoStatus }): Promise<SaveResult> {
    await this.moveFromKvOnce();
    return this.writeRecords(records);
  }

  /**
   * Refreshes the repository from GitHub here, in the object's own invocation: GitHub's answers merged into its
   * rows, only the changed ones written (collector/refresh-repo.ts). The cron run only chooses whom to refresh.
   */
  async refresh(now: number, options: RefreshRequest): Promise<RefreshOutcome & { github: GitHubUsage }> {
    return this.withGitHub(options.github, (deps, status) => this.withKeptRows(() => refreshRepo(deps, this.ref(), status, now, options)));
  }

  /**
   * The first of a refresh's two invocations (the cron run's): GitHub's answers, asked here. When they bring
   * nothing new, the refresh ends here (its outcome); otherwise finishRefresh merges them, in an invocation of its
   * own: both in one took ~7 ms of CPU for a first refresh of a year-old repository, against the free plan's 10.
   */
  async startRefresh(now: number, options: RefreshRequest): Promise<StartedRefresh> {
    return this.withGitHub(options.github, async (deps, status) => {
      this.startedRefresh = null;
      const asked = await askForRefresh(deps, this.ref(), status, now, options);
      if (asked.bringNothingNew)
        return {
          outcome: await this.withKeptRows(() => mergeAnswers(deps, this.ref(), status, asked, now, options)),
          totalsPending: false,
        };
      this.startedRefresh = { deps, status, asked, now, breakdowns: options.breakdowns };
      return { outcome: null, totalsPending: asked.totalsPending };
    });
  }

  /**
   * Between the two, where startRefresh says so (`totalsPending`): sums and keeps the months of the README versions'
   * days that finishRefresh sums, MONTHS_PER_CALL at most; says whether any are left, for another call. A first
   * refresh, or one after GitHub's star history rewrote old days, would sum them all in its merge: a year of them
   * took ~1 ms of its CPU.
   */
  async keepRefreshTotals(): Promise<{ pending: boolean; rowsWritten: number }> {
    const versions = this.startedRefresh?.asked.versionDaysBefore ?? [];
    const next = versions.find((days) => !this.keptTotals.isKept(days.from, days.to));
    const before = this.keptTotals.rowsWritten;
    if (next) this.keptTotals.keep(next.from, next.to);
    return {
      pending: versions.some((days) => !this.keptTotals.isKept(days.from, days.to)),
      rowsWritten: this.keptTotals.rowsWritten - before,
    };
  }

  /**
   * The second: merges the answers startRefresh asked into the rows and saves the status. They are kept in memory
   * between the two calls, so an object started afresh in between has none: its refresh then saved nothing (not
   * its ETags either), and the next one asks GitHub again.
   */
  async finishRefresh(): Promise<RefreshOutcome> {
    const started = this.startedRefresh;
    this.startedRefresh = null;
    if (!started) {
      const message = "The refresh's answers from GitHub were not kept (its object restarted): the next refresh asks again.";
      return { repo: this.slug(), state: 'error', message, historyWritten: false, backfillPending: false, newEvents: [], rowsWritten: 0 };
    }
    const deps = { ...started.deps, records: this.ownRecords() };
    return this.withKeptRows(() =>
      mergeAnswers(deps, this.ref(), started.status, started.asked, started.now, { breakdowns: started.breakdowns }),
    );
  }

  /**
   * A refresh's outcome with the rows its README versions' kept sums wrote (their months, kept as summed). Started
   * here, after the count is taken: a merge sums its first months before its first wait.
   */
  private async withKeptRows(refresh: () => Promise<RefreshOutcome>): Promise<RefreshOutcome> {
    const before = this.keptTotals.rowsWritten;
    const outcome = await refresh();
    return { ...outcome, rowsWritten: outcome.rowsWritten + this.keptTotals.rowsWritten - before };
  }

  /** Loads up to `pages` older pages of the star history between refreshes (collector/refresh-repo.ts). */
  async backfill(now: number, pages: number, githubOptions: GitHubClientOptions): Promise<BackfillOutcome & { github: GitHubUsage }> {
    return this.withGitHub(githubOptions, (deps, status) => continueBackfill(deps, this.ref(), status, now, pages));
  }

  /** Runs `work` with a GitHub client, this object's records and its status, and says what it used of GitHub. */
  private async withGitHub<T>(
    options: GitHubClientOptions,
    work: (deps: RefreshDeps, status: RepoStatus) => Promise<T>,
  ): Promise<T & { github: GitHubUsage }> {
    const github = createGitHubClient(options);
    const status = await this.status();
    const outcome = await work(
      { github, hasToken: options.token !== undefined, signedInWith: options.signedInWith, records: this.ownRecords(), log: logLine },
      status,
    );
    return { ...outcome, github: { ...github.usage } };
  }

  /** The repository's part of a weekly digest: its days of the week and the one before, and its news. */
  async digestWeek(range: { from: UtcDay; to: UtcDay }): Promise<RepoWeek> {
    const status = await this.status();
    const changes = status.readme?.changes ?? [];
    // Only the days the week's figures, events and README verdicts need (weekStart), not the whole history.
    const from = weekStart(changes, range);
    const earlier = earlierWeeksRange(range);
    const earlierWeeks = earlierWeeksOf(this.readmeImpressionsByDay(earlier.from, earlier.to).perDay, range);
    return repoWeek(this.slug(), this.daysFrom(from, range.to), changes, range, earlierWeeks);
  }

  /**
   * A repository's report (report/repo-report.ts), built here beside the rows from the days it needs
   * (reportStart), rather than its whole history crossing into the Worker: GET /report/{owner}/{repo}.
   */
  async repoReport(ranges: { series: DayRange; insights: DayRange }, now: number): Promise<{ series: RepoSeries; insights: RepoInsights }> {
    const changes = (await this.status()).readme?.changes ?? [];
    const from = reportStart(changes, ranges);
    const report = buildRepoReport(this.slug(), this.daysFrom(from, utcDay(now)), changes, ranges, now);
    return { ...report, series: this.withWholeSpan(report.series) };
  }

  /** The daily series of `range` alone (what the public report shows of it), built here the same way. */
  async repoSeries(range: DayRange): Promise<RepoSeries> {
    await this.moveFromKvOnce();
    return this.withWholeSpan(buildRepoSeries(this.slug(), this.daysFrom(range.from, range.to), range.from, range.to));
  }

  /** What a series of the days from `from` to `to` is built from: the history from `from` on, and the counter's days. */
  private daysFrom(from: UtcDay, to: UtcDay): RepoDays {
    return { history: this.historyRows.read(from), ...this.days(from, to) };
  }

  /** A series read from its own days says the span of the whole kept history, as one built from all of it does. */
  private withWholeSpan(series: RepoSeries): RepoSeries {
    return { ...series, historySpan: this.historyRows.span() };
  }

  /**
   * The markers of a chart of the days `range` (charts/chart-markers.ts), worked out here beside the rows: from
   * the days the report's insights start on (insightsStart), so a chart marks the bursts the report explains.
   */
  async chartMarkers(range: { from: UtcDay; to: UtcDay }, now: number, kinds: readonly MarkerKind[]): Promise<ChartMarker[]> {
    const changes = (await this.status()).readme?.changes ?? [];
    const from = insightsStart(changes, range.from);
    const facts = buildDailyFacts(this.historyRows.read(from), this.readmeImpressions(from, range.to), from, range.to);
    return chartMarkers(facts, changes, range, now, kinds);
  }

  /**
   * Merges an imported history into the rows (larger value per date: HistoryRows.mergeImported) and updates the
   * status's summary from the days it covers, in one transaction.
   */
  async importHistory(imported: RepoHistory, today: UtcDay): Promise<SaveResult> {
    return this.mergeHistory(imported, today, WHOLE_HISTORY, true);
  }

  /**
   * importHistory in steps, an invocation each: `step` of an imported history's historySteps, with the part of it
   * that step writes (historyForStep).
   */
  async importHistoryStep(part: RepoHistory, today: UtcDay, step: ImportStep): Promise<SaveResult> {
    if (step.kind !== 'figures' && step.kind !== 'lists') throw new Error(`a history has no ${step.kind} step`);
    return this.writeStep(step, { history: part }, today);
  }

  /**
   * Merges `part` of an imported history into the rows, and with `summarize` brings the status's summary up to
   * date from the days it covers, in one transaction.
   */
  private async mergeHistory(imported: RepoHistory, today: UtcDay, part: HistoryMerge, summarize: boolean): Promise<SaveResult> {
    const status = await this.status();
    return this.transaction(() => {
      const historyRows = this.historyRows.mergeImported(imported, today, part);
      const from = summaryStart(today);
      const statusWritten =
        summarize &&
        this.statusRow.write({
          ...status,
          ...summarizeHistory(this.historyRows.readFigures(from), this.readmeImpressions(from, today), today, this.ownDays(from, today)),
        });
      return { historyWritten: historyRows > 0, statusWritten, rowsWritten: historyRows + (statusWritten ? 1 : 0) };
    });
  }

  /** Writes one step of an import: of a line checked (`line`), or of a history alone. */
  private async writeStep(step: ImportStep, from: { line?: ExportLine; history: RepoHistory }, today: UtcDay): Promise<SaveResult> {
    const nothing = { historyWritten: false, statusWritten: false, rowsWritten: 0 };
    switch (step.kind) {
      case 'views':
        this.importDailyViews(from.line?.views.slice(step.from, step.to) ?? []);
        return nothing;
      case 'counter':
        if (from.line) await this.importCounterRows(from.line);
        return nothing;
      case 'figures':
        return this.mergeHistory(from.history, today, { figures: { from: step.from, to: step.to }, lists: false }, false);
      case 'lists':
        return this.mergeHistory(from.history, today, { figures: null, lists: true }, true);
      case 'totals':
        this.keptTotals.keep(step.from, step.to);
        return nothing;
    }
  }

  /**
   * Reads a line of an export for this repository (readExportLine), the first half of its check: the Worker reads
   * only each line's name, and each object parses its own line, in an invocation of its own (a year's line is
   * ~185 KB of JSON). null when it is JSON; it is then kept, parsed, for checkImportLine.
   */
  readImportLine(text: string): string | null {
    this.readImport = null;
    this.checkedImport = null;
    const read = readExportLine(text);
    if (!read.ok) return read.error;
    this.readImport = { text, json: read.json };
    return null;
  }

  /**
   * Checks a line of an export for this repository before anything of the import is written (checkExportLine):
   * the line readImportLine read, or else `text` read here too. null when it is fine; it is then kept, parsed, for
   * importLine.
   */
  checkImportLine(text: string, today: UtcDay): string | null {
    this.checkedImport = null;
    const checked = this.checkedLine(text, today);
    if (typeof checked === 'string') return checked;
    this.checkedImport = { text, line: checked };
    return null;
  }

  /**
   * Imports the counter's part of a line checkImportLine passed: views, visitors, labels, links and their clicks,
   * contributions, downloads and the carried-over total. importLineHistory then imports its history. (The Worker
   * imports a line with importLineStep.)
   */
  async importLine(text: string, today: UtcDay): Promise<void> {
    const line = this.lineChecked(text, today);
    this.importDailyViews(line.views);
    await this.importCounterRows(line);
  }

  /** Imports the history of a line checkImportLine passed, after importLine: the summary counts its impressions. */
  async importLineHistory(text: string, today: UtcDay): Promise<SaveResult> {
    const line = this.lineChecked(text, today);
    this.checkedImport = null;
    return this.importHistory(line.history, today);
  }

  /**
   * Imports step `index` of a line checkImportLine passed (lineSteps: its views a part at a time, the counter's
   * other rows, then its history, whose summary counts them all), an invocation each. After the last, the line is
   * no longer kept.
   */
  async importLineStep(text: string, today: UtcDay, index: number): Promise<StepResult> {
    const line = this.lineChecked(text, today);
    const steps = lineSteps(line);
    const saved = await this.writeStep(stepAt(steps, index), { line, history: line.history }, today);
    if (index === steps.length - 1) this.checkedImport = null;
    return { steps: steps.length, historyWritten: saved.historyWritten };
  }

  /** The counter's rows of a line but its views. */
  private async importCounterRows(line: ExportLine): Promise<void> {
    this.importDailyVisitors(line.visitors);
    this.importLabelledViews(line.labelled);
    this.transaction(() => {
      this.linkRows.importRows(line);
      this.contributionRows.add(line.contributions);
      this.downloadRows.merge(line.downloads);
      this.hourlyRows.importRows(line);
    });
    // A carried-over total is one figure, not a series: the file's replaces the stored one.
    if (line.carriedOver) await this.setCarriedOver(line.carriedOver);
  }

  /** The line just checked, unless this object was started afresh since: then it is checked again. */
  private lineChecked(text: string, today: UtcDay): ExportLine {
    if (this.checkedImport?.text === text) return this.checkedImport.line;
    const line = this.checkedLine(text, today);
    if (typeof line === 'string') throw new Error(`the import line no longer checks: ${line}`);
    this.checkedImport = { text, line };
    return line;
  }

  private checkedLine(text: string, today: UtcDay): ExportLine | string {
    const read = this.readImport?.text === text ? this.readImport : null;
    this.readImport = null;
    const checked = read ? checkReadLine(read.json, today) : checkExportLine(text, today);
    if (!checked.ok) return checked.error;
    // JSON keeps the last of two "repo" keys; the Worker read the first.
    const named = parseRepoSlug(checked.line.repo);
    if (!named || repoSlug(named) !== this.slug())
      return `repo: the line begins with ${this.slug()} but names ${checked.line.repo.slice(0, 200)}`;
    return checked.line;
  }

  /**
   * The records as this object's rows: read and written synchronously, so nothing interleaves between reading a
   * window of the history and saving what was merged into it, which is compared with that window only.
   */
  private ownRecords(): RepoRecords {
    let read: RepoHistory | undefined;
    return {
      window: async (from) => {
        read = this.historyRows.read(from);
        return { history: read, starsGainedBefore: this.historyRows.starsGainedBefore(from) };
      },
      mergeStarsGained: async (days) => this.historyRows.mergeStarsGained(days),
      // What a refresh's figures count of the views: the README's, bots left out (the rest is not read).
      impressions: async (from, to) => this.readmeImpressions(from, to),
      ownDays: async (from, to) => this.ownDays(from, to),
      addContributions: async (items) => this.contributionRows.add(items),
      mergeDownloads: async (rows) => this.downloadRows.merge(rows),
      downloadsThrough: async () => this.downloadRows.lastDays(),
      totals: async (from, to, months) => this.keptTotals.over(from, to, months),
      totalsKept: async (from, to) => this.keptTotals.isKept(from, to),
      save: async (records) => this.writeRecords(records, read),
    };
  }

  private writeRecords(records: { history?: RepoHistory; status?: RepoStatus }, read?: RepoHistory): SaveResult {
    return this.transaction(() => {
      const historyRows = records.history ? this.historyRows.write(records.history, read) : 0;
      const statusWritten = records.status ? this.statusRow.write(records.status) : false;
      return { historyWritten: historyRows > 0, statusWritten, rowsWritten: historyRows + (statusWritten ? 1 : 0) };
    });
  }

  private ref(): RepoRef {
    const ref = parseRepoSlug(this.slug());
    if (!ref) throw new Error(`a repository object named "${this.slug()}" is no repository`);
    return ref;
  }

  /**
   * `write` in one transaction of the object's storage. One that throws is rolled back, and the status kept
   * parsed, which may have been read from it, is forgotten with it.
   */
  private transaction<T>(write: () => T): T {
    try {
      return this.ctx.storage.transactionSync(write);
    } catch (error) {
      this.statusRow.forget();
      throw error;
    }
  }

  /**
   * Deployments before this object kept the history and status in KV (history:/status: keys). The first call
   * that needs them moves them in, once; the KV keys are left as they were and never written again.
   */
  private async moveFromKvOnce(): Promise<void> {
    this.moved ||= this.sql.exec('SELECT id FROM moved_from_kv').toArray().length > 0;
    if (this.moved) return;
    const ref = parseRepoSlug(this.slug());
    // No other call runs while the KV reads are awaited, so nothing is read or written half-moved. A failure is
    // returned rather than thrown: one thrown inside blockConcurrencyWhile resets the object.
    const failure = await this.ctx.blockConcurrencyWhile(async () => {
      if (this.sql.exec('SELECT id FROM moved_from_kv').toArray().length > 0) return null;
      try {
        const [history, status] = ref
          ? await Promise.all([readLegacyHistory(this.env.REPORTS, ref), readLegacyStatus(this.env.REPORTS, ref)])
          : [null, null];
        this.transaction(() => {
          if (history && this.historyRows.isEmpty()) this.historyRows.write(history);
          if (status && !this.statusRow.exists()) this.statusRow.write(status);
          this.sql.exec('INSERT INTO moved_from_kv (id, at) VALUES (1, ?)', new Date().toISOString());
        });
        return null;
      } catch (error) {
        return error;
      }
    });
    if (failure) throw failure;
    this.moved = true;
  }

  record(hit: CounterHit): Promise<void> {
    return this.recordMany([hit]);
  }

  /** Records a batch of views: one upsert per day × page × source, then the visitors in order. */
  async recordMany(hits: CounterHit[]): Promise<void> {
    const totals = new Map<string, { hit: CounterHit; views: number }>();
    for (const hit of hits) {
      const key = `${hit.day}|${hit.page}|${hit.source}`;
      const total = totals.get(key);
      if (total) total.views += hit.views ?? 1;
      else totals.set(key, { hit, views: hit.views ?? 1 });
    }
    for (const { hit, views } of totals.values()) {
      this.sql.exec(
        `INSERT INTO views (day, page, source, views) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET views = views + excluded.views`,
        hit.day,
        hit.page,
        hit.source,
        views,
      );
    }
    this.recordLabels(hits);
    this.recordReadmeHours(hits);
    await this.visitors.record(hits);
    await this.registerOnce();
  }

  private recordReadmeHours(hits: CounterHit[]): void {
    const byHour = new Map<UtcHour, number>();
    for (const hit of hits) {
      if (hit.hour !== undefined && isReadmeImpression(hit)) byHour.set(hit.hour, (byHour.get(hit.hour) ?? 0) + (hit.views ?? 1));
    }
    if (byHour.size > 0) this.hourlyRows.addReadmeImpressions(byHour, Date.now());
  }

  /**
   * Records a GitHub webhook delivery's event at its exact time, unless the delivery was recorded before (a
   * replay: nothing is written). Says whether it made a star burst not yet announced.
   */
  recordGitHubEvent(delivery: string, signature: string, event: GitHubEvent, now: number): EventRecording {
    return this.hourlyRows.recordEvent(delivery, signature, event, now);
  }

  /**
   * The hours from `from` to `to`: README impressions and webhook events in each; and, for each of their days, the
   * webhook's stars beside GitHub's star history.
   */
  async hours(
    from: UtcHour,
    to: UtcHour,
  ): Promise<{ hours: HourCounts[]; fromWebhook: Map<UtcDay, number>; fromHistory: Record<UtcDay, number>; webhook: boolean }> {
    await this.moveFromKvOnce();
    const [fromDay, toDay] = [from.slice(0, 10), to.slice(0, 10)];
    return {
      hours: this.hourlyRows.hours(from, to),
      fromWebhook: this.hourlyRows.starsByDay(fromDay, toDay),
      fromHistory: this.historyRows.readFigures(fromDay).starsGained,
      webhook: this.hourlyRows.hasEvents(),
    };
  }

  /**
   * Loads daily counts from elsewhere (seed data, an import). Merging keeps the larger value per day × page ×
   * source, like the collector's history, so loading the same rows twice changes nothing.
   */
  importDailyViews(rows: DailyViews[]): void {
    this.upsertLarger(
      `INSERT INTO views (day, page, source, views)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3
       FROM json_each(?) WHERE true
       ON CONFLICT DO UPDATE SET views = excluded.views WHERE excluded.views > views`,
      rows.map((row) => [row.day, row.page, row.source, row.views]),
    );
  }

  /** Loads `?v=` label counts (an import); the larger value per day and label wins. */
  importLabelledViews(rows: DailyLabelledViews[]): void {
    this.upsertLarger(
      `INSERT INTO labelled_views (day, label, views)
       SELECT value ->> 0, value ->> 1, value ->> 2
       FROM json_each(?) WHERE true
       ON CONFLICT DO UPDATE SET views = excluded.views WHERE excluded.views > views`,
      rows.map((row) => [row.day, row.label, row.views]),
    );
  }

  /** Loads daily unique-visitor counts (an import); the larger value per day wins. */
  importDailyVisitors(rows: DailyVisitors[]): void {
    this.upsertLarger(
      `INSERT INTO unique_visitors (day, visitors)
       SELECT value ->> 0, value ->> 1
       FROM json_each(?) WHERE true
       ON CONFLICT DO UPDATE SET visitors = excluded.visitors WHERE excluded.visitors > visitors`,
      rows.map((row) => [row.day, row.visitors]),
    );
  }

  /**
   * Runs an upsert over `rows`, a JSON array a batch: a year of rows as separate statements cost ~5 µs each in
   * the object, and one value of years of many pages could pass SQLite's 2 MB. Each row is an array, read by
   * position (`value ->> 0`): as objects read by key, a year of views took ~1.5× the CPU. The upserts write a
   * row only where the imported count is larger: a row rewritten with its own value costs a write all the same.
   */
  private upsertLarger(query: string, rows: readonly unknown[][]): void {
    this.transaction(() => {
      for (const batch of jsonBatches(rows)) this.sql.exec(query, batch);
    });
  }

  /** Records a view and returns the impressions since `since` (inclusive, null for all time), this one included. */
  async recordAndCount(hit: CounterHit, since: UtcDay | null): Promise<number> {
    await this.record(hit);
    return this.count(since);
  }

  /**
   * What a badge counts: impressions (every source but bots) since `since`; for all time (null), the total carried
   * over from another counter plus the impressions counted here from its `before` day on, so days both counted
   * are not counted twice.
   */
  count(since: UtcDay | null): number {
    if (since !== null) return this.impressionsSince(since);
    const carried = this.carriedOver();
    return carried === null ? this.impressionsSince(FOREVER_AGO) : carried.views + this.impressionsSince(carried.before);
  }

  private impressionsSince(since: UtcDay): number {
    return this.sql.exec<{ n: number }>(`SELECT COALESCE(SUM(views), 0) AS n FROM views WHERE ${IMPRESSION_SQL} AND day >= ?`, since).one()
      .n;
  }

  /**
   * The days' views and unique visitors, the all-time impressions counted here of every page and of the README
   * alone, and the carried-over total, in one call: the report table asks this of every repository.
   */
  recentViews(from: UtcDay, to: UtcDay): CounterDays & { allTime: number; readmeAllTime: number; carriedOver: CarriedOver | null } {
    return {
      ...this.days(from, to),
      allTime: this.impressionsSince(FOREVER_AGO),
      readmeAllTime: this.countPage(README_PAGE),
      carriedOver: this.carriedOver(),
    };
  }

  /**
   * The repository's line of the report table, worked out here: each object summarizes its own records in its own
   * invocation, so the table of many repositories costs the Worker little more than collecting the lines.
   */
  async reportLine(today: UtcDay): Promise<RepoSummary> {
    const { status, ...inputs } = await this.lineInputs(addDays(today, -(TABLE_DAYS - 1)), today);
    return summarizeRepo(this.slug(), today, { ...inputs, status: status.lastRefreshAt === null ? null : status });
  }

  /**
   * The repository's line of an export, newline included, serialized and encoded here (its whole history): the
   * Worker only passes the bytes on.
   */
  async exportLine(today: UtcDay): Promise<Uint8Array> {
    await this.moveFromKvOnce();
    // Built by SQLite as JSON text, the calendar's days only (what an import takes back).
    const rows = (table: string, columns: readonly string[], order: string) => {
      const query = `SELECT ${columns.join(', ')} FROM ${table} WHERE day BETWEEN ? AND ? ORDER BY ${order}`;
      const whole = jsonArrayOf(this.sql, query, columns, FIRST_DAY, today);
      if (whole !== null) return whole;
      // Years of views of many pages can pass SQLite's 2 MB a value: then a month a value (~0.7 ms more a year).
      const months = this.sql
        .exec<{ month: string }>(
          `SELECT DISTINCT substr(day, 1, 7) AS month FROM ${table} WHERE day BETWEEN ? AND ? ORDER BY month`,
          FIRST_DAY,
          today,
        )
        .toArray();
      const monthOf = ({ month }: { month: string }) => {
        const [from, to] = [`${month}-01`, `${month}-31`];
        const json = jsonArrayOf(this.sql, query, columns, from < FIRST_DAY ? FIRST_DAY : from, to > today ? today : to);
        // Said, never left out: the export marks the repository missing rather than write a short line.
        if (json === null) throw new Error(`${table}: a month of rows passes SQLite's 2 MB a value`);
        return json.slice(1, -1);
      };
      return `[${months.map(monthOf).join(',')}]`;
    };
    const views = rows('views', ['day', 'page', 'source', 'views'], 'day, page, source');
    const visitors = rows('unique_visitors', ['day', 'visitors'], 'day');
    const labelled = rows('labelled_views', ['day', 'label', 'views'], 'day, label');
    const carriedOver = this.carriedOver();
    const carried = carriedOver ? `,"carriedOver":${JSON.stringify(carriedOver)}` : '';
    const line = `{"repo":${JSON.stringify(this.slug())},"history":${this.historyRows.json(FIRST_DAY, today)},"views":${views},"visitors":${visitors},"labelled":${labelled}${carried}${this.linkRows.exportJson(FIRST_DAY, today)}${this.contributionRows.exportJson(today)}${this.downloadRows.exportJson(FIRST_DAY, today)}${this.hourlyRows.exportJson()}}\n`;
    return new TextEncoder().encode(line);
  }

  /**
   * The same line as a stream of the runtime's own: returned over RPC, the Worker pipes it into the export without
   * its bytes becoming JavaScript values there (~160 KB a repository with a year of history).
   */
  async exportBody(today: UtcDay): Promise<ReadableStream<Uint8Array>> {
    return new Response(await this.exportLine(today)).body as ReadableStream<Uint8Array>;
  }

  /** `owner/repo`: every object is named after its repository (counterFor). */
  private slug(): string {
    return this.ctx.id.name ?? '';
  }

  /**
   * What a line of the report table is built from: the status, the recent views and clicks, and GitHub's figures
   * from `from` on (the rows, ~60 of them: the watchers' gains need the snapshots, which the status's summary lacks).
   */
  async lineInputs(
    from: UtcDay,
    to: UtcDay,
  ): Promise<ReturnType<RepoCounter['recentViews']> & { status: RepoStatus; history: RepoHistory }> {
    const status = await this.status();
    return { ...this.recentViews(from, to), status, history: this.historyRows.readFigures(from) };
  }

  /** The total carried over from another counter, or null. */
  carriedOver(): CarriedOver | null {
    this.carried ??= (this.sql.exec('SELECT views, before, source FROM carried_over').toArray()[0] as CarriedOver | undefined) ?? null;
    return this.carried;
  }

  /**
   * Sets (or, with null, removes) the carried-over total and returns the all-time count a badge now shows; the
   * repository is listed in reports from then on.
   */
  async setCarriedOver(carried: CarriedOver | null): Promise<number> {
    return (await this.changeCarriedOver(carried)).badgeTotal;
  }

  /**
   * `setCarriedOver`, answering what changed: the badge's all-time count before and after, and the counted days
   * the carried-over total now stands in for (those before its `before` day).
   */
  async changeCarriedOver(carried: CarriedOver | null): Promise<CarriedOverChange> {
    const previousBadgeTotal = this.count(null);
    this.storeCarriedOver(carried);
    await this.registerOnce();
    return { badgeTotal: this.count(null), previousBadgeTotal, replaced: carried ? this.countedBefore(carried.before) : null };
  }

  /** The impressions counted here on the days before `day`, and those days' first and last; null when none. */
  private countedBefore(day: UtcDay): CountedDays | null {
    const { first, last, views } = this.sql
      .exec<{ first: UtcDay | null; last: UtcDay | null; views: number }>(
        `SELECT MIN(day) AS first, MAX(day) AS last, COALESCE(SUM(views), 0) AS views FROM views WHERE ${IMPRESSION_SQL} AND day < ? AND views > 0`,
        day,
      )
      .one();
    return first === null || last === null ? null : { from: first, to: last, views };
  }

  private storeCarriedOver(carried: CarriedOver | null): void {
    this.carried = carried;
    if (carried === null) this.sql.exec('DELETE FROM carried_over');
    else {
      this.sql.exec(
        'INSERT INTO carried_over (id, views, before, source) VALUES (1, ?, ?, ?) ON CONFLICT DO UPDATE SET views = excluded.views, before = excluded.before, source = excluded.source',
        carried.views,
        carried.before,
        carried.source,
      );
    }
  }

  /** The days' views and unique visitors, in one call. */
  days(from: UtcDay, to: UtcDay): CounterDays {
    const labelled = 'SELECT day, label, views FROM labelled_views WHERE day BETWEEN ? AND ? ORDER BY day, label';
    return {
      views: this.dailyViews(from, to),
      visitors: this.dailyVisitors(from, to),
      labelled: rowsAsJson<DailyLabelledViews>(this.sql, labelled, ['day', 'label', 'views'], from, to),
      ...this.ownDays(from, to),
    };
  }

  /** What this object counts beside views, of the days from `from` to `to`: clicks, contributions, downloads. */
  private ownDays(from: UtcDay, to: UtcDay): Required<OwnDays> {
    return {
      clicks: this.linkRows.clicks(from, to),
      clickers: this.linkRows.clickers(from, to),
      contributions: this.contributionRows.daily(from, to),
      downloads: this.downloadRows.daily(from, to),
    };
  }

  /** The repository's tracked README links, by name. */
  links(): TrackedLink[] {
    return this.linkRows.list();
  }

  /** Registers a link (or points its name elsewhere); the repository is listed in reports from then on. */
  async saveLink(name: string, destination: string): Promise<LinkChange> {
    const change = this.linkRows.save(name, destination, new Date().toISOString());
    if (change.ok) await this.registerOnce();
    return change;
  }

  /** Removes a link; null when there was none of that name. */
  removeLink(name: string): TrackedLink | null {
    return this.linkRows.remove(name);
  }

  /**
   * Where the link `name` leads, or null when there is no such link. With a `click` (a reader's, not a bot's or a
   * prefetch), counts it, and its reader once a day when `visitorKey` (as unique visitors are) is given.
   */
  async follow(name: string, click: LinkClick | null, visitorKey: string | null): Promise<string | null> {
    const link = this.linkRows.find(name);
    if (!link || !click) return link?.destination ?? null;
    this.linkRows.recordClick(click);
    await this.visitors.countFirstVisits([{ day: click.day, visitorKey }], (day) => this.linkRows.countClicker(day), 'click');
    return link.destination;
  }

  /** Stores issues and pull requests (each once, by number; seed data, a refresh's): returns how many were new. */
  addContributions(items: Contribution[]): number {
    return this.contributionRows.add(items);
  }

  /** Merges package downloads per day (seed data, an import): the larger count per package and day wins. */
  mergeDownloads(rows: DailyDownloads[]): number {
    return this.downloadRows.merge(rows);
  }

  /** Counts the batch's labelled README impressions, one upsert per day × label. */
  private recordLabels(hits: CounterHit[]): void {
    const totals = new Map<string, { day: UtcDay; label: string; views: number }>();
    for (const { day, page, version, source, views = 1 } of hits) {
      if (!version || !isReadmeImpression({ page, source })) continue;
      const key = `${day}|${version}`;
      const total = totals.get(key);
      if (total) total.views += views;
      else totals.set(key, { day, label: version, views });
    }
    for (const { day, label, views } of totals.values()) {
      this.sql.exec(
        'INSERT INTO labelled_views (day, label, views) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET views = views + excluded.views',
        day,
        label,
        views,
      );
    }
  }

  /** All-time impressions of one page. */
  private countPage(page: string): number {
    return this.sql.exec<{ n: number }>(`SELECT COALESCE(SUM(views), 0) AS n FROM views WHERE ${IMPRESSION_SQL} AND page = ?`, page).one()
      .n;
  }

  /**
   * The views that are README impressions (the `readme` page, bots left out), from `from` to `to`: one row a day,
   * its sources summed under the first of them (the facts count a day's README impressions, not their sources).
   */
  private readmeImpressions(from: UtcDay, to: UtcDay): DailyViews[] {
    // One page (the README's), so grouped by day alone: in the primary key's order, with no sort of the groups.
    const query = `SELECT day, MIN(page) AS page, MIN(source) AS source, SUM(views) AS views FROM views WHERE day BETWEEN ? AND ? AND ${README_IMPRESSION_SQL} GROUP BY day ORDER BY day`;
    return rowsAsJson<DailyViews>(this.sql, query, ['day', 'page', 'source', 'views'], from, to);
  }

  /**
   * README impressions per day from `from` to `to`, in day order (days without any left out), and the first day
   * of that span with any view at all.
   */
  readmeImpressionsByDay(from: UtcDay, to: UtcDay): { firstViewDay: UtcDay | null; perDay: DayTotal[] } {
    const query = `SELECT day, SUM(views) AS views FROM views WHERE day BETWEEN ? AND ? AND ${README_IMPRESSION_SQL} GROUP BY day ORDER BY day`;
    const first = this.sql.exec<{ day: UtcDay | null }>('SELECT MIN(day) AS day FROM views WHERE day BETWEEN ? AND ?', from, to).one();
    return { firstViewDay: first.day, perDay: rowsAsJson<DayTotal>(this.sql, query, ['day', 'views'], from, to) };
  }

  // Read as one JSON value (rowsAsJson): a year of views, 1,460 rows, cost ~4 ms of the object's CPU row by row.
  dailyViews(from: UtcDay = FOREVER_AGO, to: UtcDay = FAR_FUTURE): DailyViews[] {
    const query = 'SELECT day, page, source, views FROM views WHERE day BETWEEN ? AND ? ORDER BY day, page, source';
    return rowsAsJson<DailyViews>(this.sql, query, ['day', 'page', 'source', 'views'], from, to);
  }

  dailyVisitors(from: UtcDay = FOREVER_AGO, to: UtcDay = FAR_FUTURE): DailyVisitors[] {
    const query = 'SELECT day, visitors FROM unique_visitors WHERE day BETWEEN ? AND ? ORDER BY day';
    return rowsAsJson<DailyVisitors>(this.sql, query, ['day', 'visitors'], from, to);
  }

  /**
   * On the first counted view, once (not per view): a repository matched only by an `owner/*` entry is offered
   * to the registry, which lists it once the collector has confirmed it with GitHub. Durable Objects cannot be
   * listed, and anyone can make up names under `owner/*`: this costs a made-up one no KV write and no report row.
   * A repository named in REPOS is listed anyway.
   */
  private async registerOnce(): Promise<void> {
    this.registered ||= this.sql.exec('SELECT id FROM registered').toArray().length > 0;
    if (this.registered) return;
    const ref = parseRepoSlug(this.slug());
    if (!ref) return;
    try {
      const named = parseConfig(this.env).tracked.some((pattern) => pattern.owner === ref.owner && pattern.repo === ref.repo);
      if (!named && (await registryOf(this.env.REGISTRY).offer(repoSlug(ref), new Date().toISOString())) === 'full') return;
      this.sql.exec('INSERT OR IGNORE INTO registered (id) VALUES (1)');
      this.registered = true;
    } catch (error) {
      logError('repository not offered to the registry', { repo: repoSlug(ref) }, error); // the next batch tries again
    }
  }

  /**
   * Forgets everything counted (the collector's answer to a name GitHub does not know): the object keeps no
   * storage afterwards, and a later view starts it afresh.
   */
  async clear(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.sql.exec(SCHEMA);
    this.visitors = new VisitorCounter(this.sql, this.ctx.storage);
    this.historyRows = new HistoryRows(this.sql);
    this.linkRows = new LinkRows(this.sql);
    this.contributionRows = new ContributionRows(this.sql);
    this.downloadRows = new DownloadRows(this.sql);
    this.hourlyRows = new HourlyRows(this.sql, this.ctx.storage);
    this.statusRow = new StatusRow(this.sql);
    this.registered = false;
    this.moved = false;
    this.carried = undefined;
  }

  /** Runs just after midnight UTC: forgets the past day's salt and hashes even if no view comes the next day. */
  override alarm(): void {
    this.visitors.forgetDaysBefore(utcDay(Date.now()));
  }
}
