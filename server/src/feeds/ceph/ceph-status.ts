/**
 * `ceph status --format json` → one normalised status, for every release from Luminous (12)
 * to today. Pure: the command runner (../command/run-command.ts) fetches the text.
 */
import { FeedError } from '../observation';
import { CephStatusBody, type CephCheckBody, type CephSeverityName } from './ceph-status-schema';

/** 0 HEALTH_OK, 1 HEALTH_WARN, 2 HEALTH_ERR: the values of the `ceph.health` metric. */
export type CephSeverity = 0 | 1 | 2;

const SEVERITY: Record<CephSeverityName, CephSeverity> = { HEALTH_OK: 0, HEALTH_WARN: 1, HEALTH_ERR: 2 };

export interface CephCheck {
  /** The check code, e.g. `OSD_DOWN`. */
  code: string;
  severity: CephSeverity;
  /** Ceph's one-line summary, e.g. "12 osds down". */
  message: string;
  /** How many things the check counts (Octopus on); null before. */
  count: number | null;
  muted: boolean;
}

export interface CephStatus {
  /** `health.status` as the monitors wrote it; ceph-observations.ts decides what the room sees. */
  reportedHealth: CephSeverity;
  /** In Ceph's order (sorted by code). */
  checks: CephCheck[];
  osds: { total: number; up: number; in: number };
  /** null: this release does not say. */
  mons: { total: number | null; inQuorum: number | null };
  /** false: no active ceph-mgr, so every pgmap number below is frozen. null: not said. */
  mgrAvailable: boolean | null;
  pgs: { total: number; unknown: number; inactive: number; byState: { state: string; count: number }[] };
  /** Absent on the wire means zero here (PGMap.cc writes these only when non-zero). */
  objects: {
    total: number;
    degraded: number;
    degradedCopies: number;
    /** 0–1 fraction of object copies, as Ceph writes it. */
    degradedRatio: number;
    misplaced: number;
    misplacedRatio: number;
    unfound: number;
  };
  /** Per second, as the mgr averaged them; absent means zero. */
  rates: {
    recoveryObjects: number;
    recoveryBytes: number;
    clientReadOps: number;
    clientWriteOps: number;
    clientReadBytes: number;
    clientWriteBytes: number;
  };
  /**
   * Numbers that cannot be used, by wire path (`pgmap.degraded_objects`), with why. A uint64
   * past 2^53 was already rounded by JSON.parse, so it is caught by its size; its field above
   * holds the rounded value and must not be shown.
   */
  untrusted: Record<string, string>;
}

/** Parses the command's stdout. Throws FeedError for output that is not a Ceph status. */
export function parseCephStatus(body: string): CephStatus {
  const parsed = CephStatusBody.safeParse(parseJson(body));
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const where = first?.path.length ? `${first.path.join('.')}: ` : '';
    const more = rest.length ? ` (and ${rest.length} more)` : '';
    throw new FeedError(`unparsable body: not a ceph status: ${where}${first?.message ?? 'invalid'}${more}`);
  }
  return normalise(parsed.data);
}

function normalise(b: CephStatusBody): CephStatus {
  const untrusted: Record<string, string> = {};
  const count = (path: string, value: number): number => {
    if (value > Number.MAX_SAFE_INTEGER) {
      untrusted[path] = `${path} is ${value.toExponential(3)}, past 2^53: a uint64 that cannot be read exactly`;
    } else if (value < 0) {
      untrusted[path] = `${path} is negative (${value})`;
    }
    return value;
  };
  const p = b.pgmap;
  const byState = p.pgs_by_state.map((s, i) => ({ state: s.state_name, count: count(`pgmap.pgs_by_state.${i}.count`, s.count) }));
  const sumWhere = (keep: (tokens: string[]) => boolean) =>
    byState.filter((s) => keep(s.state.split('+'))).reduce((n, s) => n + s.count, 0);
  const total = count('pgmap.num_pgs', p.num_pgs);
  const degraded = count('pgmap.degraded_objects', p.degraded_objects);
  const degradedCopies = count('pgmap.degraded_total', p.degraded_total);

  return {
    reportedHealth: SEVERITY[b.health.status],
    checks: Object.entries(b.health.checks).map(([code, c]) => toCheck(code, c)),
    osds: {
      total: count('osdmap.num_osds', b.osdmap.num_osds),
      up: count('osdmap.num_up_osds', b.osdmap.num_up_osds),
      in: count('osdmap.num_in_osds', b.osdmap.num_in_osds),
    },
    mons: {
      total: b.monmap?.num_mons ?? b.monmap?.mons?.length ?? null,
      inQuorum: b.quorum?.length ?? null,
    },
    mgrAvailable: b.mgrmap?.available ?? null,
    pgs: {
      total,
      // Ceph's own split (PGMap.cc): "unknown" is a PG the mgr has no stats for, not an inactive one.
      unknown: Math.max(
        sumWhere((t) => t.length === 1 && t[0] === 'unknown'),
        Math.round(p.unknown_pgs_ratio * total),
      ),
      inactive: sumWhere((t) => !t.includes('active') && !(t.length === 1 && t[0] === 'unknown')),
      byState,
    },
    objects: {
      total: count('pgmap.num_objects', p.num_objects),
      degraded,
      degradedCopies,
      degradedRatio: p.degraded_ratio || (degradedCopies > 0 ? degraded / degradedCopies : 0),
      misplaced: count('pgmap.misplaced_objects', p.misplaced_objects),
      misplacedRatio: p.misplaced_ratio,
      unfound: count('pgmap.unfound_objects', p.unfound_objects),
    },
    rates: {
      recoveryObjects: count('pgmap.recovering_objects_per_sec', p.recovering_objects_per_sec),
      recoveryBytes: count('pgmap.recovering_bytes_per_sec', p.recovering_bytes_per_sec),
      clientReadOps: count('pgmap.read_op_per_sec', p.read_op_per_sec),
      clientWriteOps: count('pgmap.write_op_per_sec', p.write_op_per_sec),
      clientReadBytes: count('pgmap.read_bytes_sec', p.read_bytes_sec),
      clientWriteBytes: count('pgmap.write_bytes_sec', p.write_bytes_sec),
    },
    untrusted,
  };
}

function toCheck(code: string, c: CephCheckBody): CephCheck {
  return { code, severity: SEVERITY[c.severity], message: c.summary.message, count: c.summary.count ?? null, muted: c.muted };
}

/** JSON.parse with the place it stopped as "line L column C", the same in every Node release. */
function parseJson(body: string): unknown {
  if (body.trim() === '') throw new FeedError('unparsable body: empty output');
  try {
    return JSON.parse(body);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : /end of JSON input/.test(message) ? body.length : null;
    const reason = message.replace(/\s*(in JSON )?at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    throw new FeedError(`unparsable body: ${offset === null ? '' : `${lineColumn(body, offset)}: `}${reason}`);
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line} column ${offset - before.lastIndexOf('\n')}`;
}
