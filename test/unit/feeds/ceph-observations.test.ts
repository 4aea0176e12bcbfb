import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cephHealth, cephObservations } from '../../../server/src/feeds/ceph/ceph-observations';
import { cephMetricSpecs } from '../../../server/src/feeds/ceph/ceph-metrics';
import { parseCephStatus, type CephStatus } from '../../../server/src/feeds/ceph/ceph-status';
import type { Observation } from '../../../server/src/feeds/observation';

const AT = Date.UTC(2025, 2, 3, 19, 40);
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ceph/${name}`, import.meta.url), 'utf8');
const status = (name: string) => parseCephStatus(fixture(name));

/** metric id → value (or the problem text), for compact expectations. */
function byId(observations: Observation[]): Record<string, number | string> {
  return Object.fromEntries(observations.map((o) => [o.metric, o.value === null ? `problem: ${o.problem}` : o.value]));
}
const one = (observations: Observation[], metric: string) => observations.find((o) => o.metric === metric);

describe('cephObservations', () => {
  it('writes every metric of its specs, stamped with the time it is given', () => {
    const observations = cephObservations(status('octopus-15.2-ok.json'), AT);
    expect(observations.map((o) => o.metric).toSorted()).toEqual(cephMetricSpecs().map((s) => s.id).toSorted());
    expect(new Set(observations.map((o) => o.at))).toEqual(new Set([AT]));
  });

  it('names its metrics under the prefix it is given', () => {
    const observations = cephObservations(status('octopus-15.2-ok.json'), AT, 'ceph-par6');
    expect(observations.every((o) => o.metric.startsWith('ceph-par6.'))).toBe(true);
    expect(observations.map((o) => o.metric).toSorted()).toEqual(cephMetricSpecs('ceph-par6').map((s) => s.id).toSorted());
  });

  it('reads a cluster in HEALTH_ERR during recovery', () => {
    expect(byId(cephObservations(status('quincy-17.2-err-recovery.json'), AT))).toEqual({
      'ceph.health': 2,
      'ceph.osds_total': 48,
      'ceph.osds_up': 36,
      'ceph.osds_in': 48,
      'ceph.mons_total': 3,
      'ceph.mons_quorum': 2,
      'ceph.degraded_pct': 4.115223333333334,
      'ceph.degraded_objects': 1234567,
      'ceph.misplaced_pct': 1.52263,
      'ceph.unfound_objects': 3,
      'ceph.pgs_inactive': 4,
      'ceph.recovery_objects_per_s': 412,
      'ceph.recovery_bytes_per_s': 1725513344,
      'ceph.client_ops_per_s': 751,
    });
  });

  it('lists the failing checks on the health tile, errors first, in Ceph’s words', () => {
    const health = one(cephObservations(status('quincy-17.2-err-recovery.json'), AT), 'ceph.health');
    expect(health).toMatchObject({ value: 2 });
    const parts = (health && 'detail' in health ? health.detail : '')?.split(' · ') ?? [];
    expect(parts[0]).toBe('PG_DAMAGED: Possible data damage: 4 pgs recovery_unfound');
    expect(parts).toContain('OSD_DOWN: 12 osds down');
    expect(parts).toContain('PG_DEGRADED: Degraded data redundancy: 1234567/30000000 objects degraded (4.115%), 310 pgs degraded, 310 pgs undersized');
    expect(parts).toContain('OBJECT_MISPLACED: 456789/30000000 objects misplaced (1.523%)');
    expect(parts).toContain('MON_DOWN: 1/3 mons down, quorum mon-par6-a,mon-par6-b');
    expect(parts.find((p) => p.startsWith('SLOW_OPS: 27 slow ops'))).toBeDefined();
    expect(parts).toHaveLength(9);
  });

  it('writes absent pgmap counters as zeros, not as problems: Ceph omits them when zero', () => {
    const values = byId(cephObservations(status('reef-18.2-ok-idle.json'), AT));
    expect(values).toMatchObject({
      'ceph.health': 0,
      'ceph.degraded_pct': 0,
      'ceph.degraded_objects': 0,
      'ceph.misplaced_pct': 0,
      'ceph.unfound_objects': 0,
      'ceph.pgs_inactive': 0,
      'ceph.recovery_objects_per_s': 0,
      'ceph.client_ops_per_s': 0,
    });
    expect(one(cephObservations(status('reef-18.2-ok-idle.json'), AT), 'ceph.health')).not.toHaveProperty('detail');
  });

  it('reads pre-Octopus clusters: nested osdmap, monitors counted from the monmap', () => {
    expect(byId(cephObservations(status('luminous-12.2-osd-down.json'), AT))).toMatchObject({
      'ceph.health': 1, 'ceph.osds_up': 11, 'ceph.osds_total': 12, 'ceph.mons_total': 3, 'ceph.mons_quorum': 3,
      'ceph.degraded_pct': 2.7778, 'ceph.degraded_objects': 15351,
    });
    expect(byId(cephObservations(status('nautilus-14.2-mon-down-rebalance.json'), AT))).toMatchObject({
      'ceph.health': 1, 'ceph.mons_quorum': 2, 'ceph.misplaced_pct': 6.6632, 'ceph.recovery_objects_per_s': 87,
    });
  });

  it('reports Luminous as OK when its overall_status says WARN only for the JSON-format notice', () => {
    expect(byId(cephObservations(status('luminous-12.2-ok.json'), AT))['ceph.health']).toBe(0);
  });

  describe('muted checks never alarm', () => {
    it('as Ceph writes it: HEALTH_OK with a muted WARN check, listed as muted', () => {
      const health = one(cephObservations(status('pacific-16.2-muted-warn-only.json'), AT), 'ceph.health');
      expect(health).toEqual({ metric: 'ceph.health', at: AT, value: 0, detail: 'muted OSD_NEARFULL: 1 nearfull osd(s)' });
    });

    it('even if a status counted the muted check in health.status', () => {
      const s = status('pacific-16.2-muted-warn-only.json');
      expect(cephHealth({ ...s, reportedHealth: 1 })).toBe(0);
    });

    it('while an unmuted check still counts, and is listed before the muted one', () => {
      const s = status('pacific-16.2-muted-warn-only.json');
      const withDown: CephStatus = {
        ...s,
        reportedHealth: 1,
        checks: [{ code: 'OSD_DOWN', severity: 1, message: '1 osds down', count: 1, muted: false }, ...s.checks],
      };
      expect(one(cephObservations(withDown, AT), 'ceph.health')).toMatchObject({
        value: 1, detail: 'OSD_DOWN: 1 osds down · muted OSD_NEARFULL: 1 nearfull osd(s)',
      });
    });
  });

  it.each([
    // reported, checks [severity, muted], shown
    [0, [], 0],
    [1, [[1, false]], 1],
    [2, [[1, false], [2, false]], 2],
    [0, [[1, true]], 0],
    [1, [[1, true]], 0],
    [2, [[2, true], [1, false]], 1],
    // Nothing explains Ceph's verdict: trust it.
    [1, [], 1],
    [2, [[1, false]], 2],
    // A muted WARN cannot explain an ERR.
    [2, [[1, true]], 2],
    // Ceph says OK but an unmuted check fails: the worse wins.
    [0, [[2, false]], 2],
  ] as const)('health %i with checks %j shows %i', (reported, checks, shown) => {
    const s = status('reef-18.2-ok-idle.json');
    const list = checks.map(([severity, muted], i) => ({ code: `C${i}`, severity, message: 'm', count: null, muted }));
    expect(cephHealth({ ...s, reportedHealth: reported, checks: list })).toBe(shown);
  });

  it('turns a uint64 past 2^53 into a problem for its metrics, not a wrong number', () => {
    const values = byId(cephObservations(status('reef-18.2-uint64-underflow.json'), AT));
    expect(values['ceph.degraded_objects']).toMatch(/^problem: pgmap\.degraded_objects is 1\.845e\+19, past 2\^53/);
    // The ratio is computed from the same counter.
    expect(values['ceph.degraded_pct']).toMatch(/^problem: pgmap\.degraded_objects/);
    // The rest of the source is fine.
    expect(values).toMatchObject({ 'ceph.health': 1, 'ceph.osds_up': 6, 'ceph.recovery_objects_per_s': 2, 'ceph.misplaced_pct': 0 });
  });

  it('guards the OSD counts too', () => {
    const s = status('octopus-15.2-ok.json');
    const values = byId(cephObservations({ ...s, untrusted: { 'osdmap.num_up_osds': 'osdmap.num_up_osds is 1.845e+19, past 2^53' } }, AT));
    expect(values['ceph.osds_up']).toBe('problem: osdmap.num_up_osds is 1.845e+19, past 2^53');
    expect(values['ceph.osds_total']).toBe(48);
  });

  it('refuses a degraded ratio above 1 rather than showing more than 100 %', () => {
    const s = status('quincy-17.2-err-recovery.json');
    const values = byId(cephObservations({ ...s, objects: { ...s.objects, degradedRatio: 1.5 } }, AT));
    expect(values['ceph.degraded_pct']).toMatch(/^problem: degraded ratio is 1.5, above 1/);
    expect(values['ceph.degraded_objects']).toBe(1234567);
  });

  it('does not read a frozen pgmap as live when no mgr is active', () => {
    const values = byId(cephObservations(status('squid-19.2-no-mgr.json'), AT));
    const pgmapMetrics = [
      'ceph.degraded_pct', 'ceph.degraded_objects', 'ceph.misplaced_pct', 'ceph.unfound_objects',
      'ceph.pgs_inactive', 'ceph.recovery_objects_per_s', 'ceph.recovery_bytes_per_s', 'ceph.client_ops_per_s',
    ];
    for (const id of pgmapMetrics) expect(values[id], id).toMatch(/^problem: no active ceph-mgr/);
    // The monitors still know the OSDs and the health.
    expect(values).toMatchObject({ 'ceph.health': 1, 'ceph.osds_up': 4, 'ceph.osds_total': 6 });
  });

  it('does not read "absent" as zero when every PG is unknown (a mgr just restarted)', () => {
    const values = byId(cephObservations(status('squid-19.2-pgs-unknown.json'), AT));
    expect(values['ceph.degraded_objects']).toBe('problem: all 97 PGs unknown: ceph-mgr has not reported PG stats yet (restarted or failed over?)');
    expect(values['ceph.degraded_pct']).toMatch(/^problem: all 97 PGs unknown/);
    expect(values['ceph.osds_up']).toBe(6);
  });

  it('says when some PGs are unknown, as their objects are not counted', () => {
    const s = status('quincy-17.2-err-recovery.json');
    const partial = { ...s, pgs: { ...s.pgs, unknown: 24 } };
    expect(one(cephObservations(partial, AT), 'ceph.degraded_objects')).toEqual({
      metric: 'ceph.degraded_objects', at: AT, value: 1234567, detail: '24 of 1024 PGs unknown: counts may be low',
    });
  });

  it('reports monitors as a problem when the status does not list them', () => {
    const s = status('octopus-15.2-ok.json');
    const values = byId(cephObservations({ ...s, mons: { total: null, inQuorum: null } }, AT));
    expect(values['ceph.mons_total']).toMatch(/^problem: /);
    expect(values['ceph.mons_quorum']).toMatch(/^problem: /);
  });
});
