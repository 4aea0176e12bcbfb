/**
 * SIGTERM on the real process: browsers are told "restarting", writes in flight commit and answer,
 * later ones are refused `unavailable` (never acknowledged and then lost), and the process exits
 * by itself — however busy its keep-alive clients are, and however slowly one uploads a body.
 */
import net from 'node:net';
import { io } from 'socket.io-client';
import { Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '#shared/sync';
import type { ClientSocket } from '../../../client/src/sync/room-sync';
import { allEntries, exitWithin, type ServerProcess, startServerProcess, textsByClientId } from '../../support/server-process';
import { ADMIN_TOKEN, tempDir } from '../../support/server';

const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
const started: ServerProcess[] = [];
afterEach(() => {
  for (const s of started.splice(0)) s.child.kill('SIGKILL');
});

async function start(dataDir: string): Promise<ServerProcess> {
  const server = await startServerProcess(dataDir);
  started.push(server);
  return server;
}

async function createIncident(url: string): Promise<number> {
  const res = await fetch(`${url}/api/incidents`, { method: 'POST', headers: AUTH, body: JSON.stringify({ title: 'Drain' }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: number }).id;
}

type Outcome = { acknowledged: Map<string, string>; refusals: string[]; unexpected: string[] };

/** Posts entries over one kept-alive connection until it is refused at the door. */
async function keepAliveClient(url: string, incidentId: number, name: string, out: Outcome): Promise<void> {
  const client = new Client(url, { keepAliveTimeout: 60_000, pipelining: 1 });
  try {
    for (let i = 0; ; i++) {
      const clientId = `${name}-${i}`;
      const text = `entry ${clientId}`;
      let status: number;
      let body: string;
      try {
        const res = await client.request({ method: 'POST', path: `/api/incidents/${incidentId}/timeline`, headers: AUTH, body: JSON.stringify({ text, clientId }) });
        status = res.statusCode;
        body = await res.body.text();
      } catch (error) {
        // Refused at the door or cut after the drain: never acknowledged, so nothing is owed.
        out.refusals.push(`${clientId}: ${(error as Error).message}`);
        return;
      }
      if (status === 201) out.acknowledged.set(clientId, text);
      else if (status === 503 && (JSON.parse(body) as { error: { code: string } }).error.code === 'unavailable') out.refusals.push(`${clientId}: 503`);
      else out.unexpected.push(`${clientId}: ${status} ${body}`);
    }
  } finally {
    await client.destroy().catch(() => {});
  }
}

describe('SIGTERM', () => {
  it('drains busy keep-alive clients and a socket: every acknowledged post is stored once, later ones are refused, the process exits 0', async () => {
    const dataDir = tempDir();
    const server = await start(dataDir);
    const incidentId = await createIncident(server.url);

    const socket: ClientSocket = io(server.url, {
      transports: ['websocket'],
      auth: { protocol: PROTOCOL_VERSION, token: ADMIN_TOKEN },
      forceNew: true,
      reconnection: false,
    });
    const seen: string[] = [];
    socket.on('server:restarting', () => seen.push('server:restarting'));
    socket.on('disconnect', () => seen.push('disconnect'));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });

    const out: Outcome = { acknowledged: new Map(), refusals: [], unexpected: [] };
    const socketPosts = (async () => {
      for (let i = 0; socket.connected; i++) {
        const clientId = `socket-${i}`;
        const text = `entry ${clientId}`;
        try {
          const ack = await socket.timeout(10_000).emitWithAck('timeline:post', { incidentId, text, clientId });
          if (ack.ok) out.acknowledged.set(clientId, text);
          else if (ack.error.code === 'unavailable') out.refusals.push(`${clientId}: unavailable`);
          else out.unexpected.push(`${clientId}: ${JSON.stringify(ack)}`);
        } catch {
          out.refusals.push(`${clientId}: disconnected`);
        }
      }
    })();
    const rest = Promise.all([0, 1, 2, 3].map((k) => keepAliveClient(server.url, incidentId, `rest${k}`, out)));

    // SIGTERM lands while every client is mid-stream.
    while (out.acknowledged.size < 200) await new Promise((r) => setTimeout(r, 20));
    server.child.kill('SIGTERM');
    expect(await exitWithin(server, 30_000)).toBe(0);
    await Promise.all([rest, socketPosts]);
    socket.close();

    expect(out.unexpected).toEqual([]);
    expect(seen).toEqual(['server:restarting', 'disconnect']);
    // Each client stopped at a refusal: the drain, then the closed port.
    expect(out.refusals.length).toBeGreaterThanOrEqual(5);

    const restarted = await start(dataDir);
    const entries = await allEntries(restarted.url, incidentId);
    const texts = textsByClientId(entries);
    for (const [clientId, text] of out.acknowledged) expect(texts.get(clientId), clientId).toEqual([text]);
    // Nothing twice either: a post refused or cut during the drain was not half-stored.
    for (const [clientId, stored] of texts) expect(stored, clientId).toHaveLength(1);
  }, 90_000);

  it('exits while a client trickles a body at a byte a second', async () => {
    const server = await start(tempDir());
    const incidentId = await createIncident(server.url);
    const { hostname, port } = new URL(server.url);
    const trickle = net.connect(Number(port), hostname);
    trickle.on('error', () => {});
    await new Promise((resolve) => trickle.once('connect', resolve));
    const body = JSON.stringify({ text: 'typed very slowly', clientId: 'slow-1' }).padEnd(300, ' ');
    trickle.write(
      `POST /api/incidents/${incidentId}/timeline HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: ${AUTH.authorization}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n`,
    );
    let sent = 0;
    let arriving: () => void;
    const bodyArriving = new Promise<void>((resolve) => (arriving = resolve));
    const drip = setInterval(() => {
      trickle.write(body[sent++] ?? '');
      if (sent === 3) arriving();
    }, 1000);
    try {
      // The request is in the server, its body arriving: now stop it.
      await bodyArriving;
      server.child.kill('SIGTERM');
      // 300 bytes at 1 byte/s would take 5 minutes: the process must not wait for them.
      expect(await exitWithin(server, 45_000)).toBe(0);
    } finally {
      clearInterval(drip);
      trickle.destroy();
    }
  }, 70_000);
});
