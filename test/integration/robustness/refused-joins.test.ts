/**
 * A refused room:join (an incident that does not exist) leaves nothing on its socket: a client
 * retrying a stale link in a loop must not grow the server's memory until it disconnects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientSocket } from '../../../client/src/sync/room-sync';
import { roomName } from '../../../server/src/rooms/rooms';
import type { WarroomSocket } from '../../../server/src/sockets/socket-router';
import { startServer, type TestServer } from '../../support/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

/** The server's side of a connected client. */
function serverSide(client: ClientSocket): WarroomSocket {
  const socket = s.server.io.sockets.sockets.get(client.id!);
  if (!socket) throw new Error(`no server socket ${client.id}`);
  return socket;
}

describe('refused room:join', () => {
  it('10,000 joins of unknown incidents leave no join state on the socket', async () => {
    const client = await s.connect();
    const server = serverSide(client);
    const { id } = (await s.api('POST', '/api/incidents', { title: 'Known' })).body;
    for (let batch = 0; batch < 10; batch++) {
      // A thousand at once: the joins overlap as a reconnecting crowd's would.
      const acks = await Promise.all(
        Array.from({ length: 1000 }, (_, i) => client.emitWithAck('room:join', { incidentId: 1_000_000 + batch * 1000 + i })),
      );
      for (const ack of acks) expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(server.data.joining?.size ?? 0).toBe(0);
    }
    expect(server.data.joining).toBeUndefined();

    // The socket still joins a real incident, and keeps nothing once it has.
    expect(await client.emitWithAck('room:join', { incidentId: id })).toMatchObject({ ok: true });
    expect(server.rooms.has(roomName(id))).toBe(true);
    expect(server.data.joining).toBeUndefined();
  }, 30_000);

  it('joins refused for a malformed request or a leave leave nothing either', async () => {
    const client = await s.connect();
    const server = serverSide(client);
    for (let i = 0; i < 1000; i++) {
      await client.emitWithAck('room:join', { incidentId: -i } as never);
      client.emit('room:leave', { incidentId: 2_000_000 + i });
    }
    expect(await client.emitWithAck('room:join', { incidentId: 3_000_000 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(server.data.joining).toBeUndefined();
  }, 30_000);
});
