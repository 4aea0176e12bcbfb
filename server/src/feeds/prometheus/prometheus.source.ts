/**
 * `prometheus`: one PromQL instant query per configured metric each poll (`reduce` or `split`
 * for vectors), and at start a `query_range` backfill so a restarted server does not show an
 * empty hour. A query that fails marks its own metric; all of them failing marks the source.
 */
import { z } from 'zod';
import type { MetricDef } from '#shared/metrics';
import { Duration } from '../../config/duration';
import { MetricSpec, toMetricDef } from '../../config/metric-spec';
import { ChildMetrics, childMaxAge } from '../child-metrics';
import type { SourceContext, SourceType } from '../feed-source';
import { FeedError, type Observation } from '../observation';
import { polledSource } from '../polled-source';
import { defaultStaleMs, HttpSpec, PolledSource, pollTiming } from '../source-spec';
import { type PromConnection, promGet } from './prom-client';
import { promObservations } from './prom-observations';
import { PromMetricQuery, groupSeries } from './prom-query';
import { promRangeParams, promRangePoints } from './prom-range';
import { splitMetricLabel } from './split-metric';

export const PromMetricSpec = MetricSpec.extend(PromMetricQuery.omit({ id: true }).shape).refine((m) => !(m.reduce && m.split), {
  message: 'give reduce or split, not both',
});

export const PrometheusSpec = z.strictObject({
  ...PolledSource,
  type: z.literal('prometheus'),
  url: z.url(),
  ...HttpSpec,
  /** How much history to load into the sparklines at start (0s: none). */
  backfill: z.union([Duration, z.literal('0s').transform(() => 0)]).default(3_600_000),
  metrics: z.array(PromMetricSpec).min(1).max(100),
});
export type PrometheusSpec = z.infer<typeof PrometheusSpec>;

export const prometheusSource: SourceType<PrometheusSpec> = {
  type: 'prometheus',
  schema: PrometheusSpec,
  metricDefs: (spec) => spec.metrics.map((m) => toMetricDef(m, spec.id, defaultStaleMs(spec))),
  create(spec, ctx) {
    const base = prometheusSource.metricDefs(spec);
    const children = new ChildMetrics(() => base);
    const prom: PromConnection = { url: spec.url, auth: spec.auth, headers: spec.headers };
    let backfilled = spec.backfill === 0;

    const query = async (m: PrometheusSpec['metrics'][number], signal: AbortSignal): Promise<Observation[]> => {
      const now = ctx.clock.now();
      const data = await promGet(prom, '/api/v1/query', { query: m.query }, signal);
      // Stamped with our clock, like every source: a skewed Prometheus clock must not make data look stale or fresh.
      const observations = promObservations(m, data, now).map((o) => ({ ...o, at: now }));
      if (m.split !== undefined && data.resultType === 'vector') {
        const shown = new Set(observations.map((o) => o.metric));
        learnChildren(children, ctx, base, m, groupSeries(m, data.result).groups.filter((g) => shown.has(g.id)));
      }
      return observations;
    };

    /** Before the first live sample, or the backfilled points (older) would be ignored. */
    const backfill = async (signal: AbortSignal) => {
      backfilled = true;
      const params = (q: string) => promRangeParams(q, ctx.clock.now(), { lookbackMs: spec.backfill });
      await Promise.all(
        spec.metrics.map(async (m) => {
          try {
            const data = await promGet(prom, '/api/v1/query_range', params(m.query), signal);
            const { points } = promRangePoints(m, data);
            if (m.split !== undefined && data.resultType === 'matrix') {
              learnChildren(children, ctx, base, m, groupSeries(m, data.result).groups.filter((g) => g.id in points));
            }
            ctx.observe(Object.entries(points).flatMap(([metric, pts]) => pts.map(([at, value]) => ({ metric, value, at }))));
          } catch (error) {
            // A backfill is a nicety: the live query right after says what is wrong, if anything is.
            ctx.logger.warn({ err: error, metric: m.id }, 'backfill failed');
          }
        }),
      );
    };

    return polledSource(
      {
        id: spec.id,
        type: 'prometheus',
        timing: pollTiming(spec),
        metrics: () => withSplitParentsHidden(children.all(), spec),
        poll: async (signal) => {
          if (!backfilled) await backfill(signal);
          const settled = await Promise.allSettled(spec.metrics.map((m) => query(m, signal)));
          const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
          if (failures.length === settled.length) throw failures[0];
          if (children.prune(ctx.clock.now(), childMaxAge(defaultStaleMs(spec)))) ctx.redefine();
          return settled.flatMap((r, i): Observation[] =>
            r.status === 'fulfilled' ? r.value : [{ metric: spec.metrics[i]!.id, at: ctx.clock.now(), value: null, problem: describe(r.reason) }],
          );
        },
      },
      ctx,
    );
  },
};

/**
 * A split metric is shown by its children, one tile per label value; its own tile shows only
 * while it has none (a query with no series yet says "no data" there, not nowhere).
 */
function withSplitParentsHidden(defs: MetricDef[], spec: PrometheusSpec): MetricDef[] {
  const parents = new Set(spec.metrics.filter((m) => m.split !== undefined).map((m) => m.id));
  const hasChildren = (id: string) => defs.some((d) => d.id.startsWith(`${id}.`) && d.id !== id);
  return defs.map((d) => (parents.has(d.id) && hasChildren(d.id) ? { ...d, hidden: true } : d));
}

/** Defines the split children a query answered with, labelled by their split value. */
function learnChildren(
  children: ChildMetrics,
  ctx: SourceContext,
  base: MetricDef[],
  m: PrometheusSpec['metrics'][number],
  groups: { id: string; splitValue: string | null }[],
): void {
  const parent = base.find((d) => d.id === m.id)!;
  const defs = groups.map((g) => ({ ...parent, id: g.id, label: splitMetricLabel(parent.label, g.splitValue ?? '') }));
  if (children.see(defs, ctx.clock.now())) ctx.redefine();
}

const describe = (error: unknown) => (error instanceof FeedError ? error.message : 'internal error in the adapter (see the server log)');
