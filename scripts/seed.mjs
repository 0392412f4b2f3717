// `npm run seed`: fills the local state that `npm start` uses (.wrangler/state) with a year of history for every
// repository named in REPOS (wrangler.toml), so a fresh clone shows a living dashboard. Run it while `npm start`
// is stopped (both would write the same local database files); it only writes those repositories' data.
//   npm run seed -- --repos owner/a,owner/b --days 365   (other repositories; add them to REPOS to see them)
import { randomUUID } from 'node:crypto';
import { Miniflare } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { BUNDLE_PATH, buildBundle } from './check-bundle.mjs';
import { importSource } from './import-source.mjs';
import { dayOf, generateRepo } from './seed-data.mjs';

export async function seedLocalState({
  repos,
  days,
  persistRoot = '.wrangler/state/v3',
  today = dayOf(Date.now()),
  log = console.log,
  workerOptions = unstable_getMiniflareWorkerOptions('wrangler.toml').workerOptions,
}) {
  buildBundle();
  const token = randomUUID();
  // The same worker name and persistence root as `wrangler dev --persist-to .wrangler/state`, so the keys and
  // Durable Objects written here are the ones `npm start` reads. The data goes in through the Worker's own import,
  // as a user's export would (no counter stubs held from Node).
  const mf = new Miniflare({
    defaultPersistRoot: persistRoot,
    kvPersist: true,
    durableObjectsPersist: true,
    workers: [
      {
        ...workerOptions,
        name: 'repo-impressions',
        modules: true,
        scriptPath: BUNDLE_PATH,
        bindings: { ...workerOptions.bindings, REPOS: repos.join(','), REPORT_TOKEN: token },
      },
    ],
  });
  // The status keeps the summary the report table reads, as the collector writes it after a refresh.
  const { summarizeHistory, summaryStart, currentVersion, buildVersions, buildDailyFacts, detectBursts, latestEventOf } =
    await importSource('seed', [
      './src/conversions/summary',
      './src/conversions/readme-versions',
      './src/history/daily-facts',
      './src/conversions/bursts',
    ]);
  try {
    const kv = await mf.getKVNamespace('REPORTS');
    for (const slug of repos) {
      const { history, views, status } = generateRepo(slug, today, days, new Date().toISOString());
      const recent = views.filter((row) => row.day >= summaryStart(today));
      const full = { forksGained: {}, ...history };
      // The live README version's verdict, as a refresh works it out. The status goes where deployments before
      // the repository objects kept it, in KV: the import's first call to the repository's object moves it in
      // (a repository seeded before keeps its own), and the import then adds the summary of the history.
      const facts = buildDailyFacts(full, views, status.readme.changes[0].committedAt.slice(0, 10), today);
      const readmeVersion = currentVersion(status.readme.changes, facts, Date.now());
      // The latest burst, as the collector's refreshes would have found it.
      const latestEvent = latestEventOf(detectBursts(facts, full, buildVersions(status.readme.changes, Date.now()))) ?? null;
      await kv.put(`status:${slug}`, JSON.stringify({ ...status, readmeVersion, latestEvent, ...summarizeHistory(full, recent, today) }));
      const header = { format: 'repo-impressions-export', version: 1, exportedAt: new Date().toISOString(), repositories: 1 };
      const response = await mf.dispatchFetch('http://seed/report/import', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body: [header, { repo: slug, history, views, visitors: [] }].map((line) => JSON.stringify(line)).join('\n'),
      });
      if (!response.ok) throw new Error(`seeding ${slug}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
      log(`seeded ${slug}: ${days} days`);
    }
  } finally {
    await mf.dispose();
  }
}

function option(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  const fromConfig = String(workerOptions.bindings?.REPOS ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => /^[a-z0-9-]+\/[a-z0-9._-]+$/.test(entry));
  const repos =
    option('repos')
      ?.split(',')
      .map((slug) => slug.trim().toLowerCase()) ?? fromConfig;
  const days = Number(option('days') ?? 365);
  if (repos.length === 0) {
    console.error('No repositories to seed: REPOS in wrangler.toml has only owner/* entries. Name some with --repos owner/a,owner/b.');
    process.exit(1);
  }
  // Read once, and handed on: each read of the configuration says again which .dev.vars it uses.
  await seedLocalState({ repos, days, workerOptions });
  const port = option('port') ?? '8787';
  const start = port === '8787' ? '`npm start`' : `\`npm start -- --port ${port}\``;
  console.log(`Done. Start the Worker with ${start} and open http://localhost:${port}/dashboard`);
}
