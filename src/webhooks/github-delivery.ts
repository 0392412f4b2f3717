import { isoSecond } from '../dates';
import { parseRepoSlug, type RepoRef } from '../repos';

/**
 * What a GitHub webhook delivery records, by event: a star given or taken back, a fork, an issue or a pull request
 * opened. GitHub names the payloads at https://docs.github.com/en/webhooks/webhook-events-and-payloads; the tests
 * check the ones they send against @octokit/webhooks-schemas.
 */
export type GitHubEventKind = 'star' | 'watch' | 'fork' | 'issue' | 'pull_request';

/** One recorded event: its kind, +1 or -1 (a star taken back), and the time GitHub gives it (ISO, to the second). */
export interface GitHubEvent {
  kind: GitHubEventKind;
  delta: 1 | -1;
  at: string;
}

/** The events recorded, each with the action that makes one; a delivery of any other action records nothing. */
export const RECORDED_EVENTS: Readonly<Record<string, { action: string; kind: GitHubEventKind }[]>> = {
  star: [
    { action: 'created', kind: 'star' },
    { action: 'deleted', kind: 'star' },
  ],
  // GitHub's `watch` event is starring under its old name ("when someone stars a repository"): kept apart, and
  // never counted as a second star.
  watch: [{ action: 'started', kind: 'watch' }],
  fork: [{ action: '', kind: 'fork' }],
  issues: [{ action: 'opened', kind: 'issue' }],
  pull_request: [{ action: 'opened', kind: 'pull_request' }],
};

/** Events GitHub sends whether or not the hook subscribed to them (an app's installation changing): answered, not recorded. */
const ANSWERED_EVENTS = new Set(['ping', 'installation', 'installation_repositories', 'github_app_authorization']);

export type DeliveryReading =
  | { kind: 'event'; repo: RepoRef; event: GitHubEvent }
  | { kind: 'ignored'; repo: RepoRef | null; reason: string }
  | { kind: 'refused'; status: 400; message: string };

const SUBSCRIBE = `subscribe the webhook to ${Object.keys(RECORDED_EVENTS).join(', ')}`;

/**
 * Reads a verified delivery: the event header and its JSON body. `receivedAt` dates what carries no time of its
 * own (a star taken back, a watch) and what claims one far from it.
 */
export function readDelivery(eventName: string, body: string, receivedAt: number): DeliveryReading {
  const recorded = RECORDED_EVENTS[eventName];
  if (!recorded && !ANSWERED_EVENTS.has(eventName)) {
    return refused(`X-GitHub-Event "${eventName.slice(0, 64)}" is not an event this Worker records: ${SUBSCRIBE}.`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return refused('The delivery is not JSON: set the webhook\'s content type to "application/json".');
  }
  if (typeof payload !== 'object' || payload === null) return refused('The delivery is not a JSON object.');
  const fields = payload as Record<string, unknown>;
  const repo = repositoryOf(fields.repository);
  if (!recorded) return { kind: 'ignored', repo, reason: `${eventName} deliveries are answered, not recorded` };
  if (repo === null) return refused('The delivery names no repository (repository.full_name).');
  const action = typeof fields.action === 'string' ? fields.action : '';
  const match = recorded.find((candidate) => candidate.action === '' || candidate.action === action);
  if (!match) return { kind: 'ignored', repo, reason: `${eventName} "${action.slice(0, 32)}" is not recorded` };
  const delta = eventName === 'star' && action === 'deleted' ? -1 : 1;
  return { kind: 'event', repo, event: { kind: match.kind, delta, at: eventTime(eventName, fields, receivedAt) } };
}

function refused(message: string): DeliveryReading {
  return { kind: 'refused', status: 400, message };
}

function repositoryOf(value: unknown): RepoRef | null {
  const fullName = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).full_name : undefined;
  return typeof fullName === 'string' ? parseRepoSlug(fullName) : null;
}

// A time GitHub gives further than this from the delivery's arrival is not taken (GitHub delivers within seconds,
// and retries within days); the arrival is used instead.
const MAX_CLOCK_GAP_MS = 3 * 86_400_000;

/** The event's own time: starred_at, the fork's, issue's or pull request's created_at; else the arrival. */
function eventTime(eventName: string, fields: Record<string, unknown>, receivedAt: number): string {
  const claimed =
    eventName === 'star'
      ? fields.starred_at
      : eventName === 'fork'
        ? fieldOf(fields.forkee, 'created_at')
        : eventName === 'issues'
          ? fieldOf(fields.issue, 'created_at')
          : eventName === 'pull_request'
            ? fieldOf(fields.pull_request, 'created_at')
            : null;
  const at =
    typeof claimed === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(claimed)
      ? Date.parse(claimed)
      : Number.NaN;
  const time = Number.isFinite(at) && Math.abs(at - receivedAt) <= MAX_CLOCK_GAP_MS ? at : receivedAt;
  return isoSecond(time);
}

function fieldOf(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}
