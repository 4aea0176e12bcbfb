import { memo, useMemo } from 'react';
import { Line, LineChart, YAxis } from 'recharts';
import type { MetricPoint, MetricStatus } from '#shared/metrics';

const STROKE: Record<MetricStatus, string> = {
  ok: 'var(--ok)',
  warn: 'var(--warn)',
  crit: 'var(--crit)',
  unknown: 'var(--muted)',
};

/** History as a line; memoised on the history array, which only changes when points arrive. */
export const Sparkline = memo(function Sparkline({ history, status }: { history: MetricPoint[]; status: MetricStatus }) {
  const data = useMemo(() => history.map(([t, v]) => ({ t, v })), [history]);
  if (data.length < 2) return <div className="sparkline sparkline--empty" aria-hidden />;
  return (
    <div className="sparkline" aria-hidden>
      <LineChart responsive data={data} style={{ width: '100%', height: '100%' }} margin={{ top: 2, right: 0, bottom: 2, left: 0 }}>
        <YAxis hide domain={['auto', 'auto']} />
        <Line type="linear" dataKey="v" stroke={STROKE[status]} strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </div>
  );
});
