import { describe, expect, it } from 'vitest';
import type { ViewEvent } from '../pixel/view-request';
import { VIEW_EVENT_SCHEMA } from './schema';
import { eventIndex, toDataPoint } from './write-event';

function makeViewEvent(overrides: Partial<ViewEvent> = {}): ViewEvent {
  return {
    owner: 'acme',
    repo: 'rocket',
    page: 'docs/install',
    version: null,
    source: 'github-camo',
    referrerHost: '',
    country: 'US',
    colo: 'IAD',
    userAgentFamily: 'github-camo',
    bot: false,
    day: '2026-11-25',
    hour: '2026-11-25T09',
    ...overrides,
  };
}

describe('toDataPoint', () => {
  it('puts every field in the slot the schema names', () => {
    expect(toDataPoint(makeViewEvent())).toEqual({
      indexes: ['acme/rocket'],
      blobs: ['acme', 'rocket', 'docs/install', 'github-camo', '', 'US', 'IAD', 'github-camo'],
      doubles: [1, 0],
    });
  });

  it('marks bots', () => {
    expect(toDataPoint(makeViewEvent({ source: 'bot', bot: true })).doubles).toEqual([1, 1]);
  });

  it('fills slots without gaps, one per schema field', () => {
    const point = toDataPoint(makeViewEvent());
    expect(point.blobs).toHaveLength(Object.keys(VIEW_EVENT_SCHEMA.blobs).length);
    expect(point.doubles).toHaveLength(Object.keys(VIEW_EVENT_SCHEMA.doubles).length);
  });
});

describe('eventIndex', () => {
  it('is the slug when it fits in 96 bytes', () => {
    expect(eventIndex({ owner: 'o'.repeat(39), repo: 'r'.repeat(56) })).toBe(`${'o'.repeat(39)}/${'r'.repeat(56)}`);
  });

  it('shortens longer slugs stably and distinctly', () => {
    const a = eventIndex({ owner: 'o'.repeat(39), repo: 'r'.repeat(100) });
    const b = eventIndex({ owner: 'o'.repeat(39), repo: `${'r'.repeat(99)}s` });
    expect(a).toHaveLength(96);
    expect(a).toBe(eventIndex({ owner: 'o'.repeat(39), repo: 'r'.repeat(100) }));
    expect(a).not.toBe(b);
  });
});
