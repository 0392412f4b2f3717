// Extracts the parts of GitHub's official OpenAPI description that the collector uses (schemas of the 200
// responses, and GitHub's own examples) into test/github/openapi-subset.json. The GitHub stand-in builds its
// answers from those examples and checks every body it serves against those schemas, so it cannot drift from
// the real API. The whole description is 385 MB unpacked, too much to install for every test run, hence a subset.
//
//   node scripts/extract-github-openapi.mjs            # fetches @octokit/openapi@VERSION from the npm registry
//   node scripts/extract-github-openapi.mjs FILE.json  # or reads an api.github.com.deref.json you have
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VERSION = '23.0.2';
const OPERATIONS = [
  'repos/get',
  'repos/get-views',
  'repos/get-clones',
  'repos/get-top-referrers',
  'repos/get-top-paths',
  'repos/list-for-user',
  'repos/list-for-org',
  'repos/get-readme',
  'repos/list-commits',
  'issues/list-for-repo',
  // The GitHub App's calls (GITHUB_APP_ID): its installations, their tokens, and setup's manifest conversion.
  'apps/list-installations',
  'apps/create-installation-access-token',
  'apps/create-from-manifest',
];
const OUTPUT = 'test/github/openapi-subset.json';

function loadDescription(file) {
  if (file) return JSON.parse(readFileSync(file, 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'octokit-openapi-'));
  execFileSync('npm', ['pack', `@octokit/openapi@${VERSION}`, '--silent'], { cwd: dir });
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  execFileSync('tar', ['xzf', tarball, 'package/generated/api.github.com.deref.json'], { cwd: dir });
  return JSON.parse(readFileSync(join(dir, 'package/generated/api.github.com.deref.json'), 'utf8'));
}

const description = loadDescription(process.argv[2]);
const operations = {};
for (const [path, methods] of Object.entries(description.paths)) {
  for (const [method, operation] of Object.entries(methods)) {
    if (!OPERATIONS.includes(operation.operationId)) continue;
    // The success answer: 200, or 201 where GitHub creates something (an installation token, an app).
    const status = ['200', '201'].find((code) => operation.responses[code]);
    const content = operation.responses[status].content['application/json'];
    const example = Object.values(content.examples)[0].value;
    operations[operation.operationId] = { method: method.toUpperCase(), path, status: Number(status), schema: content.schema, example };
  }
}
const missing = OPERATIONS.filter((id) => !operations[id]);
if (missing.length > 0) throw new Error(`not in the description: ${missing.join(', ')}`);

const subset = {
  source: `@octokit/openapi@${VERSION}, generated/api.github.com.deref.json (OpenAPI ${description.openapi}, ${description.info.version})`,
  operations,
};
writeFileSync(OUTPUT, `${JSON.stringify(subset)}\n`);
console.log(`wrote ${OUTPUT}: ${Object.keys(operations).length} operations, ${(JSON.stringify(subset).length / 1024).toFixed(0)} KiB`);
