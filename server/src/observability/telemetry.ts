/**
 * Warroom's own metrics, in Prometheus format, so the tool people open during an outage can be
 * watched too. Each telemetry owns its registry (never prom-client's global one): tests and
 * several servers in one process each count their own.
 *
 * Gauges of current state (sockets, rooms, stale metrics, failing sources) are not pushed by the
 * app: probes are read when Prometheus scrapes, so they cannot drift from the truth. Counters and
 * the commit histogram are incremented by the app where the thing happens.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { capped, methodLabel, OTHER, statusClass } from './labels';

export type TelemetryProbes = {
  /** Socket.IO connections open now (a browser tab each). */
  connectedSockets: () => number;
  /** Incident rooms loaded in memory (`Rooms.loadedCount`). */
  loadedRooms: () => number;
  /** Metrics that had a value and went stale: the platform's, and all running drills' together. */
  staleMetrics: () => { platform: number; drills: number };
  /** Every configured feed source, and whether its last poll failed. */
  feedSources: () => Iterable<{ id: string; failing: boolean; consecutiveFailures: number }>;
};

/** Why an ingest request was refused: a fixed set, so a caller cannot mint label values. */
export const INGEST_REFUSALS = ['validation', 'auth', 'rate_limit', 'too_large', 'no_source', OTHER] as const;
export type IngestRefusal = (typeof INGEST_REFUSALS)[number];

/**
 * A group commit waits for one fsync (synchronous=FULL): well under a millisecond on NVMe, a few
 * on SSD, tens on a cloud volume; past a second the event loop has stalled and everything with it.
 */
export const COMMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** The config allows 100 sources; reloads that rename them may add some more over a process's life. */
const MAX_SOURCES = 200;
const MAX_ROUTES = 100;
const MAX_EVENTS = 50;

export type TelemetryOptions = {
  /** May also be given later with `useProbes` (main.ts builds the telemetry before the server). */
  probes?: TelemetryProbes;
  /** prom-client's process and Node.js metrics (default true). Each set holds an event-loop monitor for the life of the process. */
  defaultMetrics?: boolean;
  /** Resolution of the event-loop delay monitor, ms (default 10). */
  eventLoopPrecisionMs?: number;
};

/** What the app calls. Methods are bound: pass them around as callbacks (`onCommit: telemetry.storeCommitted`). */
export type Telemetry = {
  readonly registry: Registry;
  /** Attaches (or replaces) the probes read at scrape time; their gauges appear from then on. */
  useProbes(probes: TelemetryProbes): void;
  /** A room event (or broadcast) went to `sockets` sockets: counts `sockets` messages out. */
  messagesSent(event: string, sockets: number): void;
  /** An ingest request was refused, before or after reading its body. */
  ingestRefused(reason: IngestRefusal): void;
  /** An accepted ingest request's samples: stored, and ignored as older than the metric's latest. */
  ingestSamples(accepted: number, ignored?: number): void;
  /** A completed HTTP request; `route` is a template (`/api/incidents/:id`), never the raw path. */
  httpRequest(method: string, route: string, status: number): void;
  /** How long one store commit (transaction and fsync) took, in seconds. */
  storeCommitted(seconds: number): void;
};

export function createTelemetry(options: TelemetryOptions = {}): Telemetry {
  const registry = new Registry();
  const registers = [registry];
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry, prefix: 'warroom_', eventLoopMonitoringPrecision: options.eventLoopPrecisionMs ?? 10 });
  }

  const messages = new Counter({
    name: 'warroom_socket_messages_sent_total',
    help: 'Socket.IO messages sent to browsers: a room event counts once for each socket it went to.',
    labelNames: ['event'],
    registers,
  });
  const refused = new Counter({
    name: 'warroom_ingest_requests_refused_total',
    help: 'Ingest requests refused, by reason (validation, auth, rate_limit, too_large, no_source, other).',
    labelNames: ['reason'],
    registers,
  });
  const samples = new Counter({
    name: 'warroom_ingest_samples_total',
    help: 'Samples in accepted ingest requests: accepted, or ignored as older than the latest value of their metric.',
    labelNames: ['outcome'],
    registers,
  });
  const http = new Counter({
    name: 'warroom_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status class.',
    labelNames: ['method', 'route', 'status_class'],
    registers,
  });
  const commits = new Histogram({
    name: 'warroom_store_commit_duration_seconds',
    help: 'Duration of one store commit (a group of writes in one transaction, one fsync), in seconds.',
    buckets: COMMIT_BUCKETS,
    registers,
  });
  // Known label values start at 0, so rate() and absent-series alerts work before the first refusal.
  for (const reason of INGEST_REFUSALS) refused.inc({ reason }, 0);
  for (const outcome of ['accepted', 'ignored']) samples.inc({ outcome }, 0);

  const routeLabel = capped(MAX_ROUTES);
  const eventLabel = capped(MAX_EVENTS);
  let probes: TelemetryProbes | null = options.probes ?? null;
  if (probes) registerProbes(registry, () => probes!);

  return {
    registry,
    useProbes: (next) => {
      if (!probes) registerProbes(registry, () => probes!);
      probes = next;
    },
    messagesSent: (event, sockets) => {
      if (sockets > 0) messages.inc({ event: eventLabel(event) }, sockets);
    },
    ingestRefused: (reason) => refused.inc({ reason: INGEST_REFUSALS.includes(reason) ? reason : OTHER }),
    ingestSamples: (accepted, ignored = 0) => {
      if (accepted > 0) samples.inc({ outcome: 'accepted' }, accepted);
      if (ignored > 0) samples.inc({ outcome: 'ignored' }, ignored);
    },
    httpRequest: (method, route, status) =>
      http.inc({ method: methodLabel(method), route: routeLabel(route), status_class: statusClass(status) }),
    storeCommitted: (seconds) => commits.observe(seconds),
  };
}

/** The gauges read from the probes on each scrape. */
function registerProbes(registry: Registry, current: () => TelemetryProbes): void {
  const failures = new Counter({
    name: 'warroom_telemetry_probe_failures_total',
    help: 'Scrapes where a probe threw: its gauge is NaN or absent for that scrape, the rest are still served.',
    labelNames: ['probe'],
    // Registered after the gauges (below): a scrape reads it after their probes ran, so it
    // counts this scrape's failures, not only the last one's.
    registers: [],
  });
  // A probe that throws must not fail the whole scrape: the other metrics matter most then.
  const read = <T>(probe: string, fn: () => T): T | null => {
    try {
      return fn();
    } catch {
      failures.inc({ probe });
      return null;
    }
  };
  const numberOf = (probe: string, fn: () => number): number => read(probe, fn) ?? Number.NaN;

  const gauges = [
    new Gauge({
      name: 'warroom_socket_connections',
      help: 'Socket.IO connections open now (one per browser tab).',
      registers: [],
      collect() {
        this.set(numberOf('connected_sockets', () => current().connectedSockets()));
      },
    }),
    new Gauge({
      name: 'warroom_rooms_loaded',
      help: 'Incident rooms loaded in memory now.',
      registers: [],
      collect() {
        this.set(numberOf('loaded_rooms', () => current().loadedRooms()));
      },
    }),
    new Gauge({
      name: 'warroom_live_metrics_stale',
      help: 'Live metrics that had a value and went stale, by scope (platform, or all drills together).',
      labelNames: ['scope'],
      registers: [],
      collect() {
        this.reset();
        const stale = read('stale_metrics', () => current().staleMetrics());
        if (!stale) return;
        this.set({ scope: 'platform' }, stale.platform);
        this.set({ scope: 'drill' }, stale.drills);
      },
    }),
    new Gauge({
      name: 'warroom_feed_source_failing',
      help: 'Whether a configured feed source is failing now (1) or not (0), by source id.',
      labelNames: ['source'],
      registers: [],
      collect() {
        // Reset each scrape: a source removed from the config stops being reported.
        this.reset();
        const sources = read('feed_sources', () => [...current().feedSources()]);
        for (const { id, failing } of (sources ?? []).slice(0, MAX_SOURCES)) this.set({ source: id }, failing ? 1 : 0);
      },
    }),
    new Gauge({
      name: 'warroom_feed_source_consecutive_failures',
      help: 'Polls of a feed source that failed in a row (timeouts, HTTP errors, unparsable bodies), by source id.',
      labelNames: ['source'],
      registers: [],
      collect() {
        this.reset();
        const sources = read('feed_sources', () => [...current().feedSources()]);
        for (const { id, consecutiveFailures } of (sources ?? []).slice(0, MAX_SOURCES)) this.set({ source: id }, consecutiveFailures);
      },
    }),
  ];
  for (const gauge of gauges) registry.registerMetric(gauge);
  registry.registerMetric(failures);
}
