import { useStore } from '../store/store';
import { age } from '../lib/time';
import { useNow } from '../lib/use-now';
import { formatNumber, formatValue } from './format';
import { freshness } from './freshness';
import { Sparkline } from './sparkline';
import { StatusBadge } from './status-badge';

export function MetricTile({ id }: { id: string }) {
  const metric = useStore((s) => s.room?.metrics[id]);
  const limit = useStore((s) => (metric?.def.limitOf ? s.room?.metrics[metric.def.limitOf] : undefined));
  const connection = useStore((s) => s.connection.status);
  const offset = useStore((s) => s.connection.clockOffsetMs);
  const phase = useStore((s) => s.roomPhase);
  const now = useNow() + offset;
  if (!metric) return null;

  const fresh = freshness(metric, now, connection, phase, limit);
  const simulated = metric.source === 'simulator';
  const tone = fresh === 'live' ? metric.status : 'stale';
  return (
    <article className={`tile tile--${tone}`} data-metric={id} data-freshness={fresh} aria-label={metric.def.label}>
      <header className="tile__head">
        <h3 className="tile__label">{metric.def.label}</h3>
        {simulated && <span className="badge badge--sim">SIMULATED</span>}
      </header>
      <div className="tile__value">
        <span className={metric.def.valueLabels ? 'tile__number tile__number--text' : 'tile__number'} data-testid="metric-value">
          {formatValue(metric)}
        </span>
        {metric.limit !== null && <span className="tile__limit">/ {formatNumber(metric.limit)}</span>}
        {metric.def.unit && <span className="tile__unit">{metric.def.unit}</span>}
      </div>
      <StatusBadge status={metric.status} fresh={fresh} />
      <Sparkline history={metric.history} status={metric.status} />
      <footer className="tile__foot">
        {metric.sampledAt === null ? 'never sampled' : `sampled ${age(now - metric.sampledAt)} ago`}
        {metric.source && !simulated && <> · {metric.source}</>}
      </footer>
    </article>
  );
}
