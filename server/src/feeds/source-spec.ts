/** The config keys every source type shares. */
import { z } from 'zod';
import { SourceId } from '#shared/incident';
import { Duration } from '../config/duration';
import { MetricSpec } from '../config/metric-spec';
import type { PollTiming } from './poller';
import { type Auth } from './http/fetch-text';

export const DEFAULT_INTERVAL_MS = 15_000;

/** Keys of a polled source. `timeout` defaults to the interval, at most 10 s. */
export const PolledSource = {
  id: SourceId,
  interval: Duration.default(DEFAULT_INTERVAL_MS),
  timeout: Duration.optional(),
};

/** Credentials, written as `${ENV_VAR}` so they never sit in the file. */
export const AuthSpec = z.union([
  z.strictObject({ bearer: z.string().min(1) }),
  z.strictObject({ username: z.string().min(1), password: z.string() }),
]);

export const HttpSpec = {
  auth: AuthSpec.optional(),
  /** Extra request headers, e.g. a tenant id for a multi-tenant Prometheus. */
  headers: z.record(z.string(), z.string()).optional(),
};

export function pollTiming(spec: { interval: number; timeout?: number | undefined }): PollTiming {
  return { intervalMs: spec.interval, timeoutMs: spec.timeout ?? Math.min(spec.interval, 10_000) };
}

/** "How long before a value is stale (default two intervals)". */
export const defaultStaleMs = (spec: { interval: number }) => 2 * spec.interval;

export const metricsList = <T extends z.ZodType>(item: T) => z.array(item).max(200);

export { MetricSpec };
export type { Auth };

/**
 * An adapter's built-in metrics can be adjusted by id in the config (a label, thresholds, a
 * stale time): `metrics: [{id: ceph.health, label: "Ceph PAR"}]`.
 */
export const MetricOverride = MetricSpec.partial().required({ id: true });
export type MetricOverride = z.infer<typeof MetricOverride>;

/** The built-in specs with the config's overrides applied; an override of an unknown id is a config error. */
export function applyOverrides(defaults: readonly z.input<typeof MetricSpec>[], overrides: readonly MetricOverride[] = []) {
  const byId = new Map(overrides.map((o) => [o.id, o]));
  return defaults.map((d) => MetricSpec.parse({ ...d, ...stripUndefined(byId.get(d.id) ?? {}) }));
}

/** For a schema's superRefine: the override ids that name no built-in metric. */
export function unknownOverrides(defaults: readonly { id: string }[], overrides: readonly MetricOverride[] = []): number[] {
  const known = new Set(defaults.map((d) => d.id));
  return overrides.flatMap((o, i) => (known.has(o.id) ? [] : [i]));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
