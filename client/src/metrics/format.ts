import type { MetricState, Trend } from '#shared/metrics';
import { age } from '../lib/time';

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const fine = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const signed = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1, signDisplay: 'always' });

export function formatNumber(value: number): string {
  return Number.isInteger(value) || Math.abs(value) >= 100 ? whole.format(value) : fine.format(value);
}

export function formatValue(metric: Pick<MetricState, 'value' | 'def'>): string {
  if (metric.value === null) return '—';
  return metric.def.valueLabels?.[String(metric.value)] ?? formatNumber(metric.value);
}

/** "−42 VMs/min · zero in ~35 min", "STALLED", "RISING +12 /min": where a remediation is heading. */
export function formatTrend(trend: Trend, unit: string): string {
  const rate = `${signed.format(trend.ratePerMin)}${unit ? ` ${unit}` : ''}/min`;
  switch (trend.state) {
    case 'done':
      return 'at zero';
    case 'stalled':
      return 'STALLED: no change';
    case 'rising':
      return `RISING ${rate}`;
    case 'steady':
      return `steady (${rate})`;
    case 'falling':
      return `${rate} · zero in ~${age(trend.etaMs ?? 0)}`;
  }
}
