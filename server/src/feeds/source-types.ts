/** Every kind of source a config can name, by its `type`. */
import { z } from 'zod';
import type { SourceType } from './feed-source';
import { AlertmanagerSpec, alertmanagerSource } from './alertmanager/alertmanager.source';
import { CephSpec, cephSource } from './ceph/ceph.source';
import { PrometheusSpec, prometheusSource } from './prometheus/prometheus.source';
import { PulsarSpec, pulsarSource } from './pulsar/pulsar.source';
import { RaidSpec, raidSource } from './raid/raid.source';
import { PushSpec, pushSource } from './push/push.source';

export const SourceSpec = z.discriminatedUnion('type', [PushSpec, PrometheusSpec, RaidSpec, AlertmanagerSpec, CephSpec, PulsarSpec]);
export type SourceSpec = z.infer<typeof SourceSpec>;

// oxlint-disable-next-line typescript/no-explicit-any -- each entry is checked against its own spec type where it is written
export const sourceTypes: Record<SourceSpec['type'], SourceType<any>> = {
  push: pushSource,
  ceph: cephSource,
  alertmanager: alertmanagerSource,
  pulsar: pulsarSource,
  prometheus: prometheusSource,
  raid: raidSource,
};

export const sourceTypeOf = (spec: SourceSpec): SourceType<SourceSpec> => sourceTypes[spec.type];
