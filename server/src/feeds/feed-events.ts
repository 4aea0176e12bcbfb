/**
 * Turns what happens to metrics into timeline entries: a source going stale and recovering
 * (kind `feed`, at most one per source per window) and threshold crossings (kind `metric`, at
 * most one per metric per window, so a flapping metric writes one line).
 */
import type { MetricState, MetricStatus } from '#shared/metrics';
import type { SystemKind } from '#shared/timeline';
import type { Clock } from '../clock';
import type { LiveMetrics, MetricEvents } from '../metrics/live-metrics';
import { EntryThrottle } from './entry-throttle';

export type FeedEventsDeps = {
  clock: Clock;
  live: (scope: string) => LiveMetrics | undefined;
  /** The source's own account of its last failure, if it is failing now. */
  sourceError: (scope: string, source: string) => string | null;
  post: (scope: string, source: string, kind: SystemKind, text: string) => void;
  feedEntriesEveryMs: number;
  metricEntriesEveryMs: number;
};

export class FeedEvents {
  private readonly feeds: EntryThrottle;
  private readonly crossings: EntryThrottle;
  /** When each scope/source went stale, while it is. */
  private readonly staleSince = new Map<string, number>();

  constructor(private readonly deps: FeedEventsDeps) {
    const post = (kind: SystemKind) => (key: string, text: string) => {
      const [scope, source] = JSON.parse(key) as [string, string];
      deps.post(scope, source, kind, text);
    };
    this.feeds = new EntryThrottle(deps.clock, deps.feedEntriesEveryMs, post('feed'));
    this.crossings = new EntryThrottle(deps.clock, deps.metricEntriesEveryMs, post('metric'));
  }

  forScope(scope: string): Omit<MetricEvents, 'onPending'> {
    return {
      onCrossing: (metric, from) => this.crossed(scope, metric, from),
      onStaleChange: (metric) => this.staleChanged(scope, metric.def.source),
    };
  }

  setWindows(feedEntriesEveryMs: number, metricEntriesEveryMs: number): void {
    this.feeds.setWindow(feedEntriesEveryMs);
    this.crossings.setWindow(metricEntriesEveryMs);
  }

  stop(): void {
    this.feeds.stop();
    this.crossings.stop();
  }

  private staleChanged(scope: string, source: string): void {
    const metrics = this.deps.live(scope)?.snapshot((d) => d.source === source) ?? [];
    const sampled = metrics.filter((m) => m.sampledAt !== null);
    const stale = sampled.filter((m) => m.stale);
    const key = JSON.stringify([scope, source]);
    const since = this.staleSince.get(key);
    const now = this.deps.clock.now();
    if (stale.length > 0 && since === undefined) {
      this.staleSince.set(key, now);
      const reason = this.deps.sourceError(scope, source) ?? stale.find((m) => m.problem)?.problem ?? 'no new samples';
      this.feeds.offer(key, 'stale', `${source}: ${stale.length} of ${sampled.length} metrics STALE — ${reason}`);
    } else if (stale.length === 0 && since !== undefined) {
      this.staleSince.delete(key);
      this.feeds.offer(key, 'live', `${source} recovered: data is live again (stale since ${utcTime(since)}, ${minutes(now - since)})`);
    }
  }

  private crossed(scope: string, metric: MetricState, from: MetricStatus): void {
    const key = JSON.stringify([scope, metric.def.id]);
    this.crossings.offer(key, metric.status, `${metric.def.label} ${metric.status.toUpperCase()}: ${reading(metric)} (was ${from.toUpperCase()})`);
  }
}

function reading(m: MetricState): string {
  const label = m.value === null ? null : m.def.valueLabels?.[String(m.value)];
  if (label) return label;
  const value = m.value === null ? '—' : m.value.toLocaleString('en-GB', { maximumFractionDigits: 2 });
  const limit = m.limit === null ? '' : ` / ${m.limit.toLocaleString('en-GB')}`;
  return `${value}${limit}${m.def.unit ? ` ${m.def.unit}` : ''}`;
}

const utcTime = (ms: number) => `${new Date(ms).toISOString().slice(11, 19)} UTC`;
const minutes = (ms: number) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);
