import { memo } from 'react';
import { age } from '../lib/time';
import { useNow } from '../lib/use-now';
import { useStore } from '../store/store';
import { formatNumber, formatValue } from './format';
import { Sparkline } from './sparkline';
import { StatusBadge } from './status-badge';
import { useFreshness } from './use-freshness';

/**
 * A live metric. Split into parts that each subscribe to what they show, because samples
 * arrive many times a second: a new sample re-renders the number, the line and the age,
 * not the tile; the tile itself changes with its status, its freshness or its definition.
 */
export function MetricTile({ id }: { id: string }) {
  const def = useStore((s) => s.room?.metrics[id]?.def);
  const status = useStore((s) => s.room?.metrics[id]?.status ?? 'unknown');
  const source = useStore((s) => s.room?.metrics[id]?.source ?? null);
  const fresh = useFreshness(id);
  if (!def) return null;

  const simulated = source === 'simulator';
  const tone = fresh === 'live' ? status : 'stale';
  return (
    <article className={`tile tile--${tone}`} data-metric={id} data-freshness={fresh} aria-label={def.label}>
      <header className="tile__head">
        <h3 className="tile__label">{def.label}</h3>
        {simulated && <span className="badge badge--sim">SIMULATED</span>}
      </header>
      <TileValue id={id} />
      <StatusBadge status={status} fresh={fresh} />
      <TileLine id={id} />
      <footer className="tile__foot">
        <SampledAgo id={id} />
        {source && !simulated && <> · {source}</>}
      </footer>
    </article>
  );
}

const TileValue = memo(function TileValue({ id }: { id: string }) {
  const value = useStore((s) => s.room?.metrics[id]?.value ?? null);
  const limit = useStore((s) => s.room?.metrics[id]?.limit ?? null);
  const def = useStore((s) => s.room?.metrics[id]?.def);
  if (!def) return null;
  return (
    <div className="tile__value">
      <span className={def.valueLabels ? 'tile__number tile__number--text' : 'tile__number'} data-testid="metric-value" elementtiming="metric-value">
        {formatValue({ value, def })}
      </span>
      {limit !== null && <span className="tile__limit">/ {formatNumber(limit)}</span>}
      {def.unit && <span className="tile__unit">{def.unit}</span>}
    </div>
  );
});

const TileLine = memo(function TileLine({ id }: { id: string }) {
  const history = useStore((s) => s.room?.metrics[id]?.history);
  const status = useStore((s) => s.room?.metrics[id]?.status ?? 'unknown');
  return history ? <Sparkline history={history} status={status} /> : null;
});

/** The only text that changes every second. */
const SampledAgo = memo(function SampledAgo({ id }: { id: string }) {
  const at = useStore((s) => s.room?.metrics[id]?.sampledAt ?? null);
  const offset = useStore((s) => s.connection.clockOffsetMs);
  const now = useNow() + offset;
  return <>{at === null ? 'never sampled' : `sampled ${age(now - at)} ago`}</>;
});
