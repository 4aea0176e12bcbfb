import { describe, expect, it } from 'vitest';
import { evaluateStatus, type MetricDef } from '#shared/metrics';
import { MetricSpec, toMetricDef } from '../../../server/src/config/metric-spec';
import { cephMetricIds, cephMetricSpecs } from '../../../server/src/feeds/ceph/ceph-metrics';

const defs = (prefix?: string) =>
  new Map(cephMetricSpecs(prefix).map((s) => [s.id, toMetricDef(MetricSpec.parse(s), 'ceph-par6', 30_000)] as const));
const def = (id: string): MetricDef => {
  const d = defs().get(id);
  if (!d) throw new Error(`no spec for ${id}`);
  return d;
};

describe('cephMetricSpecs', () => {
  it('are valid config specs, one per id, under the prefix', () => {
    const specs = cephMetricSpecs('ceph-par6');
    for (const s of specs) expect(() => MetricSpec.parse(s), s.id).not.toThrow();
    expect(new Set(specs.map((s) => s.id)).size).toBe(specs.length);
    expect(specs.map((s) => s.id).toSorted()).toEqual(Object.values(cephMetricIds('ceph-par6')).toSorted());
  });

  it('label health with Ceph’s names and judge it warn at WARN, crit at ERR', () => {
    const health = def('ceph.health');
    expect(health.valueLabels).toEqual({ 0: 'HEALTH_OK', 1: 'HEALTH_WARN', 2: 'HEALTH_ERR' });
    expect([0, 1, 2].map((v) => evaluateStatus(health, v, null))).toEqual(['ok', 'warn', 'crit']);
  });

  it.each([
    // up, total, status: any OSD down warns, a tenth down is critical, at any cluster size
    [48, 48, 'ok'],
    [47, 48, 'warn'],
    [1999, 2000, 'warn'],
    [99_999, 100_000, 'warn'],
    [44, 48, 'warn'],
    [43, 48, 'crit'],
    [36, 48, 'crit'],
    [900, 1000, 'crit'],
  ] as const)('%i of %i OSDs up is %s', (up, total, expected) => {
    expect(evaluateStatus(def('ceph.osds_up'), up, total)).toBe(expected);
    expect(evaluateStatus(def('ceph.osds_in'), up, total)).toBe(expected);
  });

  it('measure OSDs up and in against the hidden total', () => {
    expect(def('ceph.osds_up').limitOf).toBe('ceph.osds_total');
    expect(def('ceph.osds_in').limitOf).toBe('ceph.osds_total');
    expect(def('ceph.osds_total').hidden).toBe(true);
    expect(defs('east').get('east.osds_up')?.limitOf).toBe('east.osds_total');
  });

  it.each([
    // in quorum, monitors, status: critical once one more loss ends quorum
    [3, 3, 'ok'],
    [2, 3, 'crit'],
    [4, 5, 'warn'],
    [3, 5, 'crit'],
    [6, 7, 'warn'],
    [5, 7, 'warn'],
    [4, 7, 'crit'],
  ] as const)('%i of %i monitors in quorum is %s', (quorum, total, expected) => {
    expect(evaluateStatus(def('ceph.mons_quorum'), quorum, total)).toBe(expected);
  });

  it('make degraded objects a quantity that should fall to zero, warning at one', () => {
    const degraded = def('ceph.degraded_objects');
    expect(degraded.progress).not.toBeNull();
    expect([0, 1].map((v) => evaluateStatus(degraded, v, null))).toEqual(['ok', 'warn']);
  });

  it.each([
    ['ceph.degraded_pct', 0, 'ok'],
    ['ceph.degraded_pct', 0.3, 'warn'],
    ['ceph.degraded_pct', 25, 'crit'],
    ['ceph.misplaced_pct', 6.6, 'warn'],
    ['ceph.unfound_objects', 0, 'ok'],
    ['ceph.unfound_objects', 1, 'crit'],
    ['ceph.pgs_inactive', 4, 'warn'],
    ['ceph.recovery_objects_per_s', 412, 'unknown'],
  ] as const)('%s at %d is %s', (id, value, expected) => {
    expect(evaluateStatus(def(id), value, null)).toBe(expected);
  });
});
