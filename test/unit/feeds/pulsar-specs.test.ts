import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateStatus, MetricId } from '#shared/metrics';
import { MetricSpec, toMetricDef } from '../../../server/src/config/metric-spec';
import { brokerMetricIds, brokerName, brokerSlug } from '../../../server/src/feeds/pulsar/pulsar-ids';
import { pulsarObservations } from '../../../server/src/feeds/pulsar/pulsar-observations';
import { pulsarMetricSpecs } from '../../../server/src/feeds/pulsar/pulsar-specs';

const defs = (specs: MetricSpec[]) => Object.fromEntries(specs.map((s) => [s.id, toMetricDef(MetricSpec.parse(s), 'pulsar-prod', 30_000)]));

describe('broker ids', () => {
  it.each([
    ['http://pulsar-1.pulsar.svc:8080/metrics', 'pulsar-1.pulsar.svc-8080'],
    ['https://Broker-A.example.com:8443/metrics/', 'broker-a.example.com-8443'],
    ['http://pulsar-2:8080', 'pulsar-2-8080'],
    ['Pulsar 1', 'pulsar-1'],
    ['broker_7', 'broker_7'],
    ['http://[::1]:8080/', '1-8080'],
    ['???', 'broker'],
  ])('%s → %s', (broker, slug) => expect(brokerSlug(broker)).toBe(slug));

  it('names a broker by its host:port, or as written', () => {
    expect(brokerName('http://pulsar-1.pulsar.svc:8080/metrics')).toBe('pulsar-1.pulsar.svc:8080');
    expect(brokerName('pulsar-1')).toBe('pulsar-1');
  });

  it('keeps ids valid, within 64 characters and distinct, even for long or clashing names', () => {
    const brokers = ['Pulsar-1', 'pulsar-1', `http://${'a'.repeat(80)}.example.com:8080/metrics`, `http://${'a'.repeat(80)}.example.com:8081/metrics`, 'pulsar-2'];
    const ids = [...brokerMetricIds('pulsar', brokers).values()];
    expect(new Set(ids).size).toBe(brokers.length);
    for (const id of ids) {
      expect(id.length).toBeLessThanOrEqual(64);
      expect(MetricId.safeParse(id).success).toBe(true);
    }
    expect(ids[4]).toBe('pulsar.connections.pulsar-2');
    expect(ids[0]).toMatch(/^pulsar\.connections\.pulsar-1-[a-z0-9]{6}$/);
  });

  it('gives a broker the same id on every start', () => {
    const brokers = ['Pulsar-1', 'pulsar-1'];
    expect(brokerMetricIds('pulsar', brokers)).toEqual(brokerMetricIds('pulsar', [...brokers]));
  });
});

describe('pulsarMetricSpecs', () => {
  it('are valid MetricSpecs with labels and units', () => {
    for (const spec of pulsarMetricSpecs('pulsar', { brokers: ['http://pulsar-1:8080'], brokerMaxConnections: 1000 })) {
      expect(() => MetricSpec.parse(spec)).not.toThrow();
      expect(spec.label.length).toBeGreaterThan(0);
      expect(spec.unit).toBeTruthy();
    }
  });

  describe('by default: the total against a hidden limit, in fractions', () => {
    const d = defs(pulsarMetricSpecs());
    const total = d['pulsar.connections']!;
    it.each([
      ['a cluster at 0 connections is down', 0, 'crit'],
      ['normal load', 1200, 'ok'],
      ['80 % of the limit', 2400, 'warn'],
      ['at the limit (15:56)', 3000, 'crit'],
    ])('%s', (_, value, status) => expect(evaluateStatus(total, value, 3000)).toBe(status));

    it('is shown against pulsar.connection_limit, which is hidden', () => {
      expect(total.limitOf).toBe('pulsar.connection_limit');
      expect(d['pulsar.connection_limit']).toMatchObject({ hidden: true, unit: 'connections' });
    });

    it('judges the failure rate and throttling', () => {
      expect(evaluateStatus(d['pulsar.connection_failures_per_min']!, 12, null)).toBe('warn');
      expect(evaluateStatus(d['pulsar.throttled_connections']!, 0, null)).toBe('ok');
      expect(evaluateStatus(d['pulsar.throttled_connections']!, 3, null)).toBe('warn');
    });
  });

  it('unlimited (brokerMaxConnections 0): no limit spec, and 0 connections is still crit', () => {
    const d = defs(pulsarMetricSpecs('pulsar', { brokerMaxConnections: 0 }));
    expect(d['pulsar.connection_limit']).toBeUndefined();
    expect(d['pulsar.connections']!.limitOf).toBeNull();
    expect(evaluateStatus(d['pulsar.connections']!, 0, null)).toBe('crit');
    expect(evaluateStatus(d['pulsar.connections']!, 50_000, null)).toBe('ok');
  });

  it('judges each broker against brokerMaxConnections, which is a per-broker limit', () => {
    const d = defs(pulsarMetricSpecs('pulsar', { brokers: ['http://pulsar-1:8080/metrics'], brokerMaxConnections: 1000 }));
    const broker = d['pulsar.connections.pulsar-1-8080']!;
    expect(broker.label).toBe('Pulsar connections on pulsar-1:8080');
    expect([evaluateStatus(broker, 500, null), evaluateStatus(broker, 800, null), evaluateStatus(broker, 990, null)]).toEqual(['ok', 'warn', 'crit']);
  });

  it('covers every metric the observations produce', () => {
    const brokers = ['http://pulsar-1.pulsar.svc:8080/metrics', 'pulsar 2'];
    const text = readFileSync(new URL('../../fixtures/pulsar/v3.3-pulsar-1.txt', import.meta.url), 'utf8');
    for (const brokerMaxConnections of [0, 1000]) {
      const specIds = new Set(pulsarMetricSpecs('pulsar-eu', { brokers, brokerMaxConnections }).map((s) => s.id));
      const { observations } = pulsarObservations(
        brokers.map((broker) => ({ broker, text })),
        undefined,
        0,
        { brokerMaxConnections, prefix: 'pulsar-eu' },
      );
      expect(new Set(observations.map((o) => o.metric))).toEqual(specIds);
    }
  });
});
