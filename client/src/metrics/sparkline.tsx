import { memo, useRef } from 'react';
import { getPath } from 'recharts/es6/shape/Curve';
import type { MetricPoint, MetricStatus } from '#shared/metrics';
import { useTransient } from '../store/use-transient';
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

/** The SVG path of a history (recharts' line geometry); empty until there are two points to join. */
export function linePath(history: MetricPoint[]): string {
  const points = toPoints(decimate(history));
  return points.length < 2 ? '' : (getPath({ type: 'linear', points }) ?? '');
}

/**
 * A metric's history as a line, redrawn whenever a point arrives, so it never lags its number.
 * The path is written straight to the DOM (use-transient.ts): through React, twenty lines
 * redrawn ten times a second cost a third of each update's main-thread time (B8).
 */
export const Sparkline = memo(function Sparkline({ id, status }: { id: string; status: MetricStatus }) {
  const line = useRef<SVGPathElement>(null);
  useTransient(
    (s) => s.room?.metrics[id]?.history,
    (history) => line.current?.setAttribute('d', history ? linePath(history) : ''),
    [id],
  );
  return (
    <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden>
      <path ref={line} stroke={STROKE[status]} strokeWidth={2} fill="none" vectorEffect="non-scaling-stroke" />
    </svg>
  );
});
