import { z } from 'zod';

/** `unknown`: no sample yet, or no thresholds to judge by. Staleness is separate: see `isStale`. */
export const MetricStatus = z.enum(['ok', 'warn', 'crit', 'unknown']);
export type MetricStatus = z.infer<typeof MetricStatus>;

export const MetricId = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be 1–64 lowercase letters, digits or _ . - starting with a letter');

export const Thresholds = z.object({
  warn: z.number(),
  crit: z.number(),
  /** `above`: bad when value >= threshold; `below`: bad when value <= threshold. */
  direction: z.enum(['above', 'below']),
});
export type Thresholds = z.infer<typeof Thresholds>;

export const MetricDef = z.object({
  id: z.string(),
  label: z.string(),
  unit: z.string(),
  thresholds: Thresholds.nullable(),
  /** Id of a capacity metric: the tile reads "value / limit" and thresholds are fractions of it. */
  limitOf: z.string().nullable(),
  /** Names for enumerated values, e.g. Ceph's 0 → HEALTH_OK. */
  valueLabels: z.record(z.string(), z.string()).nullable(),
  /** A sample older than this is shown as stale, never as live. */
  staleAfterMs: z.number().int().positive(),
  /** Capacity metrics are shown inside the tile that refers to them, not on their own. */
  hidden: z.boolean(),
});
export type MetricDef = z.infer<typeof MetricDef>;

/** [sampled at (Unix ms), value] */
export const MetricPoint = z.tuple([z.number(), z.number()]);
export type MetricPoint = z.infer<typeof MetricPoint>;

export const MetricReading = z.object({
  value: z.number().nullable(),
  status: MetricStatus,
  sampledAt: z.number().nullable(),
  source: z.string().nullable(),
  limit: z.number().nullable(),
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

export function evaluateStatus(def: MetricDef, value: number | null, limit: number | null): MetricStatus {
  const t = def.thresholds;
  if (value === null || t === null) return 'unknown';
  let x = value;
  if (def.limitOf !== null) {
    if (limit === null || limit <= 0) return 'unknown';
    x = value / limit;
  }
  if (t.direction === 'above') return x >= t.crit ? 'crit' : x >= t.warn ? 'warn' : 'ok';
  return x <= t.crit ? 'crit' : x <= t.warn ? 'warn' : 'ok';
}

export function isStale(metric: Pick<MetricState, 'sampledAt' | 'def'>, now: number): boolean {
  return metric.sampledAt === null || now - metric.sampledAt > metric.def.staleAfterMs;
}
