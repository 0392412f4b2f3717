import { describe, expect, it } from 'vitest';
import { TEST_GITHUB_TOKEN } from './constants';
import { githubApiUrl, makeDayCounts, makeStandInRepo, requestsFor, schemaViolations, setScenario } from './github/scenario';

const OWNER = 'standin-check';
const auth = { authorization: `Bearer ${TEST_GITHUB_TOKEN}` };

describe('the GitHub stand-in', () => {
  it("answers in GitHub's shapes, with ETags, pagination and GitHub's access rules", async () => {
    await setScenario(OWNER, {
      today: '2026-03-20',
      token: TEST_GITHUB_TOKEN,
      perPage: 2,
      repos: [
        makeStandInRepo('one', {
          views: makeDayCounts('2026-03-20', 20, (i) => i + 1),
          referrers: [{ referrer: 'Google', count: 4, uniques: 3 }],
        }),
        makeStandInRepo('two'),
        makeStandInRepo('three', { fork: true }),
      ],
    });

    const repo = await fetch(`${githubApiUrl}/repos/${OWNER}/one`, { headers: auth });
    expect(repo.status).toBe(200);
    expect(await repo.json()).toMatchObject({ full_name: `${OWNER}/one`, stargazers_count: 100, forks_count: 10, subscribers_count: 7 });
    const etag = repo.headers.get('etag') ?? '';
    expect((await fetch(`${githubApiUrl}/repos/${OWNER}/one`, { headers: { ...auth, 'if-none-match': etag } })).status).toBe(304);

    const views = (await (await fetch(`${githubApiUrl}/repos/${OWNER}/one/traffic/views?per=day`, { headers: auth })).json()) as {
      views: Array<{ timestamp: string }>;
    };
    expect(views.views.map((day) => day.timestamp.slice(0, 10))).toEqual(makeDayCounts('2026-03-20', 14, () => 0).map((day) => day.day));

    const anonymous = await fetch(`${githubApiUrl}/repos/${OWNER}/one/traffic/views`);
    expect(anonymous.status).toBe(401);

    const firstPage = await fetch(`${githubApiUrl}/users/${OWNER}/repos`, { headers: auth });
    expect(((await firstPage.json()) as unknown[]).length).toBe(2);
    expect(firstPage.headers.get('link')).toContain('rel="next"');

    expect((await requestsFor(OWNER)).map((request) => request.status)).toEqual([200, 304, 200, 401, 200]);
    expect(await schemaViolations()).toEqual([]);
  });
});
