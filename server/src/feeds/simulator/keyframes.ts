import type { Keyframes } from './par6-scenario';

/** Linear between keyframes, flat before the first and after the last. */
export function valueAt(frames: Keyframes, minute: number): number {
  const first = frames[0];
  if (first === undefined) throw new Error('no keyframes');
  if (minute <= first[0]) return first[1];
  for (let i = 1; i < frames.length; i++) {
    const [m1, v1] = frames[i]!;
    if (minute <= m1) {
      const [m0, v0] = frames[i - 1]!;
      return v0 + ((v1 - v0) * (minute - m0)) / (m1 - m0);
    }
  }
  return frames[frames.length - 1]![1];
}

/** Counts are whole; percentages keep two decimals. */
export function roundFor(metric: string, value: number): number {
  return metric.endsWith('_pct') ? Math.round(value * 100) / 100 : Math.round(value);
}
