/**
 * `push`: whatever a script posts to `POST /api/ingest` (or `/api/feeds/<id>/ingest`). Its
 * configured metrics get their labels and thresholds; any other id it sends is created plain.
 */
import express from 'express';
import { z } from 'zod';
import { SourceId } from '#shared/incident';
import { SampleBatch, Sample } from '#shared/metrics';
import { Duration } from '../../config/duration';
import { MetricSpec, toMetricDef } from '../../config/metric-spec';
import { parse } from '../../http/validate';
import type { TimedSample } from '../../metrics/live-metrics';
import type { FeedSource, SourceType } from '../feed-source';

export const PushSpec = z.strictObject({
  id: SourceId,
  type: z.literal('push'),
  /** Scripts push when they like: stale after this long without a sample, per metric. */
  staleAfter: Duration.default(2 * 60_000),
  metrics: z.array(MetricSpec).max(200).default([]),
});
export type PushSpec = z.infer<typeof PushSpec>;

export type PushSource = FeedSource & { ingest(body: unknown): { accepted: number; ignored: number } };

export const pushSource: SourceType<PushSpec> = {
  type: 'push',
  schema: PushSpec,
  metricDefs: (spec) => spec.metrics.map((m) => toMetricDef(m, spec.id, spec.staleAfter)),
  create(spec, ctx): PushSource {
    let lastSuccessAt: number | null = null;
    const ingest = (body: unknown) => {
      const samples = Array.isArray(body) ? parse(SampleBatch, body) : [parse(Sample, body ?? null)];
      const now = ctx.clock.now();
      const timed = samples.map(
        (s): TimedSample => ({ metric: s.metric, value: s.value, at: s.at === undefined ? now : Date.parse(s.at), source: s.source ?? 'api' }),
      );
      const result = ctx.live.ingest(timed, { id: spec.id, staleAfterMs: spec.staleAfter });
      lastSuccessAt = now;
      return result;
    };
    const routes = express.Router();
    routes.post('/ingest', (req, res) => {
      res.status(202).json(ingest(req.body));
    });
    return {
      id: spec.id,
      type: 'push',
      metrics: () => pushSource.metricDefs(spec),
      start: () => {},
      stop: async () => {},
      status: () => ({
        state: lastSuccessAt === null ? 'waiting' : 'ok',
        intervalMs: null,
        lastSuccessAt,
        lastError: null,
        latencyMs: null,
        nextPollAt: null,
        consecutiveFailures: 0,
      }),
      routes,
      ingest,
    };
  },
};

export const isPushSource = (source: FeedSource): source is PushSource => source.type === 'push';
