/**
 * The authoritative current value of every metric. Samples arrive at any rate;
 * `flush` publishes what changed at most once per push interval (coalescing).
 */
import { applyMetricChanges, HISTORY_LIMIT } from '#shared/sync';
import { evaluateStatus, type MetricChange, type MetricDef, type MetricPoint, type MetricState } from '#shared/metrics';
import type { Clock } from '../clock';
import { AppError } from '../http/app-error';
import { adHocMetric } from './metric-catalog';

/** A sample after validation: time resolved to Unix ms, source named. */
export type TimedSample = { metric: string; value: number; at: number; source: string };

type Pending = { value: number; at: number; source: string; points: MetricPoint[] };

const MAX_METRICS = 64;
/** A feed's clock may run a little ahead of ours; further than this, its timestamps are wrong. */
const MAX_FUTURE_MS = 60_000;

export class LiveMetrics {
  private published: Record<string, MetricState> = {};
  private pending = new Map<string, Pending>();

  /** `onPending` is told whenever samples are waiting for `flush` (the server schedules its push on it). */
  constructor(
    catalog: MetricDef[],
    private readonly clock: Clock,
    private readonly onPending: () => void = () => {},
  ) {
    for (const def of catalog) {
      this.published[def.id] = { def, value: null, status: 'unknown', sampledAt: null, source: null, limit: null, history: [] };
    }
  }

  /**
   * Takes samples all-or-nothing: a bad one rejects the batch before anything changes.
   * Samples older than a metric's latest are ignored (counted, not stored).
   */
  ingest(samples: TimedSample[]): { accepted: number; ignored: number } {
    const now = this.clock.now();
    const newIds = new Set<string>();
    samples.forEach((s, i) => {
      if (s.at > now + MAX_FUTURE_MS) {
        throw new AppError('bad_request', `[${i}].at: more than 60 s in the future of the server clock`, `[${i}].at`);
      }
      if (!this.published[s.metric] && !this.pending.has(s.metric)) newIds.add(s.metric);
    });
    const known = new Set([...Object.keys(this.published), ...this.pending.keys()]).size;
    if (known + newIds.size > MAX_METRICS) {
      throw new AppError('bad_request', `metric: at most ${MAX_METRICS} distinct metrics are kept`, 'metric');
    }
    let ignored = 0;
    for (const s of samples) {
      const latest = this.pending.get(s.metric)?.at ?? this.published[s.metric]?.sampledAt ?? -Infinity;
      if (s.at <= latest) {
        ignored++;
        continue;
      }
      const p = this.pending.get(s.metric);
      if (p) Object.assign(p, { value: s.value, at: s.at, source: s.source }).points.push([s.at, s.value]);
      else this.pending.set(s.metric, { value: s.value, at: s.at, source: s.source, points: [[s.at, s.value]] });
    }
    if (this.pending.size > 0) this.onPending();
    return { accepted: samples.length - ignored, ignored };
  }

  /** Publishes pending samples; returns the changes to broadcast (empty if none). */
  flush(): MetricChange[] {
    if (this.pending.size === 0) return [];
    const changedIds = new Set(this.pending.keys());
    // A capacity changing changes the status of the metrics measured against it.
    for (const m of Object.values(this.published)) {
      if (m.def.limitOf !== null && changedIds.has(m.def.limitOf)) changedIds.add(m.def.id);
    }
    const latestValue = (id: string) => this.pending.get(id)?.value ?? this.published[id]?.value ?? null;
    const changes: MetricChange[] = [];
    for (const id of changedIds) {
      const prev = this.published[id];
      const p = this.pending.get(id);
      const def = prev?.def ?? adHocMetric(id);
      const value = p?.value ?? prev?.value ?? null;
      const limit = def.limitOf === null ? null : latestValue(def.limitOf);
      changes.push({
        id,
        value,
        status: evaluateStatus(def, value, limit),
        sampledAt: p?.at ?? prev?.sampledAt ?? null,
        source: p?.source ?? prev?.source ?? null,
        limit,
        // A burst longer than a sparkline only needs its end.
        points: p ? p.points.slice(-HISTORY_LIMIT) : [],
        ...(prev ? {} : { def }),
      });
    }
    this.pending.clear();
    this.published = applyMetricChanges(this.published, changes);
    return changes;
  }

  snapshot(): MetricState[] {
    return Object.values(this.published);
  }
}
