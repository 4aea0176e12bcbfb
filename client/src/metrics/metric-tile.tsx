import { memo, useRef } from 'react';
import { age } from '../lib/time';
import { useStore } from '../store/store';
import { setText, useTransient } from '../store/use-transient';
import { formatNumber, formatValue } from './format';
import { Sparkline } from './sparkline';
import { StatusBadge } from './status-badge';
import { useFreshness } from './use-freshness';
import { useRenderingSkipped } from './use-rendering-skipped';

/**
 * A live metric. Split into parts that each subscribe to what they show, because samples
 * arrive many times a second: a new sample writes the number, the line and the age straight
 * to the DOM; the tile itself changes with its status, its freshness or its definition.
 */
export function MetricTile({ id }: { id: string }) {
  const def = useStore((s) => s.room?.metrics[id]?.def);
  const status = useStore((s) => s.room?.metrics[id]?.status ?? 'unknown');
  const source = useStore((s) => s.room?.metrics[id]?.source ?? null);
  const fresh = useFreshness(id);
  const body = useRef<HTMLDivElement>(null);
  const offScreen = useRenderingSkipped(body);
  if (!def) return null;

  const simulated = source === 'simulator';
  const tone = fresh === 'live' ? status : 'stale';
  return (
    <article className={`tile tile--${tone}`} data-metric={id} data-freshness={fresh} aria-label={def.label}>
      {/* The body, not the tile, bounds layout: Chromium never re-lays out a grid or flex item on its own. */}
      <div ref={body} className="tile__body">
        <header className="tile__head">
          <h3 className="tile__label">{def.label}</h3>
          {simulated && <span className="badge badge--sim">SIMULATED</span>}
        </header>
        <TileValue id={id} />
        <StatusBadge status={status} fresh={fresh} />
        <Sparkline id={id} status={status} paused={offScreen} />
        <footer className="tile__foot">
          <SampledAgo id={id} />
          {source && !simulated && <> · {source}</>}
        </footer>
      </div>
    </article>
  );
}

/** The number changes with every sample: written straight to the DOM (use-transient.ts). */
const TileValue = memo(function TileValue({ id }: { id: string }) {
  const def = useStore((s) => s.room?.metrics[id]?.def);
  const number = useRef<HTMLSpanElement>(null);
  const limit = useRef<HTMLSpanElement>(null);
  useTransient(
    (s) => s.room?.metrics[id],
    (m) => {
      if (!m) return;
      setText(number.current, formatValue(m));
      setText(limit.current, m.limit === null ? '' : `/ ${formatNumber(m.limit)}`);
    },
    // Again once the spans exist: a tile can mount before its definition arrives.
    [id, def],
  );
  if (!def) return null;
  return (
    <div className="tile__value">
      <span ref={number} className={def.valueLabels ? 'tile__number tile__number--text' : 'tile__number'} data-testid="metric-value" elementtiming="metric-value" />
      <span ref={limit} className="tile__limit" />
      {def.unit && <span className="tile__unit">{def.unit}</span>}
    </div>
  );
});

/** Changes with every sample and every second: written straight to the DOM. */
const SampledAgo = memo(function SampledAgo({ id }: { id: string }) {
  const text = useRef<HTMLSpanElement>(null);
  useTransient(
    (s, now) => {
      const at = s.room?.metrics[id]?.sampledAt ?? null;
      return at === null ? 'never sampled' : `sampled ${age(now + s.connection.clockOffsetMs - at)} ago`;
    },
    (t) => setText(text.current, t),
    [id],
  );
  return <span ref={text} />;
});
