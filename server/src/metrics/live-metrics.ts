/**
 * The authoritative current state of one scope's metrics: the platform's (written by the real
 * feed sources) or one drill's. Samples and source errors arrive at any rate; `flush` publishes
 * what changed at most once per push interval (coalescing), and `sweep` notices what went stale.
 */
import { applyMetricChanges, HISTORY_LIMIT } from '#shared/metric-merge';
import { evaluateStatus, isStale, type MetricChange, type MetricDef, type MetricPoint, type MetricState, type MetricStatus } from '#shared/metrics';
import { trendOf } from '#shared/progress';
import type { Clock } from '../clock';
import { AppError } from '../http/app-error';

/** A sample after validation: time resolved to Unix ms, sender named. */
export type TimedSample = { metric: string; value: number; at: number; source: string; detail?: string };

export type MetricEvents = {
  /** Samples or errors are waiting for `flush` (the server schedules its push on it). */
  onPending?: () => void;
  /** A status moved between ok, warn and crit (not to or from unknown). */
  onCrossing?: (metric: MetricState, from: MetricStatus) => void;
  /** A metric went stale, or came back. */
  onStaleChange?: (metric: MetricState) => void;
};

type Pending = {
  value?: number;
  at?: number;
  source?: string;
  detail?: string | null;
  problem?: string | null;
  points: MetricPoint[];
  /** The definition changed (or is new): send it with the change. */
  def?: MetricDef;
};

/** Metrics a script may create by sending them to /api/ingest, beyond the configured ones. */
const MAX_AD_HOC = 64;
/** A feed's clock may run a little ahead of ours; further than this, its timestamps are wrong. */
const MAX_FUTURE_MS = 60_000;

export class LiveMetrics {
  private readonly metrics = new Map<string, MetricState>();
  private readonly pending = new Map<string, Pending>();
  private readonly removed = new Set<string>();
  private readonly adHoc = new Set<string>();
  /** Each metric's value and when it took it: a stall longer than the sparkline's history still shows. */
  private readonly unchanged = new Map<string, { value: number; since: number }>();

  constructor(
    readonly scope: string,
    private readonly clock: Clock,
    private readonly events: MetricEvents = {},
  ) {}

  /** Replaces one source's definitions: new ones appear with no data, changed ones are re-sent, missing ones are removed. */
  defineSource(source: string, defs: readonly MetricDef[]): void {
    const wanted = new Map(defs.map((d) => [d.id, d]));
    for (const [id, m] of this.metrics) {
      if (m.def.source === source && !wanted.has(id) && !this.adHoc.has(id)) this.remove(id);
    }
    for (const def of wanted.values()) {
      const owner = this.metrics.get(def.id)?.def.source;
      if (owner !== undefined && owner !== source && !this.adHoc.has(def.id)) continue; // the config loader refuses such clashes
      this.adHoc.delete(def.id);
      this.setDef(def);
    }
    this.told();
  }

  /** A source removed from the config: its metrics go, those scripts created through it too. */
  removeSource(source: string): void {
    for (const [id, m] of this.metrics) if (m.def.source === source) this.remove(id);
    this.told();
  }

  /** Brings back a metric a script created before a restart (its history follows with `restore`). */
  recreate(id: string, owner: { id: string; staleAfterMs: number }): void {
    if (this.metrics.has(id) || this.adHoc.size >= MAX_AD_HOC) return;
    this.adHoc.add(id);
    this.setDef(adHocMetric(id, owner.id, owner.staleAfterMs));
  }

  /** Seeds a metric's history from the store at start, so a restart keeps its sparkline (and its staleness). */
  restore(id: string, points: readonly MetricPoint[]): void {
    const m = this.metrics.get(id);
    const last = points[points.length - 1];
    if (!m || !last || m.sampledAt !== null) return;
    const history = points.slice(-HISTORY_LIMIT);
    const limit = m.def.limitOf === null ? null : (this.metrics.get(m.def.limitOf)?.value ?? null);
    this.metrics.set(id, { ...m, history, value: last[1], sampledAt: last[0], status: evaluateStatus(m.def, last[1], limit) });
  }

  /**
   * Takes samples from a push source (`owner`) all-or-nothing: a bad one rejects the batch before
   * anything changes. It may write its own metrics and create plain ones, never another source's.
   * Samples older than a metric's latest are ignored (counted, not stored).
   */
  ingest(samples: readonly TimedSample[], owner: { id: string; staleAfterMs: number }): { accepted: number; ignored: number } {
    const now = this.clock.now();
    const created = new Set<string>();
    samples.forEach((s, i) => {
      if (s.at > now + MAX_FUTURE_MS) {
        throw new AppError('bad_request', `[${i}].at: more than 60 s in the future of the server clock`, `[${i}].at`);
      }
      const writer = this.metrics.get(s.metric)?.def.source;
      if (writer === undefined) created.add(s.metric);
      else if (writer !== owner.id) {
        throw new AppError('bad_request', `[${i}].metric: ${s.metric} is written by the ${writer} feed, not by ${owner.id}`, `[${i}].metric`);
      }
    });
    if (this.adHoc.size + created.size > MAX_AD_HOC) {
      throw new AppError('bad_request', `metric: at most ${MAX_AD_HOC} metrics can be created by /api/ingest; define more in the config`, 'metric');
    }
    for (const id of created) {
      this.adHoc.add(id);
      this.setDef(adHocMetric(id, owner.id, owner.staleAfterMs));
    }
    const ignored = this.accept(samples);
    this.told();
    return { accepted: samples.length - ignored, ignored };
  }

  /** A feed's good samples. Unknown metrics are ignored: a source writes only what it defined. */
  write(samples: readonly TimedSample[]): void {
    this.accept(samples.filter((s) => this.metrics.has(s.metric)));
    this.told();
  }

  /** Why these metrics have no good value now; their last value stays, aging towards stale. */
  problem(ids: readonly string[], problem: string): void {
    for (const id of ids) if (this.metrics.has(id)) this.pendingFor(id).problem = problem;
    this.told();
  }

  /** Every metric a source writes, for a failure of the whole source. */
  idsOf(source: string): string[] {
    return [...this.metrics.values()].filter((m) => m.def.source === source).map((m) => m.def.id);
  }

  /** Metrics that had a value and have gone stale (for /metrics). */
  staleCount(): number {
    const now = this.clock.now();
    let n = 0;
    for (const m of this.metrics.values()) if (m.sampledAt !== null && isStale(m, now)) n++;
    return n;
  }

  /** Notices metrics that went stale or came back since the last sweep (or flush). */
  sweep(): void {
    const now = this.clock.now();
    for (const [id, m] of this.metrics) {
      if (isStale(m, now) !== m.stale) this.pendingFor(id);
    }
    this.told();
  }

  /** Publishes what is pending; returns the changes to broadcast and the ids removed. */
  flush(): { changes: MetricChange[]; removed: string[] } {
    const removed = [...this.removed];
    this.removed.clear();
    if (this.pending.size === 0) return { changes: [], removed };
    const now = this.clock.now();
    const changedIds = new Set(this.pending.keys());
    // A capacity changing changes the status of the metrics measured against it.
    for (const m of this.metrics.values()) {
      if (m.def.limitOf !== null && changedIds.has(m.def.limitOf)) changedIds.add(m.def.id);
    }
    const latestValue = (id: string) => this.pending.get(id)?.value ?? this.metrics.get(id)?.value ?? null;
    const changes: MetricChange[] = [];
    const before = new Map<string, MetricState>();
    for (const id of changedIds) {
      const prev = this.metrics.get(id);
      if (!prev) continue;
      before.set(id, prev);
      const p = this.pending.get(id);
      const value = p?.value ?? prev.value;
      const sampledAt = p?.at ?? prev.sampledAt;
      const limit = prev.def.limitOf === null ? null : latestValue(prev.def.limitOf);
      changes.push({
        id,
        value,
        status: evaluateStatus(p?.def ?? prev.def, value, limit),
        sampledAt,
        source: p?.source ?? prev.source,
        limit,
        stale: isStale({ sampledAt, def: p?.def ?? prev.def }, now),
        problem: p?.problem !== undefined ? p.problem : prev.problem,
        detail: p?.detail !== undefined ? p.detail : prev.detail,
        trend: prev.trend,
        // A burst longer than a sparkline only needs its end.
        points: p ? p.points.slice(-HISTORY_LIMIT) : [],
        ...(p?.def ? { def: p.def } : {}),
      });
    }
    this.pending.clear();
    const next = applyMetricChanges(this.metrics, changes);
    for (const change of changes) {
      const state = next.get(change.id)!;
      if (state.def.progress && change.points.length > 0) {
        change.trend = trendOf(state.history, state.def.progress, this.unchangedSince(change.id, change.points));
        state.trend = change.trend;
      }
      this.metrics.set(change.id, state);
      this.report(before.get(change.id)!, state);
    }
    return { changes, removed };
  }

  /** Every metric, or those `follows` accepts, with staleness as of now. */
  snapshot(follows: (def: MetricDef) => boolean = () => true): MetricState[] {
    const now = this.clock.now();
    const out: MetricState[] = [];
    for (const m of this.metrics.values()) if (follows(m.def)) out.push({ ...m, stale: isStale(m, now) });
    return out;
  }

  get(id: string): MetricState | undefined {
    return this.metrics.get(id);
  }

  private unchangedSince(id: string, points: readonly MetricPoint[]): number {
    let u = this.unchanged.get(id);
    for (const [at, value] of points) {
      if (u?.value !== value) this.unchanged.set(id, (u = { value, since: at }));
    }
    return u!.since;
  }

  private report(prev: MetricState, next: MetricState): void {
    if (known(prev.status) && known(next.status) && prev.status !== next.status) this.events.onCrossing?.(next, prev.status);
    if (prev.stale !== next.stale) this.events.onStaleChange?.(next);
  }

  /** Returns how many samples were ignored as older than their metric's latest. */
  private accept(samples: readonly TimedSample[]): number {
    let ignored = 0;
    for (const s of samples) {
      const latest = this.pending.get(s.metric)?.at ?? this.metrics.get(s.metric)?.sampledAt ?? -Infinity;
      if (s.at <= latest) {
        ignored++;
        continue;
      }
      const p = this.pendingFor(s.metric);
      Object.assign(p, { value: s.value, at: s.at, source: s.source, detail: s.detail ?? null, problem: null });
      p.points.push([s.at, s.value]);
    }
    return ignored;
  }

  private setDef(def: MetricDef): void {
    const prev = this.metrics.get(def.id);
    if (prev && JSON.stringify(prev.def) === JSON.stringify(def)) return;
    this.removed.delete(def.id);
    this.metrics.set(def.id, prev ? { ...prev, def } : newMetric(def));
    this.pendingFor(def.id).def = def;
  }

  private remove(id: string): void {
    this.metrics.delete(id);
    this.unchanged.delete(id);
    this.pending.delete(id);
    this.adHoc.delete(id);
    this.removed.add(id);
  }

  private pendingFor(id: string): Pending {
    let p = this.pending.get(id);
    if (!p) this.pending.set(id, (p = { points: [] }));
    return p;
  }

  private told(): void {
    if (this.pending.size > 0 || this.removed.size > 0) this.events.onPending?.();
  }
}

const known = (s: MetricStatus) => s !== 'unknown';

function newMetric(def: MetricDef): MetricState {
  return { def, value: null, status: 'unknown', sampledAt: null, source: null, limit: null, stale: true, problem: null, detail: null, trend: null, history: [] };
}

/** The plain definition of a metric a script sent without configuring it, stale after its push source's time. */
export function adHocMetric(id: string, source: string, staleAfterMs: number): MetricDef {
  return { id, label: id, unit: '', source, thresholds: null, limitOf: null, valueLabels: null, staleAfterMs, hidden: false, progress: null };
}
