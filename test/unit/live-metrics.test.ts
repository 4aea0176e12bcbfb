import { describe, expect, it } from 'vitest';
import type { MetricState, MetricStatus } from '#shared/metrics';
import { HISTORY_LIMIT } from '#shared/metric-merge';
import { AppError } from '../../server/src/http/app-error';
import { LiveMetrics } from '../../server/src/metrics/live-metrics';
import { makeDef } from '../support/factories';
import { feedsConfig } from '../support/server';
import { TestClock } from '../support/test-clock';
import { pushSource } from '../../server/src/feeds/push/push.source';

/** The built-in catalogue, as the push source of the default config defines it. */
const catalogue = () => {
  const spec = feedsConfig().spec.sources.find((s) => s.type === 'push')!;
  return pushSource.metricDefs(spec);
};

function setup(events: ConstructorParameters<typeof LiveMetrics>[2] = {}) {
  const clock = new TestClock();
  const live = new LiveMetrics('platform', clock, events);
  live.defineSource('push', catalogue());
  live.flush();
  return { clock, live, t: clock.now() };
}
const sample = (metric: string, value: number, at: number) => ({ metric, value, at, source: 'script' });
const PUSH = { id: 'push', staleAfterMs: 120_000 };
const changesOf = (live: LiveMetrics) => live.flush().changes;

describe('LiveMetrics', () => {
  it('holds every configured metric from the start, with no data, stale', () => {
    const { live } = setup();
    expect(live.get('vms.missing')).toMatchObject({ value: null, sampledAt: null, status: 'unknown', stale: true });
  });

  it('coalesces a burst into one change per metric: the latest value, every point', () => {
    const { live, t } = setup();
    live.ingest(Array.from({ length: 100 }, (_, i) => sample('deploy.queue', i * 10, t - 100 + i)), PUSH);
    const changes = changesOf(live);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ id: 'deploy.queue', value: 990, sampledAt: t - 1, status: 'crit', stale: false, source: 'script' });
    expect(changes[0]!.points).toHaveLength(100);
    expect(changesOf(live)).toEqual([]);
  });

  it('ignores samples older than the latest, and says so', () => {
    const { live, t } = setup();
    live.ingest([sample('vms.missing', 2800, t)], PUSH);
    live.flush();
    expect(live.ingest([sample('vms.missing', 1, t - 1), sample('vms.missing', 1300, t + 1)], PUSH)).toEqual({ accepted: 1, ignored: 1 });
    expect(changesOf(live)[0]).toMatchObject({ value: 1300 });
  });

  it('tells its owner when samples are waiting, and only then', () => {
    let told = 0;
    const { live, t } = setup({ onPending: () => told++ });
    told = 0;
    live.ingest([sample('vms.missing', 2800, t)], PUSH);
    expect(told).toBe(1);
    live.flush();
    live.ingest([sample('vms.missing', 1, t - 1)], PUSH); // older than the latest: nothing waits
    expect(told).toBe(1);
  });

  it('rejects a batch with a timestamp far in the future, changing nothing', () => {
    const { live, t } = setup();
    const batch = [sample('vms.missing', 5, t), sample('vms.missing', 6, t + 61_000)];
    expect(() => live.ingest(batch, PUSH)).toThrow(AppError);
    expect(() => live.ingest(batch, PUSH)).toThrow(/\[1\]\.at/);
    expect(changesOf(live)).toEqual([]);
  });

  it('re-evaluates a metric when its limit changes', () => {
    const { live, t } = setup();
    live.ingest([sample('pulsar.connection_limit', 50_000, t), sample('pulsar.connections', 45_000, t)], PUSH);
    expect(changesOf(live).find((c) => c.id === 'pulsar.connections')).toMatchObject({ status: 'warn', limit: 50_000 });
    live.ingest([sample('pulsar.connection_limit', 45_000, t + 1)], PUSH);
    const change = changesOf(live).find((c) => c.id === 'pulsar.connections');
    expect(change).toMatchObject({ status: 'crit', limit: 45_000, value: 45_000, sampledAt: t, points: [] });
  });

  it('creates an unknown metric pushed by a script, plain, and keys it safely even if it is called constructor', () => {
    const { live, t } = setup();
    live.ingest([sample('constructor', 3, t)], PUSH);
    const [change] = changesOf(live);
    expect(change).toMatchObject({ id: 'constructor', status: 'unknown', def: { label: 'constructor', thresholds: null, source: 'push' } });
    expect(live.snapshot().some((m) => m.def.id === 'constructor')).toBe(true);
    live.ingest([sample('constructor', 2, t + 1)], PUSH);
    expect(changesOf(live)[0]!.def).toBeUndefined();
  });

  it("a script's metric goes stale after its push source's stale time, and goes with the source", () => {
    const { live, clock, t } = setup();
    live.ingest([sample('lb.unsynced', 3, t)], { id: 'push', staleAfterMs: 30_000 });
    expect(live.get('lb.unsynced')!.def.staleAfterMs).toBe(30_000);
    clock.set(t + 30_001);
    expect(live.snapshot().find((m) => m.def.id === 'lb.unsynced')!.stale).toBe(true);
    live.removeSource('push');
    expect(live.get('lb.unsynced')).toBeUndefined();
    expect(live.flush().removed).toContain('lb.unsynced');
  });

  it('refuses a push to a metric another source writes, naming the field', () => {
    const { live, t } = setup();
    live.defineSource('prom-par', [makeDef({ id: 'raid.arrays', source: 'prom-par' })]);
    expect(() => live.ingest([sample('raid.arrays', 1, t)], PUSH)).toThrow(/\[0\]\.metric: raid\.arrays is written by the prom-par feed/);
  });

  it('caps the metrics scripts can create', () => {
    const { live, t } = setup();
    const before = live.snapshot().length;
    expect(() => live.ingest(Array.from({ length: 65 }, (_, i) => sample(`adhoc.m${i}`, i, t)), PUSH)).toThrow(/at most 64/);
    expect(live.snapshot()).toHaveLength(before);
    live.ingest(Array.from({ length: 64 }, (_, i) => sample(`adhoc.m${i}`, i, t)), PUSH);
    expect(() => live.ingest([sample('adhoc.one-more', 1, t)], PUSH)).toThrow(/at most 64/);
  });

  it('sends at most a sparkline of points per metric in one delta', () => {
    const { live, t } = setup();
    live.ingest(Array.from({ length: 2000 }, (_, i) => sample('deploy.queue', i, t - 2000 + i)), PUSH);
    expect(changesOf(live)[0]!.points).toHaveLength(HISTORY_LIMIT);
  });
});

describe('LiveMetrics freshness', () => {
  it('a source problem keeps the last value and says why; a good sample clears it', () => {
    const { live, t } = setup();
    live.ingest([sample('vms.missing', 2800, t)], PUSH);
    live.flush();
    live.problem(live.idsOf('push'), 'connection refused (prom:9090)');
    expect(changesOf(live).find((c) => c.id === 'vms.missing')).toMatchObject({ value: 2800, sampledAt: t, problem: 'connection refused (prom:9090)' });
    live.ingest([sample('vms.missing', 2700, t + 1)], PUSH);
    expect(changesOf(live)[0]).toMatchObject({ value: 2700, problem: null });
  });

  it('turns stale with no good sample for its stale time, and live again with one, telling its owner each time', () => {
    const seen: boolean[] = [];
    const { live, clock, t } = setup({ onStaleChange: (m: MetricState) => seen.push(m.stale) });
    live.ingest([sample('vms.missing', 2800, t)], PUSH);
    expect(changesOf(live)[0]!.stale).toBe(false);
    clock.set(t + 120_000);
    live.sweep();
    expect(changesOf(live)).toEqual([]); // exactly at the limit: still live
    clock.set(t + 120_001);
    live.sweep();
    expect(changesOf(live)).toEqual([expect.objectContaining({ id: 'vms.missing', stale: true, value: 2800 })]);
    expect(live.snapshot().find((m) => m.def.id === 'vms.missing')?.stale).toBe(true);
    live.ingest([sample('vms.missing', 2700, t + 130_000)], PUSH);
    expect(changesOf(live)[0]).toMatchObject({ stale: false });
    expect(seen).toEqual([false, true, false]);
  });

  it('reports crossings between ok, warn and crit, not from unknown', () => {
    const crossings: [string, MetricStatus, MetricStatus][] = [];
    const { live, t } = setup({ onCrossing: (m: MetricState, from: MetricStatus) => crossings.push([m.def.id, from, m.status]) });
    live.ingest([sample('vms.missing', 0, t)], PUSH);
    live.flush();
    live.ingest([sample('vms.missing', 5, t + 1)], PUSH);
    live.flush();
    live.ingest([sample('vms.missing', 2800, t + 2)], PUSH);
    live.flush();
    expect(crossings).toEqual([
      ['vms.missing', 'ok', 'warn'],
      ['vms.missing', 'warn', 'crit'],
    ]);
  });

  it('computes the trend of a quantity that should fall to zero', () => {
    const { live, t } = setup();
    live.ingest(Array.from({ length: 11 }, (_, i) => sample('vms.missing', 2800 - i * 100, t - 600_000 + i * 60_000)), PUSH);
    const change = changesOf(live)[0]!;
    expect(change.trend).toMatchObject({ state: 'falling', ratePerMin: -100 });
    expect(change.trend!.etaMs).toBe(18 * 60_000); // 1,800 left at 100 a minute
    live.ingest([sample('deploy.queue', 5, t - 60_000)], PUSH);
    expect(changesOf(live)[0]!.trend).toBeNull(); // one point says nothing about a rate
    live.ingest([sample('deploy.queue', 5, t)], PUSH);
    expect(changesOf(live)[0]!.trend).toMatchObject({ state: 'steady' });
    live.ingest([sample('alerts.firing', 5, t)], PUSH); // not a progress metric
    expect(changesOf(live)[0]!.trend).toBeNull();
  });

  it('restores history from the store: the last value, as old as it really is', () => {
    const { live, clock, t } = setup();
    live.restore('vms.missing', [[t - 600_000, 2800], [t - 300_000, 2600]]);
    expect(live.get('vms.missing')).toMatchObject({ value: 2600, sampledAt: t - 300_000, status: 'crit' });
    clock.set(t);
    expect(live.snapshot().find((m) => m.def.id === 'vms.missing')?.stale).toBe(true);
  });

  it('a source redefined without a metric removes it; a changed definition is sent again', () => {
    const { live } = setup();
    const defs = catalogue();
    live.defineSource('push', defs.filter((d) => d.id !== 'alerts.firing').map((d) => (d.id === 'vms.missing' ? { ...d, label: 'VMs lost' } : d)));
    const { changes, removed } = live.flush();
    expect(removed).toEqual(['alerts.firing']);
    expect(changes).toEqual([expect.objectContaining({ id: 'vms.missing', def: expect.objectContaining({ label: 'VMs lost' }) })]);
  });
});
