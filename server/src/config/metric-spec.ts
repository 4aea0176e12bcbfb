/**
 * How a metric is written in warroom.config.yaml (and in scenario files): the part every
 * source type shares. Source types extend it with their own keys (a PromQL `query`, …).
 */
import { z } from 'zod';
import { MetricId, type MetricDef, type Thresholds } from '#shared/metrics';
import { Duration } from './duration';

const Limit = z.number().finite();
const BandSpec = z.strictObject({ warn: Limit.optional(), crit: Limit.optional() });

/**
 * `{warn, crit}` is bad above (the usual case), `{warn, crit, direction: below}` bad below,
 * and `{above: {…}, below: {…}}` bounds both sides.
 */
export const ThresholdSpec = z
  .strictObject({
    warn: Limit.optional(),
    crit: Limit.optional(),
    direction: z.enum(['above', 'below']).optional(),
    above: BandSpec.optional(),
    below: BandSpec.optional(),
  })
  .refine((t) => !((t.warn !== undefined || t.crit !== undefined || t.direction) && (t.above || t.below)), {
    message: 'use either warn/crit/direction or above/below, not both',
  });
export type ThresholdSpec = z.infer<typeof ThresholdSpec>;

export const ProgressSpec = z.strictObject({
  stalledAfter: Duration.default(10 * 60_000),
  window: Duration.default(10 * 60_000),
});

export const MetricSpec = z.strictObject({
  id: MetricId,
  label: z.string().trim().min(1).max(80),
  unit: z.string().max(24).default(''),
  thresholds: ThresholdSpec.optional(),
  /** "Shown against this limit": the id of a capacity metric; thresholds become fractions of it. */
  limit: MetricId.optional(),
  /** With no good sample for this long the metric is STALE. Default: two poll intervals. */
  staleAfter: Duration.optional(),
  /** Names for enumerated values, e.g. `{0: HEALTH_OK, 1: HEALTH_WARN}`. */
  valueLabels: z.record(z.string(), z.string().min(1).max(40)).optional(),
  /** Shown inside the tile that refers to it (a limit), not on its own. */
  hidden: z.boolean().default(false),
  /** A quantity that should fall to zero: show its rate, ETA to zero, stalls and rises. */
  progress: z.union([z.literal(true), ProgressSpec]).optional(),
});
export type MetricSpec = z.input<typeof MetricSpec>;
export type ParsedMetricSpec = z.output<typeof MetricSpec>;

const band = (b: { warn?: number; crit?: number } | undefined) =>
  b && (b.warn !== undefined || b.crit !== undefined) ? { warn: b.warn ?? null, crit: b.crit ?? null } : null;

export function toThresholds(t: ThresholdSpec | undefined): Thresholds | null {
  if (!t) return null;
  if (t.above || t.below) return { above: band(t.above), below: band(t.below) };
  const simple = band(t);
  return t.direction === 'below' ? { above: null, below: simple } : { above: simple, below: null };
}

/** The wire definition of a configured metric. `defaultStaleMs`: two of its source's intervals. */
export function toMetricDef(spec: ParsedMetricSpec, source: string, defaultStaleMs: number): MetricDef {
  const progress = spec.progress === undefined ? null : spec.progress === true ? ProgressSpec.parse({}) : spec.progress;
  return {
    id: spec.id,
    label: spec.label,
    unit: spec.unit,
    source,
    thresholds: toThresholds(spec.thresholds),
    limitOf: spec.limit ?? null,
    valueLabels: spec.valueLabels ?? null,
    staleAfterMs: spec.staleAfter ?? defaultStaleMs,
    hidden: spec.hidden,
    progress: progress && { stalledAfterMs: progress.stalledAfter, windowMs: progress.window },
  };
}
