// The Cloudflare side of `npm run setup`, through wrangler: login, the KV namespace, deploy, secrets. wrangler's
// JSON (and its structured output file) is read, never its human-readable text.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKvNamespaceId, setKvNamespaceId } from './wrangler-toml.mjs';
import { done, indent, SetupError, step } from './output.mjs';

const PLACEHOLDER_KV_ID = '00000000000000000000000000000000';

/** Runs `npx wrangler …`; `input` goes to its stdin (secrets never appear on a command line). */
export function wrangler(args, { input, env = {} } = {}) {
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

export async function wranglerJson(args) {
  const result = await wrangler(args);
  if (result.code !== 0) throw new SetupError(`wrangler ${args.join(' ')} failed:\n${indent(result.stderr || result.stdout)}`);
  // wrangler may print a banner before the JSON: read from the first bracket on.
  const start = result.stdout.search(/[[{]/);
  return JSON.parse(result.stdout.slice(start));
}

export async function checkLogin() {
  step('Cloudflare account');
  const result = await wrangler(['whoami', '--json']);
  if (result.code !== 0) {
    throw new SetupError('wrangler is not logged in. Run `npx wrangler login` (or, unattended, set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID), then run setup again.');
  }
  const who = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  done(`logged in${who.email ? ` as ${who.email}` : ''}${who.accounts?.[0] ? `, account "${who.accounts[0].name}"` : ''}`);
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
    const created = await wrangler(['kv', 'namespace', 'create', title]);
    if (created.code !== 0) throw new SetupError(`creating the namespace failed:\n${indent(created.stderr || created.stdout)}`);
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

export async function putSecret(name, value) {
  const result = await wrangler(['secret', 'put', name], { input: `${value}\n` });
  if (result.code !== 0) throw new SetupError(`storing ${name} failed:\n${indent(result.stderr || result.stdout)}`);
  done(`${name} stored`);
}
