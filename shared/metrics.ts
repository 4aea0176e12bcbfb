import { z } from 'zod';

/** `unknown`: no sample yet, or no thresholds to judge by. Staleness is separate: see `isStale`. */
export const MetricStatus = z.enum(['ok', 'warn', 'crit', 'unknown']);
export type MetricStatus = z.infer<typeof MetricStatus>;

export const MetricId = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be 1–64 lowercase letters, digits or _ . - starting with a letter');

/** One side's limits; either may be absent (a metric that only ever warns). */
export const Band = z.object({ warn: z.number().nullable(), crit: z.number().nullable() });
export type Band = z.infer<typeof Band>;

/**
 * Limits on either side or both: `above` is bad when value >= a limit, `below` when value <= it.
 * Both sides bound a metric that is wrong when too low as well as too high: a broker at
 * 0 connections is down, not OK.
 */
export const Thresholds = z.object({ above: Band.nullable(), below: Band.nullable() });
export type Thresholds = z.infer<typeof Thresholds>;

/** A quantity that should fall to zero (VMs missing, a queue, arrays rebuilding): its rate, ETA and stalls are shown. */
export const Progress = z.object({
  /** No movement for this long is "stalled". */
  stalledAfterMs: z.number().int().positive(),
  /** The recent window the rate is read over. */
  windowMs: z.number().int().positive(),
});
export type Progress = z.infer<typeof Progress>;

export const MetricDef = z.object({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
  /** The feed source that writes it (the config's source id); incidents follow sources. */
  source: z.string(),
  thresholds: Thresholds.nullable(),
  /** Id of a capacity metric: the tile reads "value / limit" and thresholds are fractions of it. */
  limitOf: z.string().nullable(),
  /** Names for enumerated values, e.g. Ceph's 0 → HEALTH_OK. */
  valueLabels: z.record(z.string(), z.string()).nullable(),
  /** A sample older than this is shown as stale, never as live. */
  staleAfterMs: z.number().int().positive(),
  /** Capacity metrics are shown inside the tile that refers to them, not on their own. */
  hidden: z.boolean(),
  progress: Progress.nullable(),
});
export type MetricDef = z.infer<typeof MetricDef>;

/** [sampled at (Unix ms), value] */
export const MetricPoint = z.tuple([z.number(), z.number()]);
export type MetricPoint = z.infer<typeof MetricPoint>;

/** Where a quantity that should fall to zero is heading (see shared/progress.ts). */
export const Trend = z.object({
  /** Change per minute over the recent window; negative is falling. */
  ratePerMin: z.number(),
  /** At that rate, milliseconds until zero; null unless falling. */
  etaMs: z.number().nullable(),
  state: z.enum(['falling', 'rising', 'stalled', 'steady', 'done']),
});
export type Trend = z.infer<typeof Trend>;

export const MetricReading = z.object({
  /** The last good value, kept when the source fails so it can be shown as "last value X". */
  value: z.number().nullable(),
  status: MetricStatus,
  sampledAt: z.number().nullable(),
  /** Who sent the last good value (a feed source id, or what a script named in /api/ingest). */
  source: z.string().nullable(),
  limit: z.number().nullable(),
  /** No good sample for `staleAfterMs` (or none yet), as the server judged when it sent this. */
  stale: z.boolean(),
  /** Why the latest attempt gave no good value: the source's error or "no data"; null once a good sample arrives. */
  problem: z.string().nullable(),
  /** Context the source gives with the value (Ceph's failing checks, per-array RAID progress). */
  detail: z.string().nullable(),
  trend: Trend.nullable(),
});
export type MetricReading = z.infer<typeof MetricReading>;

export const MetricState = z.object({
  def: MetricDef,
  ...MetricReading.shape,
  history: z.array(MetricPoint),
});
export type MetricState = z.infer<typeof MetricState>;

/** What a delta carries for one metric: the new reading and the points to append. */
export const MetricChange = z.object({
  id: z.string(),
  ...MetricReading.shape,
  points: z.array(MetricPoint),
  /** Present only the first time a metric appears. */
  def: MetricDef.optional(),
});
export type MetricChange = z.infer<typeof MetricChange>;

export const Sample = z.strictObject({
  metric: MetricId,
  value: z.number(),
  at: z.iso.datetime({ offset: true }).optional(),
  source: z.string().trim().min(1).max(64).optional(),
});
export type Sample = z.infer<typeof Sample>;
export const SampleBatch = z.array(Sample).min(1).max(5000);

/** Whether `x` reached a band's level: at or above it (`sign` 1) or at or below it (-1). */
function reached(band: Band | null, level: 'warn' | 'crit', x: number, sign: 1 | -1): boolean {
  const at = band?.[level];
  return at !== null && at !== undefined && sign * (x - at) >= 0;
}

export function evaluateStatus(def: MetricDef, value: number | null, limit: number | null): MetricStatus {
  const t = def.thresholds;
  if (value === null || t === null) return 'unknown';
  let x = value;
  if (def.limitOf !== null) {
    if (limit === null || limit <= 0) return 'unknown';
    x = value / limit;
  }
  if (reached(t.above, 'crit', x, 1) || reached(t.below, 'crit', x, -1)) return 'crit';
  if (reached(t.above, 'warn', x, 1) || reached(t.below, 'warn', x, -1)) return 'warn';
  return 'ok';
}

export function isStale(metric: Pick<MetricState, 'sampledAt' | 'def'>, now: number): boolean {
  return metric.sampledAt === null || now - metric.sampledAt > metric.def.staleAfterMs;
}
