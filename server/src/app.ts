/**
 * Builds a Warroom server from its dependencies. main.ts wires the real ones;
 * tests call this with a temp data dir, port 0 and a test clock.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { Handshake } from '#shared/events';
import { PROTOCOL_VERSION, type RoomEvent } from '#shared/sync';
import { type Cancel, type Clock, every, systemClock } from './clock';
import type { Config, FeedsConfig } from './config';
import { drillsRoutes } from './drills/drills.routes';
import { Drills } from './drills/drills.service';
import { FeedEvents } from './feeds/feed-events';
import { AlertPanels } from './feeds/alertmanager/alert-panels';
import { FeedRegistry } from './feeds/registry';
import { apiNotFound, errorHandler } from './http/errors.middleware';
import { spaRouter } from './http/spa';
import { incidentsHandlers } from './incidents/incidents.handlers';
import { incidentsRoutes } from './incidents/incidents.routes';
import { IncidentsService } from './incidents/incidents.service';
import { createLogger, type Logger } from './logger';
import { SampleHistory } from './metrics/sample-history';
import { follows, MetricScopes, PLATFORM, scopeOf } from './metrics/scopes';
import { roomsHandlers } from './rooms/rooms.handlers';
import { Rooms } from './rooms/rooms';
import { OneBufferFrameAdapter } from './sockets/one-buffer-frames';
import { createSocketRouter, type WarroomServer } from './sockets/socket-router';
import type { Store } from './store/store';
import { SystemEntries } from './timeline/system-entries';
import { timelineHandlers } from './timeline/timeline.handlers';
import { timelineRoutes } from './timeline/timeline.routes';
import { TimelineService } from './timeline/timeline.service';

export type ServerDeps = { config: Config; store: Store; clock?: Clock; logger?: Logger; random?: () => number };

export type WarroomServerApp = {
  http: http.Server;
  io: WarroomServer;
  scopes: MetricScopes;
  rooms: Rooms;
  feeds: FeedRegistry;
  drills: Drills;
  /** Applies a config read again (SIGHUP): sources restart only where they changed; no socket is dropped. */
  reload(feeds: FeedsConfig): void;
  /** Listens on the configured host; resolves the bound port (useful with port 0). */
  listen(port: number): Promise<number>;
  /** Stops feeds and timers and closes every connection. The store stays open: the caller owns it. */
  close(): Promise<void>;
};

export async function createServer({ config, store, clock = systemClock, logger, random }: ServerDeps): Promise<WarroomServerApp> {
  const log = logger ?? createLogger(config.logLevel);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Deflate would disable Socket.IO's encode-once broadcast and cost ~4x CPU (docs/performance.md).
  const io: WarroomServer = new Server(httpServer, { serveClient: false, perMessageDeflate: false, adapter: OneBufferFrameAdapter });
  const { spec } = config.feeds;

  const rooms = new Rooms({
    store,
    clock,
    live: (incident) => ({
      metrics: scopes.get(scopeOf(incident))?.snapshot((def) => follows(incident, def)) ?? [],
      alerts: incident.simulated ? [] : alerts.panels((source) => incident.sources === null || incident.sources.includes(source)),
    }),
    logLimit: config.replayLogLimit,
    logBytes: config.replayLogBytes,
    emit: (room: string, event: RoomEvent) => io.to(room).emit(event.type, event as never),
    isWatched: (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0,
  });
  const incidents = new IncidentsService({
    store,
    rooms,
    clock,
    announce: (i) => io.emit('incidents:changed', i),
    knownSources: () => feeds.report().sources.map((s) => s.id),
  });
  const timeline = new TimelineService({ store, rooms, clock });
  const system = new SystemEntries({ store, timeline, logger: log });
  const feedEvents = new FeedEvents({
    clock,
    live: (scope) => scopes.get(scope),
    sourceError: (scope, source) => (scope === PLATFORM ? feeds.errorOf(source) : null),
    post: (scope, source, kind, text) => void system.post(scope, source, kind, text),
    feedEntriesEveryMs: spec.timeline.feedEntriesEvery,
    metricEntriesEveryMs: spec.timeline.metricEntriesEvery,
  });
  const history = new SampleHistory({ store, clock, logger: log, scope: PLATFORM, resolutionMs: spec.samples.resolution, keepMs: spec.samples.keep });
  const scopes = new MetricScopes({
    clock,
    pushIntervalMs: config.pushIntervalMs,
    publish: (scope, changes, removed) => {
      if (scope === PLATFORM) history.record(changes, (id) => scopes.platform.get(id)?.def.source);
      rooms.publishMetrics(scope, changes, removed, (id) => scopes.get(scope)?.get(id)?.def);
    },
    events: (scope) => feedEvents.forScope(scope),
  });
  const alerts = new AlertPanels({ clock, pushIntervalMs: config.pushIntervalMs, publish: (source, panel) => rooms.publishAlerts(source, panel) });
  const feeds = new FeedRegistry({
    clock,
    logger: log,
    ...(random ? { random } : {}),
    live: scopes.platform,
    post: (source, kind, text) => void system.post(PLATFORM, source, kind, text),
    alerts: (source, panel) => alerts.set(source, panel),
  });
  feeds.apply(spec.sources, config.feeds.file);
  await history.restore(scopes.platform, new Map(spec.sources.flatMap((s) => (s.type === 'push' ? [[s.id, s.staleAfter] as const] : []))));
  history.start();
  const drills = new Drills({ store, incidents, timeline, scopes, clock, logger: log, scenariosDir: config.scenariosDir, tickMs: spec.demo?.tick ?? 1000 });
  await drills.resume();
  let demo = spec.demo;
  if (demo) await drills.ensureDemo(demo);
  // Rooms are swept every 30 s: well inside the 5-minute grace after a room's last viewer leaves (S9).
  const timers: Cancel[] = [every(clock, 1000, () => scopes.sweep()), every(clock, 30_000, () => rooms.sweep())];

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Alertmanager sends whole groups: a storm's notification can be larger than a person's post.
  app.use('/api/feeds', express.json({ limit: '10mb' }));
  app.use('/api', express.json({ limit: '1mb' }));
  app.use('/api', feeds.router());
  app.use('/api', drillsRoutes(drills));
  app.use('/api/incidents', incidentsRoutes(incidents, rooms));
  app.use('/api/incidents/:id/timeline', timelineRoutes(timeline));
  app.use('/api', apiNotFound);
  app.use(spaRouter(config.clientDir));
  app.use(errorHandler(log));

  io.use((socket, next) => {
    const hs = Handshake.safeParse(socket.handshake.auth);
    if (hs.success && hs.data.protocol === PROTOCOL_VERSION) return next();
    const err = Object.assign(new Error(`protocol_mismatch: this server speaks protocol ${PROTOCOL_VERSION}; reload the page`), {
      data: { code: 'protocol_mismatch' },
    });
    next(err);
  });
  const router = createSocketRouter(log);
  roomsHandlers(router.on, rooms);
  timelineHandlers(router.on, timeline);
  incidentsHandlers(router.on, incidents);
  io.on('connection', (socket) => {
    // Once middleware has run, the upgrade request and its headers are dead weight that
    // Socket.IO keeps for the life of the connection (its docs: "Memory usage").
    socket.conn.request = null as never;
    socket.handshake.headers = {};
    router.attach(socket);
  });

  return {
    http: httpServer,
    io,
    scopes,
    rooms,
    feeds,
    drills,
    reload: (next) => {
      feeds.apply(next.spec.sources, next.file);
      alerts.retain(new Set(next.spec.sources.map((s) => s.id)));
      feedEvents.setWindows(next.spec.timeline.feedEntriesEvery, next.spec.timeline.metricEntriesEvery);
      // A new demo only when the file asks for a different one: an edit elsewhere must not start another drill.
      if (next.spec.demo && JSON.stringify(next.spec.demo) !== JSON.stringify(demo)) {
        void drills.ensureDemo(next.spec.demo).catch((error: unknown) => log.error({ err: error }, 'demo drill did not start'));
      }
      demo = next.spec.demo;
    },
    listen: (port) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, config.host, () => resolve((httpServer.address() as AddressInfo).port));
      }),
    close: async () => {
      for (const cancel of timers) cancel();
      await drills.stop();
      await feeds.stop();
      feedEvents.stop();
      scopes.stop();
      alerts.stop();
      await history.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
