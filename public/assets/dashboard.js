// The dashboard: plain JavaScript against /report, charts by uPlot (vendored, MIT). No build step.
// The report token lives in this browser's localStorage and travels only in the Authorization header.
import { describeRead, importFolder } from './history-import.js';

const TOKEN_KEY = 'repo-impressions:report-token';
const DAY_MS = 86_400_000;

const state = {
  token: localStorage.getItem(TOKEN_KEY),
  repositories: [],
  sort: { key: 'impressions28', direction: -1 },
  selected: null,
  charts: [],
};

const $ = (selector) => document.querySelector(selector);
const format = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const show = (value) => (value === null || value === undefined ? '–' : format.format(value));
const percent = (value) => (value === null || value === undefined ? '–' : `${format.format(value * 100)}%`);

/** The overview's columns: what each shows and how it sorts. */
const COLUMNS = [
  { key: 'repo', label: 'Repository', value: (r) => r.repo, text: (r) => r.repo },
  { key: 'impressions28', label: 'README impressions', value: (r) => r.impressions.last28, text: (r) => show(r.impressions.last28) },
  { key: 'impressionsAll', label: 'All time', value: (r) => r.impressions.allTime, text: (r) => show(r.impressions.allTime) },
  { key: 'allPages28', label: 'All pages', title: 'Impressions of every page label (?page=), README included, 28 days', value: (r) => r.allPageImpressions?.last28 ?? -1, text: (r) => show(r.allPageImpressions?.last28) },
  { key: 'views28', label: 'GitHub views', value: (r) => r.github?.views28 ?? -1, text: (r) => show(r.github?.views28) },
  { key: 'uniques28', label: 'Unique visitors', value: (r) => r.github?.viewUniques28 ?? -1, text: (r) => show(r.github?.viewUniques28) },
  { key: 'stars', label: 'Stars', value: (r) => r.stars.total ?? -1, text: (r) => show(r.stars.total) },
  { key: 'starsGained', label: 'New stars', value: (r) => r.stars.gained28, text: (r) => show(r.stars.gained28) },
  { key: 'forksGained', label: 'New forks', value: (r) => r.forks?.gained28 ?? -1, text: (r) => show(r.forks?.gained28) },
  { key: 'conversion', label: 'Stars / 1k impressions', value: (r) => r.ratios28?.starsPer1kImpressions ?? -1, text: (r) => show(r.ratios28?.starsPer1kImpressions) },
  { key: 'render', label: 'README render rate', value: (r) => r.ratios28?.readmeRenderRate ?? -1, text: (r) => percent(r.ratios28?.readmeRenderRate) },
  { key: 'status', label: 'Last refresh', value: (r) => r.status?.state ?? '', text: (r) => r.status?.state ?? 'never', className: (r) => `state-${r.status?.state ?? 'none'}` },
];

/** Shows a server message as text, its `code` spans (commands, file names) as code. */
function showMessage(element, message) {
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
async function call(path, init = {}) {
  const response = await fetch(path, { ...init, headers: { ...init.headers, authorization: `Bearer ${state.token}` } });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) {
    signOut(body.error ?? 'That token was not accepted.');
    throw new Error('signed out');
  }
  return { ok: response.ok, status: response.status, body };
}

async function api(path) {
  const { ok, status, body } = await call(path);
  if (!ok) throw new Error(body.error ?? `The server answered ${status}.`);
  return body;
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
  const report = await api('/report');
  state.repositories = report.repositories;
  $('#overview').hidden = false;
  $('#import').hidden = false;
  const chosen = $('#import-repo').value;
  $('#import-repo').replaceChildren(...state.repositories.map((r) => new Option(r.repo, r.repo, false, r.repo === chosen)));
  renderTable();
  const first = sortedRepositories()[0];
  if (first) await selectRepository(first.repo);
}

function sortedRepositories() {
  const column = COLUMNS.find((c) => c.key === state.sort.key) ?? COLUMNS[1];
  return [...state.repositories].sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    return (typeof x === 'string' ? x.localeCompare(y) : x - y) * state.sort.direction;
  });
}

function renderTable() {
  const headRow = document.createElement('tr');
  for (const column of COLUMNS) {
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
  const rows = sortedRepositories().map((repository) => {
    const tr = document.createElement('tr');
    tr.setAttribute('aria-selected', String(repository.repo === state.selected));
    for (const column of COLUMNS) {
      const td = document.createElement('td');
      td.textContent = column.text(repository);
      if (column.className) td.className = column.className(repository);
      if (column.key === 'status' && repository.status?.message) td.title = repository.status.message;
      tr.append(td);
    }
    tr.addEventListener('click', () => selectRepository(repository.repo));
    return tr;
  });
  $('#repos tbody').replaceChildren(...rows);
}

async function selectRepository(repo) {
  state.selected = repo;
  renderTable();
  $('#detail').hidden = false;
  $('#detail-title').textContent = repo;
  await loadSeries();
}

async function loadSeries() {
  $('#detail-error').textContent = '';
  try {
    const series = await api(`/report/${state.selected}?from=${$('#from').value}&to=${$('#to').value}`);
    renderCharts(series);
    renderTops('#referrers', series.topReferrers ?? []);
    renderTops('#paths', series.topPaths ?? []);
  } catch (error) {
    if (error.message !== 'signed out') $('#detail-error').textContent = error.message;
  }
}

function renderCharts(series) {
  for (const chart of state.charts) chart.destroy();
  const x = series.days.map((day) => Date.parse(`${day.day}T00:00:00Z`) / 1000);
  const width = Math.max(320, $('#chart-traffic').clientWidth || 520);
  const bars = uPlot.paths.bars({ size: [0.6, 24] });
  const options = (series, axes = [{}, {}]) => ({ width, height: 240, series: [{}, ...series], axes, scales: { x: { time: true } } });
  state.charts = [
    new uPlot(
      options([
        { label: 'README impressions', stroke: '#0969da', width: 2 },
        { label: 'GitHub page views', stroke: '#8250df', width: 2 },
        // Unique visitors among clients that load the image themselves: pages outside GitHub; camo views have none.
        { label: 'Direct visitors', stroke: '#1b7c83', width: 1, dash: [4, 4] },
      ]),
      [x, series.days.map((day) => day.readmeImpressions), series.days.map((day) => day.views ?? null), series.days.map((day) => day.directVisitors ?? null)],
      $('#chart-traffic'),
    ),
    // Totals come from the collector's daily snapshots; gains also from GitHub's star history and imports,
    // so imported years show as bars even where no total was ever seen.
    new uPlot(
      options(
        [
          { label: 'Stars', stroke: '#bf8700', width: 2, spanGaps: true },
          { label: 'New stars', stroke: '#d4a72c', fill: '#d4a72c66', scale: 'gained', paths: bars },
          { label: 'New forks', stroke: '#57606a', fill: '#57606a66', scale: 'gained', paths: bars },
        ],
        [{}, {}, { scale: 'gained', side: 1, grid: { show: false } }],
      ),
      [x, series.days.map((day) => day.stars), series.days.map((day) => day.starsGained ?? null), series.days.map((day) => day.forksGained ?? null)],
      $('#chart-stars'),
    ),
    new uPlot(
      {
        ...options(
          [
            { label: 'Stars / 1k impressions', stroke: '#1a7f37', width: 2, scale: 'per1k' },
            { label: 'README render rate %', stroke: '#cf222e', width: 1, scale: '%' },
          ],
          [{}, { scale: 'per1k' }, { scale: '%', side: 1, grid: { show: false } }],
        ),
      },
      [
        x,
        series.days.map((day) => day.ratios?.starsPer1kImpressions ?? null),
        series.days.map((day) => (day.ratios?.readmeRenderRate == null ? null : day.ratios.readmeRenderRate * 100)),
      ],
      $('#chart-ratios'),
    ),
  ];
}

function renderTops(selector, items) {
  const rows = items.map((item) => {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.textContent = item.title && item.title !== item.key ? `${item.key} (${item.title})` : item.key;
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

function setRange(days) {
  const to = new Date();
  $('#to').value = to.toISOString().slice(0, 10);
  $('#from').value = new Date(to.getTime() - (days - 1) * DAY_MS).toISOString().slice(0, 10);
}

$('#sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  state.token = $('#token').value.trim();
  localStorage.setItem(TOKEN_KEY, state.token);
  $('#token').value = '';
  await openDashboard().catch((error) => error.message !== 'signed out' && signOut(error.message));
});
$('#sign-out').addEventListener('click', () => signOut());
$('#import-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const repo = $('#import-repo').value;
  const button = $('#import-form button');
  button.disabled = true;
  $('#import-problems').replaceChildren();
  try {
    const post = (form) => call('/report/import', { method: 'POST', body: form });
    const result = await importFolder(repo, [...$('#import-folder').files], post, (text) => ($('#import-status').textContent = text));
    if (result.ok) {
      const skipped = result.skipped.map((s) => `${s.file} skipped (${s.reason})`).join('; ');
      $('#import-status').textContent = `Imported into ${repo}: ${describeRead(result.read)}.${skipped ? ` ${skipped}.` : ''}`;
      await openDashboard();
    } else {
      $('#import-status').textContent = result.error;
      $('#import-problems').replaceChildren(
        ...result.rejected.map(({ file, line, error }) => Object.assign(document.createElement('li'), { textContent: `${file ?? ''}${file ? ':' : 'line '}${line}: ${error}` })),
      );
    }
  } catch (error) {
    if (error.message !== 'signed out') $('#import-status').textContent = `The import stopped: ${error.message}`;
  } finally {
    button.disabled = false;
  }
});
$('#range').addEventListener('change', () => state.selected && loadSeries());
for (const button of document.querySelectorAll('#range button')) {
  button.addEventListener('click', () => {
    setRange(Number(button.dataset.days));
    if (state.selected) loadSeries();
  });
}

setRange(90);
if (state.token) openDashboard().catch((error) => error.message !== 'signed out' && signOut(error.message));
else signOut();
