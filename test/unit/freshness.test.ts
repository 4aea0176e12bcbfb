/** Never show stale data as live: what a tile may claim, case by case. */
import { describe, expect, it } from 'vitest';
import { freshness } from '../../client/src/metrics/freshness';
import { makeMetric } from '../support/factories';

describe('freshness', () => {
  const now = 1_000_000;
  const sampled = makeMetric({ value: 5, sampledAt: now - 10_000 });
  it.each([
    { name: 'recent sample, connected, in sync', metric: sampled, connection: 'live', phase: 'live', expected: 'live' },
    { name: 'never sampled', metric: makeMetric(), connection: 'live', phase: 'live', expected: 'no-data' },
    { name: 'sample older than staleAfterMs', metric: makeMetric({ value: 5, sampledAt: now - 121_000 }), connection: 'live', phase: 'live', expected: 'stale' },
    { name: 'connection lost', metric: sampled, connection: 'offline', phase: 'live', expected: 'disconnected' },
    { name: 'reconnecting', metric: sampled, connection: 'connecting', phase: 'live', expected: 'disconnected' },
    { name: 'room resyncing after a gap', metric: sampled, connection: 'live', phase: 'resyncing', expected: 'syncing' },
  ] as const)('$name → $expected', ({ metric, connection, phase, expected }) => {
    expect(freshness(metric, now, connection, phase)).toBe(expected);
  });
  it('a fresh value measured against a stale capacity is stale', () => {
    const oldLimit = makeMetric({ value: 50_000, sampledAt: now - 121_000 });
    expect(freshness(sampled, now, 'live', 'live', oldLimit)).toBe('stale');
    expect(freshness(sampled, now, 'live', 'live', sampled)).toBe('live');
  });
});
