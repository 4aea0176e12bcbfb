/** A scenario metric's value at an instant of recorded time: pure, no clock. */
import type { ResolvedScenario, ScenarioMetric } from './scenario-resolve';

/**
 * Linear between keyframes, flat before the first and after the last, rounded to the
 * metric's decimals. `null` inside a gap: the source sent nothing then, so the drill sends
 * no sample and the tile goes stale, as it did during the incident (never a 0).
 */
export function valueAt(metric: Pick<ScenarioMetric, 'keyframes' | 'gaps' | 'decimals'>, atMs: number): number | null {
  if (metric.gaps.some((g) => atMs >= g.from && atMs < g.to)) return null;
  const { keyframes } = metric;
  const first = keyframes[0];
  if (first === undefined) return null;
  let value = first[1];
  if (atMs > first[0]) {
    const next = keyframes.findIndex(([t]) => t >= atMs);
    if (next === -1) value = keyframes.at(-1)![1];
    else {
      const [t0, v0] = keyframes[next - 1]!;
      const [t1, v1] = keyframes[next]!;
      value = v0 + ((v1 - v0) * (atMs - t0)) / (t1 - t0);
    }
  }
  const scale = 10 ** metric.decimals;
  return Math.round(value * scale) / scale;
}

/** Every metric with a value at `atMs` (recorded time); metrics inside a gap are left out. */
export function valuesAt(scenario: Pick<ResolvedScenario, 'metrics'>, atMs: number): { metric: string; value: number }[] {
  const values: { metric: string; value: number }[] = [];
  for (const m of scenario.metrics) {
    const value = valueAt(m, atMs);
    if (value !== null) values.push({ metric: m.id, value });
  }
  return values;
}
