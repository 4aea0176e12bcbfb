/**
 * `ceph`: `ceph status --format json`, fetched from a URL or by running a configured command
 * (no shell, with a timeout and an output cap: `ceph status` blocks without monitor quorum).
 */
import { z } from 'zod';
import { toMetricDef } from '../../config/metric-spec';
import type { SourceType } from '../feed-source';
import { fetchText } from '../http/fetch-text';
import { runCommand } from '../command/run-command';
import { FeedError } from '../observation';
import { polledSource } from '../polled-source';
import { applyOverrides, defaultStaleMs, HttpSpec, MetricOverride, PolledSource, pollTiming, unknownOverrides } from '../source-spec';
import { cephMetricSpecs } from './ceph-metrics';
import { cephObservations } from './ceph-observations';
import { parseCephStatus } from './ceph-status';

const MAX_OUTPUT_BYTES = 1_000_000;

export const CephSpec = z
  .strictObject({
    ...PolledSource,
    type: z.literal('ceph'),
    /** An HTTP endpoint serving `ceph status --format json`… */
    url: z.url().optional(),
    /** …or the command that prints it, as an argv list: `[ceph, status, --format, json]`. */
    command: z.array(z.string().min(1)).min(1).optional(),
    ...HttpSpec,
    /** Metric ids start with this; two clusters need two prefixes. */
    prefix: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/).default('ceph'),
    metrics: z.array(MetricOverride).default([]),
  })
  .superRefine((spec, ctx) => {
    if ((spec.url === undefined) === (spec.command === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'give a url or a command (one of the two)' });
    }
    for (const i of unknownOverrides(cephMetricSpecs(spec.prefix), spec.metrics)) {
      ctx.addIssue({ code: 'custom', path: ['metrics', i, 'id'], message: `a ceph source writes no metric ${spec.metrics[i]!.id}` });
    }
  });
export type CephSpec = z.infer<typeof CephSpec>;

export const cephSource: SourceType<CephSpec> = {
  type: 'ceph',
  schema: CephSpec,
  metricDefs: (spec) => applyOverrides(cephMetricSpecs(spec.prefix), spec.metrics).map((m) => toMetricDef(m, spec.id, defaultStaleMs(spec))),
  create(spec, ctx) {
    const timing = pollTiming(spec);
    const read = async (signal: AbortSignal): Promise<string> => {
      if (spec.command) return runCommand(spec.command, { timeoutMs: timing.timeoutMs, maxBytes: MAX_OUTPUT_BYTES, signal });
      const res = await fetchText(spec.url!, { signal, auth: spec.auth, headers: spec.headers, maxBytes: MAX_OUTPUT_BYTES });
      if (res.status !== 200) throw new FeedError(`HTTP ${res.status} ${res.statusText} from ${new URL(spec.url!).host}`);
      return res.body;
    };
    return polledSource(
      {
        id: spec.id,
        type: 'ceph',
        timing,
        metrics: () => cephSource.metricDefs(spec),
        poll: async (signal) => cephObservations(parseCephStatus(await read(signal)), ctx.clock.now(), spec.prefix),
      },
      ctx,
    );
  },
};
