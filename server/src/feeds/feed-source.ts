/**
 * The seam for live data. A source turns a real system (Prometheus, Ceph, Pulsar brokers,
 * Alertmanager, a script posting to /api/ingest) into observations and writes them through its
 * context; it never touches rooms or sockets. The registry (registry.ts) builds sources from the
 * config and wires their contexts.
 */
import type { Router } from 'express';
import type { z } from 'zod';
import type { AlertPanel } from '#shared/alerts';
import type { FeedStatus } from '#shared/feeds';
import type { MetricDef } from '#shared/metrics';
import type { SystemKind } from '#shared/timeline';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { LiveMetrics } from '../metrics/live-metrics';
import type { Observation } from './observation';

export interface FeedSource {
  readonly id: string;
  readonly type: string;
  /** The metrics it writes now: the configured ones and any it discovered (a split's children). */
  metrics(): MetricDef[];
  start(): void;
  /** Resolves once nothing it started is still running. */
  stop(): Promise<void>;
  status(): Omit<FeedStatus, 'id' | 'type' | 'metrics' | 'staleMetrics'>;
  /** Routes a push source receives on, mounted at /api/feeds/<id>/. */
  readonly routes?: Router;
}

export type SourceContext = {
  clock: Clock;
  logger: Logger;
  /** In [0, 1): jitter, injectable so tests can pin it. */
  random: () => number;
  /** The platform's live metrics: push sources validate ingests against it. */
  live: LiveMetrics;
  /** Writes one poll's (or push's) observations. */
  observe(observations: readonly Observation[]): void;
  /** The whole source failed: every metric it writes shows why. */
  fail(message: string): void;
  /** Its `metrics()` changed: the registry reads them again. */
  redefine(): void;
  /** A timeline entry for every open incident that follows this source. */
  post(kind: SystemKind, text: string): void;
  /** This source's alert panel changed (Alertmanager). */
  alerts(panel: AlertPanel): void;
};

/** One kind of source: its config schema and how to build it. */
export type SourceType<S extends { id: string; type: string }> = {
  type: S['type'];
  schema: z.ZodType<S, unknown>;
  /** The metrics a configured source declares, for the config checks (ids unique, limits known). */
  metricDefs(spec: S): MetricDef[];
  create(spec: S, ctx: SourceContext): FeedSource;
};
