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
import type { Ack } from '#shared/ack';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/events';
import { toErrorBody } from '../http/app-error';
import { parse } from '../http/validate';
import type { Logger } from '../logger';

/** What the server remembers about one connection. */
export type SocketData = {
  /** Joins still loading their room, by incident: the generation of the latest (rooms.handlers.ts). */
  joining?: Map<number, number>;
};

export type WarroomServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type WarroomSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The data type a command acknowledges with, read off the event map. */
type AckData<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]> extends [unknown, (response: Ack<infer T>) => void] ? T : void;

type Listener = (this: WarroomSocket, payload: unknown, ack?: unknown) => Promise<void>;

export function createSocketRouter(logger: Logger) {
  const listeners = new Map<keyof ClientToServerEvents, Listener>();

  function on<E extends keyof ClientToServerEvents, S extends z.ZodType>(
    event: E,
    schema: S,
    handler: (data: z.output<S>, socket: WarroomSocket) => Promise<AckData<E>> | AckData<E>,
  ): void {
    listeners.set(event, async function (this: WarroomSocket, payload: unknown, ack?: unknown) {
      const reply = typeof ack === 'function' ? (ack as (r: Ack<AckData<E>>) => void) : () => {};
      try {
        reply({ ok: true, data: await handler(parse(schema, payload), this) });
      } catch (error) {
        reply({ ok: false, error: toErrorBody(error, logger.child({ event, socket: this.id }), randomUUID()) });
      }
    });
  }

  /** Subscribes a new connection to every command. */
  function attach(socket: WarroomSocket): void {
    for (const [event, listener] of listeners) socket.on(event, listener as never);
  }

  return { on, attach };
}

export type SocketRouter = ReturnType<typeof createSocketRouter>['on'];
