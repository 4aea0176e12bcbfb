/**
 * One broker's `/metrics`, reduced to the connection gauges Warroom shows. These are
 * broker-wide TCP connection counts (label `metric="broker_connection"`), not producers or
 * consumers, and all are gauges even where the name says "total".
 */
import { FeedError } from '../observation';
import { parseExposition, type Exposition } from '../exposition/exposition';

export const SERIES = {
  active: 'pulsar_active_connections',
  created: 'pulsar_connection_created_total_count',
  failures: 'pulsar_connection_create_fail_count',
  throttled: 'pulsar_broker_throttled_connections',
} as const;
const WANTED = new Set<string>(Object.values(SERIES));

/** A count that could be read, or why not (in words for a tile). */
export type Reading = { value: number } | { problem: string };

export type BrokerScrape = { broker: string; text: string } | { broker: string; error: string };

export type BrokerReadings =
  | { broker: string; answered: false; reason: string }
  | { broker: string; answered: true; active: Reading; created: Reading; failures: Reading; throttled: Reading };

export function readBroker(scrape: BrokerScrape): BrokerReadings {
  const { broker } = scrape;
  if ('error' in scrape) return { broker, answered: false, reason: scrape.error };
  let exposition: Exposition;
  try {
    exposition = parseExposition(scrape.text, { keep: (name) => WANTED.has(name) });
  } catch (error) {
    if (error instanceof FeedError) return { broker, answered: false, reason: `unparsable /metrics: ${error.message}` };
    throw error;
  }
  return {
    broker,
    answered: true,
    active: readCount(exposition, SERIES.active),
    created: readCount(exposition, SERIES.created),
    failures: readCount(exposition, SERIES.failures),
    throttled: readCount(exposition, SERIES.throttled),
  };
}

/**
 * The sum of the series of that name (one per broker today; a later label split still adds
 * up). NaN, ±Inf and negatives are refused: Pulsar computes some gauges by subtraction, and
 * `pulsar_broker_throttled_connections` has been seen at -2.
 */
function readCount(exposition: Exposition, name: string): Reading {
  const samples = exposition.samples.filter((s) => s.name === name);
  if (samples.length === 0) return { problem: `no ${name} in /metrics` };
  let sum = 0;
  for (const { value } of samples) {
    if (Number.isNaN(value)) return { problem: `${name} is NaN` };
    if (!Number.isFinite(value)) return { problem: `${name} is ${value > 0 ? '+Inf' : '-Inf'}` };
    if (value < 0) return { problem: `${name} is ${value}: a broken gauge, not a count` };
    sum += value;
  }
  return { value: sum };
}
