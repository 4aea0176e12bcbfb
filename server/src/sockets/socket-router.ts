/**
 * The one place socket input is validated and every command is acknowledged
 * with the shared envelope; handlers see parsed data and return or throw.
 */
import { randomUUID } from 'node:crypto';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Ack } from '#shared/ack';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/events';
import { toErrorBody } from '../http/app-error';
import { parse } from '../http/validate';
import type { Logger } from '../logger';

export type WarroomServer = Server<ClientToServerEvents, ServerToClientEvents>;
export type WarroomSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** The data type a command acknowledges with, read off the event map. */
type AckData<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]> extends [unknown, (response: Ack<infer T>) => void] ? T : void;

export function createSocketRouter(socket: WarroomSocket, logger: Logger) {
  return function on<E extends keyof ClientToServerEvents, S extends z.ZodType>(
    event: E,
    schema: S,
    handler: (data: z.output<S>) => Promise<AckData<E>> | AckData<E>,
  ): void {
    const listener = async (payload: unknown, ack?: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: Ack<AckData<E>>) => void) : () => {};
      try {
        reply({ ok: true, data: await handler(parse(schema, payload)) });
      } catch (error) {
        reply({ ok: false, error: toErrorBody(error, logger.child({ event, socket: socket.id }), randomUUID()) });
      }
    };
    socket.on(event, listener as never);
  };
}

export type SocketRouter = ReturnType<typeof createSocketRouter>;
