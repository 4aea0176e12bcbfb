import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '#shared/sync';
import type { ClientSocket } from '../sync/room-sync';

/**
 * The app's one connection. Listeners are attached in connection.ts and room.ts, never in
 * components. It connects once the session says who we are (session.ts); the session cookie
 * rides on the upgrade, so the handshake carries only the protocol version.
 *
 * WebSocket only, no HTTP long-polling: the server now answers a polling request twice (Express
 * after Socket.IO) and crashes on it (ERR_HTTP_HEADERS_SENT), and every browser on a war-room
 * LAN speaks WebSocket. Polling can come back as a fallback once the server routes it once.
 */
export const socket: ClientSocket = io({ auth: { protocol: PROTOCOL_VERSION }, autoConnect: false, transports: ['websocket'] });
