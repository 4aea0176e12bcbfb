import { describe, expect, it } from 'vitest';
import { evaluateStatus, isStale } from '#shared/metrics';
import { makeDef, makeMetric } from '../support/factories';

describe('evaluateStatus', () => {
  const above = makeDef({ thresholds: { above: { warn: 100, crit: 500 }, below: null } });
  const below = makeDef({ limitOf: 'ceph.osds_total', thresholds: { above: null, below: { warn: 0.999, crit: 0.9 } } });
  const ofLimit = makeDef({ limitOf: 'pulsar.connection_limit', thresholds: { above: { warn: 0.8, crit: 0.98 }, below: null } });
  // Pulsar's brokers: near the limit is bad, and so is nobody connected at all.
  const bothSides = makeDef({ limitOf: 'pulsar.connection_limit', thresholds: { above: { warn: 0.8, crit: 0.98 }, below: { warn: null, crit: 0 } } });
  const warnOnly = makeDef({ thresholds: { above: { warn: 10, crit: null }, below: null } });
  const cases = [
    { name: 'below warn', def: above, value: 99, limit: null, status: 'ok' },
    { name: 'at warn', def: above, value: 100, limit: null, status: 'warn' },
    { name: 'at crit', def: above, value: 500, limit: null, status: 'crit' },
    { name: 'no value', def: above, value: null, limit: null, status: 'unknown' },
    { name: 'no thresholds', def: makeDef({ thresholds: null }), value: 5, limit: null, status: 'unknown' },
    { name: 'all OSDs up', def: below, value: 48, limit: 48, status: 'ok' },
    { name: 'one OSD down', def: below, value: 47, limit: 48, status: 'warn' },
    { name: 'a quarter of OSDs down (15:37)', def: below, value: 36, limit: 48, status: 'crit' },
    { name: 'limit unknown', def: below, value: 36, limit: null, status: 'unknown' },
    { name: 'limit zero', def: ofLimit, value: 5, limit: 0, status: 'unknown' },
    { name: 'Pulsar at its connection limit (15:56)', def: ofLimit, value: 50_000, limit: 50_000, status: 'crit' },
    { name: 'Pulsar at 80 %', def: ofLimit, value: 40_000, limit: 50_000, status: 'warn' },
    { name: 'brokers at 0 connections are down, not OK', def: bothSides, value: 0, limit: 50_000, status: 'crit' },
    { name: 'brokers in between are OK', def: bothSides, value: 38_000, limit: 50_000, status: 'ok' },
    { name: 'brokers at their limit', def: bothSides, value: 50_000, limit: 50_000, status: 'crit' },
    { name: 'a side with only a warn level never goes crit', def: warnOnly, value: 1e9, limit: null, status: 'warn' },
  ] as const;
  it.each(cases)('$name → $status', ({ def, value, limit, status }) => {
    expect(evaluateStatus(def, value, limit)).toBe(status);
  });
});

describe('isStale', () => {
  it('never sampled is stale', () => expect(isStale(makeMetric(), 0)).toBe(true));
  it('within staleAfterMs is live', () => expect(isStale(makeMetric({ sampledAt: 1000 }), 1000 + 120_000)).toBe(false));
  it('past staleAfterMs is stale', () => expect(isStale(makeMetric({ sampledAt: 1000 }), 1001 + 120_000)).toBe(true));
});
