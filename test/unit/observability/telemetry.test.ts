/** Warroom's own metrics: label values stay bounded, probes are read at scrape time and a failing one spoils nothing else. */
import { describe, expect, it } from 'vitest';
import type { Registry } from 'prom-client';
import { parseExposition } from '../../../server/src/feeds/exposition/exposition';
import { COMMIT_BUCKETS, createTelemetry, type TelemetryProbes } from '../../../server/src/observability/telemetry';
import { seriesOf, valueOf } from './support';

/** The value of one line of the exposition as Prometheus reads it (histograms' `_bucket` lines too). */
async function scraped(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const { samples } = parseExposition(await registry.metrics());
  return samples.find((x) => x.name === name && JSON.stringify(x.labels) === JSON.stringify(labels))?.value;
}

const quiet = () => createTelemetry({ defaultMetrics: false });

const probes = (o: Partial<TelemetryProbes> = {}): TelemetryProbes => ({
  connectedSockets: () => 3,
  loadedRooms: () => 2,
  staleMetrics: () => ({ platform: 1, drills: 4 }),
  feedSources: () => [
    { id: 'prom-par', failing: true, consecutiveFailures: 5 },
    { id: 'push', failing: false, consecutiveFailures: 0 },
  ],
  ...o,
});

describe('counters', () => {
  it('each telemetry counts in its own registry', async () => {
    const a = quiet();
    const b = quiet();
    a.messagesSent('timeline:posted', 5);
    expect(await valueOf(a.registry, 'warroom_socket_messages_sent_total', { event: 'timeline:posted' })).toBe(5);
    expect(await valueOf(b.registry, 'warroom_socket_messages_sent_total', { event: 'timeline:posted' })).toBeUndefined();
  });

  it('a room event counts once per socket it went to; to no socket it makes no series', async () => {
    const t = quiet();
    t.messagesSent('metrics:updated', 0);
    t.messagesSent('timeline:posted', 3);
    t.messagesSent('timeline:posted', 2);
    expect(await seriesOf(t.registry, 'warroom_socket_messages_sent_total')).toEqual([{ event: 'timeline:posted' }]);
    expect(await valueOf(t.registry, 'warroom_socket_messages_sent_total', { event: 'timeline:posted' })).toBe(5);
  });

  it('every ingest refusal reason exists at 0 before the first; an unknown reason is counted as other', async () => {
    const t = quiet();
    for (const reason of ['validation', 'auth', 'rate_limit', 'too_large', 'no_source', 'other']) {
      expect(await valueOf(t.registry, 'warroom_ingest_requests_refused_total', { reason }), reason).toBe(0);
    }
    t.ingestRefused('auth');
    t.ingestRefused('made-up' as never);
    expect(await valueOf(t.registry, 'warroom_ingest_requests_refused_total', { reason: 'auth' })).toBe(1);
    expect(await valueOf(t.registry, 'warroom_ingest_requests_refused_total', { reason: 'other' })).toBe(1);
    expect(await seriesOf(t.registry, 'warroom_ingest_requests_refused_total')).toHaveLength(6);
  });

  it('ingested samples: accepted and ignored', async () => {
    const t = quiet();
    t.ingestSamples(3, 1);
    t.ingestSamples(2);
    expect(await valueOf(t.registry, 'warroom_ingest_samples_total', { outcome: 'accepted' })).toBe(5);
    expect(await valueOf(t.registry, 'warroom_ingest_samples_total', { outcome: 'ignored' })).toBe(1);
  });

  it.each([
    ['GET', '/api/incidents/:id', 200, { method: 'GET', route: '/api/incidents/:id', status_class: '2xx' }],
    ['PROPFIND', 'spa', 404, { method: 'other', route: 'spa', status_class: '4xx' }],
    ['POST', '/api/ingest', 999, { method: 'POST', route: '/api/ingest', status_class: 'other' }],
  ] as const)('an HTTP request %s %s %s is labelled %o', async (method, route, status, labels) => {
    const t = quiet();
    t.httpRequest(method, route, status);
    expect(await valueOf(t.registry, 'warroom_http_requests_total', labels)).toBe(1);
  });

  it('routes past the 100th distinct one are counted as other', async () => {
    const t = quiet();
    for (let i = 0; i < 150; i++) t.httpRequest('GET', `/api/r${i}`, 200);
    const routes = new Set((await seriesOf(t.registry, 'warroom_http_requests_total')).map((l) => l.route));
    expect(routes.size).toBe(101);
    expect(await valueOf(t.registry, 'warroom_http_requests_total', { method: 'GET', route: 'other', status_class: '2xx' })).toBe(50);
    t.httpRequest('GET', '/api/r0', 200);
    expect(await valueOf(t.registry, 'warroom_http_requests_total', { method: 'GET', route: '/api/r0', status_class: '2xx' })).toBe(2);
  });

  it('store commits fall in the documented buckets', async () => {
    const t = quiet();
    t.storeCommitted(0.0004);
    t.storeCommitted(0.003);
    t.storeCommitted(2);
    const le = (bound: string) => scraped(t.registry, 'warroom_store_commit_duration_seconds_bucket', { le: bound });
    expect(await le('0.0005')).toBe(1);
    expect(await le('0.005')).toBe(2);
    expect(await le('1')).toBe(2);
    expect(await le('+Inf')).toBe(3);
    expect(await scraped(t.registry, 'warroom_store_commit_duration_seconds_count')).toBe(3);
    const { samples } = parseExposition(await t.registry.metrics());
    expect(samples.filter((x) => x.name === 'warroom_store_commit_duration_seconds_bucket')).toHaveLength(COMMIT_BUCKETS.length + 1);
  });
});

describe('probes', () => {
  it('no probe gauges until probes are given; then read at each scrape', async () => {
    const t = quiet();
    expect(await valueOf(t.registry, 'warroom_socket_connections')).toBeUndefined();
    let sockets = 3;
    t.useProbes(probes({ connectedSockets: () => sockets }));
    expect(await valueOf(t.registry, 'warroom_socket_connections')).toBe(3);
    sockets = 7;
    expect(await valueOf(t.registry, 'warroom_socket_connections')).toBe(7);
    expect(await valueOf(t.registry, 'warroom_rooms_loaded')).toBe(2);
    expect(await valueOf(t.registry, 'warroom_live_metrics_stale', { scope: 'platform' })).toBe(1);
    expect(await valueOf(t.registry, 'warroom_live_metrics_stale', { scope: 'drill' })).toBe(4);
    expect(await valueOf(t.registry, 'warroom_feed_source_failing', { source: 'prom-par' })).toBe(1);
    expect(await valueOf(t.registry, 'warroom_feed_source_consecutive_failures', { source: 'prom-par' })).toBe(5);
  });

  it('given again, the new probes replace the old ones without registering twice', async () => {
    const t = quiet();
    t.useProbes(probes());
    t.useProbes(probes({ loadedRooms: () => 9 }));
    expect(await valueOf(t.registry, 'warroom_rooms_loaded')).toBe(9);
    expect((await t.registry.getMetricsAsJSON()).filter((m) => m.name === 'warroom_rooms_loaded')).toHaveLength(1);
  });

  it('a source removed from the config stops being reported', async () => {
    const t = quiet();
    let sources = [{ id: 'old', failing: true, consecutiveFailures: 2 }];
    t.useProbes(probes({ feedSources: () => sources }));
    expect(await seriesOf(t.registry, 'warroom_feed_source_failing')).toEqual([{ source: 'old' }]);
    sources = [{ id: 'new', failing: false, consecutiveFailures: 0 }];
    expect(await seriesOf(t.registry, 'warroom_feed_source_failing')).toEqual([{ source: 'new' }]);
  });

  it('a probe that throws spoils only its own gauge and is counted; the scrape still succeeds', async () => {
    const t = quiet();
    t.useProbes(
      probes({
        loadedRooms: () => {
          throw new Error('rooms are gone');
        },
        feedSources: () => {
          throw new Error('registry is gone');
        },
      }),
    );
    // One scrape: each one counts its failures.
    const { samples } = parseExposition(await t.registry.metrics());
    const value = (name: string, labels: Record<string, string> = {}) =>
      samples.find((x) => x.name === name && JSON.stringify(x.labels) === JSON.stringify(labels))?.value;
    // prom-client writes `Nan`: Prometheus (Go's ParseFloat) and our parser read it case-blind.
    expect(value('warroom_rooms_loaded')).toBeNaN();
    expect(value('warroom_socket_connections')).toBe(3);
    expect(value('warroom_live_metrics_stale', { scope: 'drill' })).toBe(4);
    expect(value('warroom_telemetry_probe_failures_total', { probe: 'loaded_rooms' })).toBe(1);
    // Both feed-source gauges read the same probe.
    expect(value('warroom_telemetry_probe_failures_total', { probe: 'feed_sources' })).toBe(2);
    expect(samples.filter((x) => x.name.startsWith('warroom_feed_source_'))).toEqual([]);
  });
});

describe('default metrics', () => {
  it('process and event-loop metrics, prefixed warroom_', async () => {
    const t = createTelemetry({ eventLoopPrecisionMs: 20 });
    const names = (await t.registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names).toContain('warroom_nodejs_eventloop_lag_seconds');
    expect(names).toContain('warroom_process_cpu_seconds_total');
    expect(names.filter((n) => !n.startsWith('warroom_'))).toEqual([]);
  });
});
