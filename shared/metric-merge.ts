/** How a metric's state takes in a delta's readings and points (rule S6 of docs/protocol.md). */
import type { MetricChange, MetricState } from './metrics';

/** Points kept per metric for sparklines. */
export const HISTORY_LIMIT = 500;

/** Applies one delta's changes; points older than a metric's last point are ignored (S6). */
export function applyMetricChanges(
  metrics: ReadonlyMap<string, MetricState>,
  changes: readonly MetricChange[],
  removed: readonly string[] = [],
): Map<string, MetricState> {
  const next = new Map(metrics);
  for (const { id, points, def, ...reading } of changes) {
    const prev = next.get(id);
    const metricDef = def ?? prev?.def;
    if (metricDef === undefined) continue; // a change for a metric we never saw: caller resyncs
    next.set(id, { def: metricDef, ...reading, history: appendPoints(prev?.history ?? [], points) });
  }
  for (const id of removed) next.delete(id);
  return next;
}

function appendPoints(history: MetricState['history'], points: MetricChange['points']): MetricState['history'] {
  const lastAt = history[history.length - 1]?.[0] ?? -Infinity;
  const fresh = points.filter(([at]) => at > lastAt);
  if (fresh.length === 0) return history;
  // One copy, already trimmed: this runs for every metric on every delta.
  const merged = history.slice(Math.max(0, history.length + fresh.length - HISTORY_LIMIT));
  for (const point of fresh.length > HISTORY_LIMIT ? fresh.slice(fresh.length - HISTORY_LIMIT) : fresh) merged.push(point);
  return merged;
}
