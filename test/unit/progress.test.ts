/** Bulk-remediation progress: rate, ETA to zero, stalled and rising, robust to noise (shared/progress.ts). */
import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '#shared/metrics';
import { robustSlope, trendOf } from '#shared/progress';

const MIN = 60_000;
const progress = { stalledAfterMs: 10 * MIN, windowMs: 10 * MIN };
/** One point a minute for `n` minutes, ending at minute n - 1. */
const series = (n: number, f: (minute: number) => number): MetricPoint[] => Array.from({ length: n }, (_, m) => [m * MIN, f(m)]);

describe('trendOf', () => {
  it('falling: the rate per minute and the time to zero at that rate', () => {
    // VMs missing, PAR6: 2,800 falling by 100 a minute.
    const t = trendOf(series(11, (m) => 2800 - 100 * m), progress)!;
    expect(t).toMatchObject({ state: 'falling', ratePerMin: -100 });
    expect(t.etaMs).toBe(18 * MIN);
  });

  it('a wild sample barely moves the rate (Theil–Sen, not first-to-last)', () => {
    const noisy = series(11, (m) => (m === 5 ? 9000 : 2800 - 100 * m));
    expect(trendOf(noisy, progress)!.ratePerMin).toBe(-100);
    const lastWild = series(11, (m) => (m === 10 ? 5000 : 2800 - 100 * m));
    expect(trendOf(lastWild, progress)!.ratePerMin).toBeLessThan(0);
  });

  it('rising: the wrong way, no ETA', () => {
    expect(trendOf(series(11, (m) => 100 + 30 * m), progress)).toMatchObject({ state: 'rising', ratePerMin: 30, etaMs: null });
  });

  it('stalled: nothing moved for the stall time, while above zero', () => {
    const flat = series(11, () => 1300);
    expect(trendOf(flat, progress)).toEqual({ state: 'stalled', ratePerMin: 0, etaMs: null });
    // Not yet the stall time: steady, not stalled.
    expect(trendOf(series(5, () => 1300), progress)).toMatchObject({ state: 'steady' });
    // One move within the stall time and it is not stalled.
    expect(trendOf(series(11, (m) => (m < 9 ? 1300 : 1299)), progress)!.state).not.toBe('stalled');
  });

  it('done at zero; nothing to say from a single point', () => {
    expect(trendOf(series(3, (m) => 2 - m), progress)).toMatchObject({ state: 'done' });
    expect(trendOf([[0, 5]], progress)).toBeNull();
    expect(trendOf([], progress)).toBeNull();
  });

  it('reads the rate over the recent window only', () => {
    // Fast at first, slow for the last ten minutes: the slow rate is the one that predicts.
    const h = series(31, (m) => (m <= 20 ? 10_000 - 400 * m : 2000 - 10 * (m - 20)));
    expect(trendOf(h, progress)!.ratePerMin).toBe(-10);
  });
});

describe('robustSlope', () => {
  it('is null without two distinct times', () => {
    expect(robustSlope([[0, 1], [0, 2]])).toBeNull();
  });
  it('samples long histories down, and still finds the slope', () => {
    expect(robustSlope(series(500, (m) => 7 * m))).toBeCloseTo(7 / MIN, 12);
  });
});

describe('a stall longer than the history', () => {
  it('is told by when the value last changed, not by the 500 points the sparkline keeps', () => {
    // A sample a second: 500 points cover 8 minutes, the stall time is 10.
    const flat = Array.from({ length: 500 }, (_, i): MetricPoint => [i * 1000, 1300]);
    expect(trendOf(flat, progress)!.state).toBe('steady');
    expect(trendOf(flat, progress, -200_000)!.state).toBe('stalled');
  });
});
