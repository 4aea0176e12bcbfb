import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '#shared/sync';
import type { ClientSocket } from '../sync/room-sync';

/**
 * The app's one connection. Listeners are attached in connection.ts and room.ts, never in
 * components. It connects once the session says who we are (session.ts); the session cookie
 * rides on the handshake, so it carries only the protocol version. Socket.IO's default transports:
 * long-polling first, then the upgrade, so a proxy that refuses WebSocket still gets data through.
 */
export const socket: ClientSocket = io({ auth: { protocol: PROTOCOL_VERSION }, autoConnect: false });
