import { memo, useMemo } from 'react';
import { Curve } from 'recharts';
import type { MetricPoint, MetricStatus } from '#shared/metrics';
import { decimate } from './decimate';

const STROKE: Record<MetricStatus, string> = {
  ok: 'var(--ok)',
  warn: 'var(--warn)',
  crit: 'var(--crit)',
  unknown: 'var(--muted)',
};

/** Drawing units; the SVG stretches to its box, the stroke keeps its width. */
const W = 240;
const H = 48;
const PAD = 3;

/** Scales a history into the drawing box; a flat series sits in the middle. */
export function toPoints(history: MetricPoint[]): { x: number; y: number }[] {
  const first = history[0];
  const last = history[history.length - 1];
  if (!first || !last) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const [, v] of history) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const spanT = last[0] - first[0] || 1;
  const spanV = hi - lo;
  return history.map(([t, v]) => ({
    x: ((t - first[0]) / spanT) * W,
    y: spanV === 0 ? H / 2 : PAD + (1 - (v - lo) / spanV) * (H - 2 * PAD),
  }));
}

/**
 * History as a line, redrawn whenever a point arrives, so it never lags its number.
 * Recharts' Curve primitive in a plain SVG: a full LineChart per tile keeps a store,
 * measures its path and costs milliseconds a redraw; twenty would not fit a frame.
 */
export const Sparkline = memo(function Sparkline({ history, status }: { history: MetricPoint[]; status: MetricStatus }) {
  const points = useMemo(() => toPoints(decimate(history)), [history]);
  if (points.length < 2) return <div className="sparkline sparkline--empty" aria-hidden />;
  return (
    <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden>
      <Curve type="linear" points={points} stroke={STROKE[status]} strokeWidth={2} fill="none" vectorEffect="non-scaling-stroke" />
    </svg>
  );
});
