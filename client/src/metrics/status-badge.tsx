import { memo } from 'react';
import type { MetricStatus } from '#shared/metrics';
import type { Freshness } from './freshness';

/** Status in words and a shape, never colour alone. */
const STATUS: Record<MetricStatus, { icon: string; text: string }> = {
  ok: { icon: '●', text: 'OK' },
  warn: { icon: '▲', text: 'WARN' },
  crit: { icon: '■', text: 'CRIT' },
  unknown: { icon: '○', text: 'NO THRESHOLD' },
};

const NOT_LIVE: Record<Exclude<Freshness, 'live'>, string> = {
  stale: 'STALE',
  'no-data': 'NO DATA',
  disconnected: 'NOT LIVE',
  syncing: 'SYNCING',
};

export const StatusBadge = memo(function StatusBadge({ status, fresh }: { status: MetricStatus; fresh: Freshness }) {
  if (fresh === 'no-data') return <span className="badge badge--unknown">○ NO DATA</span>;
  const s = STATUS[status];
  return (
    <span className="badges">
      <span className={`badge badge--${status}`} data-testid="metric-status">
        {s.icon} {s.text}
      </span>
      {fresh !== 'live' && <span className="badge badge--stale">‖ {NOT_LIVE[fresh]}</span>}
    </span>
  );
});
