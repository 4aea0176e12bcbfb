/**
 * Browsers start Socket.IO on HTTP long-polling and upgrade later. Those requests are Socket.IO's
 * alone: if Express answered them too, the second answer would throw ERR_HTTP_HEADERS_SENT inside
 * engine.io and take the process down.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '#shared/sync';
import type { ClientSocket } from '../../client/src/sync/room-sync';
import { ADMIN_TOKEN, startServer, type TestServer } from '../support/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

describe('the long-polling transport', () => {
  it('a polling exchange is answered by Socket.IO alone: handshake, connect, and the waiting GET', async () => {
    const base = `${s.url}/socket.io/?EIO=4&transport=polling`;
    const open = await (await fetch(base)).text();
    expect(open).toMatch(/^0\{"sid":/);
    const { sid } = JSON.parse(open.slice(1)) as { sid: string };
    const connect = await fetch(`${base}&sid=${sid}`, { method: 'POST', body: `40${JSON.stringify({ protocol: PROTOCOL_VERSION, token: ADMIN_TOKEN })}` });
    expect(await connect.text()).toBe('ok');
    expect(await (await fetch(`${base}&sid=${sid}`)).text()).toMatch(/^40\{"sid":/);
    // A GET with nothing to deliver yet waits for Socket.IO: an Express answer (the SPA, a 404)
    // would come first, and Socket.IO's own answer, the ack below, would then throw.
    const waiting = fetch(`${base}&sid=${sid}`).then((r) => r.text());
    // A few round trips: long enough for a wrong Express answer (sendFile is a stat and a read away).
    for (let i = 0; i < 5; i++) await fetch(`${s.url}/healthz`);
    await fetch(`${base}&sid=${sid}`, { method: 'POST', body: '421["room:join",{"incidentId":999999}]' });
    expect(await waiting).toMatch(/^431\[\{"ok":false/);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  });

  it('a client that stays on polling connects, joins and posts', async () => {
    const incident = (await s.api('POST', '/api/incidents', { title: 'Polling' })).body;
    const socket: ClientSocket = io(s.url, { transports: ['polling'], auth: { protocol: PROTOCOL_VERSION, token: ADMIN_TOKEN }, forceNew: true });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      expect((await socket.emitWithAck('room:join', { incidentId: incident.id })).ok).toBe(true);
      expect(await socket.emitWithAck('timeline:post', { incidentId: incident.id, text: 'over polling' })).toMatchObject({ ok: true });
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    } finally {
      socket.disconnect();
    }
  });
});
