// The dashboard: TypeScript against /report, type-checked against the report's own response types
// (report/responses.ts) and bundled with uPlot (MIT) by scripts/build-dashboard.mjs into public/assets/dashboard.js.
// The report token lives in this browser's localStorage and travels only in the Authorization header.
import type uPlot from 'uplot';
import type { BurstEvent } from '../conversions/bursts';
import type { VersionConversion } from '../conversions/readme-versions';
import type { PopularItem } from '../history/model';
import type { OwnerTotals } from '../report/owner-totals';
import type { RepoSummary } from '../report/repo-summary';
import type { ErrorBody, LinksAnswer, RepoReport, ReportTable, RepoStatsImported } from '../report/responses';
import { DAY_MS, utcDay } from '../dates';
import { checkRange, dataSpan } from './chart-data';
import { drawCharts } from './charts';
import { funnelOf, type FunnelStep } from './funnel';
import { percent, show } from './format';
import { describeRead, importFolder, type ImportAnswer } from './history-import';
import { FIRST_PART_PATH, joinParts, nextPartPath } from './export-parts';
import { countOf } from '../wording';
import { IMPRESSIONS_TO_TELL_RULE, readmeAnswer, type ReadmeAnswer } from '../conversions/readme-answer';

const TOKEN_KEY = 'repo-impressions:report-token';
const COLUMNS_KEY = 'repo-impressions:columns';

interface Column {
  key: string;
  label: string;
  /** Off until picked in the column picker. */
  more?: boolean;
  title?: string;
  /** What the column sorts by. */
  value: (r: RepoSummary) => number | string;
  text: (r: RepoSummary) => string;
  className?: (r: RepoSummary) => string;
}

const state = {
  token: localStorage.getItem(TOKEN_KEY),
  repositories: [] as RepoSummary[],
  sort: { key: 'impressions28', direction: -1 },
  selected: null as string | null,
  charts: [] as uPlot[],
  owners: [] as OwnerTotals[],
  historySpan: null as RepoReport['historySpan'],
  // Columns chosen in the picker; by default the figures a maintainer scans, which fit a laptop's width.
  columns: new Set<string>(JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null') ?? []),
};

/** The page's element for `selector`: the page is ours, so a missing one is a bug, said at once. */
function $<E extends HTMLElement = HTMLElement>(selector: string): E {
  const element = document.querySelector<E>(selector);
  if (!element) throw new Error(`the dashboard has no ${selector}`);
  return element;
}
const input = (selector: string) => $<HTMLInputElement>(selector);

/** The overview's columns: what each shows and how it sorts. `more` ones are off until picked. */
const COLUMNS: Column[] = [
  { key: 'repo', label: 'Repository', value: (r) => r.repo, text: (r) => r.repo },
  { key: 'impressions28', label: 'README impressions', value: (r) => r.impressions.last28, text: (r) => show(r.impressions.last28) },
  {
    key: 'impressionsAll',
    more: true,
    label: 'README impressions, all time',
    value: (r) => r.impressions.allTime,
    text: (r) => show(r.impressions.allTime),
  },
  {
    key: 'carried',
    more: true,
    label: 'Carried over',
    title: 'A total carried over from another counter (views before the day shown), apart from the impressions counted here',
    value: (r) => r.carriedOver?.views ?? -1,
    text: (r) => (r.carriedOver ? `${show(r.carriedOver.views)} before ${r.carriedOver.before}` : '–'),
  },
  {
    key: 'allPages28',
    more: true,
    label: 'All pages',
    title: 'Impressions of every page label (?page=), README included, 28 days',
    value: (r) => r.allPageImpressions?.last28 ?? -1,
    text: (r) => show(r.allPageImpressions?.last28),
  },
  { key: 'views28', label: 'GitHub views', value: (r) => r.github?.views28 ?? -1, text: (r) => show(r.github?.views28) },
  {
    key: 'uniques28',
    more: true,
    label: 'Unique visitors',
    value: (r) => r.github?.viewUniques28 ?? -1,
    text: (r) => show(r.github?.viewUniques28),
  },
  {
    key: 'direct28',
    more: true,
    label: 'Direct visitors',
    title: 'Daily unique visitors of pages that load the image themselves (not through camo), summed',
    value: (r) => r.directVisitors28 ?? -1,
    text: (r) => show(r.directVisitors28),
  },
  { key: 'stars', more: true, label: 'Stars', value: (r) => r.stars.total ?? -1, text: (r) => show(r.stars.total) },
  { key: 'starsGained', label: 'New stars', value: (r) => r.stars.gained28, text: (r) => show(r.stars.gained28) },
  { key: 'forksGained', more: true, label: 'New forks', value: (r) => r.forks?.gained28 ?? -1, text: (r) => show(r.forks?.gained28) },
  {
    key: 'conversion',
    label: 'Stars / 1k impressions',
    value: (r) => r.ratios28?.starsPer1kImpressions ?? -1,
    text: (r) => show(r.ratios28?.starsPer1kImpressions),
  },
  {
    key: 'render',
    label: 'README render rate',
    value: (r) => r.ratios28?.readmeRenderRate ?? -1,
    text: (r) => percent(r.ratios28?.readmeRenderRate),
  },
  {
    key: 'readme',
    more: true,
    label: 'Live README',
    value: (r) => r.readme?.since ?? '',
    text: (r) => (r.readme ? `${r.readme.label} since ${r.readme.since}` : '–'),
    title: 'The live README version; hover a cell for its verdict against the previous one',
  },
  {
    key: 'status',
    label: 'Last refresh',
    value: (r) => r.status?.state ?? '',
    text: (r) => r.status?.state ?? 'never',
    className: (r) => `state-${r.status?.state ?? 'none'}`,
  },
];

function visibleColumns() {
  return COLUMNS.filter((column) => !column.more || state.columns.has(column.key));
}

/** The column picker: one checkbox per column that is off by default; the choice is kept in this browser. */
function renderColumnPicker() {
  const boxes = COLUMNS.filter((column) => column.more).map((column) => {
    const box = Object.assign(document.createElement('input'), { type: 'checkbox', checked: state.columns.has(column.key) });
    box.addEventListener('change', () => {
      if (box.checked) state.columns.add(column.key);
      else state.columns.delete(column.key);
      localStorage.setItem(COLUMNS_KEY, JSON.stringify([...state.columns]));
      renderTable();
    });
    const label = document.createElement('label');
    label.append(box, ` ${column.label}`);
    return label;
  });
  $('#column-picker').replaceChildren($('#column-picker legend'), ...boxes);
}

/** Shows a server message as text, its `code` spans (commands, file names) as code. */
function showMessage(element: HTMLElement, message: string) {
  element.replaceChildren(
    ...message.split('`').map((part, i) => {
      if (i % 2 === 0) return document.createTextNode(part);
      const code = document.createElement('code');
      code.textContent = part;
      return code;
    }),
  );
}

/** Fetches from the Worker with the token; a 401 signs out (with the Worker's reason) and throws "signed out". */
async function fetchWithToken(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${state.token}` },
  });
  if (response.status === 401) {
    const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
    signOut(body.error ?? 'That token was not accepted.');
    throw new Error('signed out');
  }
  return response;
}

/** Calls the Worker with the token (fetchWithToken). Resolves to { ok, status, body }. */
async function call<Body>(
  path: string,
  init: RequestInit = {},
): Promise<{ ok: true; status: number; body: Body } | { ok: false; status: number; body: Partial<ErrorBody> }> {
  const response = await fetchWithToken(path, init);
  const body = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, body };
}

async function api<Body>(path: string): Promise<Body> {
  const answer = await call<Body>(path);
  if (!answer.ok) throw new Error(answer.body.error ?? `The server answered ${answer.status}.`);
  return answer.body;
}

/** A failure that did not already sign out (a 401 does) signs out with its message. */
function signOutUnlessSignedOut(error: unknown) {
  if (messageOf(error) !== 'signed out') signOut(messageOf(error));
}

function signOut(message = '') {
  localStorage.removeItem(TOKEN_KEY);
  state.token = null;
  $('#overview').hidden = true;
  $('#answers').hidden = true;
  $('#import').hidden = true;
  $('#detail').hidden = true;
  $('#sign-out').hidden = true;
  $('#sign-in').hidden = false;
  showMessage($('#sign-in-error'), message);
}

async function openDashboard() {
  $('#sign-in').hidden = true;
  $('#sign-out').hidden = false;
  const report = await api<ReportTable>('/report');
  state.repositories = report.repositories;
  state.owners = report.owners ?? [];
  // Lines whose storage failed are listed apart by the server; the rest of the table is whole.
  const unavailable = report.unavailable ?? [];
  $('#unavailable').hidden = unavailable.length === 0;
  $('#unavailable').textContent =
    unavailable.length === 0
      ? ''
      : `Not shown, storage unavailable (try again in a minute): ${unavailable.map((line) => line.repo).join(', ')}`;
  $('#overview').hidden = false;
  $('#import').hidden = false;
  void showTokenBanner();
  const chosen = $<HTMLSelectElement>('#import-repo').value;
  $('#import-repo').replaceChildren(...state.repositories.map((r) => new Option(r.repo, r.repo, false, r.repo === chosen)));
  renderColumnPicker();
  renderAnswers();
  renderTable();
  const first = sortedRepositories()[0];
  if (first) await selectRepository(first.repo);
}

/** GITHUB_TOKEN's warning from /health (expiring within 14 days, or refused by GitHub): the history stops without it. */
async function showTokenBanner() {
  const banner = $('#token-banner');
  try {
    const health = (await (await fetch('/health')).json()) as { token?: { warning?: { message: string } | null } | null };
    const message = health.token?.warning?.message;
    showMessage(banner, message ?? '');
    banner.hidden = !message;
  } catch {
    banner.hidden = true; // /health unreachable: the table says what else failed
  }
}

/** The answers shown before the "all" button: the most viewed repositories'. */
const FIRST_ANSWERS = 6;
let allAnswers = false;

/**
 * "Which README converts", first: for the account, how many live READMEs convert better or worse than the one
 * before; then a card per repository, most viewed first, in words (readmeAnswer), its latest burst with its cause,
 * and its 28 days' figures.
 */
function renderAnswers() {
  const answered = [...state.repositories]
    .sort((a, b) => b.impressions.last28 - a.impressions.last28 || a.repo.localeCompare(b.repo))
    .map((repository) => ({ repository, answer: readmeAnswer(repository.readme) }));
  const count = (kind: ReadmeAnswer['kind'][]) => answered.filter(({ answer }) => kind.includes(answer.kind)).length;
  const parts = [
    `${countOf(count(['better']), 'live README converts', 'live READMEs convert')} better than the one before`,
    `${show(count(['worse']))} worse`,
    `${show(count(['too-early']))} too early to tell`,
    `${show(count(['first', 'unknown']))} with nothing to compare yet`,
  ];
  $('#account-answer').textContent = `Across ${countOf(answered.length, 'repository', 'repositories')}: ${parts.join(', ')}.`;
  const shown = allAnswers ? answered : answered.slice(0, FIRST_ANSWERS);
  $('#answer-cards').replaceChildren(...shown.map(({ repository, answer }) => answerCard(repository, answer)));
  const button = $<HTMLButtonElement>('#all-answers');
  button.hidden = answered.length <= FIRST_ANSWERS;
  button.textContent = allAnswers ? `The ${FIRST_ANSWERS} most viewed only` : `All ${answered.length} repositories`;
  button.onclick = () => {
    allAnswers = !allAnswers;
    renderAnswers();
  };
  const estimated = shown.some(({ answer }) => answer.text.includes(' more README impressions needed'));
  $('#answers-rule').textContent = estimated ? `"About N more README impressions": ${IMPRESSIONS_TO_TELL_RULE}.` : '';
  $('#answers').hidden = answered.length === 0;
}

function answerCard(repository: RepoSummary, answer: ReadmeAnswer): HTMLLIElement {
  const card = Object.assign(document.createElement('li'), { className: answer.kind });
  const name = Object.assign(document.createElement('button'), { type: 'button', textContent: repository.repo });
  name.addEventListener('click', () => void selectRepository(repository.repo));
  const heading = document.createElement('h3');
  heading.append(name);
  const text = Object.assign(document.createElement('p'), { className: 'answer', textContent: answer.text });
  const figures = Object.assign(document.createElement('p'), {
    className: 'figures',
    textContent: `Last 28 days: ${countOf(repository.impressions.last28, 'README impression')}, ${countOf(repository.stars.gained28, 'new star')}, ${show(repository.ratios28?.starsPer1kImpressions)} per 1k impressions`,
  });
  card.append(heading, text);
  const event = repository.latestEvent;
  if (event) {
    const what = event.spiked.includes('stars') ? 'Latest star burst' : 'Latest traffic spike';
    card.append(Object.assign(document.createElement('p'), { className: 'burst', textContent: `${what}: ${event.summary}` }));
  }
  card.append(figures);
  return card;
}

function sortedRepositories(): RepoSummary[] {
  const column = visibleColumns().find((c) => c.key === state.sort.key) ?? (COLUMNS[1] as Column);
  return [...state.repositories].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    return (typeof x === 'string' ? x.localeCompare(String(y)) : x - Number(y)) * state.sort.direction;
  });
}

function renderTable() {
  const headRow = document.createElement('tr');
  for (const column of visibleColumns()) {
    const th = document.createElement('th');
    th.textContent = column.label;
    if (column.title) th.title = column.title;
    th.scope = 'col';
    if (column.key === state.sort.key) th.setAttribute('aria-sort', state.sort.direction > 0 ? 'ascending' : 'descending');
    th.addEventListener('click', () => {
      state.sort = { key: column.key, direction: column.key === state.sort.key ? -state.sort.direction : column.key === 'repo' ? 1 : -1 };
      renderTable();
    });
    headRow.append(th);
  }
  $('#repos thead').replaceChildren(headRow);
  const rowOf = (repository: RepoSummary) => {
    const tr = document.createElement('tr');
    tr.setAttribute('aria-selected', String(repository.repo === state.selected));
    for (const column of visibleColumns()) {
      const td = document.createElement('td');
      td.textContent = column.text(repository);
      if (column.className) td.className = column.className(repository);
      if (column.key === 'status' && repository.status?.message) td.title = repository.status.message;
      if (column.key === 'readme' && repository.readme?.verdict) td.title = repository.readme.verdict;
      tr.append(td);
    }
    tr.addEventListener('click', () => selectRepository(repository.repo));
    return tr;
  };
  const sorted = sortedRepositories();
  // Several owners: each owner's repositories together, then a line of their totals.
  if (state.owners.length < 2) return $('#repos tbody').replaceChildren(...sorted.map(rowOf));
  const rows = state.owners.flatMap((totals) => [
    ...sorted.filter((r) => r.repo.startsWith(`${totals.owner}/`)).map(rowOf),
    totalsRow(totals),
  ]);
  $('#repos tbody').replaceChildren(...rows);
}

/** An owner's totals, in the columns that add up; the others stay empty. */
function totalsRow(totals: OwnerTotals) {
  const figures: Record<string, string> = {
    repo: `${totals.owner}: ${countOf(totals.repositories, 'repository', 'repositories')}`,
    impressions28: show(totals.readmeImpressions28),
    views28: show(totals.views28),
    uniques28: show(totals.viewUniques28),
    starsGained: show(totals.starsGained28),
    forksGained: show(totals.forksGained28),
    conversion: show(totals.ratios28.starsPer1kImpressions),
    render: percent(totals.ratios28.readmeRenderRate),
  };
  const tr = document.createElement('tr');
  tr.className = 'totals';
  for (const column of visibleColumns()) tr.append(Object.assign(document.createElement('td'), { textContent: figures[column.key] ?? '' }));
  return tr;
}

async function selectRepository(repo: string) {
  state.selected = repo;
  renderTable();
  $('#detail').hidden = false;
  $('#detail-title').textContent = repo;
  renderFunnel(state.repositories.find((line) => line.repo === repo));
  await Promise.all([loadSeries({ findData: true }), loadLinks(repo)]);
}

/** The repository's funnel over the table's 28 days (its line of /report), downloads beside it. */
function renderFunnel(line: RepoSummary | undefined) {
  const item = (step: FunnelStep) => {
    const li = document.createElement('li');
    const bar = Object.assign(document.createElement('div'), { className: 'bar' });
    bar.style.width = `${(step.share * 100).toFixed(1)}%`;
    const per1k = step.label === 'README impressions' || step.per1kImpressions === null ? '' : ` · ${show(step.per1kImpressions)} / 1k`;
    li.append(
      Object.assign(document.createElement('span'), { textContent: step.label }),
      Object.assign(document.createElement('span'), { className: 'track' }),
      Object.assign(document.createElement('span'), { className: 'figure', textContent: `${show(step.count)}${per1k}` }),
    );
    li.children[1]?.append(bar);
    if (step.detail) li.append(Object.assign(document.createElement('span'), { className: 'detail', textContent: step.detail }));
    return li;
  };
  if (!line) {
    $('#funnel').replaceChildren();
    $('#funnel-downloads').replaceChildren();
    return;
  }
  const { steps, downloads } = funnelOf(line);
  $('#funnel').replaceChildren(...steps.map(item));
  $('#funnel-downloads').replaceChildren(item(downloads));
}

/** The repository's tracked links, each with the Markdown to paste. */
async function loadLinks(repo: string) {
  const list = $('#links');
  try {
    const { links } = await api<LinksAnswer>(`/report/links/${repo}`);
    const items = links.map((link) => {
      const li = document.createElement('li');
      li.append(
        Object.assign(document.createElement('strong'), { textContent: link.name }),
        ` → ${link.destination}`,
        Object.assign(document.createElement('code'), { textContent: link.markdown }),
      );
      return li;
    });
    if (items.length === 0) items.push(Object.assign(document.createElement('li'), { textContent: 'None yet.' }));
    list.replaceChildren(...items);
  } catch (error) {
    if (messageOf(error) !== 'signed out')
      list.replaceChildren(Object.assign(document.createElement('li'), { textContent: messageOf(error) }));
  }
}

/**
 * Loads the chosen range and draws it. With `findData`, a range with nothing in it (an imported history older
 * than the last weeks, say) opens instead on the last 90 days of the kept history.
 */
async function loadSeries({ findData = false } = {}) {
  $('#detail-error').textContent = '';
  const problem = checkRange(input('#from').value, input('#to').value);
  $('#range-hint').textContent = problem ?? '';
  if (problem) return;
  try {
    const reportOf = () => api<RepoReport>(`/report/${state.selected}?from=${input('#from').value}&to=${input('#to').value}`);
    let series = await reportOf();
    state.historySpan = series.historySpan;
    if (findData && dataSpan(series.days) === null && series.historySpan) {
      const { from, to } = series.historySpan;
      input('#to').value = to;
      input('#from').value = [from, utcDay(Date.parse(`${to}T00:00:00Z`) - 89 * DAY_MS)].sort()[1] ?? from;
      $('#range-hint').textContent = `Nothing in the range asked for: showing the last days of the history (${from} to ${to}).`;
      series = await reportOf();
    }
    renderCharts(series);
    renderVersions(series.versions);
    renderEvents(series.events);
    renderTops('#referrers', series.topReferrers);
    renderTops('#paths', series.topPaths);
    renderBreakdowns(series);
  } catch (error) {
    if (messageOf(error) !== 'signed out') $('#detail-error').textContent = messageOf(error);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
function renderVersions(versions: VersionConversion[]) {
  const rate = (estimate: VersionConversion['starsPer1kImpressions']) =>
    estimate ? `${show(estimate.per1k)} (${show(estimate.low)}–${show(estimate.high)})` : '–';
  const rows = [...versions].reverse().map((version) => {
    const tr = document.createElement('tr');
    const cells = [
      `${version.label}${version.current ? ' (live)' : ''}: ${version.message}`,
      version.days ? version.days.from : 'less than a day',
      show(version.readmeImpressions),
      show(version.starsGained),
      rate(version.starsPer1kImpressions),
      version.versusPrevious?.verdict ?? (version.label === 'v1' ? 'the first known version' : 'no stars in either to compare'),
    ];
    tr.append(...cells.map((text) => Object.assign(document.createElement('td'), { textContent: text })));
    return tr;
  });
  if (rows.length === 0) {
    rows.push(
      Object.assign(document.createElement('tr'), {
        innerHTML: '<td colspan="6">No README changes known yet: the collector reads them from GitHub.</td>',
      }),
    );
  }
  $('#versions tbody').replaceChildren(...rows);
}

function renderEvents(events: BurstEvent[]) {
  const items = events.map((event) => Object.assign(document.createElement('li'), { textContent: event.summary }));
  if (items.length === 0) items.push(Object.assign(document.createElement('li'), { textContent: 'None in this range.' }));
  $('#events').replaceChildren(...items);
}

function renderCharts(series: RepoReport) {
  for (const chart of state.charts) chart.destroy();
  state.charts = drawCharts(series, $);
}

// Charts follow their container's width (a phone, a resized window).
new ResizeObserver(() => {
  for (const chart of state.charts) {
    const width = Math.max(260, chart.root.parentElement?.clientWidth ?? 0);
    if (width && Math.abs(width - chart.width) > 4) chart.setSize({ width, height: 240 });
  }
}).observe($('.charts'));

/** A top list. Names wrap rather than being cut short: two long paths cut alike would read as one. */
function renderTops(selector: string, items: PopularItem[]) {
  const rows = items.map((item) => {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.textContent = item.key;
    if (item.title && item.title !== item.key)
      name.append(Object.assign(document.createElement('span'), { className: 'item-title', textContent: item.title }));
    const count = document.createElement('td');
    count.append(countOf(item.count, 'view'), document.createElement('br'), `${show(item.uniques)} unique`);
    tr.append(name, count);
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.textContent = 'Nothing yet: the collector fills this from GitHub.';
    tr.append(td);
    rows.push(tr);
  }
  $(`${selector} tbody`).replaceChildren(...rows);
}

/** How many of a breakdown's entries are listed: the rest are summed on one line. */
const BREAKDOWN_ROWS = 10;

/**
 * Impressions by referrer host and by country, where Analytics Engine is configured; else what to set for them.
 * Kept from the first run with it on: a range reaching further back says how many of its days they cover.
 */
function renderBreakdowns(series: RepoReport) {
  const breakdowns = series.breakdowns;
  for (const selector of ['#hosts', '#countries']) ($(selector).parentElement as HTMLElement).hidden = breakdowns === null;
  const days = series.days.length;
  $('#breakdowns-hint').textContent =
    breakdowns === null
      ? 'Impressions by referrer host and by country come from Analytics Engine: set CF_ACCOUNT_ID and CF_API_TOKEN (see the README) and the next runs keep them.'
      : breakdowns.days < days
        ? `Referrer hosts and countries cover ${countOf(breakdowns.days, 'day')} of the ${countOf(days, 'day')} shown (they are kept from the first run with Analytics Engine on).`
        : '';
  if (breakdowns === null) return;
  const list = (selector: string, items: Array<{ key: string; impressions: number }>) => {
    const rest = items.slice(BREAKDOWN_ROWS);
    const shown =
      rest.length > 0
        ? [
            ...items.slice(0, BREAKDOWN_ROWS),
            { key: `${countOf(rest.length, 'other')}`, impressions: rest.reduce((sum, item) => sum + item.impressions, 0) },
          ]
        : items;
    const rows = shown.map((item) => {
      const tr = document.createElement('tr');
      tr.append(
        Object.assign(document.createElement('td'), { textContent: item.key }),
        Object.assign(document.createElement('td'), { textContent: show(item.impressions) }),
      );
      return tr;
    });
    if (rows.length === 0) rows.push(Object.assign(document.createElement('tr'), { innerHTML: '<td>None in this range.</td>' }));
    $(`${selector} tbody`).replaceChildren(...rows);
  };
  list('#hosts', breakdowns.referrerHosts);
  list('#countries', breakdowns.countries);
}

/** Saves a body the Worker answered as a file, as the browser's own downloads do. */
async function download(path: string, fileName: string, status: HTMLElement) {
  status.textContent = `Preparing ${fileName}…`;
  try {
    const response = await answerOrSay(path, status);
    if (response !== null) save(await response.blob(), fileName, status);
  } catch (error) {
    if (messageOf(error) !== 'signed out') status.textContent = `Not saved: ${messageOf(error)}`;
  }
}

/** The Worker's answer to `path` when it is a 2xx; otherwise null, its error said in `status`. */
async function answerOrSay(path: string, status: HTMLElement): Promise<Response | null> {
  const response = await fetchWithToken(path);
  if (response.ok) return response;
  const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
  status.textContent = body.error ?? `The server answered ${response.status}.`;
  return null;
}

/** Has the browser save `blob` as `fileName`, and says so. */
function save(blob: Blob, fileName: string, status: HTMLElement) {
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: fileName });
  link.click();
  URL.revokeObjectURL(link.href);
  status.textContent = `Saved ${fileName} (${show(Math.ceil(blob.size / 1024))} KB).`;
}

/** Everything as NDJSON: the export asked for part by part (export-parts.ts), saved as one file. */
async function downloadExport(status: HTMLElement) {
  const fileName = 'repo-impressions-export.ndjson';
  const parts: string[] = [];
  try {
    for (let path: string | null = FIRST_PART_PATH; path !== null; ) {
      status.textContent = `Preparing ${fileName} (part ${parts.length + 1})…`;
      const response = await answerOrSay(path, status);
      if (response === null) return;
      parts.push(await response.text());
      path = nextPartPath(response.headers.get('link'));
    }
    save(new Blob([joinParts(parts)], { type: 'application/x-ndjson' }), fileName, status);
  } catch (error) {
    if (messageOf(error) !== 'signed out') status.textContent = `Not saved: ${messageOf(error)}`;
  }
}

function setRange(days: number) {
  const to = new Date();
  input('#to').value = utcDay(to.getTime());
  input('#from').value = utcDay(to.getTime() - (days - 1) * DAY_MS);
}

$('#sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  state.token = input('#token').value.trim();
  localStorage.setItem(TOKEN_KEY, state.token);
  input('#token').value = '';
  await openDashboard().catch(signOutUnlessSignedOut);
});
$('#sign-out').addEventListener('click', () => signOut());
$('#import-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const repo = $<HTMLSelectElement>('#import-repo').value;
  const button = $<HTMLButtonElement>('#import-form button');
  button.disabled = true;
  $('#import-problems').replaceChildren();
  try {
    const post = (form: FormData): Promise<ImportAnswer> => call<RepoStatsImported>('/report/import', { method: 'POST', body: form });
    const files = [...(input('#import-folder').files ?? [])];
    const result = await importFolder(repo, files, post, (text) => {
      $('#import-status').textContent = text;
    });
    if (result.ok) {
      const skipped = result.skipped.map((s) => `${s.file} skipped (${s.reason})`).join('; ');
      $('#import-status').textContent = `Imported into ${repo}: ${describeRead(result.read)}.${skipped ? ` ${skipped}.` : ''}`;
      await openDashboard();
    } else {
      $('#import-status').textContent = result.error;
      $('#import-problems').replaceChildren(
        ...result.rejected.map(({ file, line, error }) =>
          Object.assign(document.createElement('li'), { textContent: `${file ?? ''}${file ? ':' : 'line '}${line}: ${error}` }),
        ),
      );
    }
  } catch (error) {
    if (messageOf(error) !== 'signed out') $('#import-status').textContent = `The import stopped: ${messageOf(error)}`;
  } finally {
    button.disabled = false;
  }
});
$('#range').addEventListener('change', () => state.selected && loadSeries());
for (const button of document.querySelectorAll<HTMLButtonElement>('#range button')) {
  button.addEventListener('click', () => {
    setRange(Number(button.dataset.days));
    // "All": from the history's first day, at most the two years a report takes, up to today.
    if (button.dataset.days === '731' && state.historySpan && state.historySpan.from > input('#from').value)
      input('#from').value = state.historySpan.from;
    if (state.selected) loadSeries();
  });
}

$('#export-all').addEventListener('click', () => void downloadExport($('#export-status')));
$('#export-csv').addEventListener('click', () => {
  const [from, to] = [input('#from').value, input('#to').value];
  const name = `${(state.selected ?? '').replace('/', '-')}-${from}-to-${to}.csv`;
  void download(`/report/${state.selected}?from=${from}&to=${to}&format=csv`, name, $('#range-hint'));
});

// The history opens on the table's 28 days, so both show the same figures.
setRange(28);
if (state.token) openDashboard().catch(signOutUnlessSignedOut);
else signOut();
