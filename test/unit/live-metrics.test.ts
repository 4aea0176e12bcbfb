import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT } from '#shared/sync';
import { LiveMetrics } from '../../server/src/metrics/live-metrics';
import { catalog } from '../../server/src/metrics/metric-catalog';
import { AppError } from '../../server/src/http/app-error';
import { TestClock } from '../support/test-clock';

function setup() {
  const clock = new TestClock();
  return { clock, live: new LiveMetrics(catalog, clock), t: clock.now() };
}
const sample = (metric: string, value: number, at: number) => ({ metric, value, at, source: 'test' });

describe('LiveMetrics', () => {
  it('publishes every catalogue metric from the start, with no data', () => {
    const { live } = setup();
    const vms = live.snapshot().find((m) => m.def.id === 'vms.missing');
    expect(vms).toMatchObject({ value: null, sampledAt: null, status: 'unknown' });
  });

  it('coalesces a burst into one change per metric: the latest value, every point', () => {
    const { live, t } = setup();
    live.ingest(Array.from({ length: 100 }, (_, i) => sample('deploy.queue', i * 10, t - 100 + i)));
    const changes = live.flush();
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ id: 'deploy.queue', value: 990, sampledAt: t - 1, status: 'crit' });
    expect(changes[0]!.points).toHaveLength(100);
    expect(live.flush()).toEqual([]);
  });

  it('ignores samples older than the latest, and says so', () => {
    const { live, t } = setup();
    live.ingest([sample('vms.missing', 2800, t)]);
    live.flush();
    expect(live.ingest([sample('vms.missing', 1, t - 1), sample('vms.missing', 1300, t + 1)])).toEqual({ accepted: 1, ignored: 1 });
    expect(live.flush()[0]).toMatchObject({ value: 1300 });
  });

  it('tells its owner when samples are waiting, and only then', () => {
    const clock = new TestClock();
    const t = clock.now();
    let told = 0;
    const live = new LiveMetrics(catalog, clock, () => told++);
    live.ingest([sample('vms.missing', 2800, t)]);
    expect(told).toBe(1);
    live.flush();
    live.ingest([sample('vms.missing', 1, t - 1)]); // older than the latest: nothing waits
    expect(told).toBe(1);
  });

  it('rejects a batch with a timestamp far in the future, changing nothing', () => {
    const { live, t } = setup();
    const batch = [sample('vms.missing', 5, t), sample('vms.missing', 6, t + 61_000)];
    expect(() => live.ingest(batch)).toThrow(AppError);
    expect(() => live.ingest(batch)).toThrow(/\[1\]\.at/);
    expect(live.flush()).toEqual([]);
  });

  it('re-evaluates a metric when its limit changes', () => {
    const { live, t } = setup();
    live.ingest([sample('pulsar.connection_limit', 50_000, t), sample('pulsar.connections', 45_000, t)]);
    expect(live.flush().find((c) => c.id === 'pulsar.connections')).toMatchObject({ status: 'warn', limit: 50_000 });
    live.ingest([sample('pulsar.connection_limit', 45_000, t + 1)]);
    const change = live.flush().find((c) => c.id === 'pulsar.connections');
    expect(change).toMatchObject({ status: 'crit', limit: 45_000, value: 45_000, sampledAt: t, points: [] });
  });

  it('defines an unknown metric on first sight, without thresholds', () => {
    const { live, t } = setup();
    live.ingest([sample('lb.unsynced', 3, t)]);
    const [change] = live.flush();
    expect(change).toMatchObject({ id: 'lb.unsynced', status: 'unknown', def: { label: 'lb.unsynced', thresholds: null } });
    live.ingest([sample('lb.unsynced', 2, t + 1)]);
    expect(live.flush()[0]!.def).toBeUndefined();
  });

  it('caps the number of distinct metrics', () => {
    const { live, t } = setup();
    const many = Array.from({ length: 60 }, (_, i) => sample(`adhoc.m${i}`, i, t));
    expect(() => live.ingest(many)).toThrow(/at most 64/);
    expect(live.snapshot()).toHaveLength(catalog.length);
  });
});

describe('LiveMetrics limits', () => {
  it('counts metrics still pending against the cap', () => {
    const { live, t } = setup();
    for (let batch = 0; batch < 4; batch++) {
      const ids = Array.from({ length: 15 }, (_, i) => sample(`adhoc.b${batch}m${i}`, i, t));
      if (batch < 3) live.ingest(ids);
      else expect(() => live.ingest(ids)).toThrow(/at most 64/);
    }
  });
  it('sends at most a sparkline of points per metric in one delta', () => {
    const { live, t } = setup();
    live.ingest(Array.from({ length: 2000 }, (_, i) => sample('deploy.queue', i, t - 2000 + i)));
    expect(live.flush()[0]!.points).toHaveLength(HISTORY_LIMIT);
  });
});
