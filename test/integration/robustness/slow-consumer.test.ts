/**
 * A viewer that stops reading (a frozen tab, a network that still answers heartbeats) in a busy
 * room: the server drops it once it is MAX_BACKLOG_BYTES behind, instead of buffering without
 * end, and the room's other viewers carry on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BACKLOG_BYTES } from '../../../server/src/sockets/socket-server';
import { ADMIN_TOKEN, nextEvent, startServer, type TestServer } from '../../support/server';
import { connectRaw } from './raw-socket';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

describe('a socket that stops reading', () => {
  it('is disconnected once its backlog passes MAX_BACKLOG_BYTES, and what it held is bounded by it', async () => {
    const { id: incidentId } = (await s.api('POST', '/api/incidents', { title: 'Busy room' })).body;
    const viewer = await s.connect();
    expect(await viewer.emitWithAck('room:join', { incidentId })).toMatchObject({ ok: true });

    const frozen = await connectRaw(s.url, ADMIN_TOKEN);
    expect(await frozen.emit('room:join', [{ incidentId }], true)).toMatchObject({ ok: true });
    const server = s.server.io.sockets.sockets.get(frozen.sid)!;
    const clientsBefore = s.server.io.engine.clientsCount;

    // What the server holds for it, measured as socket-server.ts measures it.
    let queued = 0;
    let maxQueued = 0;
    let largestPacket = 0;
    server.conn.on('packetCreate', (packet: { data?: unknown }) => {
      const size = typeof packet.data === 'string' || Buffer.isBuffer(packet.data) ? packet.data.length : 0;
      largestPacket = Math.max(largestPacket, size);
      queued += size;
      maxQueued = Math.max(maxQueued, queued);
    });
    server.conn.on('flush', () => (queued = 0));
    const dropped = new Promise<string>((resolve) => server.once('disconnect', resolve));

    // Stops reading its TCP socket, but keeps answering heartbeats (a pong needs no ping): only
    // its backlog can be why it is dropped, never a ping timeout.
    frozen.ws.pause();
    const pongs = setInterval(() => frozen.ws.send('3'), 1000);
    // As many metrics as a script may create, every one changing in every 20 ms push.
    const busy = { ingesting: true };
    const ingest = (async () => {
      for (let round = 0; busy.ingesting; round++) {
        const batch = Array.from({ length: 64 }, (_, i) => ({ metric: `busy.m${i}`, value: round * 100 + i, source: `script-${String(i).padStart(2, '0')}`.padEnd(64, '.') }));
        const res = await s.api('POST', '/api/ingest', batch);
        if (res.status !== 202) throw new Error(`ingest: ${res.status} ${JSON.stringify(res.body)}`);
      }
    })();
    try {
      // A liveness bound, not a timing assertion: it takes about 9 s here (kernel buffers fill
      // first). Without the bound, 79 MB were queued for it by 45 s, and counting.
      const reason = await Promise.race([dropped, ingest.then(() => 'ingest stopped'), new Promise<string>((resolve) => setTimeout(() => resolve('still connected after 45 s'), 45_000))]);
      expect(reason).toBe('server namespace disconnect');
      expect(s.server.io.engine.clientsCount).toBe(clientsBefore - 1);
      expect(maxQueued).toBeGreaterThan(MAX_BACKLOG_BYTES);
      // Memory for it stays bounded: at most one packet over the limit, and released once dropped.
      expect(maxQueued).toBeLessThanOrEqual(MAX_BACKLOG_BYTES + largestPacket);
      expect((server.conn as unknown as { writeBuffer: unknown[] }).writeBuffer).toHaveLength(0);

      // The room's reading viewer was not held up by it.
      expect(viewer.connected).toBe(true);
      await nextEvent(viewer, 'metrics:updated');
    } finally {
      busy.ingesting = false;
      clearInterval(pongs);
      frozen.ws.terminate();
    }
    await ingest;
  }, 60_000);
});
