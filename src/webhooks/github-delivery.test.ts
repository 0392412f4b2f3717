import { describe, expect, it } from 'vitest';
import { readDelivery } from './github-delivery';

const RECEIVED = Date.parse('2026-12-06T12:00:30.400Z');
const repository = { full_name: 'acme/rocket' };

describe('readDelivery', () => {
  it.each([
    ['star', { action: 'created', starred_at: '2026-12-06T11:59:58Z', repository }, { kind: 'star', delta: 1, at: '2026-12-06T11:59:58Z' }],
    // A star taken back has starred_at null: it happened when GitHub sent it.
    ['star', { action: 'deleted', starred_at: null, repository }, { kind: 'star', delta: -1, at: '2026-12-06T12:00:30Z' }],
    ['watch', { action: 'started', repository }, { kind: 'watch', delta: 1, at: '2026-12-06T12:00:30Z' }],
    ['fork', { forkee: { created_at: '2026-12-06T11:00:00Z' }, repository }, { kind: 'fork', delta: 1, at: '2026-12-06T11:00:00Z' }],
    [
      'issues',
      { action: 'opened', issue: { created_at: '2026-12-06T10:00:00+01:00' }, repository },
      { kind: 'issue', delta: 1, at: '2026-12-06T09:00:00Z' },
    ],
    [
      'pull_request',
      { action: 'opened', pull_request: { created_at: '2026-12-06T12:00:00Z' }, repository },
      { kind: 'pull_request', delta: 1, at: '2026-12-06T12:00:00Z' },
    ],
    // A time far from the delivery's arrival, or no time at all, is replaced by the arrival.
    ['star', { action: 'created', starred_at: '2020-01-01T00:00:00Z', repository }, { kind: 'star', delta: 1, at: '2026-12-06T12:00:30Z' }],
    ['star', { action: 'created', starred_at: 'yesterday', repository }, { kind: 'star', delta: 1, at: '2026-12-06T12:00:30Z' }],
  ])('%s %j → %j', (event, payload, expected) => {
    expect(readDelivery(event, JSON.stringify(payload), RECEIVED)).toEqual({
      kind: 'event',
      repo: { owner: 'acme', repo: 'rocket' },
      event: expected,
    });
  });

  it.each([
    ['issues', { action: 'closed', repository }, 'issues "closed" is not recorded'],
    ['pull_request', { action: 'synchronize', repository }, 'pull_request "synchronize" is not recorded'],
    ['ping', { zen: 'Design for failure.', repository }, 'ping deliveries are answered, not recorded'],
    ['installation', { action: 'created' }, 'installation deliveries are answered, not recorded'],
  ])('%s %j is answered and not recorded', (event, payload, reason) => {
    expect(readDelivery(event, JSON.stringify(payload), RECEIVED)).toMatchObject({ kind: 'ignored', reason });
  });

  it.each([
    ['push', JSON.stringify({ repository }), 'X-GitHub-Event "push" is not an event this Worker records'],
    ['', JSON.stringify({ repository }), 'X-GitHub-Event "" is not an event'],
    ['star', 'payload=%7B%7D', 'not JSON: set the webhook\'s content type to "application/json"'],
    ['star', '[1, 2]', 'names no repository'],
    ['star', JSON.stringify({ action: 'created', repository: { full_name: '../etc' } }), 'names no repository'],
    ['star', 'null', 'not a JSON object'],
  ])('%s %s is refused: %s', (event, body, message) => {
    const reading = readDelivery(event, body, RECEIVED);
    expect(reading.kind).toBe('refused');
    expect(reading.kind === 'refused' && reading.message).toContain(message);
  });
});
