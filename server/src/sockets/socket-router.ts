/**
 * The one place socket input is validated and every command is acknowledged
 * with the shared envelope; handlers see parsed data and return or throw.
 *
 * Listeners are built once per server and shared by every socket (Socket.IO calls them
 * with the socket as `this`): thousands of idle connections must not each carry a set of
 * closures. Per-socket state lives in `socket.data`.
 */
import { randomUUID } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Ack, ErrorBody } from '#shared/ack';
import type { Actor } from '#shared/auth';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/events';
import type { RequestContext } from '../auth/actor';
import { AppError, toErrorBody } from '../http/app-error';
import { parse } from '../http/validate';
import type { Logger } from '../logger';

/** What the server remembers about one connection. */
export type SocketData = {
  /** Who connected: set once by the auth middleware (sockets/socket-auth.ts). */
  actor?: Actor;
  /** Joins still loading their room, by incident: the generation of the latest (rooms.handlers.ts). */
  joining?: Map<number, number>;
};

export type WarroomServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type WarroomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The data type a command acknowledges with, read off the event map. */
type AckData<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]> extends [unknown, (response: Ack<infer T>) => void] ? T : void;

type Listener = (this: WarroomSocket, ...args: unknown[]) => Promise<void>;

export type RouterHooks = {
  /** Wraps every command (the write rate limit, the shutdown drain); throwing refuses it. */
  around?: <T>(ctx: RequestContext, event: string, work: () => Promise<T>) => Promise<T>;
  /** Told of every refused command (the audit log records denials). */
  refused?: (ctx: RequestContext, event: string, error: ErrorBody) => void;
};

export function createSocketRouter(logger: Logger, hooks: RouterHooks = {}) {
  const listeners = new Map<keyof ClientToServerEvents, Listener>();

  function on<E extends keyof ClientToServerEvents, S extends z.ZodType>(
    event: E,
    schema: S,
    handler: (data: z.output<S>, ctx: RequestContext, socket: WarroomSocket) => Promise<AckData<E>> | AckData<E>,
  ): void {
    listeners.set(event, async function (this: WarroomSocket, ...args: unknown[]) {
      // Socket.IO passes the ack last, after however many payloads the client sent (none, or two):
      // answered either way, or the sender would wait for it for ever.
      const ack = args.at(-1);
      const payloads = typeof ack === 'function' ? args.slice(0, -1) : args;
      const reply = typeof ack === 'function' ? (ack as (r: Ack<AckData<E>>) => void) : () => {};
      const requestId = randomUUID();
      const ctx: RequestContext = { actor: this.data.actor!, requestId };
      try {
        if (payloads.length !== 1) throw new AppError('bad_request', `body: expected one payload, got ${payloads.length}`, 'body');
        const work = async () => handler(parse(schema, payloads[0]), ctx, this);
        reply({ ok: true, data: await (hooks.around ? hooks.around(ctx, event, work) : work()) });
      } catch (error) {
        const body = toErrorBody(error, logger.child({ event, socket: this.id, requestId }), requestId);
        hooks.refused?.(ctx, event, body);
        reply({ ok: false, error: body });
      }
    });
  }

  /** Subscribes a new connection to every command. */
  function attach(socket: WarroomSocket): void {
    for (const [event, listener] of listeners) socket.on(event, listener as never);
    // An event nobody listens to would otherwise leave its sender waiting for an ack for ever.
    // A packet without an event name hands Socket.IO's ack over as the "event": answered too.
    socket.onAny((...args: unknown[]) => {
      const [event] = args;
      const ack = args.at(-1);
      if (listeners.has(event as keyof ClientToServerEvents) || typeof ack !== 'function') return;
      const message = typeof event === 'function' ? 'event: missing event name' : `event: unknown event ${JSON.stringify(String(event).slice(0, 40))}`;
      (ack as (r: Ack<never>) => void)({ ok: false, error: { code: 'bad_request', message, field: 'event' } });
    });
  }

  return { on, attach };
}

export type SocketRouter = ReturnType<typeof createSocketRouter>['on'];
