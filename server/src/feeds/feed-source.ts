/**
 * The seam for live data: the simulator today, Prometheus, Ceph, Pulsar and Alertmanager
 * adapters later. A source pushes timed samples into a sink and never touches the rooms.
 */
import type { TimedSample } from '../metrics/live-metrics';

export interface SampleSink {
  ingest(samples: TimedSample[]): unknown;
}

export interface FeedSource {
  readonly name: string;
  start(sink: SampleSink): Promise<void>;
  /** Resolves once nothing the source started is still writing. */
  stop(): Promise<void>;
}
