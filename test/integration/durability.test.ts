/** An acknowledged entry survives a restart, and a kill -9; retries with the same clientId never duplicate. */
import { io } from 'socket.io-client';
import { Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '#shared/incident';
import { PROTOCOL_VERSION } from '#shared/sync';
import type { ClientSocket } from '../../client/src/sync/room-sync';
import { allEntries, type ServerProcess, startServerProcess, textsByClientId } from '../support/server-process';
import { ADMIN_TOKEN, startServer, tempDir } from '../support/server';

describe('durability', () => {
  it('an entry acknowledged over a socket is read back after a restart', async () => {
    const dataDir = tempDir();
    const first = await startServer({ dataDir });
    const { id } = (await first.api('POST', '/api/incidents', { title: 'PAR6', severity: 'SEV1' })).body;
    const socket = await first.connect();
    const ack = await socket.emitWithAck('timeline:post', { incidentId: id, text: 'We lack 2.8k VMs', kind: 'note', component: 'Deployments', clientId: 'k-1' });
    expect(ack.ok).toBe(true);
    await first.close();

    const second = await startServer({ dataDir });
    try {
      const timeline = await second.api('GET', `/api/incidents/${id}/timeline`);
      expect(timeline.body.entries).toEqual([ack.ok && ack.data]);
      expect((await second.api('GET', `/api/incidents/${id}`)).body).toMatchObject({ title: 'PAR6', severity: 'SEV1' });
      // A client retrying after the restart (it never saw the ack) gets the same entry, not a second one.
      const retry = await (await second.connect()).emitWithAck('timeline:post', {
        incidentId: id,
        text: 'We lack 2.8k VMs',
        kind: 'note',
        component: 'Deployments',
        clientId: 'k-1',
      });
      expect(retry).toEqual(ack);
      expect((await second.api('GET', `/api/incidents/${id}/timeline`)).body.entries).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('a clientId reused for other content is refused over the socket', async () => {
    const s = await startServer();
    try {
      const { id } = (await s.api('POST', '/api/incidents', { title: 'x' })).body;
      const socket = await s.connect();
      await socket.emitWithAck('timeline:post', { incidentId: id, text: 'one', clientId: 'k' });
      const second = await socket.emitWithAck('timeline:post', { incidentId: id, text: 'two', clientId: 'k' });
      expect(second).toMatchObject({ ok: false, error: { code: 'conflict', field: 'clientId' } });
    } finally {
      await s.close();
    }
  });
});

/**
 * kill -9 at random moments while clients write: whatever was acknowledged (an entry, an incident
 * change, a token) is there after the restart, exactly once; what was in flight, retried with
 * its clientId, is stored once too.
 */
describe('durability across kill -9', () => {
  const ROUNDS = 3;
  const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
  const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
  const JSON_AUTH = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  let server: ServerProcess | null = null;
  afterEach(() => {
    server?.child.kill('SIGKILL');
  });

  type Acked = {
    entries: Map<string, string>;
    /** Posts in flight at a kill: retried after the restart with the same clientId. */
    unanswered: Map<string, string>;
    changes: Incident[];
    tokens: { id: string; secret: string }[];
    /** Anything but a success or a dead connection: the test fails with these. */
    unexpected: string[];
  };

  async function request(client: Client, method: 'POST' | 'PATCH', path: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const res = await client.request({ method, path, headers: JSON_AUTH, body: JSON.stringify(body) });
    return { status: res.statusCode, body: await res.body.json() };
  }

  function postEntries(url: string, incidentId: number, name: string, acked: Acked): Promise<void> {
    return untilKilled(url, acked.unexpected, async (client, i) => {
      const clientId = `${name}-${i}`;
      const text = `entry ${clientId}`;
      acked.unanswered.set(clientId, text);
      answered(await request(client, 'POST', `/api/incidents/${incidentId}/timeline`, { text, clientId }), 201);
      acked.unanswered.delete(clientId);
      acked.entries.set(clientId, text);
    });
  }

  async function changeIncident(url: string, incidentId: number, acked: Acked): Promise<void> {
    // A change in flight at the last kill may have committed: start from what is stored.
    let current = (await (await fetch(`${url}/api/incidents/${incidentId}`, { headers: JSON_AUTH })).json()) as Incident;
    return untilKilled(url, acked.unexpected, async (client) => {
      const status = STATUSES[(STATUSES.indexOf(current.status) + 1) % STATUSES.length]!;
      const severity = SEVERITIES[(SEVERITIES.indexOf(current.severity) + 1) % SEVERITIES.length]!;
      current = answered(await request(client, 'PATCH', `/api/incidents/${incidentId}`, { status, severity, version: current.version }), 200) as Incident;
      acked.changes.push(current);
    });
  }

  function createTokens(url: string, round: number, acked: Acked): Promise<void> {
    return untilKilled(url, acked.unexpected, async (client, i) => {
      const body = answered(await request(client, 'POST', '/api/tokens', { name: `kill ${round}.${i}`, role: 'responder' }), 201);
      const { token, secret } = body as { token: { id: string }; secret: string };
      acked.tokens.push({ id: token.id, secret });
    });
  }

  async function postOverSocket(url: string, incidentId: number, name: string, acked: Acked): Promise<void> {
    const socket: ClientSocket = io(url, { transports: ['websocket'], auth: { protocol: PROTOCOL_VERSION, token: ADMIN_TOKEN }, forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    try {
      for (let i = 0; socket.connected; i++) {
        const clientId = `${name}-${i}`;
        const text = `entry ${clientId}`;
        acked.unanswered.set(clientId, text);
        const ack = await socket.timeout(10_000).emitWithAck('timeline:post', { incidentId, text, clientId }).catch(() => null);
        if (ack === null) return; // disconnected by the kill
        if (!ack.ok) {
          acked.unexpected.push(`${clientId}: ${JSON.stringify(ack)}`);
          return;
        }
        acked.unanswered.delete(clientId);
        acked.entries.set(clientId, text);
      }
    } finally {
      socket.close();
    }
  }

  it('keeps every acknowledged entry, incident change and token through repeated kills, exactly once', async () => {
    const dataDir = tempDir();
    server = await startServerProcess(dataDir);
    const created = await fetch(`${server.url}/api/incidents`, { method: 'POST', headers: JSON_AUTH, body: JSON.stringify({ title: 'Kill -9', severity: 'SEV1' }) });
    const incidentId = ((await created.json()) as Incident).id;
    const acked: Acked = { entries: new Map(), unanswered: new Map(), changes: [], tokens: [], unexpected: [] };

    for (let round = 0; round < ROUNDS; round++) {
      const { url } = server;
      const before = { entries: acked.entries.size, changes: acked.changes.length, tokens: acked.tokens.length };
      const writers = Promise.all([
        postEntries(url, incidentId, `rest-a${round}`, acked),
        postEntries(url, incidentId, `rest-b${round}`, acked),
        postOverSocket(url, incidentId, `socket${round}`, acked),
        changeIncident(url, incidentId, acked),
        createTokens(url, round, acked),
      ]);
      // Killed mid-stream: each kind of write has been acknowledged and more are in flight.
      while (acked.entries.size - before.entries < 100 || acked.changes.length - before.changes < 5 || acked.tokens.length - before.tokens < 5) {
        expect(acked.unexpected).toEqual([]);
        await new Promise((r) => setTimeout(r, 10));
      }
      server.child.kill('SIGKILL');
      expect(await server.exited).toBeNull();
      await writers;
      expect(acked.unexpected).toEqual([]);
      // The kill landed mid-stream: posts were waiting for their answer.
      expect(acked.unanswered.size).toBeGreaterThan(0);

      server = await startServerProcess(dataDir);
      // The posts the kill left unanswered, retried as a client would: each is stored once.
      for (const [clientId, text] of acked.unanswered) {
        const retry = await fetch(`${server.url}/api/incidents/${incidentId}/timeline`, { method: 'POST', headers: JSON_AUTH, body: JSON.stringify({ text, clientId }) });
        expect(retry.status, clientId).toBe(201);
        acked.entries.set(clientId, text);
      }
      acked.unanswered.clear();
    }

    const entries = await allEntries(server.url, incidentId);
    const texts = textsByClientId(entries);
    for (const [clientId, text] of acked.entries) expect(texts.get(clientId), clientId).toEqual([text]);
    expect(texts.size).toBe(acked.entries.size);

    // Each acknowledged change is there with its status and severity entries, written in the same commit.
    const incident = (await (await fetch(`${server.url}/api/incidents/${incidentId}`, { headers: JSON_AUTH })).json()) as Incident;
    expect(incident.version).toBeGreaterThanOrEqual(Math.max(...acked.changes.map((c) => c.version)));
    const changeEntries = entries.filter((e) => e.kind === 'status');
    for (const change of acked.changes) {
      const at = changeEntries.filter((e) => e.loggedAt === change.updatedAt).map((e) => e.text);
      expect(at, `version ${change.version}`).toEqual(expect.arrayContaining([expect.stringMatching(`^Status changed from \\w+ to ${change.status}$`), expect.stringMatching(`^Severity changed from SEV\\d to ${change.severity}$`)]));
    }
    // No change half-applied: one status and one severity entry per version after the first.
    expect(changeEntries.filter((e) => e.text.startsWith('Status changed'))).toHaveLength(incident.version - 1);
    expect(changeEntries.filter((e) => e.text.startsWith('Severity changed'))).toHaveLength(incident.version - 1);

    // Each acknowledged token is listed and its secret signs in.
    const listed = new Set(((await (await fetch(`${server.url}/api/tokens`, { headers: JSON_AUTH })).json()) as { tokens: { id: string }[] }).tokens.map((t) => t.id));
    for (const { id, secret } of acked.tokens) {
      expect(listed.has(id), id).toBe(true);
      const session = await fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${secret}` } });
      expect(session.status, id).toBe(200);
      expect(((await session.json()) as { actor: { tokenId: string } }).actor.tokenId).toBe(id);
    }
  }, 120_000);
});

class UnexpectedAnswer extends Error {}

function answered(res: { status: number; body: unknown }, status: number): unknown {
  if (res.status !== status) throw new UnexpectedAnswer(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Calls `write` over one kept-alive connection until the process dies under it (or answers something unexpected). */
async function untilKilled(url: string, unexpected: string[], write: (client: Client, i: number) => Promise<void>): Promise<void> {
  const client = new Client(url, { keepAliveTimeout: 60_000 });
  try {
    for (let i = 0; ; i++) await write(client, i);
  } catch (error) {
    // Otherwise the process was killed: what was in flight has no answer.
    if (error instanceof UnexpectedAnswer) unexpected.push(error.message);
  } finally {
    await client.destroy().catch(() => {});
  }
}
