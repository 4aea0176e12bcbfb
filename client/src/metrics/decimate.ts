import type { MetricPoint } from '#shared/metrics';

/** Bucket widths, so bucket edges stay put in time as points arrive (no shimmer between redraws). */
const STEPS_MS = [100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];

/**
 * A sparkline is a couple of hundred pixels wide: it gains nothing from more points than that.
 * Keeps, for each time bucket, its lowest and highest point in time order, so every spike
 * still shows, and always the first and the newest point, so the line ends at the number
 * the tile shows; at most about 2 × `buckets` + 2 points.
 */
export function decimate(history: MetricPoint[], buckets = 40): MetricPoint[] {
  if (history.length <= buckets * 2) return history;
  const span = history[history.length - 1]![0] - history[0]![0];
  const step = STEPS_MS.find((s) => span / s <= buckets) ?? span / buckets;
  const out: MetricPoint[] = [];
  let bucket = Number.NaN;
  let low: MetricPoint = history[0]!;
  let high: MetricPoint = low;
  const flush = () => {
    if (low === high) out.push(low);
    else if (low[0] < high[0]) out.push(low, high);
    else out.push(high, low);
  };
  for (const p of history) {
    const b = Math.floor(p[0] / step);
    if (b !== bucket) {
      if (!Number.isNaN(bucket)) flush();
      bucket = b;
      low = high = p;
    } else if (p[1] < low[1]) low = p;
    else if (p[1] > high[1]) high = p;
  }
  flush();
  const first = history[0]!;
  const last = history[history.length - 1]!;
  if (out[0] !== first) out.unshift(first);
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}
