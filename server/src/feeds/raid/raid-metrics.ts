/**
 * The metrics a RAID source writes, as MetricSpecs (the YAML form), so a config may override
 * labels or thresholds and the registry builds definitions with `toMetricDef` like any other.
 */
import type { MetricDef } from '#shared/metrics';
import { type MetricSpec, MetricSpec as MetricSpecSchema, toMetricDef } from '../../config/metric-spec';
import { splitMetricId, splitMetricLabel } from '../prometheus/split-metric';

export function raidIds(prefix = 'raid') {
  return {
    rebuilding: `${prefix}.rebuilding`,
    queued: `${prefix}.queued`,
    degraded: `${prefix}.degraded`,
    /** Seconds until the slowest rebuilding array is done. */
    eta: `${prefix}.eta`,
    /** Bases of the per-array ids: `<prefix>.array_pct.<host>-<device>`. */
    arrayPct: `${prefix}.array_pct`,
    arrayEta: `${prefix}.array_eta`,
  };
}

/** The four summary metrics. Counts of arrays that should fall to zero are `progress`. */
export function raidMetricSpecs(prefix = 'raid'): MetricSpec[] {
  const ids = raidIds(prefix);
  return [
    {
      id: ids.rebuilding,
      label: 'RAID arrays rebuilding',
      unit: 'arrays',
      thresholds: { warn: 1, crit: 5 },
      progress: true,
    },
    // Waiting behind another rebuild on the same disks: work still owed, not yet a risk.
    { id: ids.queued, label: 'RAID arrays queued for resync', unit: 'arrays', thresholds: { warn: 1 }, progress: true },
    { id: ids.degraded, label: 'RAID arrays degraded', unit: 'arrays', thresholds: { warn: 1, crit: 5 }, progress: true },
    { id: ids.eta, label: 'RAID rebuild ETA (slowest array)', unit: 's' },
  ];
}

export function raidMetricDefs(source: string, defaultStaleMs: number, prefix = 'raid'): MetricDef[] {
  return raidMetricSpecs(prefix).map((spec) => toMetricDef(MetricSpecSchema.parse(spec), source, defaultStaleMs));
}

/** The two metrics of one array in a sync state; `name` is "md6 on hv-12". */
export type RaidChild = { name: string; pct: MetricSpec; eta: MetricSpec };

export function raidChildSpecs(prefix: string, host: string, device: string): RaidChild {
  const ids = raidIds(prefix);
  const name = `${device} on ${host}`;
  const value = `${host}-${device}`;
  return {
    name,
    pct: { id: splitMetricId(ids.arrayPct, value), label: splitMetricLabel('RAID synced', name), unit: '%' },
    eta: { id: splitMetricId(ids.arrayEta, value), label: splitMetricLabel('RAID rebuild ETA', name), unit: 's' },
  };
}
