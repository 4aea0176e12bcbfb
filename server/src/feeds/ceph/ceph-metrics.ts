/**
 * The metrics a Ceph source writes, and how a war room shows them by default. A config may
 * override any of these by id; `toMetricDef` turns them into wire definitions.
 */
import type { MetricSpec } from '../../config/metric-spec';

/** The ids under one prefix (`ceph` unless a config names several clusters). */
export function cephMetricIds(prefix = 'ceph') {
  const id = (name: string) => `${prefix}.${name}`;
  return {
    health: id('health'),
    osdsUp: id('osds_up'),
    osdsIn: id('osds_in'),
    osdsTotal: id('osds_total'),
    monsQuorum: id('mons_quorum'),
    monsTotal: id('mons_total'),
    degradedPct: id('degraded_pct'),
    degradedObjects: id('degraded_objects'),
    misplacedPct: id('misplaced_pct'),
    unfoundObjects: id('unfound_objects'),
    pgsInactive: id('pgs_inactive'),
    recoveryObjectsPerS: id('recovery_objects_per_s'),
    recoveryBytesPerS: id('recovery_bytes_per_s'),
    clientOpsPerS: id('client_ops_per_s'),
  };
}
export type CephMetricIds = ReturnType<typeof cephMetricIds>;

/**
 * "Anything below all of them": a fraction threshold that one member down reaches in a cluster
 * of up to a million. 0.999 would miss one OSD down in a cluster of more than a thousand.
 */
const ANY_MISSING = 0.999999;

export function cephMetricSpecs(prefix = 'ceph'): MetricSpec[] {
  const ids = cephMetricIds(prefix);
  return [
    {
      id: ids.health,
      label: 'Ceph health',
      unit: '',
      thresholds: { warn: 1, crit: 2 },
      valueLabels: { 0: 'HEALTH_OK', 1: 'HEALTH_WARN', 2: 'HEALTH_ERR' },
    },
    {
      id: ids.osdsUp,
      label: 'Ceph OSDs up',
      unit: 'OSDs',
      limit: ids.osdsTotal,
      // Fractions of the total: any OSD down warns, a tenth down is critical.
      thresholds: { warn: ANY_MISSING, crit: 0.9, direction: 'below' },
    },
    {
      id: ids.osdsIn,
      label: 'Ceph OSDs in',
      unit: 'OSDs',
      limit: ids.osdsTotal,
      // An OUT OSD's data is being copied elsewhere: the same scale as down.
      thresholds: { warn: ANY_MISSING, crit: 0.9, direction: 'below' },
    },
    { id: ids.osdsTotal, label: 'Ceph OSDs', unit: 'OSDs', hidden: true },
    {
      id: ids.monsQuorum,
      label: 'Ceph monitors in quorum',
      unit: 'mons',
      limit: ids.monsTotal,
      // Critical once one more loss would end quorum: 2 of 3, 3 of 5 (4 of 7 too; 5 of 7 only warns).
      // Without quorum `ceph status` answers nothing at all, so that shows as a failed source.
      thresholds: { warn: ANY_MISSING, crit: 0.67, direction: 'below' },
    },
    { id: ids.monsTotal, label: 'Ceph monitors', unit: 'mons', hidden: true },
    {
      id: ids.degradedPct,
      label: 'Ceph degraded objects',
      unit: '%',
      thresholds: { warn: 0.001, crit: 5 },
    },
    {
      id: ids.degradedObjects,
      label: 'Ceph objects to recover',
      unit: 'objects',
      thresholds: { warn: 1 },
      // Falls to zero as recovery runs: its rate gives the ETA, and a flat line is a stalled recovery.
      progress: true,
    },
    {
      id: ids.misplacedPct,
      label: 'Ceph misplaced objects',
      unit: '%',
      // Misplaced data is still fully redundant: Ceph warns (OBJECT_MISPLACED) and so do we, no more.
      thresholds: { warn: 0.001 },
    },
    {
      id: ids.unfoundObjects,
      label: 'Ceph unfound objects',
      unit: 'objects',
      // No copy of these is reachable: reads of them block, and they may be lost.
      thresholds: { warn: 1, crit: 1 },
    },
    {
      id: ids.pgsInactive,
      label: 'Ceph PGs inactive',
      unit: 'PGs',
      // Clients block on an inactive PG; a few seconds of peering after an OSD flap is normal, so only a warning.
      thresholds: { warn: 1 },
    },
    { id: ids.recoveryObjectsPerS, label: 'Ceph recovery', unit: 'objects/s' },
    { id: ids.recoveryBytesPerS, label: 'Ceph recovery throughput', unit: 'B/s' },
    { id: ids.clientOpsPerS, label: 'Ceph client I/O', unit: 'op/s' },
  ];
}
