import { githubSignIn, type Config } from '../config';
import { createInstallationTokens, type InstallationTokens } from '../github/app-installations';
import { authorizeByOwner, createGitHubClient, lazyGitHubClient, type GitHubClient } from '../github/client';
import { errorMessage, logLine } from '../log';
import { runCollector, type CollectorSummary } from './run-collector';

/**
 * Without a token GitHub allows 60 requests an hour (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api);
 * at the default cron, six runs an hour, 9 each stays below it.
 */
const ANONYMOUS_REQUESTS_PER_RUN = 9;

/**
 * The run's own GitHub client, and the GitHub App's installation tokens when GITHUB_APP_ID is set: then each
 * request about an owner carries that owner's installation token, and GITHUB_TOKEN is not used.
 */
function collectorGitHub(config: Config): { github: GitHubClient; app: InstallationTokens | undefined } {
  if (!config.githubApp) return { github: lazyGitHubClient({ baseUrl: config.githubApiUrl, token: config.githubToken }), app: undefined };
  const github = createGitHubClient({ baseUrl: config.githubApiUrl, token: undefined });
  const app = createInstallationTokens(github, config.githubApp);
  authorizeByOwner(github, (owner) => app.tokenFor(owner));
  return { github, app };
}

/** What a cron invocation does. Never throws: the runtime would retry a throwing cron, GitHub calls included. */
export async function runScheduledCollector(env: Env, config: Config, scheduledTime: number): Promise<CollectorSummary | null> {
  const started = Date.now();
  try {
    // A misconfigured Worker collects nothing: half-right settings could fill the history with wrong data.
    if (config.problems.length > 0) {
      logLine({ level: 'error', message: 'collector not run: configuration problems', problems: config.problems });
      return null;
    }
    const { github, app } = collectorGitHub(config);
    const hasCredentials = githubSignIn(config) !== 'none';
    const summary = await runCollector(
      {
        kv: env.REPORTS,
        counter: env.COUNTER,
        registry: env.REGISTRY,
        github,
        githubOptions: { baseUrl: config.githubApiUrl, token: app ? undefined : config.githubToken },
        hasToken: hasCredentials,
        app,
        tracked: config.tracked,
        reposSource: config.reposSource,
        refreshIntervalMs: config.refreshIntervalMs,
        maxReposPerRun: config.reposPerRun,
        maxRowsPerDay: config.rowsPerDay,
        maxGithubRequestsPerRun: hasCredentials
          ? config.githubRequestsPerRun
          : Math.min(config.githubRequestsPerRun, ANONYMOUS_REQUESTS_PER_RUN),
        packages: { byRepo: config.packages, apis: config.registryApis },
        includeForks: config.includeForks,
        includeArchived: config.includeArchived,
        analytics: config.analytics
          ? {
              sql: { accountId: config.analytics.accountId, apiToken: config.analytics.apiToken, apiUrl: config.analytics.apiUrl },
              dataset: config.analytics.dataset,
            }
          : undefined,
        webhookUrl: config.reportWebhookUrl,
        log: logLine,
      },
      scheduledTime,
    );
    logLine({
      level: summary.errors.length > 0 ? 'warn' : 'info',
      message: 'collector run',
      // tracked = refreshed + failed + notDue + notReached: every tracked repository, once.
      tracked: summary.tracked,
      refreshed: summary.refreshed.filter((outcome) => outcome.state !== 'error').length,
      failed: summary.refreshed.filter((outcome) => outcome.state === 'error').length,
      // Who was refreshed, in this one line: a line per repository cost the run ~0.1 ms of CPU each.
      repos: summary.refreshed.map((outcome) => outcome.repo),
      events: summary.events,
      backfilled: summary.backfilled.length,
      listPages: summary.listPages,
      notDue: summary.notDue,
      notReached: summary.notReached,
      confirmed: summary.confirmed.length,
      refused: summary.refused.length,
      githubRequests: summary.githubRequests,
      kvWrites: summary.kvWrites,
      totalsCalls: summary.totalsCalls,
      rowsWritten: summary.rowsWritten,
      scheduleRowsWritten: summary.scheduleRowsWritten,
      paused: summary.paused,
      rowsToday: summary.rowsToday + summary.rowsWritten + summary.scheduleRowsWritten,
      githubRateLimitRemaining: summary.githubRateLimitRemaining,
      errors: summary.errors,
      ms: Date.now() - started,
    });
    return summary;
  } catch (error) {
    logLine({ level: 'error', message: 'collector run failed', error: errorMessage(error) });
    return null;
  }
}
