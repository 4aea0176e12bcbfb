/**
 * The part of `ceph status --format json` Warroom reads, as the monitors write it (ceph/ceph
 * src/mon/HealthMonitor.cc, src/mon/PGMap.cc, src/osd/OSDMap.cc). Objects are not strict:
 * real output carries fsmap, servicemap, progress_events and more that we ignore.
 */
import { z } from 'zod';

/**
 * Counters are plain numbers here and judged one by one afterwards (ceph-status.ts): a uint64
 * past 2^53 must cost its own metric a problem, not fail the whole source.
 */
const Count = z.number();
/** pgmap writes recovery, degraded, misplaced, unfound and client I/O keys only when non-zero. */
const AbsentIsZero = Count.default(0);

export const CephSeverityName = z.enum(['HEALTH_OK', 'HEALTH_WARN', 'HEALTH_ERR']);
export type CephSeverityName = z.infer<typeof CephSeverityName>;

export const CephCheckBody = z.object({
  severity: CephSeverityName,
  // `count` arrived in Octopus; Luminous and Nautilus write the message alone.
  summary: z.object({ message: z.string(), count: z.number().optional() }),
  // Mutes arrived in Octopus: before that nothing is muted.
  muted: z.boolean().default(false),
});
export type CephCheckBody = z.infer<typeof CephCheckBody>;

export const CephHealthBody = z.object({
  // Ceph's own verdict, muted checks already left out by the monitor. Never `overall_status`:
  // Luminous keeps that at HEALTH_WARN for its "JSON format has changed" compat notice.
  status: CephSeverityName,
  checks: z.record(z.string(), CephCheckBody).default({}),
});

const OsdCounts = z.object({ num_osds: Count, num_up_osds: Count, num_in_osds: Count });

/** Luminous–Nautilus wrap the counts in a second `osdmap`; Octopus on writes them flat. */
const unwrapNestedOsdmap = (v: unknown): unknown => {
  const inner = typeof v === 'object' && v !== null ? (v as { osdmap?: unknown }).osdmap : undefined;
  return typeof inner === 'object' && inner !== null ? inner : v;
};

export const CephMonmapBody = z.object({
  // Octopus on: a count. Luminous–Nautilus: the whole map, with one entry per monitor.
  num_mons: Count.optional(),
  mons: z.array(z.unknown()).optional(),
});

export const CephPgmapBody = z.object({
  num_pgs: Count,
  pgs_by_state: z.array(z.object({ state_name: z.string(), count: Count })).default([]),
  num_objects: AbsentIsZero,
  unknown_pgs_ratio: AbsentIsZero,
  degraded_objects: AbsentIsZero,
  degraded_total: AbsentIsZero,
  degraded_ratio: AbsentIsZero,
  misplaced_objects: AbsentIsZero,
  misplaced_total: AbsentIsZero,
  misplaced_ratio: AbsentIsZero,
  unfound_objects: AbsentIsZero,
  unfound_total: AbsentIsZero,
  recovering_objects_per_sec: AbsentIsZero,
  recovering_bytes_per_sec: AbsentIsZero,
  read_op_per_sec: AbsentIsZero,
  write_op_per_sec: AbsentIsZero,
  read_bytes_sec: AbsentIsZero,
  write_bytes_sec: AbsentIsZero,
});
export type CephPgmapBody = z.infer<typeof CephPgmapBody>;

export const CephStatusBody = z.object({
  health: CephHealthBody,
  osdmap: z.preprocess(unwrapNestedOsdmap, OsdCounts),
  pgmap: CephPgmapBody,
  monmap: CephMonmapBody.optional(),
  /** Ranks of the monitors in quorum. */
  quorum: z.array(z.number()).optional(),
  // Octopus on: {available, num_standbys, …}; Luminous–Nautilus: the whole map, with `available` too.
  mgrmap: z.object({ available: z.boolean().optional() }).optional(),
});
export type CephStatusBody = z.infer<typeof CephStatusBody>;
