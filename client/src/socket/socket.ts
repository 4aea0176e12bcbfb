import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '#shared/sync';
import type { ClientSocket } from '../sync/room-sync';

/** The app's one connection. Listeners are attached in connection.ts and room.ts, never in components. */
export const socket: ClientSocket = io({ auth: { protocol: PROTOCOL_VERSION }, autoConnect: false });
