// Generates a realistic year of history for one repository: GitHub traffic with a weekly rhythm, a few launch
// spikes, README impressions through camo at a steady render rate, stars and forks that follow the traffic.
// Deterministic for a given name, so seeded dashboards and tests look the same every time.

const DAY_MS = 86_400_000;

function random(seedText) {
  let seed = [...seedText].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 2654435761) >>> 0, 2166136261);
  return () => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function dayOf(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

/** { history, views, status } for `slug` over the `days` days ending `today` (YYYY-MM-DD), refreshed at `refreshedAt`. */
export function generateRepo(slug, today, days = 365, refreshedAt = `${today}T00:00:00.000Z`) {
  const rand = random(slug);
  const end = Date.parse(`${today}T00:00:00Z`);
  const popularity = 20 + rand() * 180;
  const renderRate = 0.55 + rand() * 0.3;
  const spikes = new Set(Array.from({ length: 3 }, () => Math.floor(rand() * days)));
  const history = { traffic: {}, counts: {}, starsGained: {}, referrers: {}, paths: {}, breakdowns: {} };
  const views = [];
  // Three README versions, each converting better than the one before, so the dashboard has verdicts to show.
  const versionStarts = [0, Math.floor(days * 0.4), Math.floor(days * 0.75)];
  const versionLift = [1, 1.3, 1.8];
  const readmeChanges = [
    ['Add README', versionStarts[0]],
    ['README: badges and a quick start', versionStarts[1]],
    ['README: a demo GIF first', versionStarts[2]],
  ].map(([message, i], n) => ({ sha: `${n + 1}`.repeat(40), committedAt: `${dayOf(end - (days - 1 - i) * DAY_MS)}T10:00:00Z`, message }));
  let stars = Math.floor(popularity * 2);
  let forks = Math.floor(popularity / 8);
  for (let i = 0; i < days; i++) {
    const ms = end - (days - 1 - i) * DAY_MS;
    const day = dayOf(ms);
    const weekday = new Date(ms).getUTCDay();
    const rhythm = weekday === 0 || weekday === 6 ? 0.6 : 1.1;
    const trend = 0.6 + (0.8 * i) / days;
    const spike = spikes.has(i) ? 6 + rand() * 10 : spikes.has(i - 1) ? 3 : 1;
    const pageViews = Math.round(popularity * rhythm * trend * spike * (0.8 + rand() * 0.4));
    const uniques = Math.max(1, Math.round(pageViews * (0.3 + rand() * 0.1)));
    const clones = Math.round(pageViews * (0.03 + rand() * 0.03));
    history.traffic[day] = { views: pageViews, viewUniques: uniques, clones, cloneUniques: Math.round(clones * 0.6) };
    const lift = versionLift[versionStarts.filter((start) => start <= i).length - 1];
    stars += Math.round((uniques / 60) * (0.5 + rand()) * lift);
    forks += rand() < uniques / 400 ? 1 : 0;
    history.counts[day] = { stars, forks, watchers: Math.round(stars / 12), openIssues: 3 + Math.floor(rand() * 8) };
    const impressions = Math.round(pageViews * renderRate);
    views.push({ day, page: 'readme', source: 'github-camo', views: impressions });
    views.push({ day, page: 'readme', source: 'browser', views: Math.round(impressions * 0.04) });
    views.push({ day, page: 'docs/install', source: 'browser', views: Math.round(impressions * 0.15) });
    views.push({ day, page: 'readme', source: 'bot', views: Math.round(5 + rand() * 20) });
    // Analytics Engine's breakdowns, as if it was turned on 60 days ago: camo sends no referrer and no country.
    if (i >= days - 60) history.breakdowns[day] = breakdownsOf(views.slice(-4));
    if (weekday === 1 || i === days - 1) {
      history.referrers[day] = [
        { key: 'github.com', title: 'github.com', count: Math.round(pageViews * 3), uniques: Math.round(uniques * 2) },
        {
          key: 'news.ycombinator.com',
          title: 'news.ycombinator.com',
          count: Math.round(pageViews * spike),
          uniques: Math.round(uniques * spike * 0.8),
        },
        { key: 'Google', title: 'Google', count: Math.round(pageViews * 1.5), uniques: Math.round(uniques) },
      ];
      history.paths[day] = [
        { key: `/${slug}`, title: slug, count: Math.round(pageViews * 6), uniques: Math.round(uniques * 3) },
        {
          key: `/${slug}/blob/main/docs/install.md`,
          title: 'docs/install.md',
          count: Math.round(pageViews),
          uniques: Math.round(uniques / 2),
        },
      ];
    }
  }
  const readme = { path: 'README.md', sha: 'f'.repeat(40), changes: readmeChanges };
  const status = {
    state: 'ok',
    message: null,
    traffic: 'ok',
    lastRefreshAt: refreshedAt,
    lastSuccessAt: refreshedAt,
    etags: {},
    starHistoryMissingAt: null,
    readme,
    ratios: {},
    daily: [],
  };
  return { history, views, status };
}

/** A day's impression breakdowns from its views (bots left out): browsers split across a few hosts and countries. */
function breakdownsOf(rows) {
  const breakdowns = { page: {}, source: {}, referrer: {}, country: {} };
  const add = (kind, key, views) => {
    if (views > 0) breakdowns[kind][key] = (breakdowns[kind][key] ?? 0) + views;
  };
  for (const { page, source, views } of rows) {
    if (source === 'bot') continue;
    add('page', page, views);
    add('source', source, views);
    if (source === 'github-camo') {
      add('referrer', '', views);
      add('country', '', views);
      continue;
    }
    const hosts =
      page === 'readme'
        ? [
            ['', 0.5],
            ['www.npmjs.com', 0.5],
          ]
        : [
            ['docs.example.dev', 0.7],
            ['www.google.com', 0.3],
          ];
    let left = views;
    for (const [n, [host, share]] of hosts.entries()) {
      const part = n === hosts.length - 1 ? left : Math.round(views * share);
      add('referrer', host, part);
      left -= part;
    }
    left = views;
    for (const [n, [country, share]] of [
      ['US', 0.4],
      ['DE', 0.25],
      ['IN', 0.2],
      ['BR', 0.15],
    ].entries()) {
      const part = n === 3 ? left : Math.round(views * share);
      add('country', country, part);
      left -= part;
    }
  }
  return breakdowns;
}
