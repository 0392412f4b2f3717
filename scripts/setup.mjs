// `npm run setup`: from a fresh clone to a deployed, counting Worker. Asks each question once (every one has a
// flag, so `--yes` runs unattended, e.g. in CI), checks the GitHub token before storing it, and is safe to run
// again: it finds what exists and changes only what is answered differently. `npm run setup -- --help` lists it.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { parseCarryOver, parseLink, parsePackages, parseRepos } from './setup/answers.mjs';
import { createAppFromManifest } from './setup/github-app.mjs';
import { checkGitHubToken, repoToCheck, TOKEN_PERMISSION } from './setup/github-token.mjs';
import { done, note, SetupError, step } from './setup/output.mjs';
import { checkLogin, deploy, ensureNamespace, putSecret, wranglerJson } from './setup/wrangler.mjs';
import { readVar, setVar } from './setup/wrangler-toml.mjs';

const HELP = `npm run setup [-- options]

Creates the KV namespace, writes REPOS, checks and stores the GitHub token, makes a REPORT_TOKEN, deploys,
checks /health and prints the snippets. Without --yes it asks; every question has a flag:

  --repos "me/app, my-org/*"     the repositories to count (REPOS)
  --github-token-env NAME        read the GitHub token from this environment variable (default GITHUB_TOKEN)
  --github-api-url URL           GitHub's API, for GitHub Enterprise (GITHUB_API_URL)
  --github-app                   a GitHub App instead of a token: setup has GitHub create it (permissions and
                                 webhook events preset) and stores its id, key and webhook secret
  --github-app-org NAME          create the app for this organisation rather than your own account
  --github-web-url URL           GitHub's web address, for GitHub Enterprise (default: from the API's)
  --webhook-url URL              optional: where weekly digests go (REPORT_WEBHOOK_URL)
  --analytics-token-env NAME     optional: a Cloudflare token with "Account Analytics: Read" (CF_API_TOKEN)
  --carry-over "owner/repo,12345,2026-12-01,old counter"
                                 optional: the total another counter reached before a day
  --packages "me/app=npm:app,pypi:app"
                                 optional: packages whose daily downloads count as conversions (PACKAGES)
  --link "me/app,docs,https://example.com/docs"
                                 optional, repeatable: a README link to track; setup prints its Markdown
  --new-report-token             make a new REPORT_TOKEN even if one is set
  --url URL                      the Worker's address, when it is not the one wrangler reports
  --yes                          ask nothing: take flags and defaults, fail on what is missing
`;

const EXAMPLE_REPOS = 'octocat/hello-world, octocat/octocat';

const { values: flags } = parseArgs({
  options: {
    repos: { type: 'string' },
    'github-token-env': { type: 'string', default: 'GITHUB_TOKEN' },
    'github-api-url': { type: 'string' },
    'github-app': { type: 'boolean', default: false },
    'github-app-org': { type: 'string' },
    'github-web-url': { type: 'string' },
    'webhook-url': { type: 'string' },
    'analytics-token-env': { type: 'string' },
    'carry-over': { type: 'string' },
    packages: { type: 'string' },
    link: { type: 'string', multiple: true },
    'new-report-token': { type: 'boolean', default: false },
    url: { type: 'string' },
    yes: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
const configPath = join(process.cwd(), 'wrangler.toml');
// The prompt writes through a stream that can be muted, so a token typed at a terminal is not shown on it.
let muted = false;
const promptOutput = new Writable({
  write(chunk, encoding, callback) {
    if (!muted) process.stdout.write(chunk, encoding);
    callback();
  },
});
const prompt = flags.yes ? null : createInterface({ input: process.stdin, output: promptOutput, terminal: Boolean(process.stdin.isTTY) });

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

/** Asks for a secret without echoing it; Enter gives ''. Never asks with --yes (secrets come from the environment). */
async function askSecret(question) {
  if (prompt === null) return '';
  process.stdout.write(`  ${question}: `);
  muted = true;
  try {
    return (await prompt.question('')).trim();
  } finally {
    muted = false;
    if (process.stdin.isTTY) process.stdout.write('\n');
  }
}

async function main() {
  if (flags.help) return console.log(HELP);
  let toml = readFileSync(configPath, 'utf8');
  const workerName = /^name\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? 'repo-impressions';

  const account = await checkLogin();
  toml = await ensureNamespace(toml, workerName);
  writeFileSync(configPath, toml);

  step('Repositories to count (REPOS)');
  const currentRepos = readVar(toml, 'REPOS');
  const repos = await ask('owner/repo or owner/*, comma-separated', {
    flag: flags.repos,
    fallback: currentRepos === EXAMPLE_REPOS ? undefined : (currentRepos ?? undefined),
  });
  const entries = parseRepos(repos);
  toml = setVar(toml, 'REPOS', entries.join(', '));
  const api = (flags['github-api-url'] ?? readVar(toml, 'GITHUB_API_URL') ?? 'https://api.github.com').replace(/\/+$/, '');
  if (flags['github-api-url']) toml = setVar(toml, 'GITHUB_API_URL', api);
  writeFileSync(configPath, toml);
  done(`REPOS = "${entries.join(', ')}" in wrangler.toml`);

  const existing = new Set((await wranglerJson(['secret', 'list', '--format', 'json']).catch(() => [])).map((secret) => secret.name));
  // A GitHub App once stored stays the way the collector signs in (the Worker then leaves GITHUB_TOKEN unused).
  const withApp = flags['github-app'] || existing.has('GITHUB_APP_ID');
  let token = '';
  let checkedRepo = null;
  if (withApp) {
    step('GitHub App (GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_WEBHOOK_SECRET)');
    if (existing.has('GITHUB_APP_ID')) done('keeping the GitHub App already stored');
    else note("GitHub creates it once the Worker is deployed: its webhook goes to the Worker's address");
  } else {
    step('GitHub token (GITHUB_TOKEN)');
    note(`needs access to the tracked repositories and ${TOKEN_PERMISSION}`);
    token =
      process.env[flags['github-token-env']] ||
      (await askSecret(
        existing.has('GITHUB_TOKEN') ? 'token, not shown as you type (Enter keeps the one stored)' : 'token, not shown as you type',
      ));
    if (!token && !existing.has('GITHUB_TOKEN'))
      throw new SetupError(
        `No GitHub token: set ${flags['github-token-env']} (or answer the question), or pass --github-app, so the collector can read traffic and stars.`,
      );
    // The repository the token was checked against is also the one the snippets are printed for.
    checkedRepo = token ? await checkGitHubToken(entries, api, token) : null;
    if (!token) done('keeping the token already stored');
  }

  const webhook = await ask('Weekly digest webhook URL (optional, Enter to skip)', { flag: flags['webhook-url'], required: false });
  const analyticsToken = flags['analytics-token-env']
    ? process.env[flags['analytics-token-env']]
    : await askSecret('Cloudflare token with "Account Analytics: Read" for breakdowns, not shown (optional, Enter to skip)');
  const carryOver =
    (await ask('Carry over another counter\'s total? "owner/repo,views,YYYY-MM-DD,source" (optional, Enter to skip)', {
      flag: flags['carry-over'],
      required: false,
    })) || null;
  const carried = carryOver ? parseCarryOver(carryOver) : null;
  const packages = await ask('Packages whose downloads count, "owner/repo=npm:name,pypi:name" (optional, Enter to skip)', {
    flag: flags.packages,
    fallback: readVar(toml, 'PACKAGES') ?? undefined,
    required: false,
  });
  if (packages) {
    toml = setVar(toml, 'PACKAGES', parsePackages(packages));
    writeFileSync(configPath, toml);
  }
  const linkAnswers =
    flags.link ??
    [await ask('Track a README link? "owner/repo,name,https://destination" (optional, Enter to skip)', { required: false })].filter(
      Boolean,
    );
  const links = linkAnswers.map(parseLink);

  // The address is known before deploying on a re-run (PUBLIC_URL) or with --url; on a first run, after it.
  let url = (flags.url ?? readVar(toml, 'PUBLIC_URL') ?? '').replace(/\/+$/, '');
  if (url) toml = writePublicUrl(toml, url);
  const deployedUrl = await deploy();
  if (!url && deployedUrl) {
    url = deployedUrl.replace(/\/+$/, '');
    toml = writePublicUrl(toml, url);
    // The snippets the Worker writes carry PUBLIC_URL: deployed once more, with it.
    await deploy();
  }

  const app = withApp && !existing.has('GITHUB_APP_ID') ? await createApp(api, url) : null;

  step('Secrets');
  if (token) await putSecret('GITHUB_TOKEN', token);
  if (app) {
    await putSecret('GITHUB_APP_ID', String(app.id));
    await putSecret('GITHUB_APP_PRIVATE_KEY', app.pem);
    await putSecret('GITHUB_WEBHOOK_SECRET', app.webhook_secret);
  }
  let reportToken = null;
  if (existing.has('REPORT_TOKEN') && !flags['new-report-token'])
    done('REPORT_TOKEN already set: keeping it (--new-report-token makes a new one)');
  else {
    reportToken = randomBytes(32).toString('base64url');
    await putSecret('REPORT_TOKEN', reportToken);
  }
  if (webhook) await putSecret('REPORT_WEBHOOK_URL', webhook);
  if (analyticsToken) {
    const accountId = process.env.CLOUDFLARE_ACCOUNT_ID ?? account?.id;
    await putSecret('CF_API_TOKEN', analyticsToken);
    if (accountId) await putSecret('CF_ACCOUNT_ID', accountId);
  }

  step('Health');
  if (!url)
    throw new SetupError(
      "wrangler reported no workers.dev address: pass the Worker's address with --url to finish (health check and snippets).",
    );
  const health = await fetch(`${url}/health`)
    .then(async (response) => ({ status: response.status, body: await response.json() }))
    .catch((error) => ({ status: 0, body: { problems: [String(error.cause ?? error)] } }));
  if (health.status !== 200)
    throw new SetupError(
      `${url}/health answered ${health.status || 'nothing'}: ${(health.body.problems ?? []).join(' ') || 'a new workers.dev address can take a minute to answer; run setup again'}`,
    );
  done(`${url}/health: ok, version ${health.body.version}`);
  for (const text of health.body.notes ?? []) note(text);

  if (carried) {
    step('Carried-over count');
    const bearer = reportToken ?? process.env.REPORT_TOKEN;
    if (!bearer)
      note(`REPORT_TOKEN was set before, so setup does not know it: POST /report/baseline yourself (README, "Carry over an old counter").`);
    else {
      const response = await fetch(`${url}/report/baseline`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(carried),
      });
      const body = await response.json();
      if (!response.ok) throw new SetupError(`carrying over the count failed (${response.status}): ${body.error}`);
      done(`${body.repo}: ${body.message}`);
    }
  }

  if (links.length > 0) {
    step('Tracked README links');
    const bearer = reportToken ?? process.env.REPORT_TOKEN;
    if (!bearer) note('REPORT_TOKEN was set before, so setup does not know it: POST /report/links yourself (README, "Tracked links").');
    for (const link of bearer ? links : []) {
      const response = await fetch(`${url}/report/links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(link),
      });
      const body = await response.json();
      if (!response.ok) throw new SetupError(`tracking the link ${link.repo}/${link.name} failed (${response.status}): ${body.error}`);
      done(`${body.repo}/${body.link.name} → ${body.link.destination}: paste ${body.link.markdown}`);
    }
  }

  step('Paste into your README');
  const first = checkedRepo ?? (await repoToCheck(entries, api, token));
  const snippets = await fetch(`${url}/?repo=${encodeURIComponent(first)}`, { headers: { accept: 'application/json' } }).then((response) =>
    response.json(),
  );
  console.log(`  Badge (counts a view):   ${snippets.snippets.badgeMarkdown}`);
  console.log(`  Invisible pixel instead: ${snippets.snippets.pixelMarkdown}`);
  console.log(`  Star chart:              ${snippets.snippets.starChartMarkdown}`);
  console.log(`  Dashboard:               ${url}/dashboard`);
  if (app) {
    console.log(`\n  Install the GitHub App on each owner in REPOS (its repositories, or all): ${app.html_url}/installations/new`);
    console.log("  Until it is installed there, an owner's repositories are not refreshed, and their status says so.");
  }
  if (reportToken) {
    console.log(`\n  REPORT_TOKEN (shown once; keep it in your password manager, it opens the dashboard and reports):\n  ${reportToken}`);
  }
}

/** Has GitHub create the app from its manifest, the maintainer confirming it in the browser (setup/github-app.mjs). */
async function createApp(api, workerUrl) {
  step('Create the GitHub App');
  if (!workerUrl)
    throw new SetupError("wrangler reported no workers.dev address: pass the Worker's address with --url, where the app's webhook goes.");
  const web = (
    flags['github-web-url'] ?? (api === 'https://api.github.com' ? 'https://github.com' : api.replace(/\/api\/v3$/, ''))
  ).replace(/\/+$/, '');
  return createAppFromManifest({
    web,
    api,
    organization: flags['github-app-org'],
    workerUrl,
    announce: (page) => console.log(`  Open ${page} in your browser: GitHub asks you to name the app and create it; setup waits here.`),
  });
}

/** Writes PUBLIC_URL, the address the Worker's snippets carry, into wrangler.toml when it changes. */
function writePublicUrl(toml, url) {
  if (readVar(toml, 'PUBLIC_URL') === url) return toml;
  const next = setVar(toml, 'PUBLIC_URL', url);
  writeFileSync(configPath, next);
  done(`PUBLIC_URL = "${url}" in wrangler.toml`);
  return next;
}

main()
  .catch((error) => {
    console.error(`\n✗ ${error instanceof SetupError ? error.message : (error.stack ?? error)}`);
    process.exitCode = 1;
  })
  .finally(() => prompt?.close());
