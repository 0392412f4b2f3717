import * as v from 'valibot';
import type { Contribution } from '../github/contributions';
import { parsePackage } from '../packages/package-list';
import type {
  CarriedOver,
  DailyClickers,
  DailyDownloads,
  DailyLabelledViews,
  DailyLinkClicks,
  DailyViews,
  DailyVisitors,
  TrackedLink,
} from '../views';
import { MAX_LINKS_PER_REPO, parseDestination, parseLinkName } from '../links/link-rules';
import { CountChangeSchema, CountSchema as Count, isCount, isCountChange } from '../counts';
import { calendarError, isCalendarDay, type UtcDay } from '../dates';
import type { RepoHistory } from '../history/model';
import type { HourlyViews, StoredGitHubEvent } from '../counter/hourly-rows';
import { SOURCE_CLASSES } from '../impressions';
import { CarriedOverSchema } from './carried-over';
import { MAX_KEY_CHARS } from './formats';

/** A repository the export could not read (storage failed): written in its place so the file is visibly incomplete. */
export const MissingLineSchema = v.object({ repo: v.string(), missing: v.string() });

/** A repository line of an export, checked: its name as written, and its data. */
export interface ExportLine {
  repo: string;
  history: RepoHistory;
  views: DailyViews[];
  visitors: DailyVisitors[];
  labelled: DailyLabelledViews[];
  /** A total carried over from another counter; absent in exports of repositories without one. */
  carriedOver: CarriedOver | null;
  /** Tracked README links, their clicks and daily clickers; absent in exports of repositories without any. */
  links: TrackedLink[];
  clicks: DailyLinkClicks[];
  clickers: DailyClickers[];
  /** Issues and pull requests, and package downloads per day; absent in exports of repositories without any. */
  contributions: Contribution[];
  downloads: DailyDownloads[];
  /** GitHub's webhook events and README impressions per hour; absent in exports of repositories without any. */
  githubEvents: StoredGitHubEvent[];
  readmeHours: HourlyViews[];
}

export type LineCheck = { ok: true; line: ExportLine } | { ok: false; error: string };

const Key = v.pipe(v.string(), v.maxLength(MAX_KEY_CHARS));
const Popular = v.array(v.object({ key: Key, title: Key, count: Count, uniques: Count }));
const isKey = (value: unknown) => typeof value === 'string' && value.length <= MAX_KEY_CHARS;
const isPopular = (list: unknown) =>
  Array.isArray(list) &&
  list.every((item: unknown) => hasKeys(item, 4) && isKey(item.key) && isKey(item.title) && isCount(item.count) && isCount(item.uniques));
const BREAKDOWNS = ['page', 'source', 'referrer', 'country'] as const;
const Breakdowns = v.record(v.picklist(BREAKDOWNS), v.record(v.string(), Count));
// valibot's records drop the keys that would set an object's prototype: such a record is left to valibot.
const isPlainKey = (key: string) => key !== '__proto__' && key !== 'prototype' && key !== 'constructor';
const isBreakdowns = (value: unknown) =>
  isPlainObject(value) &&
  Object.entries(value).every(
    ([kind, counts]) =>
      (BREAKDOWNS as readonly string[]).includes(kind) &&
      isPlainObject(counts) &&
      Object.entries(counts).every(([key, n]) => isPlainKey(key) && isCount(n)),
  );

/** A repository line's schema: every day a day of the calendar up to `today`, every count within MAX_COUNT. */
function lineSchema(today: UtcDay) {
  // A year's line names each day in every table (views by source, traffic, counts, gains): each is checked once.
  const calendarDays = new Set<string>();
  const isDay = (day: string) => {
    if (calendarDays.has(day)) return true;
    if (!isCalendarDay(day, today)) return false;
    calendarDays.add(day);
    return true;
  };
  const Day = v.pipe(
    v.string(),
    v.check(isDay, (issue) => calendarError('the day', String(issue.input), today)),
  );
  const isDayText = (day: unknown) => typeof day === 'string' && isDay(day);
  const byDay = <T extends v.GenericSchema>(value: T) => v.record(Day, value);
  // The tables of a line that hold one small value a day, or a row, checked first without valibot (see checkedFirst).
  const quickByDay = <T extends v.GenericSchema>(value: T, isValue: (item: unknown) => boolean) =>
    checkedFirst(
      byDay(value),
      (days) => isPlainObject(days) && Object.entries(days).every(([day, item]) => isDayText(day) && isValue(item)),
    );
  const rowsOf = <T extends v.ObjectSchema<v.ObjectEntries, undefined>>(row: T, isRow: (row: Record<string, unknown>) => boolean) =>
    checkedFirst(
      v.array(row),
      (rows) => Array.isArray(rows) && rows.every((item: unknown) => hasKeys(item, Object.keys(row.entries).length) && isRow(item)),
    );
  const TrafficDay = v.object({ views: Count, viewUniques: Count, clones: Count, cloneUniques: Count });
  const CountsDay = v.object({ stars: Count, forks: Count, watchers: Count, openIssues: Count });
  const History = v.object({
    traffic: quickByDay(TrafficDay, allCounts(TrafficDay)),
    counts: quickByDay(CountsDay, allCounts(CountsDay)),
    starsGained: quickByDay(CountChangeSchema, isCountChange),
    // Exports written before fork gains existed have none.
    forksGained: v.optional(quickByDay(CountChangeSchema, isCountChange), {}),
    referrers: quickByDay(Popular, isPopular),
    paths: quickByDay(Popular, isPopular),
    breakdowns: v.optional(quickByDay(Breakdowns, isBreakdowns), {}),
  });
  const sources = new Set<unknown>(SOURCE_CLASSES);
  const ViewsRow = v.object({ day: Day, page: v.pipe(v.string(), v.regex(PAGE)), source: v.picklist(SOURCE_CLASSES), views: Count });
  const VisitorsRow = v.object({ day: Day, visitors: Count });
  const LabelledRow = v.object({ day: Day, label: v.pipe(v.string(), v.regex(LABEL)), views: Count });
  return v.object({
    repo: v.string(),
    history: History,
    views: rowsOf(
      ViewsRow,
      (row) => isDayText(row.day) && typeof row.page === 'string' && PAGE.test(row.page) && sources.has(row.source) && isCount(row.views),
    ),
    visitors: rowsOf(VisitorsRow, (row) => isDayText(row.day) && isCount(row.visitors)),
    // Exports written before `?v=` labels existed have none.
    labelled: v.optional(
      rowsOf(LabelledRow, (row) => isDayText(row.day) && typeof row.label === 'string' && LABEL.test(row.label) && isCount(row.views)),
      [],
    ),
    carriedOver: v.optional(CarriedOverSchema),
    // Exports written before tracked links existed, or of repositories without any, have none.
    links: v.optional(v.pipe(v.array(LinkRow), v.maxLength(MAX_LINKS_PER_REPO, `links: at most ${MAX_LINKS_PER_REPO} a repository`)), []),
    clicks: v.optional(v.array(v.object({ day: Day, name: LinkName, version: Version, referrer: Host, clicks: Count })), []),
    clickers: v.optional(v.array(v.object({ day: Day, clickers: Count })), []),
    // Exports written before contributions and downloads were counted, or of repositories without any, have none.
    contributions: v.optional(
      v.array(v.object({ number: IssueNumber, kind: v.picklist(['issue', 'pull']), day: Day, firstTimer: v.boolean() })),
      [],
    ),
    downloads: v.optional(v.array(v.object({ day: Day, package: PackageKey, downloads: Count })), []),
    // Exports written before webhook deliveries were taken, or of repositories without any, have none.
    githubEvents: v.optional(v.array(GitHubEventRow(isDay)), []),
    readmeHours: v.optional(
      v.array(
        v.object({
          hour: v.pipe(
            v.string(),
            v.check(
              (hour) => /^\d{4}-\d\d-\d\dT([01]\d|2[0-3])$/.test(hour) && isDay(hour.slice(0, 10)),
              'an hour is YYYY-MM-DDTHH of the calendar',
            ),
          ),
          views: Count,
        }),
      ),
      [],
    ),
  });
}

/** A webhook event as the counter keeps it: GitHub's delivery id and signature (replays stay refused), its time, kind and sign. */
function GitHubEventRow(isDay: (day: string) => boolean) {
  return v.pipe(
    v.object({
      delivery: v.pipe(v.string(), v.regex(/^[0-9a-f][0-9a-f-]{7,63}$/i, 'delivery must be a GitHub delivery id')),
      signature: v.pipe(v.string(), v.regex(/^sha256=[0-9a-f]{64}$/, 'signature must be sha256= and 64 hex digits')),
      at: v.pipe(
        v.string(),
        v.check(
          (at) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(at) && Number.isFinite(Date.parse(at)) && isDay(at.slice(0, 10)),
          'at must be a time of the calendar such as 2026-12-06T12:00:30Z',
        ),
      ),
      kind: v.picklist(['star', 'watch', 'fork', 'issue', 'pull_request']),
      delta: v.picklist([1, -1]),
    }),
    v.check((event) => event.delta === 1 || event.kind === 'star', 'only a star can be taken back (delta -1)'),
  );
}

const IssueNumber = v.pipe(v.number(), v.integer('an issue number is a whole number'), v.minValue(1), v.maxValue(2 ** 31));
// A package as PACKAGES names it, checked by its registry's naming rules and written as stored (`npm:rocket`).
const PackageKey = v.pipe(
  v.string(),
  v.maxLength(300),
  v.check((key) => {
    const parsed = parsePackage(key);
    return typeof parsed !== 'string' && parsed.key === key;
  }, 'a package is registry:name as PACKAGES names it (npm:rocket, pypi:rocket, crates:rocket), in lower case where its registry ignores case'),
);

const PAGE = /^[a-z0-9][a-z0-9._/-]{0,63}$/;
const LABEL = /^[a-z0-9][a-z0-9._-]{0,31}$/;

// A link is checked by the rules its registration follows, so an import can store nothing POST /report/links
// would refuse: a name as written (lower case), a destination as the URL parser writes it.
const LinkName = v.pipe(
  v.string(),
  v.check((name) => parseLinkName(name) === name, 'a link name is lower-case ASCII letters, digits, ".", "_" or "-"'),
);
const LinkRow = v.object({
  name: LinkName,
  destination: v.pipe(
    v.string(),
    v.rawCheck(({ dataset, addIssue }) => {
      const checked = parseDestination(dataset.value);
      if (!checked.ok) addIssue({ message: checked.error });
      else if (checked.destination !== dataset.value)
        addIssue({ message: `destination: write it as ${checked.destination.slice(0, 200)}` });
    }),
  ),
  createdAt: v.pipe(v.string(), v.isoTimestamp('createdAt must be an ISO time such as 2026-11-03T10:00:00.000Z')),
});
const Version = v.union([v.literal(''), v.pipe(v.string(), v.regex(LABEL))], 'version must be empty or a ?v= label');
// What the redirect keeps of a Referer: its host name (or nothing).
const Host = v.pipe(v.string(), v.regex(/^[a-z0-9.:[\]-]{0,253}$/, 'referrer must be a host name or empty'));

/**
 * `schema`, checked first by `isValid`, a plain function of the same rules: the row arrays and daily tables are
 * most of a line (a year holds ~1,500 rows of views), and valibot took ~3.5 ms of the free plan's 10 for them.
 * Only a value `isValid` refuses (a bad value, or keys the export does not write) goes to `schema`, which says
 * what is wrong, or drops the keys it does not know.
 */
function checkedFirst<T extends v.GenericSchema>(schema: T, isValid: (value: unknown) => boolean) {
  return v.pipe(
    v.unknown(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      if (isValid(dataset.value)) return dataset.value as v.InferOutput<T>;
      const parsed = v.safeParse(schema, dataset.value);
      if (parsed.success) return parsed.output;
      for (const issue of parsed.issues)
        addIssue({ message: issue.message, path: issue.path, input: issue.input, received: issue.received });
      return NEVER;
    }),
  );
}

/** Whether a value is an object of exactly the keys of `schema`, each a count. */
function allCounts(schema: v.ObjectSchema<v.ObjectEntries, undefined>): (value: unknown) => boolean {
  const keys = Object.keys(schema.entries);
  return (value) => hasKeys(value, keys.length) && keys.every((key) => isCount(value[key]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `value` is an object with exactly `count` keys of its own. */
function hasKeys(value: unknown, count: number): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  let keys = 0;
  for (const key in value) if (Object.hasOwn(value, key)) keys++;
  return keys === count;
}

/** An export line read as JSON, not yet checked: its value, or what is wrong with it. */
export type LineRead = { ok: true; json: unknown } | { ok: false; error: string };

/**
 * One repository line of an export: JSON, not marked missing, every day a day of the calendar up to `today`,
 * every count within MAX_COUNT, no day repeated within a table. Whether its repository is tracked, and named
 * once in the file, is planImport's. Pure.
 */
export function checkExportLine(raw: string, today: UtcDay): LineCheck {
  return lineChecker(today)(raw);
}

/** checkExportLine for many lines of one file: its rules are built once. */
export function lineChecker(today: UtcDay): (raw: string) => LineCheck {
  const LineSchema = lineSchema(today);
  return (raw) => {
    const read = readExportLine(raw);
    return read.ok ? checkJsonWith(read.json, LineSchema) : read;
  };
}

/**
 * The first half of checkExportLine: the line parsed, and refused when it is not JSON or is marked missing. An
 * object reads a line in an invocation of its own (a year's line is ~185 KB of JSON), then checks it in the next
 * (checkReadLine). Pure.
 */
export function readExportLine(raw: string): LineRead {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const missing = v.safeParse(MissingLineSchema, json);
  if (missing.success) {
    return {
      ok: false,
      error: `${missing.output.repo.slice(0, 200)} is missing from this export (${missing.output.missing.slice(0, 200)}): export again`,
    };
  }
  return { ok: true, json };
}

/** The second half of checkExportLine: a line readExportLine read, checked. Pure. */
export function checkReadLine(json: unknown, today: UtcDay): LineCheck {
  return checkJsonWith(json, lineSchema(today));
}

function checkJsonWith(json: unknown, LineSchema: ReturnType<typeof lineSchema>): LineCheck {
  const parsed = v.safeParse(LineSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    return { ok: false, error: `${path ? `${path}: ` : ''}${issue.message}` };
  }
  const keys = parsed.output.views.map((row) => `${row.day}|${row.page}|${row.source}`);
  if (new Set(keys).size !== keys.length) return { ok: false, error: 'views: the same day, page and source appear twice' };
  if (new Set(parsed.output.visitors.map((row) => row.day)).size !== parsed.output.visitors.length)
    return { ok: false, error: 'visitors: the same day appears twice' };
  if (new Set(parsed.output.labelled.map((row) => `${row.day}|${row.label}`)).size !== parsed.output.labelled.length) {
    return { ok: false, error: 'labelled: the same day and label appear twice' };
  }
  const line: ExportLine = {
    ...parsed.output,
    carriedOver: parsed.output.carriedOver ?? null,
    history: parsed.output.history as RepoHistory,
  };
  const { links, clicks, clickers, contributions, downloads, githubEvents, readmeHours } = line;
  const repeated = repeatedIn([
    ['links', 'the same name', links.map((link) => link.name)],
    ['clicks', 'the same day, link, version and referrer', clicks.map((row) => `${row.day}|${row.name}|${row.version}|${row.referrer}`)],
    ['clickers', 'the same day', clickers.map((row) => row.day)],
    ['contributions', 'the same number', contributions.map((row) => String(row.number))],
    ['downloads', 'the same day and package', downloads.map((row) => `${row.day}|${row.package}`)],
    ['githubEvents', 'the same delivery', githubEvents.map((row) => row.delivery)],
    ['githubEvents', 'the same signature', githubEvents.map((row) => row.signature)],
    ['readmeHours', 'the same hour', readmeHours.map((row) => row.hour)],
  ]);
  if (repeated) return { ok: false, error: repeated };
  return { ok: true, line };
}

/** "table: … appears twice" for the first table whose keys repeat, else null. */
function repeatedIn(tables: ReadonlyArray<[table: string, what: string, keys: string[]]>): string | null {
  for (const [table, what, keys] of tables) if (new Set(keys).size !== keys.length) return `${table}: ${what} appears twice`;
  return null;
}
