import express, { type Router } from 'express';
import { Sample, SampleBatch } from '#shared/metrics';
import type { Clock } from '../clock';
import { parse } from '../http/validate';
import type { LiveMetrics, TimedSample } from './live-metrics';

/** POST /api/ingest: one sample or an array of them, from any script. */
export function ingestRoutes(live: LiveMetrics, clock: Clock): Router {
  const router = express.Router();
  router.post('/', (req, res) => {
    const samples = Array.isArray(req.body) ? parse(SampleBatch, req.body) : [parse(Sample, req.body ?? null)];
    const now = clock.now();
    const timed: TimedSample[] = samples.map((s) => ({
      metric: s.metric,
      value: s.value,
      at: s.at === undefined ? now : Date.parse(s.at),
      source: s.source ?? 'api',
    }));
    res.status(202).json(live.ingest(timed));
  });
  return router;
}
