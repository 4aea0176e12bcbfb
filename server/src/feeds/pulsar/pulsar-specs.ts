/**
 * The default metrics of a Pulsar brokers source, in the YAML form (`MetricSpec`), so a
 * config can override any of them by id.
 */
import type { MetricSpec } from '../../config/metric-spec';
import { brokerMetricIds, brokerName, pulsarIds } from './pulsar-ids';

export interface PulsarSpecOptions {
  /** The configured brokers (URLs or names): one `<prefix>.connections.<slug>` each. */
  brokers?: readonly string[];
  /** broker.conf's `brokerMaxConnections`; 0 = unlimited: no limit, so no fractions to judge by. */
  brokerMaxConnections?: number;
}

export function pulsarMetricSpecs(prefix = 'pulsar', options: PulsarSpecOptions = {}): MetricSpec[] {
  const ids = pulsarIds(prefix);
  const max = options.brokerMaxConnections;
  const unlimited = max === 0;
  // A cluster at 0 connections is down, not calm: crit at 0 on either form.
  const total: MetricSpec = unlimited
    ? {
        id: ids.connections,
        label: 'Pulsar connections (all brokers)',
        unit: 'connections',
        thresholds: { below: { crit: 0 } },
      }
    : {
        id: ids.connections,
        label: 'Pulsar connections (all brokers)',
        unit: 'connections',
        limit: ids.connectionLimit,
        thresholds: { above: { warn: 0.8, crit: 0.98 }, below: { crit: 0 } },
      };
  const specs: MetricSpec[] = [total];
  if (!unlimited) {
    specs.push({ id: ids.connectionLimit, label: 'Pulsar connection limit', unit: 'connections', hidden: true });
  }
  specs.push(
    {
      id: ids.failuresPerMin,
      label: 'Pulsar connection failures',
      unit: '/min',
      thresholds: { above: { warn: 10, crit: 100 } },
    },
    {
      id: ids.throttled,
      label: 'Pulsar throttled connections',
      unit: 'connections',
      thresholds: { above: { warn: 1, crit: 100 } },
    },
  );
  // brokerMaxConnections is a per-broker limit: one broker can hit it while the cluster
  // total still looks roomy, so each broker is judged against it on its own.
  const perBroker = max !== undefined && max > 0 ? { above: { warn: Math.floor(0.8 * max), crit: Math.floor(0.98 * max) } } : undefined;
  for (const [broker, id] of brokerMetricIds(prefix, options.brokers ?? [])) {
    specs.push({
      id,
      label: `Pulsar connections on ${brokerName(broker)}`.slice(0, 80),
      unit: 'connections',
      ...(perBroker && { thresholds: perBroker }),
    });
  }
  return specs;
}
