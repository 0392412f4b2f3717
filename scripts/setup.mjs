// `npm run setup`: from a fresh clone to a deployed, counting Worker. Asks each question once (every one has a
// flag, so `--yes` runs unattended, e.g. in CI), checks the GitHub token before storing it, and is safe to run
// again: it finds what exists and changes only what is answered differently. `npm run setup -- --help` lists it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { readKvNamespaceId, readVar, setKvNamespaceId, setVar } from './wrangler-toml.mjs';

const HELP = `npm run setup [-- options]

Creates the KV namespace, writes REPOS, checks and stores the GitHub token, makes a REPORT_TOKEN, deploys,
checks /health and prints the snippets. Without --yes it asks; every question has a flag:

  --repos "me/app, my-org/*"     the repositories to count (REPOS)
  --github-token-env NAME        read the GitHub token from this environment variable (default GITHUB_TOKEN)
  --github-api-url URL           GitHub's API, for GitHub Enterprise (GITHUB_API_URL)
  --webhook-url URL              optional: where weekly digests go (REPORT_WEBHOOK_URL)
  --analytics-token-env NAME     optional: a Cloudflare token with "Account Analytics: Read" (CF_API_TOKEN)
  --carry-over "owner/repo,12345,2026-12-01,old counter"
                                 optional: the total another counter reached before a day
  --new-report-token             make a new REPORT_TOKEN even if one is set
  --url URL                      the Worker's address, when it is not the one wrangler reports
  --yes                          ask nothing: take flags and defaults, fail on what is missing
`;

const PLACEHOLDER_KV_ID = '00000000000000000000000000000000';
const EXAMPLE_REPOS = 'octocat/hello-world, octocat/octocat';
const GITHUB_NAME = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/i;
const REPO_NAME = /^[a-z0-9._-]{1,100}$/i;
const TOKEN_PERMISSION = 'the repository permission "Administration: Read-only" (fine-grained token) or the "repo" scope (classic token)';

class SetupError extends Error {}

const { values: flags } = parseArgs({
  options: {
    repos: { type: 'string' },
    'github-token-env': { type: 'string', default: 'GITHUB_TOKEN' },
    'github-api-url': { type: 'string' },
    'webhook-url': { type: 'string' },
    'analytics-token-env': { type: 'string' },
    'carry-over': { type: 'string' },
    'new-report-token': { type: 'boolean', default: false },
    url: { type: 'string' },
    yes: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const configPath = join(process.cwd(), 'wrangler.toml');
const prompt = flags.yes ? null : createInterface({ input: process.stdin, output: process.stdout });

const step = (text) => console.log(`\n▸ ${text}`);
const done = (text) => console.log(`  ✓ ${text}`);
const note = (text) => console.log(`  · ${text}`);

/** Asks, with the current value as the default; with --yes, takes the flag or the default, or fails naming the flag. */
async function ask(question, { flag, fallback, required = true }) {
  if (flag !== undefined) return flag;
  if (prompt === null) {
    if (fallback !== undefined || !required) return fallback ?? '';
    throw new SetupError(`${question}: nothing given. Pass it as a flag (npm run setup -- --help lists them).`);
  }
  const answer = (await prompt.question(`  ${question}${fallback ? ` [${fallback}]` : ''}: `)).trim();
  return answer || fallback || '';
}

/** Runs `npx wrangler …`; `input` goes to its stdin (secrets never appear on a command line). */
function wrangler(args, { input, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn('npx', ['wrangler', ...args], { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end(input ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function wranglerJson(args) {
  const result = await wrangler(args);
  if (result.code !== 0) throw new SetupError(`wrangler ${args.join(' ')} failed:\n${indent(result.stderr || result.stdout)}`);
  // wrangler may print a banner before the JSON: read from the first bracket on.
  const start = result.stdout.search(/[[{]/);
  return JSON.parse(result.stdout.slice(start));
}

const indent = (text) => text.trim().split('\n').map((line) => `    ${line}`).join('\n');

async function checkLogin() {
  step('Cloudflare account');
  const result = await wrangler(['whoami', '--json']);
  if (result.code !== 0) {
    throw new SetupError('wrangler is not logged in. Run `npx wrangler login` (or, unattended, set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID), then run setup again.');
  }
  const who = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  done(`logged in${who.email ? ` as ${who.email}` : ''}${who.accounts?.[0] ? `, account "${who.accounts[0].name}"` : ''}`);
}

/** Finds or creates the namespace and writes its id into wrangler.toml. */
async function ensureNamespace(toml, workerName) {
  step('KV namespace for the history (REPORTS)');
  const title = `${workerName}-REPORTS`;
  const namespaces = await wranglerJson(['kv', 'namespace', 'list']);
  const configured = readKvNamespaceId(toml, 'REPORTS');
  if (configured && configured !== PLACEHOLDER_KV_ID && namespaces.some((namespace) => namespace.id === configured)) {
    done(`wrangler.toml already names namespace ${configured}`);
    return toml;
  }
  let namespace = namespaces.find((candidate) => candidate.title === title);
  if (namespace) done(`found "${title}" (${namespace.id})`);
  else {
    const created = await wrangler(['kv', 'namespace', 'create', title]);
    if (created.code !== 0) throw new SetupError(`creating the namespace failed:\n${indent(created.stderr || created.stdout)}`);
    // The id is read from the list (JSON), not from create's human-readable text.
    namespace = (await wranglerJson(['kv', 'namespace', 'list'])).find((candidate) => candidate.title === title);
    if (!namespace) throw new SetupError(`the namespace "${title}" was created but is not listed: run setup again in a minute.`);
    done(`created "${title}" (${namespace.id})`);
  }
  return setKvNamespaceId(toml, 'REPORTS', namespace.id);
}

function parseRepos(text) {
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => {
    const [owner, repo, extra] = entry.split('/');
    return extra !== undefined || !owner || !GITHUB_NAME.test(owner) || !repo || (repo !== '*' && !REPO_NAME.test(repo));
  });
  if (entries.length === 0 || bad.length > 0) {
    throw new SetupError(`REPOS must be owner/repo or owner/* entries, comma-separated${bad.length ? `; not: ${bad.join(', ')}` : ''}.`);
  }
  return entries;
}

/** The repository the token is checked against: the first owner/repo, or the first of an owner/* listing. */
async function repoToCheck(entries, api, token) {
  const single = entries.find((entry) => !entry.endsWith('/*'));
  if (single) return single;
  const owner = entries[0].split('/')[0];
  const response = await github(api, `/users/${owner}/repos?per_page=1&sort=pushed`, token);
  const [first] = response.ok ? await response.json() : [];
  if (!first) throw new SetupError(`GitHub lists no repository of ${owner} for this token (${response.status}): check the name and the token's repository access.`);
  return `${owner}/${first.name}`;
}

function github(api, path, token) {
  return fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'repo-impressions-setup' } });
}

/** GitHub answers the traffic endpoints only to tokens with push access: a 403 there names the missing permission. */
async function checkGitHubToken(entries, api, token) {
  const slug = await repoToCheck(entries, api, token);
  const repo = await github(api, `/repos/${slug}`, token);
  if (repo.status === 401) throw new SetupError('GitHub refused the token (401 Bad credentials): it is mistyped, expired or revoked. Make a new one: https://github.com/settings/personal-access-tokens/new');
  if (repo.status === 404) throw new SetupError(`The token cannot see ${slug} (404): give it access to this repository ("Repository access" of a fine-grained token).`);
  if (!repo.ok) throw new SetupError(`GitHub answered ${repo.status} for ${slug}: try again in a minute.`);
  const traffic = await github(api, `/repos/${slug}/traffic/views`, token);
  if (traffic.status === 403) throw new SetupError(`The token cannot read the traffic of ${slug} (403): add ${TOKEN_PERMISSION}, then run setup again.`);
  if (!traffic.ok) throw new SetupError(`GitHub answered ${traffic.status} for the traffic of ${slug}: try again in a minute.`);
  done(`the token reads ${slug} and its traffic`);
}

/** Runs `wrangler deploy` and returns the workers.dev address it reports (structured output, not the log). */
async function deploy() {
  step('Deploy');
  const check = await new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'check'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
  if (check.code !== 0) throw new SetupError(`npm run check failed:\n${indent(check.output)}`);
  done(check.output.split('\n').find((line) => line.startsWith('bundle')) ?? 'build checked');
  const dir = mkdtempSync(join(tmpdir(), 'repo-impressions-setup-'));
  try {
    const outputFile = join(dir, 'output.ndjson');
    const result = await wrangler(['deploy'], { env: { WRANGLER_OUTPUT_FILE_PATH: outputFile } });
    if (result.code !== 0) throw new SetupError(`wrangler deploy failed:\n${indent(result.stderr || result.stdout)}`);
    const entries = readFileSync(outputFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const url = entries.find((entry) => entry.type === 'deploy')?.targets?.find((target) => target.startsWith('https://'));
    done(`deployed${url ? ` to ${url}` : ''}`);
    return url ?? null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function putSecret(name, value) {
  const result = await wrangler(['secret', 'put', name], { input: `${value}\n` });
  if (result.code !== 0) throw new SetupError(`storing ${name} failed:\n${indent(result.stderr || result.stdout)}`);
  done(`${name} stored`);
}

function parseCarryOver(text) {
  const [repo, views, before, ...source] = text.split(',').map((part) => part.trim());
  if (!repo || !/^\d+$/.test(views ?? '') || !/^\d{4}-\d{2}-\d{2}$/.test(before ?? '') || source.join(',') === '') {
    throw new SetupError(`A carried-over count is "owner/repo,views,YYYY-MM-DD,source" (views before that day); not "${text}".`);
  }
  return { repo, views: Number(views), before, source: source.join(',') };
}

async function main() {
  if (flags.help) return console.log(HELP);
  let toml = readFileSync(configPath, 'utf8');
  const workerName = /^name\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? 'repo-impressions';

  await checkLogin();
  toml = await ensureNamespace(toml, workerName);
  writeFileSync(configPath, toml);

  step('Repositories to count (REPOS)');
  const currentRepos = readVar(toml, 'REPOS');
  const repos = await ask('owner/repo or owner/*, comma-separated', { flag: flags.repos, fallback: currentRepos === EXAMPLE_REPOS ? undefined : (currentRepos ?? undefined) });
  const entries = parseRepos(repos);
  toml = setVar(toml, 'REPOS', entries.join(', '));
  const api = (flags['github-api-url'] ?? readVar(toml, 'GITHUB_API_URL') ?? 'https://api.github.com').replace(/\/+$/, '');
  if (flags['github-api-url']) toml = setVar(toml, 'GITHUB_API_URL', api);
  writeFileSync(configPath, toml);
  done(`REPOS = "${entries.join(', ')}" in wrangler.toml`);

  step('GitHub token (GITHUB_TOKEN)');
  const existing = new Set((await wranglerJson(['secret', 'list', '--format', 'json']).catch(() => [])).map((secret) => secret.name));
  note(`needs access to the tracked repositories and ${TOKEN_PERMISSION}`);
  const token = process.env[flags['github-token-env']] || (prompt ? await ask(existing.has('GITHUB_TOKEN') ? 'token (Enter keeps the one stored)' : 'token', { required: false }) : '');
  if (!token && !existing.has('GITHUB_TOKEN')) throw new SetupError(`No GitHub token: set ${flags['github-token-env']} (or answer the question) so the collector can read traffic and stars.`);
  if (token) await checkGitHubToken(entries, api, token);
  else done('keeping the token already stored');

  const webhook = await ask('Weekly digest webhook URL (optional, Enter to skip)', { flag: flags['webhook-url'], required: false });
  const analyticsToken = flags['analytics-token-env'] ? process.env[flags['analytics-token-env']] : prompt ? await ask('Cloudflare token with "Account Analytics: Read" for breakdowns (optional, Enter to skip)', { required: false }) : '';
  const carryOver = (await ask('Carry over another counter\'s total? "owner/repo,views,YYYY-MM-DD,source" (optional, Enter to skip)', { flag: flags['carry-over'], required: false })) || null;
  const carried = carryOver ? parseCarryOver(carryOver) : null;

  const deployedUrl = await deploy();
  const url = (flags.url ?? deployedUrl ?? '').replace(/\/+$/, '');

  step('Secrets');
  if (token) await putSecret('GITHUB_TOKEN', token);
  let reportToken = null;
  if (existing.has('REPORT_TOKEN') && !flags['new-report-token']) done('REPORT_TOKEN already set: keeping it (--new-report-token makes a new one)');
  else {
    reportToken = randomBytes(32).toString('base64url');
    await putSecret('REPORT_TOKEN', reportToken);
  }
  if (webhook) await putSecret('REPORT_WEBHOOK_URL', webhook);
  if (analyticsToken) {
    const accountId = process.env.CLOUDFLARE_ACCOUNT_ID ?? (await wranglerJson(['whoami', '--json'])).accounts?.[0]?.id;
    await putSecret('CF_API_TOKEN', analyticsToken);
    if (accountId) await putSecret('CF_ACCOUNT_ID', accountId);
  }

  step('Health');
  if (!url) throw new SetupError('wrangler reported no workers.dev address: pass the Worker\'s address with --url to finish (health check and snippets).');
  const health = await fetch(`${url}/health`).then(async (response) => ({ status: response.status, body: await response.json() })).catch((error) => ({ status: 0, body: { problems: [String(error.cause ?? error)] } }));
  if (health.status !== 200) throw new SetupError(`${url}/health answered ${health.status || 'nothing'}: ${(health.body.problems ?? []).join(' ') || 'a new workers.dev address can take a minute to answer; run setup again'}`);
  done(`${url}/health: ok, version ${health.body.version}`);
  for (const text of health.body.notes ?? []) note(text);

  if (carried) {
    step('Carried-over count');
    const bearer = reportToken ?? process.env.REPORT_TOKEN;
    if (!bearer) note(`REPORT_TOKEN was set before, so setup does not know it: POST /report/baseline yourself (README, "Carry over an old counter").`);
    else {
      const response = await fetch(`${url}/report/baseline`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(carried) });
      const body = await response.json();
      if (!response.ok) throw new SetupError(`carrying over the count failed (${response.status}): ${body.error}`);
      done(`${body.repo}: ${body.carriedOver.views} views before ${body.carriedOver.before} (${body.carriedOver.source}); the badge now shows ${body.badgeTotal}`);
    }
  }

  step('Paste into your README');
  const first = entries.find((entry) => !entry.endsWith('/*')) ?? (await repoToCheck(entries, api, token));
  const snippets = await fetch(`${url}/?repo=${encodeURIComponent(first)}`, { headers: { accept: 'application/json' } }).then((response) => response.json());
  console.log(`  Badge (counts a view):   ${snippets.snippets.badgeMarkdown}`);
  console.log(`  Invisible pixel instead: ${snippets.snippets.pixelMarkdown}`);
  console.log(`  Star chart:              ${snippets.snippets.starChartMarkdown}`);
  console.log(`  Dashboard:               ${url}/dashboard`);
  if (reportToken) {
    console.log(`\n  REPORT_TOKEN (shown once; keep it in your password manager, it opens the dashboard and reports):\n  ${reportToken}`);
  }
}

main()
  .catch((error) => {
    console.error(`\n✗ ${error instanceof SetupError ? error.message : (error.stack ?? error)}`);
    process.exitCode = 1;
  })
  .finally(() => prompt?.close());
