// The dashboard: TypeScript against /report, type-checked against the report's own response types
// (report/responses.ts) and bundled with uPlot (MIT) by scripts/build-dashboard.mjs into public/assets/dashboard.js.
// The report token lives in this browser's localStorage and travels only in the Authorization header.
import uPlot from 'uplot';
import type { BurstEvent } from '../conversions/bursts';
import type { VersionConversion } from '../conversions/readme-versions';
import type { PopularItem } from '../history/model';
import type { OwnerTotals } from '../report/owner-totals';
import type { SeriesRow } from '../report/repo-series';
import type { RepoSummary } from '../report/repo-summary';
import type { ErrorBody, RepoReport, ReportTable, RepoStatsImported } from '../report/responses';
import { DAY_MS } from '../dates';
import { byViews, checkRange, dailyConversion, dataSpan, gapsBeforeData, renderRatePercent, rollingConversion } from './chart-data';
import { describeRead, importFolder, type ImportAnswer } from './history-import';

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
  versions: [] as VersionConversion[],
  events: [] as BurstEvent[],
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
const format = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const show = (value: number | null | undefined) => (value === null || value === undefined ? '–' : format.format(value));
const percent = (value: number | null | undefined) => (value === null || value === undefined ? '–' : `${format.format(value * 100)}%`);

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

/** Calls the Worker with the token; a 401 signs out. Resolves to { ok, status, body }. */
async function call<Body>(
  path: string,
  init: RequestInit = {},
): Promise<{ ok: true; status: number; body: Body } | { ok: false; status: number; body: Partial<ErrorBody> }> {
  const response = await fetch(path, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${state.token}` },
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) {
    signOut(body.error ?? 'That token was not accepted.');
    throw new Error('signed out');
  }
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
  const chosen = $<HTMLSelectElement>('#import-repo').value;
  $('#import-repo').replaceChildren(...state.repositories.map((r) => new Option(r.repo, r.repo, false, r.repo === chosen)));
  renderColumnPicker();
  renderTable();
  const first = sortedRepositories()[0];
  if (first) await selectRepository(first.repo);
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
    repo: `${totals.owner}: ${totals.repositories} repositories`,
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
  await loadSeries({ findData: true });
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
      input('#from').value = [from, isoDay(Date.parse(`${to}T00:00:00Z`) - 89 * DAY_MS)].sort()[1] ?? from;
      $('#range-hint').textContent = `Nothing in the range asked for: showing the last days of the history (${from} to ${to}).`;
      series = await reportOf();
    }
    renderCharts(series);
    renderVersions(series.versions);
    renderEvents(series.events);
    renderTops('#referrers', byViews(series.topReferrers));
    renderTops('#paths', byViews(series.topPaths));
  } catch (error) {
    if (messageOf(error) !== 'signed out') $('#detail-error').textContent = messageOf(error);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fromZero: uPlot.Range.Function = (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1];
const percentRange: uPlot.Range.Function = (_u, _min, max) => [0, Math.max(100, (max ?? 0) * 1.05)];

/**
 * uPlot options shared by the charts: the x axis in UTC days, every y scale from zero with its unit, and a
 * legend that shows the latest day's values when nothing is hovered (instead of "--").
 */
function chartOptions(width: number, series: uPlot.Series[], axes: uPlot.Axis[], scales: uPlot.Scales = {}): uPlot.Options {
  const showLatest = (u: uPlot) => {
    if (u.cursor.idx == null) u.setLegend({ idx: u.data[0].length - 1 });
  };
  return {
    plugins: [annotations()],
    width,
    height: 240,
    series: [
      { label: 'Day', value: (_u, ts) => (ts == null ? '' : isoDay(ts * 1000)) },
      ...series.map((one): uPlot.Series => ({ value: (_u, v) => show(v), ...one })),
    ],
    axes: [{}, ...axes],
    scales: { x: { time: true }, y: { range: fromZero }, ...scales },
    hooks: { ready: [showLatest], setCursor: [showLatest] },
  };
}

/**
 * Marks on every chart: a dashed line where a README version went live, labelled, and a shaded band over each
 * star burst or traffic spike.
 */
function annotations(): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const { ctx } = u;
          const { top, height } = u.bbox;
          const x = (day: string) => u.valToPos(Date.parse(`${day}T00:00:00Z`) / 1000, 'x', true);
          ctx.save();
          for (const event of state.events) {
            const [left, right] = [x(event.from), x(event.to) + Math.max(2, x(event.to) - x(event.from) || 6)];
            ctx.fillStyle = 'rgba(207, 34, 46, 0.10)';
            ctx.fillRect(left - 3, top, right - left + 3, height);
          }
          ctx.strokeStyle = '#6e7781';
          ctx.fillStyle = '#57606a';
          ctx.setLineDash([4, 4]);
          ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
          for (const version of state.versions) {
            if (!version.days) continue;
            const position = x(version.days.from);
            if (position < u.bbox.left || position > u.bbox.left + u.bbox.width) continue;
            ctx.beginPath();
            ctx.moveTo(position, top);
            ctx.lineTo(position, top + height);
            ctx.stroke();
            ctx.fillText(version.label, position + 3 * devicePixelRatio, top + 12 * devicePixelRatio);
          }
          ctx.restore();
        },
      ],
    },
  };
}

function renderVersions(versions: VersionConversion[]) {
  state.versions = versions;
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
  state.events = events;
  const items = events.map((event) => Object.assign(document.createElement('li'), { textContent: event.summary }));
  if (items.length === 0) items.push(Object.assign(document.createElement('li'), { textContent: 'None in this range.' }));
  $('#events').replaceChildren(...items);
}

function renderCharts(series: RepoReport) {
  state.versions = series.versions;
  state.events = series.events;
  for (const chart of state.charts) chart.destroy();
  const x = series.days.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000);
  const widthOf = (id: string) => Math.max(260, $(id).clientWidth || 520);
  const bars = uPlot.paths.bars?.({ size: [0.6, 24] });
  const days: SeriesRow[] = series.days;
  state.charts = [
    new uPlot(
      chartOptions(
        widthOf('#chart-traffic'),
        [
          { label: 'README impressions', stroke: '#0969da', width: 2 },
          { label: 'GitHub page views', stroke: '#8250df', width: 2 },
          // Unique visitors among clients that load the image themselves: pages outside GitHub; camo views have none.
          { label: 'Direct visitors', stroke: '#1b7c83', width: 1, dash: [4, 4] },
        ],
        [{ label: 'per day', size: 56 }],
      ),
      [
        x,
        gapsBeforeData(days.map((day) => day.readmeImpressions)),
        gapsBeforeData(days.map((day) => day.views ?? null)),
        gapsBeforeData(days.map((day) => day.directVisitors ?? null)),
      ],
      $('#chart-traffic'),
    ),
    // Totals come from the collector's daily snapshots; gains also from GitHub's star history and imports,
    // so imported years show as bars even where no total was ever seen.
    new uPlot(
      chartOptions(
        widthOf('#chart-stars'),
        [
          { label: 'Stars', stroke: '#bf8700', width: 2, spanGaps: true },
          { label: 'New stars', stroke: '#d4a72c', fill: '#d4a72c66', scale: 'gained', paths: bars },
          { label: 'New forks', stroke: '#57606a', fill: '#57606a66', scale: 'gained', paths: bars },
        ],
        [
          { label: 'stars', size: 56 },
          { scale: 'gained', label: 'gained per day', side: 1, grid: { show: false }, size: 56 },
        ],
        { gained: { range: fromZero } },
      ),
      [x, days.map((day) => day.stars), days.map((day) => day.starsGained ?? null), days.map((day) => day.forksGained ?? null)],
      $('#chart-stars'),
    ),
    new uPlot(
      chartOptions(
        widthOf('#chart-ratios'),
        [
          { label: 'Stars / 1k impressions (7 days)', stroke: '#1a7f37', width: 2, scale: 'per1k', spanGaps: true },
          {
            label: 'that day',
            stroke: '#1a7f3766',
            scale: 'per1k',
            paths: () => null,
            points: { show: true, size: 4, fill: '#1a7f3733', stroke: '#1a7f3766' },
          },
          {
            label: 'README render rate',
            stroke: '#cf222e',
            width: 1,
            scale: '%',
            points: { show: false },
            value: (_u, v) => (v == null ? '–' : `${format.format(v)}%`),
          },
        ],
        [
          { scale: 'per1k', label: 'stars per 1k impressions', size: 56 },
          {
            scale: '%',
            label: 'render rate',
            side: 1,
            grid: { show: false },
            size: 56,
            values: (_u, ticks) => ticks.map((tick) => `${tick}%`),
          },
        ],
        { per1k: { range: fromZero }, '%': { range: percentRange } },
      ),
      [x, rollingConversion(days), dailyConversion(days), renderRatePercent(days)],
      $('#chart-ratios'),
    ),
  ];
}

// Charts follow their container's width (a phone, a resized window).
new ResizeObserver(() => {
  for (const chart of state.charts) {
    const width = Math.max(260, chart.root.parentElement?.clientWidth ?? 0);
    if (width && Math.abs(width - chart.width) > 4) chart.setSize({ width, height: 240 });
  }
}).observe($('.charts'));

function renderTops(selector: string, items: PopularItem[]) {
  const rows = items.map((item) => {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.textContent = item.title && item.title !== item.key ? `${item.key} (${item.title})` : item.key;
    name.title = name.textContent; // long paths are cut short with an ellipsis
    const count = document.createElement('td');
    count.textContent = `${show(item.count)} views, ${show(item.uniques)} unique`;
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

function setRange(days: number) {
  const to = new Date();
  input('#to').value = isoDay(to.getTime());
  input('#from').value = isoDay(to.getTime() - (days - 1) * DAY_MS);
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

setRange(90);
if (state.token) openDashboard().catch(signOutUnlessSignedOut);
else signOut();
