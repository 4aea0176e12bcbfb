/**
 * `pulsar`: every configured broker's `/metrics` (Prometheus text), read in parallel each poll:
 * connections per broker and in total against `brokers × brokerMaxConnections`, connection
 * failures as a rate, throttled connections.
 */
import { z } from 'zod';
import { toMetricDef } from '../../config/metric-spec';
import type { SourceType } from '../feed-source';
import { fetchText } from '../http/fetch-text';
import { FeedError } from '../observation';
import { polledSource } from '../polled-source';
import { applyOverrides, defaultStaleMs, HttpSpec, MetricOverride, PolledSource, pollTiming, unknownOverrides } from '../source-spec';
import { type BrokerScrape, pulsarObservations, type PulsarState } from './pulsar-observations';
import { pulsarMetricSpecs } from './pulsar-specs';

/** A broker with topic-level metrics serves megabytes; more than this is a misconfiguration. */
const MAX_BYTES = 32 * 1024 * 1024;

export const PulsarSpec = z
  .strictObject({
    ...PolledSource,
    type: z.literal('pulsar'),
    /** Each broker's metrics URL, e.g. http://pulsar-1:8080/metrics. */
    brokers: z.array(z.url()).min(1).max(50),
    /** broker.conf's `brokerMaxConnections` (0 = unlimited). */
    brokerMaxConnections: z.number().int().min(0),
    ...HttpSpec,
    prefix: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/).default('pulsar'),
    metrics: z.array(MetricOverride).default([]),
  })
  .superRefine((spec, ctx) => {
    for (const i of unknownOverrides(specsOf(spec), spec.metrics)) {
      ctx.addIssue({ code: 'custom', path: ['metrics', i, 'id'], message: `a pulsar source writes no metric ${spec.metrics[i]!.id}` });
    }
  });
export type PulsarSpec = z.infer<typeof PulsarSpec>;

const specsOf = (spec: PulsarSpec) => pulsarMetricSpecs(spec.prefix, { brokers: spec.brokers, brokerMaxConnections: spec.brokerMaxConnections });

export const pulsarSource: SourceType<PulsarSpec> = {
  type: 'pulsar',
  schema: PulsarSpec,
  metricDefs: (spec) => applyOverrides(specsOf(spec), spec.metrics).map((m) => toMetricDef(m, spec.id, defaultStaleMs(spec))),
  create(spec, ctx) {
    let state: PulsarState | undefined;
    const scrape = async (broker: string, signal: AbortSignal): Promise<BrokerScrape> => {
      try {
        const res = await fetchText(broker, { signal, auth: spec.auth, headers: spec.headers, maxBytes: MAX_BYTES });
        if (res.status !== 200) return { broker, error: `HTTP ${res.status} ${res.statusText}` };
        return { broker, text: res.body };
      } catch (error) {
        if (signal.aborted) throw error; // the whole poll timed out: say that, not each broker
        return { broker, error: error instanceof FeedError ? error.message : String(error) };
      }
    };
    return polledSource(
      {
        id: spec.id,
        type: 'pulsar',
        timing: pollTiming(spec),
        metrics: () => pulsarSource.metricDefs(spec),
        poll: async (signal) => {
          const scrapes = await Promise.all(spec.brokers.map((b) => scrape(b, signal)));
          const result = pulsarObservations(scrapes, state, ctx.clock.now(), { brokerMaxConnections: spec.brokerMaxConnections, prefix: spec.prefix });
          state = result.state;
          return result.observations;
        },
      },
      ctx,
    );
  },
};
