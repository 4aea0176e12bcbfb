/**
 * `raid`: software RAID rebuilds through node_exporter's `node_md_*` series in Prometheus —
 * arrays rebuilding, queued and degraded, % synced and ETA per array, the slowest ETA overall.
 */
import { z } from 'zod';
import { MetricSpec, toMetricDef } from '../../config/metric-spec';
import { ChildMetrics, childMaxAge } from '../child-metrics';
import type { SourceType } from '../feed-source';
import { polledSource } from '../polled-source';
import { type PromConnection, promGet } from '../prometheus/prom-client';
import { applyOverrides, defaultStaleMs, HttpSpec, MetricOverride, PolledSource, pollTiming, unknownOverrides } from '../source-spec';
import { raidMetricSpecs } from './raid-metrics';
import { raidObservations } from './raid-observations';
import { RaidOptions, type RaidQueryName, raidQueries } from './raid-queries';
import type { RaidResults } from './raid-arrays';

/** The queries are evaluated this far back, so a scrape still being written does not split the join. */
const EVALUATION_LAG_MS = 1500;

export const RaidSpec = z
  .strictObject({
    ...PolledSource,
    type: z.literal('raid'),
    /** The Prometheus that scrapes the hypervisors' node_exporters. */
    url: z.url(),
    ...HttpSpec,
    ...RaidOptions.shape,
    metrics: z.array(MetricOverride).default([]),
  })
  .superRefine((spec, ctx) => {
    for (const i of unknownOverrides(raidMetricSpecs(spec.prefix), spec.metrics)) {
      ctx.addIssue({ code: 'custom', path: ['metrics', i, 'id'], message: `a raid source writes no metric ${spec.metrics[i]!.id}` });
    }
  });
export type RaidSpec = z.infer<typeof RaidSpec>;

export const raidSource: SourceType<RaidSpec> = {
  type: 'raid',
  schema: RaidSpec,
  metricDefs: (spec) => applyOverrides(raidMetricSpecs(spec.prefix), spec.metrics).map((m) => toMetricDef(m, spec.id, defaultStaleMs(spec))),
  create(spec, ctx) {
    const base = raidSource.metricDefs(spec);
    const children = new ChildMetrics(() => base);
    const staleMs = defaultStaleMs(spec);
    const prom: PromConnection = { url: spec.url, auth: spec.auth, headers: spec.headers };
    const queries = Object.entries(raidQueries(spec)) as [RaidQueryName, string][];
    return polledSource(
      {
        id: spec.id,
        type: 'raid',
        timing: pollTiming(spec),
        metrics: () => children.all(),
        poll: async (signal) => {
          const now = ctx.clock.now();
          const time = String((now - EVALUATION_LAG_MS) / 1000);
          const answers = await Promise.all(queries.map(async ([name, query]) => [name, await promGet(prom, '/api/v1/query', { query, time }, signal)] as const));
          const reading = raidObservations(Object.fromEntries(answers) as RaidResults, spec, now);
          const defs = reading.children.flatMap((c) => [c.pct, c.eta].map((m) => toMetricDef(MetricSpec.parse(m), spec.id, staleMs)));
          const added = children.see(defs, now);
          if (children.prune(now, childMaxAge(staleMs)) || added) ctx.redefine();
          return reading.observations.map((o) => ({ ...o, at: now }));
        },
      },
      ctx,
    );
  },
};
