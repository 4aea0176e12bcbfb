/**
 * What the room saw when a decision was logged, frozen with it: each metric's value, status
 * and staleness as the room held them at `seq`, and, for a backdated decision, each metric's
 * value at the occurred time, read from its history where the history reaches that far back.
 */
import { isStale, type MetricState } from '#shared/metrics';
import type { DecisionEvidence, PastMetric, SeenMetric } from '#shared/timeline';
import { isoAt } from '../clock';

export function freezeEvidence(metrics: readonly MetricState[], seq: number, now: number, occurredAt: number): DecisionEvidence {
  const shown = metrics.filter((m) => !m.def.hidden);
  const seen = shown.map(
    (m): SeenMetric => ({
      id: m.def.id,
      label: m.def.label,
      unit: m.def.unit,
      value: m.value,
      status: m.status,
      sampledAt: m.sampledAt,
      stale: m.stale || isStale(m, now),
    }),
  );
  const backdated = occurredAt < now - 60_000;
  const atOccurred = backdated ? shown.flatMap((m) => valueAt(m, occurredAt) ?? []) : null;
  return { seq, capturedAt: isoAt(now), metrics: seen, atOccurred };
}

/** The last point at or before `at`, if the history has a point at or before it at all. */
export function valueAt(m: MetricState, at: number): PastMetric | null {
  const { history } = m;
  if (history.length === 0 || history[0]![0] > at) return null;
  let lo = 0;
  let hi = history.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (history[mid]![0] <= at) lo = mid;
    else hi = mid - 1;
  }
  const [sampledAt, value] = history[lo]!;
  return { id: m.def.id, label: m.def.label, unit: m.def.unit, value, sampledAt };
}
