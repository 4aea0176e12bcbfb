/**
 * Builds a Warroom server from its dependencies. main.ts wires the real ones;
 * tests call this with a temp data dir, port 0 and a test clock.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { HEARTBEAT_EVERY_MS } from '#shared/events';
import type { RoomEvent } from '#shared/sync';
import { authorize } from './auth/actor';
import { AuthService } from './auth/auth.service';
import { OriginPolicy } from './auth/origin-policy';
import { WriteLimiter } from './auth/rate-limits';
import { allowRequest } from './auth/socket-auth';
import { type Cancel, type Clock, every, isoAt, systemClock } from './clock';
import type { Config, FeedsConfig } from './config';
import { impactSetupOf } from './config/impact-spec';
import { Drills } from './drills/drills.service';
import { FollowUpsService } from './follow-ups/follow-ups.service';
import { ImpactService } from './impact/impact.service';
import { WebhookDeliveries } from './publishing/webhook-deliveries';
import { PublicUpdatesService } from './public-updates/public-updates.service';
import { FeedEvents } from './feeds/feed-events';
import { AlertPanels } from './feeds/alertmanager/alert-panels';
import { FeedRegistry } from './feeds/registry';
import { AppError } from './http/app-error';
import { buildHttpApp } from './http/http-app';
import { IncidentsService } from './incidents/incidents.service';
import { Drain } from './lifecycle/drain';
import { createLogger, type Logger } from './logger';
import { SampleHistory } from './metrics/sample-history';
import { follows, MetricScopes, PLATFORM, scopeOf } from './metrics/scopes';
import { createTelemetry, type Telemetry } from './observability/telemetry';
import { RoomPresence } from './rooms/presence';
import { incidentOfRoom, roomName, Rooms } from './rooms/rooms';
import { OneBufferFrameAdapter } from './sockets/one-buffer-frames';
import type { WarroomServer } from './sockets/socket-router';
import { attachSockets } from './sockets/socket-server';
import type { Store } from './store/store';
import { SystemEntries } from './timeline/system-entries';
import { TimelineService } from './timeline/timeline.service';

export type ServerDeps = {
  config: Config;
  store: Store;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  /** Built by main.ts before the store, so commits are timed from the first; one per server otherwise. */
  telemetry?: Telemetry;
};

/** Answers the odd request that arrives while the server is still being built. */
const notReadyYet: http.RequestListener = (_req, res) => res.writeHead(503).end();

/** How long SIGTERM waits for in-flight writes to commit and answer before closing every connection. */
const DRAIN_DEADLINE_MS = 10_000;

export type WarroomServerApp = {
  http: http.Server;
  io: WarroomServer;
  scopes: MetricScopes;
  rooms: Rooms;
  feeds: FeedRegistry;
  drills: Drills;
  auth: AuthService;
  telemetry: Telemetry;
  /** With no admin token configured and none stored: the first admin's link, to print once. */
  adminLink: string | null;
  /** Applies a config read again (SIGHUP): sources restart only where they changed; no socket is dropped. */
  reload(feeds: FeedsConfig): void;
  /** Listens on the configured host; resolves the bound port (useful with port 0). */
  listen(port: number): Promise<number>;
  /**
   * Tells browsers the server is restarting, refuses new work, waits for writes in flight to
   * commit and answer (at most 10 s), then stops feeds and timers and closes every connection.
   * The store stays open: the caller owns it.
   */
  close(): Promise<void>;
};

export async function createServer({ config, store, clock = systemClock, logger, random, telemetry = createTelemetry() }: ServerDeps): Promise<WarroomServerApp> {
  const log = logger ?? createLogger(config.logLevel);
  const policy = new OriginPolicy(config.auth.allowedHosts);
  const auth = new AuthService({ store, clock, logger: log, publicUrl: config.auth.publicUrl, sessionDays: config.auth.sessionDays });
  const adminLink = await auth.bootstrap(config.auth.adminToken);
  auth.watch();
  const limiter = new WriteLimiter(config.rateLimits);
  const drain = new Drain();
  // The Express app is built further down, once the services it routes to exist. It must be the
  // server's request listener before Socket.IO attaches: Socket.IO takes /socket.io/ requests away
  // from the listeners it finds, and one added later would answer them a second time.
  let app: http.RequestListener = notReadyYet;
  const httpServer = http.createServer(
    {
      // A body trickled in at a byte a second must not hold a connection (or a shutdown) for 5 minutes.
      requestTimeout: 30_000,
      headersTimeout: 15_000,
    },
    (req, res) => app(req, res),
  );
  // Deflate would disable Socket.IO's encode-once broadcast and cost ~4x CPU (docs/performance.md).
  // CORS stays closed (no `cors` option): browsers reach Socket.IO only from our own pages.
  const io: WarroomServer = new Server(httpServer, {
    serveClient: false,
    perMessageDeflate: false,
    adapter: OneBufferFrameAdapter,
    allowRequest: allowRequest(policy),
  });
  const { spec } = config.feeds;
  // Read again on SIGHUP: rooms hand the current one to every snapshot.
  let setup = impactSetupOf(spec.impact, spec.publishing);

  const rooms = new Rooms({
    store,
    clock,
    live: (incident) => ({
      metrics: scopes.get(scopeOf(incident))?.snapshot((def) => follows(incident, def)) ?? [],
      alerts: incident.simulated ? [] : alerts.panels((source) => incident.sources === null || incident.sources.includes(source)),
    }),
    logLimit: config.replayLogLimit,
    logBytes: config.replayLogBytes,
    emit: (room: string, event: RoomEvent) => {
      io.to(room).emit(event.type, event as never);
      telemetry.messagesSent(event.type, io.sockets.adapter.rooms.get(room)?.size ?? 0);
    },
    isWatched: (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0,
    setup: () => setup,
  });
  const presence = new RoomPresence({
    clock,
    whoIs: (socketId) => io.sockets.sockets.get(socketId)?.data.actor,
    emit: (incidentId, people) => io.to(roomName(incidentId)).emit('presence:updated', people),
  });
  // Socket.IO's own membership, disconnections included: nothing else to keep in step.
  io.of('/').adapter.on('join-room', (room: string, socketId: string) => {
    const incidentId = incidentOfRoom(room);
    if (incidentId !== null) presence.joined(incidentId, socketId);
  });
  io.of('/').adapter.on('leave-room', (room: string, socketId: string) => {
    const incidentId = incidentOfRoom(room);
    if (incidentId !== null) presence.left(incidentId, socketId);
  });
  const incidents = new IncidentsService({
    store,
    rooms,
    clock,
    announce: (i) => io.emit('incidents:changed', i),
    knownSources: () => feeds.report().sources.map((s) => s.id),
    knownWebhooks: () => setup.webhooks,
  });
  const timeline = new TimelineService({ store, rooms, clock });
  const deliveries = new WebhookDeliveries({ store, clock, logger: log, webhooks: spec.publishing.webhooks, ...(random ? { random } : {}) });
  await deliveries.resume();
  const impact = new ImpactService({ store, rooms, clock, deliveries, setup: () => setup });
  const updates = new PublicUpdatesService({ store, rooms, clock, deliveries });
  const followUps = new FollowUpsService({ store, rooms, clock });
  // Drills are built further down; a system entry is only ever written once they exist.
  const system = new SystemEntries({ store, timeline, logger: log, recordedNow: (id) => drills.recordedNow(id) });
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
    admit: async (ctx, source) => {
      authorize(ctx.actor, 'ingest', `write into feed source ${source}`);
      if (ctx.actor.role === 'feed' && ctx.actor.source !== source) {
        throw new AppError('forbidden', `this feed token writes into ${ctx.actor.source}, not ${source}`);
      }
      await limiter.consume(ctx.actor, 'ingest');
    },
  });
  feeds.apply(spec.sources, config.feeds.file);
  await history.restore(scopes.platform, new Map(spec.sources.flatMap((s) => (s.type === 'push' ? [[s.id, s.staleAfter] as const] : []))));
  history.start();
  const drills = new Drills({ store, incidents, timeline, scopes, clock, logger: log, scenariosDir: config.scenariosDir, tickMs: spec.demo?.tick ?? 1000 });
  await drills.resume();
  let demo = spec.demo;
  if (demo) await drills.ensureDemo(demo);
  // Rooms are swept every 30 s: well inside the 5-minute grace after a room's last viewer leaves (S9).
  const timers: Cancel[] = [
    every(clock, 1000, () => scopes.sweep()),
    every(clock, 30_000, () => rooms.sweep()),
    // Encoded once for every connection; volatile: a beat that cannot be sent now is worth nothing later.
    every(clock, HEARTBEAT_EVERY_MS, () => io.volatile.emit('server:heartbeat', { at: clock.now() })),
  ];

  app = buildHttpApp({
    config, log, auth, policy, limiter, drain, telemetry, feeds, drills, incidents, rooms, timeline,
    store, impact, updates, deliveries, followUps,
    postmortem: { store, rooms, incidents, setup: () => setup },
  });
  attachSockets(io, { log, auth, limiter, drain, rooms, timeline, incidents });
  telemetry.useProbes({
    connectedSockets: () => io.engine.clientsCount,
    loadedRooms: () => rooms.loadedCount,
    staleMetrics: () => scopes.staleCounts(),
    feedSources: () => feeds.report().sources.map((s) => ({ id: s.id, failing: s.state === 'failing', consecutiveFailures: s.consecutiveFailures })),
  });

  return {
    http: httpServer,
    io,
    scopes,
    rooms,
    feeds,
    drills,
    auth,
    telemetry,
    adminLink,
    reload: (next) => {
      feeds.apply(next.spec.sources, next.file);
      setup = impactSetupOf(next.spec.impact, next.spec.publishing);
      deliveries.setWebhooks(next.spec.publishing.webhooks);
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
      // New connections are refused from here; browsers are told why, so they show "restarting".
      httpServer.close();
      io.emit('server:restarting', { at: isoAt(clock.now()) });
      await drain.drained(DRAIN_DEADLINE_MS);
      for (const cancel of timers) cancel();
      auth.stop();
      deliveries.stop();
      await drills.stop();
      await feeds.stop();
      feedEvents.stop();
      presence.stop();
      scopes.stop();
      alerts.stop();
      await history.stop();
      // io.close() waits for every HTTP connection to end, and Server.close() has switched off the
      // header and request timeouts: a client sending its headers a byte a second would hold it.
      // Whatever is still open is cut first (keep-alive ones were told Connection: close while draining).
      const closed = new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
      await closed;
    },
  };
}
