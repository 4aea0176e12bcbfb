import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '#shared/metrics';
import { decimate } from '../../client/src/metrics/decimate';
import { toPoints } from '../../client/src/metrics/sparkline';

const series = (n: number, f: (i: number) => number, step = 1000): MetricPoint[] => Array.from({ length: n }, (_, i) => [i * step, f(i)]);

describe('decimate', () => {
  it('leaves a short history alone', () => {
    const h = series(50, (i) => i);
    expect(decimate(h, 40)).toBe(h);
  });
  it('keeps at most two points per bucket, in time order', () => {
    const out = decimate(series(500, (i) => Math.sin(i / 7) * 100), 40);
    expect(out.length).toBeLessThanOrEqual(2 * 41 + 2);
    expect(out.map(([t]) => t)).toEqual(out.map(([t]) => t).toSorted((a, b) => a - b));
  });
  it('never loses a spike', () => {
    const h = series(500, (i) => (i === 333 ? 9999 : i === 111 ? -9999 : 10));
    const values = decimate(h, 40).map(([, v]) => v);
    expect(values).toContain(9999);
    expect(values).toContain(-9999);
  });
  it('keeps the first and the newest point, so the line ends at the current value', () => {
    const h = series(500, (i) => 50 + Math.sin(i) * 40);
    const out = decimate(h, 40);
    expect(out[0]).toEqual(h[0]);
    expect(out.at(-1)).toEqual(h.at(-1));
  });
});

describe('toPoints', () => {
  it('spans the box: oldest left, newest right, highest on top', () => {
    const pts = toPoints([[0, 1], [500, 3], [1000, 2]]);
    expect(pts[0]!.x).toBe(0);
    expect(pts[2]!.x).toBe(2400);
    expect(pts[1]!.y).toBeLessThan(pts[2]!.y);
    expect(pts[2]!.y).toBeLessThan(pts[0]!.y);
  });
  it('draws a flat series in the middle', () => {
    expect(new Set(toPoints([[0, 5], [10, 5]]).map((p) => p.y))).toEqual(new Set([240]));
  });
  it('draws in whole units, which V8 keeps unboxed', () => {
    const pts = toPoints(series(500, (i) => Math.sin(i / 7) * 100 + 0.123));
    expect(pts.every((p) => Number.isInteger(p.x) && Number.isInteger(p.y))).toBe(true);
  });
  it('draws nothing for no history', () => {
    expect(toPoints([])).toEqual([]);
  });
});
