/**
 * A three-broker Pulsar cluster in a rolling upgrade (pulsar-1 and -3 on 3.x, pulsar-2 on
 * 2.10 with ms timestamps and trailing commas), polled through restarts, outages and broken
 * gauges. Fixtures: test/fixtures/pulsar/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FeedError, type Observation } from '../../../server/src/feeds/observation';
import { pulsarObservations, type BrokerScrape, type PulsarState } from '../../../server/src/feeds/pulsar/pulsar-observations';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/pulsar/${name}`, import.meta.url), 'utf8');
const B1 = 'http://pulsar-1.pulsar.svc:8080/metrics';
const B2 = 'http://pulsar-2.pulsar.svc:8080/metrics';
const B3 = 'http://pulsar-3.pulsar.svc:8080/metrics';
const T0 = Date.UTC(2026, 0, 15, 15, 56);
const MIN = 60_000;
const options = { brokerMaxConnections: 1000 };

const ok = (broker: string, file: string): BrokerScrape => ({ broker, text: fixture(file) });
const firstPoll = [ok(B1, 'v3.3-pulsar-1.txt'), ok(B2, 'v2.10-pulsar-2.txt'), ok(B3, 'v3.3-pulsar-3.txt')];
const laterPoll = [ok(B1, 'v3.3-pulsar-1-later.txt'), ok(B2, 'v2.10-pulsar-2-later.txt'), ok(B3, 'v3.3-pulsar-3-later.txt')];

/** Runs polls in order, `step` ms apart, and returns the last poll's observations by metric id. */
function poll(polls: BrokerScrape[][], step = MIN, opts: Parameters<typeof pulsarObservations>[3] = options) {
  let state: PulsarState | undefined;
  let observations: Observation[] = [];
  polls.forEach((scrapes, i) => {
    ({ observations, state } = pulsarObservations(scrapes, state, T0 + i * step, opts));
  });
  return Object.fromEntries(observations.map((o) => [o.metric, o]));
}
const withoutCreated = (file: string) => fixture(file).replace(/^pulsar_connection_created_total_count.*$/m, '');
const valueOf = (o: Observation | undefined) => (o && o.value !== null ? o.value : undefined);
const problemOf = (o: Observation | undefined) => (o && o.value === null ? o.problem : undefined);

describe('all brokers answer', () => {
  const first = poll([firstPoll]);

  it('gives each broker its own connections metric, named after the broker', () => {
    expect(Object.keys(first).toSorted()).toEqual([
      'pulsar.connection_failures_per_min',
      'pulsar.connection_limit',
      'pulsar.connections',
      'pulsar.connections.pulsar-1.pulsar.svc-8080',
      'pulsar.connections.pulsar-2.pulsar.svc-8080',
      'pulsar.connections.pulsar-3.pulsar.svc-8080',
      'pulsar.throttled_connections',
    ]);
    expect(first['pulsar.connections.pulsar-1.pulsar.svc-8080']).toEqual({ metric: 'pulsar.connections.pulsar-1.pulsar.svc-8080', at: T0, value: 412 });
    expect(valueOf(first['pulsar.connections.pulsar-2.pulsar.svc-8080'])).toBe(388); // the 2.10 line with a ms timestamp
    expect(valueOf(first['pulsar.connections.pulsar-3.pulsar.svc-8080'])).toBe(401);
  });

  it('sums the cluster total against brokers × brokerMaxConnections', () => {
    expect(valueOf(first['pulsar.connections'])).toBe(412 + 388 + 401);
    expect(valueOf(first['pulsar.connection_limit'])).toBe(3000);
  });

  it('sums throttled connections, not mistaking the _global_limit series for them', () => {
    expect(valueOf(first['pulsar.throttled_connections'])).toBe(0 + 0 + 4);
  });

  it('has no failure rate on the first poll: a problem, not 0', () => {
    expect(problemOf(first['pulsar.connection_failures_per_min'])).toMatch(/^no rate yet: the first poll/);
  });

  it('rates failures per minute from the gauges’ change on the next poll', () => {
    const second = poll([firstPoll, laterPoll]);
    expect(second['pulsar.connection_failures_per_min']).toEqual({ metric: 'pulsar.connection_failures_per_min', at: T0 + MIN, value: 6 + 3 + 0 });
    expect(valueOf(second['pulsar.connections'])).toBe(420 + 395 + 405);
  });

  it('divides by the time that really passed between polls', () => {
    expect(valueOf(poll([firstPoll, laterPoll], 30_000)['pulsar.connection_failures_per_min'])).toBe(18);
    expect(valueOf(poll([firstPoll, laterPoll], 4 * MIN)['pulsar.connection_failures_per_min'])).toBe(2.25);
  });

  it('refuses a rate when no time has passed', () => {
    expect(problemOf(poll([firstPoll, laterPoll], 0)['pulsar.connection_failures_per_min'])).toMatch(/no time has passed/);
  });
});

describe('a broker that does not answer', () => {
  const down: BrokerScrape = { broker: B2, error: 'connection refused' };
  const result = poll([[firstPoll[0]!, down, firstPoll[2]!]]);

  it('is a problem on its own tile, while the others keep their values', () => {
    expect(problemOf(result['pulsar.connections.pulsar-2.pulsar.svc-8080'])).toBe('connection refused');
    expect(valueOf(result['pulsar.connections.pulsar-1.pulsar.svc-8080'])).toBe(412);
    expect(valueOf(result['pulsar.connections.pulsar-3.pulsar.svc-8080'])).toBe(401);
  });

  it('makes the total a problem that says who failed, why, and what the rest add up to', () => {
    expect(problemOf(result['pulsar.connections'])).toBe(
      '2 of 3 brokers answered; pulsar-2.pulsar.svc:8080: connection refused; 813 connections on pulsar-1.pulsar.svc:8080, pulsar-3.pulsar.svc:8080 alone',
    );
    expect(problemOf(result['pulsar.throttled_connections'])).toMatch(/^2 of 3 brokers answered; pulsar-2.pulsar.svc:8080: connection refused/);
  });

  it('still shows the configured limit', () => {
    expect(valueOf(result['pulsar.connection_limit'])).toBe(3000);
  });

  it('resumes its rate over the longer gap when it is back', () => {
    const back = poll([firstPoll, [laterPoll[0]!, down, laterPoll[2]!], laterPoll]);
    // pulsar-2: 12 → 15 over two minutes; the others did not move since the second poll.
    expect(valueOf(back['pulsar.connection_failures_per_min'])).toBe(1.5);
  });

  it('an unparsable body counts as no answer, with the parser’s line', () => {
    const html = poll([[firstPoll[0]!, ok(B2, 'html-error-page.txt'), firstPoll[2]!]]);
    expect(problemOf(html['pulsar.connections.pulsar-2.pulsar.svc-8080'])).toMatch(/^unparsable \/metrics: line 1: expected a metric name/);
    expect(problemOf(html['pulsar.connections'])).toMatch(/^2 of 3 brokers answered; pulsar-2.pulsar.svc:8080: unparsable/);
  });

  it('when none answers, the whole source fails, naming each', () => {
    const allDown = [{ broker: B1, error: 'timeout after 5s' }, down, { broker: B3, error: 'HTTP 503' }];
    expect(() => pulsarObservations(allDown, undefined, T0, options)).toThrow(FeedError);
    expect(() => pulsarObservations(allDown, undefined, T0, options)).toThrow(
      'no Pulsar broker answered: pulsar-1.pulsar.svc:8080: timeout after 5s; pulsar-2.pulsar.svc:8080: connection refused; pulsar-3.pulsar.svc:8080: HTTP 503',
    );
  });
});

describe('broken or missing series', () => {
  it('a /metrics without the connection series is a problem for that broker, not 0', () => {
    const result = poll([[firstPoll[0]!, firstPoll[1]!, ok(B3, 'bookie-not-a-broker.txt')]]);
    expect(problemOf(result['pulsar.connections.pulsar-3.pulsar.svc-8080'])).toBe('no pulsar_active_connections in /metrics');
    expect(problemOf(result['pulsar.connections'])).toBe(
      'pulsar-3.pulsar.svc:8080: no pulsar_active_connections in /metrics; 800 connections on pulsar-1.pulsar.svc:8080, pulsar-2.pulsar.svc:8080 alone',
    );
  });

  it('a negative throttled gauge is a problem, while connections keep their values', () => {
    const result = poll([[ok(B1, 'v3.3-pulsar-1-negative-throttled.txt'), firstPoll[1]!, firstPoll[2]!]]);
    expect(problemOf(result['pulsar.throttled_connections'])).toBe(
      'pulsar-1.pulsar.svc:8080: pulsar_broker_throttled_connections is -2: a broken gauge, not a count; 4 throttled on pulsar-2.pulsar.svc:8080, pulsar-3.pulsar.svc:8080 alone',
    );
    expect(valueOf(result['pulsar.connections'])).toBe(1201);
  });

  it.each([
    ['NaN', 'pulsar_active_connections is NaN'],
    ['+Inf', 'pulsar_active_connections is +Inf'],
    ['-1', 'pulsar_active_connections is -1: a broken gauge, not a count'],
  ])('active connections of %s are a problem', (value, problem) => {
    const text = fixture('v3.3-pulsar-1.txt').replace(/(pulsar_active_connections\{[^}]*\}) 412/, `$1 ${value}`);
    const result = poll([[{ broker: B1, text }]]);
    expect(result['pulsar.connections.pulsar-1.pulsar.svc-8080']).toEqual({ metric: 'pulsar.connections.pulsar-1.pulsar.svc-8080', at: T0, value: null, problem });
    expect(problemOf(result['pulsar.connections'])).toBe(`pulsar-1.pulsar.svc:8080: ${problem}`);
  });
});

describe('a broker restart (the "total" gauges begin again at 0)', () => {
  it('counts failures from the restart instead of a negative rate, and says so', () => {
    const result = poll([firstPoll, [ok(B1, 'v3.3-pulsar-1-restarted.txt'), laterPoll[1]!, laterPoll[2]!]]);
    expect(result['pulsar.connection_failures_per_min']).toEqual({
      metric: 'pulsar.connection_failures_per_min',
      at: T0 + MIN,
      value: 2 + 3 + 0,
      detail: 'pulsar-1.pulsar.svc:8080 restarted since the last poll (connection counters reset): failures counted from the restart',
    });
    expect(valueOf(result['pulsar.connections.pulsar-1.pulsar.svc-8080'])).toBe(35);
  });

  it('is seen from the failure gauge alone when a broker has no created-connections series', () => {
    const result = poll([[{ broker: B1, text: withoutCreated('v3.3-pulsar-1.txt') }], [{ broker: B1, text: withoutCreated('v3.3-pulsar-1-restarted.txt') }]]);
    expect(valueOf(result['pulsar.connection_failures_per_min'])).toBe(2);
  });

  it('is also seen when failures climbed past the old count but connections created fell', () => {
    const text = fixture('v3.3-pulsar-1-restarted.txt')
      .replace(/(pulsar_connection_create_fail_count\{[^}]*\}) 2$/m, '$1 60')
      .replace(/(pulsar_connection_created_total_count\{[^}]*\}) 39$/m, '$1 99');
    const result = poll([[firstPoll[0]!], [{ broker: B1, text }]]);
    expect(valueOf(result['pulsar.connection_failures_per_min'])).toBe(60); // not 60 − 57
  });
});

describe('options', () => {
  it('brokerMaxConnections 0 (unlimited) emits no limit at all', () => {
    const result = poll([firstPoll], MIN, { brokerMaxConnections: 0 });
    expect(result['pulsar.connection_limit']).toBeUndefined();
    expect(valueOf(result['pulsar.connections'])).toBe(1201);
  });

  it('a prefix names every metric', () => {
    const result = poll([firstPoll], MIN, { brokerMaxConnections: 500, prefix: 'pulsar-eu' });
    expect(Object.keys(result).every((id) => id.startsWith('pulsar-eu.'))).toBe(true);
    expect(valueOf(result['pulsar-eu.connection_limit'])).toBe(1500);
  });

  it('refuses a negative limit or an id-breaking prefix', () => {
    expect(() => pulsarObservations(firstPoll, undefined, T0, { brokerMaxConnections: -1 })).toThrow();
    expect(() => pulsarObservations(firstPoll, undefined, T0, { brokerMaxConnections: 0, prefix: 'Pulsar EU' })).toThrow();
  });

  it('a broker dropped from the config is forgotten: added back, it starts a new rate', () => {
    const result = poll([firstPoll, [laterPoll[0]!, laterPoll[1]!], laterPoll]);
    expect(problemOf(result['pulsar.connection_failures_per_min'])).toBe(
      'pulsar-3.pulsar.svc:8080: no rate yet: first poll of this broker; 0 failures/min on pulsar-1.pulsar.svc:8080, pulsar-2.pulsar.svc:8080 alone',
    );
  });

  it('no brokers configured is a source failure', () => {
    expect(() => pulsarObservations([], undefined, T0, options)).toThrow('no Pulsar brokers configured');
  });
});
