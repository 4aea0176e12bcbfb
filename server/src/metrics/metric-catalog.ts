/**
 * The metrics a war room for an IaaS region watches, after the PAR post-mortems.
 * Any other metric id sent to /api/ingest gets a plain definition (see `adHocMetric`).
 */
import type { MetricDef } from '#shared/metrics';

const MINUTE = 60_000;

function metric(d: Partial<MetricDef> & Pick<MetricDef, 'id' | 'label' | 'unit'>): MetricDef {
  return { thresholds: null, limitOf: null, valueLabels: null, staleAfterMs: 2 * MINUTE, hidden: false, ...d };
}

export const catalog: MetricDef[] = [
  metric({
    id: 'deploy.queue',
    label: 'Deployment queue',
    unit: 'deployments',
    thresholds: { warn: 100, crit: 500, direction: 'above' },
  }),
  metric({
    id: 'vms.missing',
    label: 'VMs missing',
    unit: 'VMs',
    thresholds: { warn: 1, crit: 200, direction: 'above' },
  }),
  metric({
    id: 'raid.rebuilding',
    label: 'RAID rebuilds',
    unit: 'hypervisors',
    thresholds: { warn: 1, crit: 5, direction: 'above' },
  }),
  metric({
    id: 'ceph.health',
    label: 'Ceph health',
    unit: '',
    thresholds: { warn: 1, crit: 2, direction: 'above' },
    valueLabels: { '0': 'HEALTH_OK', '1': 'HEALTH_WARN', '2': 'HEALTH_ERR' },
  }),
  metric({
    id: 'ceph.osds_up',
    label: 'Ceph OSDs up',
    unit: 'OSDs',
    limitOf: 'ceph.osds_total',
    // Fractions of the total: any OSD down warns, a tenth down is critical.
    thresholds: { warn: 0.999, crit: 0.9, direction: 'below' },
  }),
  metric({
    id: 'ceph.degraded_pct',
    label: 'Ceph degraded objects',
    unit: '%',
    thresholds: { warn: 0.001, crit: 5, direction: 'above' },
  }),
  metric({
    id: 'pulsar.connections',
    label: 'Pulsar connections',
    unit: 'connections',
    limitOf: 'pulsar.connection_limit',
    thresholds: { warn: 0.8, crit: 0.98, direction: 'above' },
  }),
  metric({
    id: 'alerts.firing',
    label: 'Alerts firing',
    unit: 'alerts',
    thresholds: { warn: 1, crit: 50, direction: 'above' },
  }),
  metric({ id: 'ceph.osds_total', label: 'Ceph OSDs', unit: 'OSDs', hidden: true, staleAfterMs: 10 * MINUTE }),
  metric({
    id: 'pulsar.connection_limit',
    label: 'Pulsar connection limit',
    unit: 'connections',
    hidden: true,
    staleAfterMs: 10 * MINUTE,
  }),
];

export function adHocMetric(id: string): MetricDef {
  return metric({ id, label: id, unit: '' });
}
