// The Cloudflare side of `npm run setup`, through wrangler: login, the KV namespace, deploy, secrets. wrangler's
// JSON (and its structured output file) is read, never its human-readable text.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKvNamespaceId, setKvNamespaceId } from './wrangler-toml.mjs';
import { done, indent, SetupError, step } from './output.mjs';

const PLACEHOLDER_KV_ID = '00000000000000000000000000000000';

/** Runs a command and collects its output; `input` goes to its stdin (secrets never appear on a command line). */
function run(command, args, { input = '', env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end(input);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `npx wrangler …`; a failure becomes `failure` followed by what wrangler said. */
async function wrangler(args, { failure = `wrangler ${args.join(' ')} failed`, ...options } = {}) {
  const result = await run('npx', ['wrangler', ...args], options);
  if (result.code !== 0) throw new SetupError(`${failure}:\n${indent(result.stderr || result.stdout)}`);
  return result.stdout;
}

/** wrangler's JSON answer (it may print a banner first: read from the first bracket on). */
export async function wranglerJson(args, options) {
  const stdout = await wrangler(args, options);
  return JSON.parse(stdout.slice(stdout.search(/[[{]/)));
}

/** Checks that wrangler is logged in; returns its account (`{ id, name }`), or null if it names none. */
export async function checkLogin() {
  step('Cloudflare account');
  const failure =
    'wrangler is not logged in. Run `npx wrangler login` (or, unattended, set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID), then run setup again';
  const who = await wranglerJson(['whoami', '--json'], { failure });
  const account = who.accounts?.[0] ?? null;
  done(`logged in${who.email ? ` as ${who.email}` : ''}${account ? `, account "${account.name}"` : ''}`);
  return account;
}

/** Finds or creates the namespace and writes its id into wrangler.toml. */
export async function ensureNamespace(toml, workerName) {
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
    await wrangler(['kv', 'namespace', 'create', title], { failure: 'creating the namespace failed' });
    // The id is read from the list (JSON), not from create's human-readable text.
    namespace = (await wranglerJson(['kv', 'namespace', 'list'])).find((candidate) => candidate.title === title);
    if (!namespace) throw new SetupError(`the namespace "${title}" was created but is not listed: run setup again in a minute.`);
    done(`created "${title}" (${namespace.id})`);
  }
  return setKvNamespaceId(toml, 'REPORTS', namespace.id);
}

/** Runs `wrangler deploy` and returns the workers.dev address it reports (structured output, not the log). */
export async function deploy() {
  step('Deploy');
  const check = await run('npm', ['run', '--silent', 'check']);
  if (check.code !== 0) throw new SetupError(`npm run check failed:\n${indent(check.stdout + check.stderr)}`);
  done(check.stdout.split('\n').find((line) => line.startsWith('bundle')) ?? 'build checked');
  const dir = mkdtempSync(join(tmpdir(), 'repo-impressions-setup-'));
  try {
    const outputFile = join(dir, 'output.ndjson');
    await wrangler(['deploy'], { env: { WRANGLER_OUTPUT_FILE_PATH: outputFile } });
    const entries = readFileSync(outputFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const url = entries.find((entry) => entry.type === 'deploy')?.targets?.find((target) => target.startsWith('https://'));
    done(`deployed${url ? ` to ${url}` : ''}`);
    return url ?? null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function putSecret(name, value) {
  await wrangler(['secret', 'put', name], { input: `${value}\n`, failure: `storing ${name} failed` });
  done(`${name} stored`);
}
