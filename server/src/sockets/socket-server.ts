/**
 * Socket.IO, in the order a connection meets it: the protocol version, then the actor of its
 * token; each command then passes the shutdown drain, the write rate limit and the handlers'
 * own authorisation.
 */
import { Handshake } from '#shared/events';
import { PROTOCOL_VERSION } from '#shared/sync';
import type { AuthService } from '../auth/auth.service';
import type { WriteLimiter } from '../auth/rate-limits';
import { socketAuth } from '../auth/socket-auth';
import { incidentsHandlers } from '../incidents/incidents.handlers';
import type { IncidentsService } from '../incidents/incidents.service';
import type { Drain } from '../lifecycle/drain';
import type { Logger } from '../logger';
import { roomsHandlers } from '../rooms/rooms.handlers';
import type { Rooms } from '../rooms/rooms';
import { timelineHandlers } from '../timeline/timeline.handlers';
import type { TimelineService } from '../timeline/timeline.service';
import { createSocketRouter, type WarroomServer, type WarroomSocket } from './socket-router';

const WRITES = new Set(['timeline:post', 'timeline:revise', 'timeline:retract', 'timeline:pin', 'incident:update']);

/**
 * What the server may hold for one browser that stopped reading (a frozen tab, a dead network
 * that still answers heartbeats): past it the socket is dropped, and the browser resyncs from a
 * snapshot when it comes back, instead of the server buffering without end.
 */
export const MAX_BACKLOG_BYTES = 8 * 1024 * 1024;

export type SocketDeps = {
  log: Logger;
  auth: AuthService;
  limiter: WriteLimiter;
  drain: Drain;
  rooms: Rooms;
  timeline: TimelineService;
  incidents: IncidentsService;
};

export function attachSockets(io: WarroomServer, d: SocketDeps): void {
  io.use((socket, next) => {
    const hs = Handshake.safeParse(socket.handshake.auth);
    if (hs.success && hs.data.protocol === PROTOCOL_VERSION) return next();
    const err = Object.assign(new Error(`protocol_mismatch: this server speaks protocol ${PROTOCOL_VERSION}; reload the page`), {
      data: { code: 'protocol_mismatch' },
    });
    next(err);
  });
  io.use(socketAuth(io, d.auth));
  const router = createSocketRouter(d.log, {
    around: (ctx, event, work) =>
      d.drain.track(async () => {
        if (WRITES.has(event)) await d.limiter.consume(ctx.actor, 'write');
        return work();
      }),
    refused: (ctx, event, error) => {
      if (error.code === 'forbidden' || error.code === 'unauthorized') void d.auth.audit('denied', ctx.actor, `socket ${event}`, error.message);
    },
  });
  roomsHandlers(router.on, d.rooms);
  timelineHandlers(router.on, d.timeline);
  incidentsHandlers(router.on, d.incidents);
  io.on('connection', (socket) => {
    // Once middleware has run, the upgrade request and its headers are dead weight that
    // Socket.IO keeps for the life of the connection (its docs: "Memory usage").
    socket.conn.request = null as never;
    socket.handshake.headers = {};
    boundBacklog(socket, MAX_BACKLOG_BYTES);
    router.attach(socket);
  });
}

/**
 * Engine.IO queues packets while the transport cannot write (`packetCreate`) and hands the queue
 * over when it can (`flush`): what is queued between the two is what this socket is behind by.
 */
function boundBacklog(socket: WarroomSocket, maxBytes: number): void {
  let queued = 0;
  let dropped = false;
  socket.conn.on('packetCreate', (packet: { data?: unknown }) => {
    // Disconnecting queues a DISCONNECT packet, which lands here again: without this, the two
    // recurse until the stack runs out.
    if (dropped) return;
    const { data } = packet;
    queued += typeof data === 'string' ? data.length : Buffer.isBuffer(data) ? data.length : 0;
    if (queued > maxBytes) {
      dropped = true;
      socket.disconnect(true);
      // Engine.IO closes only once its queue has drained, which a reader that stopped never lets
      // happen: the queue (and the connection) would stay until a heartbeat failed. Discard it.
      socket.conn.close(true);
    }
  });
  socket.conn.on('flush', () => {
    queued = 0;
  });
}
