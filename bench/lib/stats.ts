/** Percentiles over recorded samples. */
export type Summary = { count: number; p50: number; p90: number; p99: number; max: number; mean: number };

/** The q-quantile (nearest rank) of sorted values; NaN for none. */
const rank = (sorted: ArrayLike<number>, q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export function quantile(values: ArrayLike<number>, q: number): number {
  return rank(Float64Array.from(values).toSorted(), q);
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).toSorted();
  const n = sorted.length;
  if (n === 0) return { count: 0, p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN };
  const at = (q: number) => rank(sorted, q);
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: n, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[n - 1]!, mean: sum / n };
}

/** A growable buffer of numbers that does not box them. */
export class Samples {
  private data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
  clear(): void {
    this.length = 0;
  }
}

/** Wall-clock ms with µs precision, comparable across the benchmark's processes. */
export const preciseNow = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000) / 1000;
