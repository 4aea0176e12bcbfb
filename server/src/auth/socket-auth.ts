/**
 * Socket.IO's side of trust: the upgrade must come for a Host we answer and, from a browser,
 * from our own pages (a page on another site the commander has open cannot connect with their
 * cookie); the connection is then bound to the actor of its token, and to the token's room so
 * revoking the token disconnects it.
 */
import type { ServerOptions } from 'socket.io';
import type { IncomingMessage } from 'node:http';
import { type Actor, can } from '#shared/auth';
import { AppError } from '../http/app-error';
import type { WarroomServer, WarroomSocket } from '../sockets/socket-router';
import type { AuthService } from './auth.service';
import { sessionOf } from './http-auth';
import type { OriginPolicy } from './origin-policy';

export const tokenRoom = (tokenId: string): string => `token:${tokenId}`;

/** Refuses an upgrade for a foreign Host, or from another site's page, before any Socket.IO state exists. */
export function allowRequest(policy: OriginPolicy): ServerOptions['allowRequest'] {
  return (req: IncomingMessage, callback) => {
    const { host, origin } = req.headers;
    callback(null, policy.hostAllowed(host) && (origin === undefined || policy.sameOrigin(origin, host)));
  };
}

/** `io.use`: the actor from `auth.token` (scripts) or the session cookie (browsers). */
export function socketAuth(io: WarroomServer, auth: AuthService) {
  auth.onRevoked((tokenId) => io.in(tokenRoom(tokenId)).disconnectSockets(true));
  return async (socket: WarroomSocket, next: (error?: Error) => void) => {
    try {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      const session = sessionOf(socket.handshake.headers.cookie);
      let actor: Actor;
      if (typeof token === 'string') actor = await auth.actorForSecret(token);
      else if (session) actor = await auth.actorForSession(session);
      else throw new AppError('unauthorized', 'sign in: open your Warroom link');
      if (!can(actor.role, 'read')) {
        void auth.audit('denied', actor, 'socket connect', `the ${actor.role} role may not connect`);
        throw new AppError('forbidden', `the ${actor.role} role may not connect: feed tokens write over HTTP`);
      }
      socket.data.actor = actor;
      void socket.join(tokenRoom(actor.tokenId));
      next();
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'internal';
      const message = error instanceof AppError ? error.message : 'internal error';
      // Without a token there is nobody to name; the same refusal within a minute is recorded once.
      if (code === 'unauthorized') void auth.audit('denied', null, 'socket connect', message);
      next(Object.assign(new Error(`${code}: ${message}`), { data: { code } }));
    }
  };
}
