/**
 * A Pulsar cluster's connection health from its brokers' `/metrics`: one poll of every
 * configured broker in, observations out. A cluster total is only a value when every broker
 * answered with a usable count; otherwise it is a problem that names who is missing and why,
 * while the brokers that did answer keep their own values.
 */
import { z } from 'zod';
import { MetricId } from '#shared/metrics';
import { FeedError, type Observation } from '../observation';
import { readBroker, type BrokerReadings, type BrokerScrape, type Reading } from './broker-readings';
import { brokerMetricIds, brokerName, pulsarIds } from './pulsar-ids';

export type { BrokerScrape } from './broker-readings';

export const PulsarOptions = z.object({
  /** broker.conf's `brokerMaxConnections` (the same on every broker); 0 = unlimited. */
  brokerMaxConnections: z.number().int().nonnegative(),
  /** Leaves room for `.connection_failures_per_min` within the 64-character id. */
  prefix: MetricId.max(36).default('pulsar'),
});
export type PulsarOptions = z.input<typeof PulsarOptions>;

/** Where each broker's failure gauge stood at its last good reading. Opaque to callers. */
export interface PulsarState {
  readonly marks: ReadonlyMap<string, BrokerMark>;
}
interface BrokerMark {
  at: number;
  failures: number;
  /** `pulsar_connection_created_total_count`: a drop in it also betrays a restart. */
  created: number | null;
}

export const initialPulsarState: PulsarState = { marks: new Map() };

/**
 * `scrapes`: one per configured broker, this poll. `previous`: the state this returned last
 * time (undefined on the first poll). Throws `FeedError` only when no broker answered at all (keep `previous` then).
 */
export function pulsarObservations(
  scrapes: readonly BrokerScrape[],
  previous: PulsarState | undefined,
  now: number,
  options: PulsarOptions,
): { observations: Observation[]; state: PulsarState } {
  const { brokerMaxConnections, prefix } = PulsarOptions.parse(options);
  if (scrapes.length === 0) throw new FeedError('no Pulsar brokers configured');
  const readings = scrapes.map(readBroker);
  if (!readings.some((r) => r.answered)) {
    throw new FeedError(`no Pulsar broker answered: ${readings.map((r) => `${brokerName(r.broker)}: ${reasonOf(r)}`).join('; ')}`);
  }

  const ids = pulsarIds(prefix);
  const observations: Observation[] = [];
  const emit = (metric: string, reading: Reading, detail?: string) =>
    observations.push(
      'value' in reading ? { metric, at: now, value: reading.value, ...(detail === undefined ? {} : { detail }) } : { metric, at: now, value: null, problem: reading.problem },
    );

  const brokerIds = brokerMetricIds(prefix, scrapes.map((s) => s.broker));
  for (const r of readings) emit(brokerIds.get(r.broker) ?? ids.connections, r.answered ? r.active : { problem: reasonOf(r) });
  emit(ids.connections, clusterTotal(readings, (r) => r.active, 'connections'));
  // With brokerMaxConnections 0 there is no limit to show: no observation, and the spec has no `limit`.
  if (brokerMaxConnections > 0) emit(ids.connectionLimit, { value: scrapes.length * brokerMaxConnections });

  const rates = readings.map((r) => brokerRate(r, previous?.marks.get(r.broker), now));
  const firstPoll = rates.every((rate) => rate.firstPoll);
  const restarted = readings.filter((_, i) => rates[i]?.restarted).map((r) => brokerName(r.broker));
  emit(
    ids.failuresPerMin,
    firstPoll
      ? { problem: 'no rate yet: the first poll gives each broker a starting count; the rate comes with the next poll' }
      : clusterTotal(readings, (_, i) => rates[i]?.reading ?? { problem: 'no rate' }, 'failures/min'),
    restarted.length ? `${restarted.join(', ')} restarted since the last poll (connection counters reset): failures counted from the restart` : undefined,
  );
  emit(ids.throttled, clusterTotal(readings, (r) => r.throttled, 'throttled'));

  return { observations, state: { marks: nextMarks(readings, previous, now) } };
}

const reasonOf = (r: BrokerReadings) => (r.answered ? '' : r.reason);
const formatNumber = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** The sum over brokers, or — if any is missing — a problem that says who, why, and what the rest add up to. */
function clusterTotal(
  readings: BrokerReadings[],
  pick: (r: Extract<BrokerReadings, { answered: true }>, index: number) => Reading,
  unit: string,
): Reading {
  let sum = 0;
  const good: string[] = [];
  const bad: string[] = [];
  readings.forEach((r, i) => {
    const reading = r.answered ? pick(r, i) : { problem: r.reason };
    if ('value' in reading) {
      sum += reading.value;
      good.push(brokerName(r.broker));
    } else {
      bad.push(`${brokerName(r.broker)}: ${reading.problem}`);
    }
  });
  if (bad.length === 0) return { value: sum };
  const answered = readings.filter((r) => r.answered).length;
  const parts = answered < readings.length ? [`${answered} of ${readings.length} brokers answered`] : [];
  parts.push(...bad);
  if (good.length) parts.push(`${formatNumber(sum)} ${unit} on ${good.join(', ')} alone`);
  return { problem: parts.join('; ') };
}

interface BrokerRate {
  reading: Reading;
  firstPoll: boolean;
  restarted: boolean;
}
const no = (problem: string, firstPoll = false): BrokerRate => ({ reading: { problem }, firstPoll, restarted: false });

/**
 * Failures per minute from the gauge's change since the broker's last good reading. A drop
 * means the broker restarted and its counters began again at zero: as Prometheus' `rate()`
 * does, the new value is then the increase (failures before the restart are lost).
 */
function brokerRate(r: BrokerReadings, mark: BrokerMark | undefined, now: number): BrokerRate {
  if (!r.answered) return no(r.reason);
  if (!('value' in r.failures)) return no(r.failures.problem);
  if (!mark) return no('no rate yet: first poll of this broker', true);
  const elapsed = now - mark.at;
  if (elapsed <= 0) return no('no rate: no time has passed since the last poll');
  const failures = r.failures.value;
  const created = 'value' in r.created ? r.created.value : null;
  const restarted = failures < mark.failures || (created !== null && mark.created !== null && created < mark.created);
  const increase = restarted ? failures : failures - mark.failures;
  return { reading: { value: (increase / elapsed) * 60_000 }, firstPoll: false, restarted };
}

/** A broker that did not answer keeps its old mark, so its rate resumes over the longer gap. */
function nextMarks(readings: BrokerReadings[], previous: PulsarState | undefined, now: number): Map<string, BrokerMark> {
  const marks = new Map<string, BrokerMark>();
  for (const r of readings) {
    if (r.answered && 'value' in r.failures) {
      marks.set(r.broker, { at: now, failures: r.failures.value, created: 'value' in r.created ? r.created.value : null });
    } else {
      const old = previous?.marks.get(r.broker);
      if (old) marks.set(r.broker, old);
    }
  }
  return marks;
}
