/** A client that misses messages, or a whole server restart, converges to the server's state (S2–S4). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Ack } from '#shared/ack';
import type { JoinResult, RoomEvent, Snapshot } from '#shared/sync';
import { RoomSync, type ClientSocket, type SyncUpdate } from '../../client/src/sync/room-sync';
import { ADMIN_TOKEN, startServer, type TestServer } from '../support/server';
import { TestClock } from '../support/test-clock';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});
async function server(options: Parameters<typeof startServer>[0] = {}) {
  const s = await startServer(options);
  servers.push(s);
  return s;
}

/** The socket as RoomSync sees it, but room events whose seq is in `drop` never arrive. */
function lossy(socket: ClientSocket, drop: Set<number>): ClientSocket {
  const wrapped = new Map<unknown, unknown>();
  return new Proxy(socket, {
    get(target, prop, receiver) {
      if (prop === 'on') {
        return (event: string, listener: (e: RoomEvent) => void) => {
          const filtered = (e: RoomEvent) => (e && typeof e === 'object' && drop.has(e.seq) ? undefined : listener(e));
          wrapped.set(listener, filtered);
          return target.on(event as never, filtered as never);
        };
      }
      if (prop === 'off') return (event: string, listener: unknown) => target.off(event as never, (wrapped.get(listener) ?? listener) as never);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const noEntries = async () => ({ entries: [], hasMore: false });

async function serverState(s: TestServer, incidentId: number): Promise<Snapshot> {
  return (await s.api('GET', `/api/incidents/${incidentId}/state`)).body;
}

function follow(socket: ClientSocket, incidentId: number, baseUrl: string) {
  const updates: SyncUpdate[] = [];
  const fetchAfter = async (id: number, after: number) => (await fetch(`${baseUrl}/api/incidents/${id}/timeline?after=${after}&limit=500`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
  const sync = new RoomSync(socket, incidentId, (u) => updates.push(u), fetchAfter);
  sync.start();
  const latest = () => updates.at(-1)?.state ?? null;
  return { sync, updates, latest };
}

async function expectConverged(s: TestServer, incidentId: number, latest: () => ReturnType<ReturnType<typeof follow>['latest']>) {
  await vi.waitFor(async () => {
    const truth = await serverState(s, incidentId);
    const mine = latest();
    expect(mine?.seq).toBe(truth.seq);
    expect(mine?.epoch).toBe(truth.epoch);
    expect(mine?.entries.map((e) => e.id)).toEqual(truth.entries.map((e) => e.id));
    expect(mine?.incident).toEqual(truth.incident);
  });
}

/** The texts of the entries a join's answer replays; null if it is not a replay. */
const replayedTexts = (r: Ack<JoinResult>) =>
  r.ok && r.data.mode === 'replay' ? r.data.events.map((e) => e.type === 'timeline:posted' && e.entry.text) : null;

describe('resync', () => {
  it('a client that misses an event notices the gap and converges', async () => {
    const s = await server();
    const incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    const start = (await serverState(s, incidentId)).seq;
    const { updates, latest } = follow(lossy(await s.connect(), new Set([start + 2])), incidentId, s.url);
    await vi.waitFor(() => expect(latest()).not.toBeNull());
    for (let i = 1; i <= 5; i++) await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: `entry ${i}` });
    await expectConverged(s, incidentId, latest);
    expect(latest()!.entries.map((e) => e.text)).toEqual(['entry 1', 'entry 2', 'entry 3', 'entry 4', 'entry 5']);
    expect(updates.some((u) => u.phase === 'resyncing')).toBe(true);
  });

  it('S8: a join left unanswered is asked again after a pause, on the same connection, and converges', async () => {
    const s = await server();
    const incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    const socket = await s.connect();
    // The first join "gets no answer": it times out as an unanswered ack does (rejects).
    const asked: number[] = [];
    const silentFirst = new Proxy(socket, {
      get(target, prop, receiver) {
        if (prop === 'timeout') {
          return (ms: number) => {
            asked.push(ms);
            if (asked.length > 1) return target.timeout(ms);
            return { emitWithAck: () => Promise.reject(new Error('operation has timed out')) };
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const updates: SyncUpdate[] = [];
    const pauses: number[] = [];
    const sleep = async (ms: number) => void pauses.push(ms);
    new RoomSync(silentFirst, incidentId, (u) => updates.push(u), noEntries, { timeoutMs: 50, retryMaxMs: 200, sleep }).start();
    await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: 'while unanswered' });
    await expectConverged(s, incidentId, () => updates.at(-1)?.state ?? null);
    // Each join waited its timeout; between the two, one random pause of up to 1 s (S8), not an immediate retry.
    expect(asked).toEqual([50, 50]);
    expect(pauses).toHaveLength(1);
    expect(pauses[0]).toBeGreaterThanOrEqual(0);
    expect(pauses[0]).toBeLessThan(1000);
    expect(socket.connected).toBe(true);
  });

  it('a client back from a short disconnect gets exactly the events it missed', async () => {
    const s = await server();
    const incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    const first = await s.connect();
    const joined = await first.emitWithAck('room:join', { incidentId });
    if (!joined.ok || joined.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    const { epoch, seq } = joined.data.snapshot;
    first.disconnect();
    for (let i = 1; i <= 3; i++) await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: `missed ${i}` });

    const again = await (await s.connect()).emitWithAck('room:join', { incidentId, since: { epoch, seq } });
    if (!again.ok || again.data.mode !== 'replay') throw new Error(`expected a replay, got ${JSON.stringify(again)}`);
    const events = again.data.events.filter((e) => e.type === 'timeline:posted');
    expect(events.map((e) => e.seq)).toEqual([seq + 1, seq + 2, seq + 3]);
    expect(again.data.seq).toBe(seq + 3);
    expect(events.map((e) => e.type === 'timeline:posted' && e.entry.text)).toEqual(['missed 1', 'missed 2', 'missed 3']);
  });

  it('clients back from the same cursor share a replay until the room moves on', async () => {
    const s = await server();
    const incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    const joined = await (await s.connect()).emitWithAck('room:join', { incidentId });
    if (!joined.ok || joined.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    const since = { epoch: joined.data.snapshot.epoch, seq: joined.data.snapshot.seq };
    await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: 'missed by both' });
    const first = await (await s.connect()).emitWithAck('room:join', { incidentId, since });
    const second = await (await s.connect()).emitWithAck('room:join', { incidentId, since });
    expect(replayedTexts(first)).toEqual(['missed by both']);
    expect(replayedTexts(second)).toEqual(['missed by both']);
    await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: 'then one more' });
    const third = await (await s.connect()).emitWithAck('room:join', { incidentId, since });
    expect(replayedTexts(third)).toEqual(['missed by both', 'then one more']);
  });

  it('metric deltas missed while away come back as one merged delta that reaches the same state (S7)', async () => {
    const s = await server();
    const incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    const socket = await s.connect({ reconnectionDelay: 50 });
    const { latest } = follow(socket, incidentId, s.url);
    await vi.waitFor(() => expect(latest()).not.toBeNull());
    const joined = await (await s.connect()).emitWithAck('room:join', { incidentId });
    if (!joined.ok || joined.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    const cursor = { epoch: joined.data.snapshot.epoch, seq: joined.data.snapshot.seq };

    socket.disconnect();
    const base = Date.now() - 60_000;
    for (let i = 0; i < 12; i++) {
      await s.api('POST', '/api/ingest', { metric: 'deploy.queue', value: i, at: new Date(base + i * 1000).toISOString() });
      await vi.waitFor(async () => expect((await serverState(s, incidentId)).metrics.find((m) => m.def.id === 'deploy.queue')?.value).toBe(i));
    }
    await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: 'while away' });

    const replay = await (await s.connect()).emitWithAck('room:join', { incidentId, since: cursor });
    if (!replay.ok || replay.data.mode !== 'replay') throw new Error('expected a replay');
    expect(replay.data.events.filter((e) => e.type === 'metrics:updated')).toHaveLength(1);
    socket.connect();
    await expectConverged(s, incidentId, latest);
    const truth = await serverState(s, incidentId);
    expect(latest()!.metrics.get('deploy.queue')).toEqual(truth.metrics.find((m) => m.def.id === 'deploy.queue'));
  });

  it('a cursor older than the replay log gets a snapshot with everything', async () => {
    const s = await server({ replayLogLimit: 10 });
    const incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    const { epoch, seq } = await serverState(s, incidentId);
    for (let i = 1; i <= 30; i++) await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: `e${i}` });
    const ack = await (await s.connect()).emitWithAck('room:join', { incidentId, since: { epoch, seq } });
    if (!ack.ok || ack.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(ack.data.snapshot.entries).toHaveLength(30);
    expect(ack.data.snapshot.seq).toBe(seq + 30);
  });

  it('a client away for longer than the replay log and a snapshot page fetches the entries in between', async () => {
    const s = await server({ replayLogLimit: 10 });
    const incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: 'seen before the drop' });
    const socket = await s.connect({ reconnectionDelay: 50 });
    const { latest, updates } = follow(socket, incidentId, s.url);
    await vi.waitFor(() => expect(latest()?.entries).toHaveLength(1));

    socket.disconnect();
    for (let i = 1; i <= 260; i++) await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: `missed ${i}` });
    socket.connect();

    await vi.waitFor(async () => {
      const all = (await s.api('GET', `/api/incidents/${incidentId}/timeline?limit=500`)).body.entries;
      expect(latest()?.entries.map((e) => e.id)).toEqual(all.map((e: { id: number }) => e.id));
      expect(latest()?.hole).toBeNull();
    });
    expect(latest()!.entries).toHaveLength(261);
    // The snapshot alone (200 entries) would have left a hole: it was marked, then filled.
    expect(updates.some((u) => u.state?.hole !== null)).toBe(true);
  });

  it('a room nobody watches is unloaded when idle; an old cursor into it gets a snapshot', async () => {
    const clock = new TestClock(Date.now());
    const s = await server({ clock });
    const incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    const socket = await s.connect();
    const first = await socket.emitWithAck('room:join', { incidentId });
    if (!first.ok || first.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    const cursor = { epoch: first.data.snapshot.epoch, seq: first.data.snapshot.seq };

    expect(s.server.rooms.sweep()).toBe(0); // watched
    socket.emit('room:leave', { incidentId });
    await vi.waitFor(() => expect(s.server.io.sockets.adapter.rooms.get(`incident:${incidentId}`)).toBeUndefined());
    expect(s.server.rooms.sweep()).toBe(0); // used moments ago
    clock.set(clock.now() + 11 * 60_000);
    expect(s.server.rooms.sweep()).toBe(1);
    expect(s.server.rooms.loadedCount).toBe(0);

    const again = await socket.emitWithAck('room:join', { incidentId, since: cursor });
    if (!again.ok || again.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(again.data.snapshot.epoch).not.toBe(cursor.epoch);
  });

  it('after a server restart the client resyncs by itself to the new epoch, keeping its entries', async () => {
    const first = await server();
    const port = Number(new URL(first.url).port);
    const incidentId = (await first.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    await first.api('POST', `/api/incidents/${incidentId}/timeline`, { text: 'before restart' });
    const socket = await first.connect({ reconnectionDelay: 50 });
    const { latest } = follow(socket, incidentId, first.url);
    await vi.waitFor(() => expect(latest()?.entries).toHaveLength(1));
    const oldEpoch = latest()!.epoch;

    // The client keeps reconnecting to the same address while the server is down and back.
    servers.splice(servers.indexOf(first), 1);
    await first.server.close();
    await first.store.close();
    const second = await server({ dataDir: first.config.dataDir, port });
    await second.api('POST', `/api/incidents/${incidentId}/timeline`, { text: 'after restart' });

    await expectConverged(second, incidentId, latest);
    expect(latest()!.epoch).not.toBe(oldEpoch);
    expect(latest()!.entries.map((e) => e.text)).toEqual(['before restart', 'after restart']);
    socket.disconnect();
  });
});
