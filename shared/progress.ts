/**
 * Bulk-remediation progress: for a quantity that should fall to zero (VMs missing, a deployment
 * queue, arrays rebuilding), how fast it falls, when it reaches zero, and whether it stopped or
 * turned. Used by the server on every new sample; pure, so tests drive it with made-up histories.
 */
import type { MetricPoint, Progress, Trend } from './metrics';

/** Points the rate is read from: enough for a robust median, few enough to compare all pairs. */
const MAX_POINTS = 48;

/**
 * The Theil–Sen slope: the median of the slopes between every pair of points. A single wild
 * sample (a flapping exporter, a retried scrape) moves it very little, unlike a least-squares
 * fit or first-to-last difference.
 */
export function robustSlope(points: readonly MetricPoint[]): number | null {
  const step = Math.max(1, Math.ceil(points.length / MAX_POINTS));
  const sample = points.filter((_, i) => i % step === 0 || i === points.length - 1);
  const slopes: number[] = [];
  for (let i = 0; i < sample.length; i++) {
    for (let j = i + 1; j < sample.length; j++) {
      const [t0, v0] = sample[i]!;
      const [t1, v1] = sample[j]!;
      if (t1 !== t0) slopes.push((v1 - v0) / (t1 - t0));
    }
  }
  if (slopes.length === 0) return null;
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return slopes.length % 2 ? slopes[mid]! : (slopes[mid - 1]! + slopes[mid]!) / 2;
}

/**
 * Null until the window holds two points. `stalled`: the value has not moved for
 * `stalledAfterMs` while above zero. `steady`: it moves by less than 0.5 % of its value over
 * the window — noise, not progress.
 */
export function trendOf(history: readonly MetricPoint[], progress: Progress, unchangedSince?: number): Trend | null {
  const last = history[history.length - 1];
  if (!last) return null;
  const [lastAt, value] = last;
  if (value <= 0) return { ratePerMin: 0, etaMs: null, state: 'done' };
  const since = unchangedSince ?? unchangedSinceIn(history);
  if (lastAt - since >= progress.stalledAfterMs) return { ratePerMin: 0, etaMs: null, state: 'stalled' };

  const windowFrom = lastAt - progress.windowMs;
  const first = history.findIndex(([at]) => at >= windowFrom);
  const slope = robustSlope(history.slice(first));
  if (slope === null) return null;
  const ratePerMin = slope * 60_000;
  const windowMin = progress.windowMs / 60_000;
  if (Math.abs(ratePerMin * windowMin) < value * 0.005) return { ratePerMin, etaMs: null, state: 'steady' };
  if (ratePerMin > 0) return { ratePerMin, etaMs: null, state: 'rising' };
  return { ratePerMin, etaMs: Math.round((value / -ratePerMin) * 60_000), state: 'falling' };
}

/**
 * Since when the value has stood still, as far as `history` tells: at most since its first
 * point. It may have stood still for longer; a caller who saw every sample knows (`unchangedSince`
 * in trendOf): a history of 500 points at one a second spans only 8 minutes.
 */
function unchangedSinceIn(history: readonly MetricPoint[]): number {
  const value = history[history.length - 1]![1];
  for (let i = history.length - 2; i >= 0; i--) if (history[i]![1] !== value) return history[i + 1]![0];
  return history[0]![0];
}
