/**
 * Builds a Warroom server from its dependencies. main.ts wires the real ones;
 * tests call this with a temp data dir and port 0.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { throttle } from 'es-toolkit';
import express from 'express';
import { Server } from 'socket.io';
import { Handshake } from '#shared/events';
import { PROTOCOL_VERSION, type RoomEvent } from '#shared/sync';
import { type Clock, systemClock } from './clock';
import type { Config } from './config';
import { Simulator } from './feeds/simulator/simulator';
import { apiNotFound, errorHandler } from './http/errors.middleware';
import { spaRouter } from './http/spa';
import { incidentsHandlers } from './incidents/incidents.handlers';
import { incidentsRoutes } from './incidents/incidents.routes';
import { IncidentsService } from './incidents/incidents.service';
import { createLogger, type Logger } from './logger';
import { ingestRoutes } from './metrics/ingest.routes';
import { LiveMetrics } from './metrics/live-metrics';
import { catalog } from './metrics/metric-catalog';
import { roomsHandlers } from './rooms/rooms.handlers';
import { Rooms } from './rooms/rooms';
import { OneBufferFrameAdapter } from './sockets/one-buffer-frames';
import { createSocketRouter, type WarroomServer } from './sockets/socket-router';
import type { Store } from './store/store';
import { timelineHandlers } from './timeline/timeline.handlers';
import { timelineRoutes } from './timeline/timeline.routes';
import { TimelineService } from './timeline/timeline.service';

export type ServerDeps = { config: Config; store: Store; clock?: Clock; logger?: Logger };

export type WarroomServerApp = {
  http: http.Server;
  io: WarroomServer;
  live: LiveMetrics;
  rooms: Rooms;
  simulator: Simulator | null;
  /** Listens on the configured host; resolves the bound port (useful with port 0). */
  listen(port: number): Promise<number>;
  /** Stops feeds and timers and closes every connection. The store stays open: the caller owns it. */
  close(): Promise<void>;
};

export async function createServer({ config, store, clock = systemClock, logger }: ServerDeps): Promise<WarroomServerApp> {
  const log = logger ?? createLogger(config.logLevel);
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  // Deflate would disable Socket.IO's encode-once broadcast and cost ~4x CPU (docs/performance.md).
  const io: WarroomServer = new Server(httpServer, { serveClient: false, perMessageDeflate: false, adapter: OneBufferFrameAdapter });

  // A sample after a quiet spell goes out at once; samples arriving within the push interval
  // after it are coalesced into one delta at its end. No timer runs while nothing arrives.
  const pushMetrics = throttle(() => rooms.publishMetrics(live.flush()), config.pushIntervalMs);
  const live = new LiveMetrics(catalog, clock, () => pushMetrics());
  const rooms = new Rooms({
    store,
    clock,
    metrics: () => live.snapshot(),
    logLimit: config.replayLogLimit,
    emit: (room: string, event: RoomEvent) => io.to(room).emit(event.type, event as never),
    isWatched: (room: string) => (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0,
  });
  const incidents = new IncidentsService({ store, rooms, clock, announce: (i) => io.emit('incidents:changed', i) });
  const timeline = new TimelineService({ store, rooms, clock });
  const sweepTimer = setInterval(() => rooms.sweep(), 60_000);
  const stopTimers = () => {
    clearInterval(sweepTimer);
    pushMetrics.cancel();
  };

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/api', express.json({ limit: '1mb' }));
  app.use('/api/incidents', incidentsRoutes(incidents, rooms));
  app.use('/api/incidents/:id/timeline', timelineRoutes(timeline));
  app.use('/api/ingest', ingestRoutes(live, clock));
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

  let simulator: Simulator | null = null;
  if (config.feed === 'simulator') {
    simulator = new Simulator({ store, incidents, timeline, clock, logger: log, ...config.simulator });
    try {
      await simulator.start(live);
    } catch (error) {
      stopTimers();
      throw error;
    }
  }

  return {
    http: httpServer,
    io,
    live,
    rooms,
    simulator,
    listen: (port) =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, config.host, () => resolve((httpServer.address() as AddressInfo).port));
      }),
    close: async () => {
      stopTimers();
      await simulator?.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
