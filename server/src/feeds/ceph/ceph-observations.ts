/**
 * One Ceph status → one observation per metric of ceph-metrics.ts. Pure: `at` is when the
 * command answered.
 */
import type { Observation } from '../observation';
import { cephMetricIds } from './ceph-metrics';
import type { CephCheck, CephSeverity, CephStatus } from './ceph-status';

export function cephObservations(status: CephStatus, at: number, prefix = 'ceph'): Observation[] {
  const ids = cephMetricIds(prefix);
  const good = (metric: string, value: number, detail?: string): Observation =>
    detail ? { metric, at, value, detail } : { metric, at, value };
  const problem = (metric: string, why: string): Observation => ({ metric, at, value: null, problem: why });
  /** The value, unless a wire field it comes from cannot be trusted. */
  const from = (metric: string, paths: string[], value: number, detail?: string): Observation => {
    const bad = paths.map((p) => status.untrusted[p]).find((why) => why !== undefined);
    return bad ? problem(metric, bad) : good(metric, value, detail);
  };
  const { osds, mons, objects, rates, pgs } = status;

  const out: Observation[] = [
    good(ids.health, cephHealth(status), healthDetail(status.checks)),
    from(ids.osdsTotal, ['osdmap.num_osds'], osds.total),
    from(ids.osdsUp, ['osdmap.num_up_osds'], osds.up),
    from(ids.osdsIn, ['osdmap.num_in_osds'], osds.in),
    mons.total === null ? problem(ids.monsTotal, 'this ceph status names no monitors') : good(ids.monsTotal, mons.total),
    mons.inQuorum === null ? problem(ids.monsQuorum, 'this ceph status has no quorum list') : good(ids.monsQuorum, mons.inQuorum),
  ];

  // Everything from the pgmap is the mgr's digest: frozen without a mgr, empty before its first report.
  const frozen = pgmapProblem(status);
  const pg = (metric: string, paths: string[], value: number): Observation =>
    frozen ? problem(metric, frozen) : from(metric, paths, value, partialDetail(status));
  const ratio = (metric: string, paths: string[], r: number, what: string): Observation =>
    r > 1 && !frozen && paths.every((p) => !status.untrusted[p])
      ? problem(metric, `${what} ratio is ${r}, above 1: Ceph's counters disagree`)
      : pg(metric, paths, r * 100);

  out.push(
    ratio(ids.degradedPct, ['pgmap.degraded_objects', 'pgmap.degraded_total'], objects.degradedRatio, 'degraded'),
    pg(ids.degradedObjects, ['pgmap.degraded_objects'], objects.degraded),
    ratio(ids.misplacedPct, ['pgmap.misplaced_objects'], objects.misplacedRatio, 'misplaced'),
    pg(ids.unfoundObjects, ['pgmap.unfound_objects'], objects.unfound),
    pg(ids.pgsInactive, pgs.byState.map((_, i) => `pgmap.pgs_by_state.${i}.count`), pgs.inactive),
    pg(ids.recoveryObjectsPerS, ['pgmap.recovering_objects_per_sec'], rates.recoveryObjects),
    pg(ids.recoveryBytesPerS, ['pgmap.recovering_bytes_per_sec'], rates.recoveryBytes),
    pg(ids.clientOpsPerS, ['pgmap.read_op_per_sec', 'pgmap.write_op_per_sec'], rates.clientReadOps + rates.clientWriteOps),
  );
  return out;
}

/**
 * What the room sees: the worse of Ceph's verdict and the unmuted checks, except that muted
 * checks may lower it. Octopus on, the monitor already leaves muted checks out of
 * `health.status`; this also holds if a status ever counted one.
 */
export function cephHealth(status: CephStatus): CephSeverity {
  const unmuted = worst(status.checks.filter((c) => !c.muted));
  const muted = worst(status.checks.filter((c) => c.muted));
  const reported = status.reportedHealth;
  if (reported > unmuted && muted >= reported) return unmuted;
  return Math.max(reported, unmuted) as CephSeverity;
}

/** "PG_DAMAGED: … · OSD_DOWN: 12 osds down · muted OSD_NEARFULL: …": errors first, muted checks last and marked. */
export function healthDetail(checks: CephCheck[]): string | undefined {
  const failing = checks.filter((c) => !c.muted).toSorted((a, b) => b.severity - a.severity);
  const muted = checks.filter((c) => c.muted);
  const parts = [...failing.map(line), ...muted.map((c) => `muted ${line(c)}`)];
  return parts.length ? parts.join(' · ') : undefined;
}

const worst = (checks: CephCheck[]) => Math.max(0, ...checks.map((c) => c.severity)) as CephSeverity;
const line = (c: CephCheck) => `${c.code}: ${c.message}`;

function pgmapProblem(s: CephStatus): string | null {
  if (s.mgrAvailable === false) return 'no active ceph-mgr: PG and object counts are not being updated';
  if (s.pgs.total > 0 && s.pgs.unknown >= s.pgs.total) {
    return `all ${s.pgs.total} PGs unknown: ceph-mgr has not reported PG stats yet (restarted or failed over?)`;
  }
  return null;
}

function partialDetail(s: CephStatus): string | undefined {
  return s.pgs.unknown > 0 ? `${s.pgs.unknown} of ${s.pgs.total} PGs unknown: counts may be low` : undefined;
}
