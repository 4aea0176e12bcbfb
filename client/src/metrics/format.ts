import type { MetricState } from '#shared/metrics';

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const fine = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

export function formatNumber(value: number): string {
  return Number.isInteger(value) || Math.abs(value) >= 100 ? whole.format(value) : fine.format(value);
}

export function formatValue(metric: Pick<MetricState, 'value' | 'def'>): string {
  if (metric.value === null) return '—';
  return metric.def.valueLabels?.[String(metric.value)] ?? formatNumber(metric.value);
}
