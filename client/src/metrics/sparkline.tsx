import { memo, useRef } from 'react';
import type { MetricPoint, MetricStatus } from '#shared/metrics';
import { useTransient } from '../store/use-transient';
import { decimate } from './decimate';

const STROKE: Record<MetricStatus, string> = {
  ok: 'var(--ok)',
  warn: 'var(--warn)',
  crit: 'var(--crit)',
  unknown: 'var(--muted)',
};

/**
 * Drawing units: ten to a pixel of the tile's 48 px line, rounded to whole numbers. Finer than
 * the screen can show, and whole numbers are cheap: V8 keeps them unboxed and prints them from
 * a cache, where fractions cost a heap number each and a fresh string (B8: the sparklines were
 * three quarters of what an update allocated). The SVG stretches to its box, the stroke keeps
 * its width.
 */
const W = 2400;
const H = 480;
const PAD = 30;

/** Scales a history into the drawing box; a flat series sits in the middle. */
export function toPoints(history: MetricPoint[]): { x: number; y: number }[] {
  const first = history[0];
  const last = history[history.length - 1];
  if (!first || !last) return [];
  let lo = Infinity;
  let hi = -Infinity;
  // Indexing, not destructuring: a destructured point costs an iterator until the JIT steps in.
  for (const point of history) {
    if (point[1] < lo) lo = point[1];
    if (point[1] > hi) hi = point[1];
  }
  const spanT = last[0] - first[0] || 1;
  const spanV = hi - lo;
  return history.map((point) => ({
    x: Math.round(((point[0] - first[0]) / spanT) * W),
    y: spanV === 0 ? H / 2 : Math.round(PAD + (1 - (point[1] - lo) / spanV) * (H - 2 * PAD)),
  }));
}

/**
 * The `points` of an SVG polyline for a history: straight segments between samples, which is
 * what a sparkline should show (a smoothed curve would invent values between them). Empty
 * until there are two points to join.
 */
export function linePoints(history: MetricPoint[]): string {
  const points = toPoints(decimate(history));
  return points.length < 2 ? '' : points.map((p) => `${p.x},${p.y}`).join(' ');
}

/**
 * A metric's history as a line, redrawn whenever a point arrives, so it never lags its number.
 * The points are written straight to the DOM (use-transient.ts): through React, twenty lines
 * redrawn ten times a second cost a third of each update's main-thread time (B8).
 * While `paused` (its tile scrolled out of view) it is not redrawn; it catches up on resuming.
 */
export const Sparkline = memo(function Sparkline({ id, status, paused = false }: { id: string; status: MetricStatus; paused?: boolean }) {
  const line = useRef<SVGPolylineElement>(null);
  useTransient(
    (s) => (paused ? null : s.room?.metrics.get(id)?.history),
    (history) => {
      if (history !== null) line.current?.setAttribute('points', history ? linePoints(history) : '');
    },
    [id, paused],
  );
  return (
    <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden>
      <polyline ref={line} stroke={STROKE[status]} strokeWidth={2} fill="none" vectorEffect="non-scaling-stroke" />
    </svg>
  );
});
