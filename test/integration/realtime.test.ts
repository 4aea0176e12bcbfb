/** Two real socket.io clients in one incident room: the ack and the broadcast. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JoinResult } from '#shared/sync';
import type { ClientSocket } from '../../client/src/sync/room-sync';
import { nextEvent, record, startServer, type TestServer } from '../support/server';
import { TestClock } from '../support/test-clock';

let s: TestServer;
let incidentId: number;
beforeEach(async () => {
  s = await startServer();
  incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6 power loss' })).body.id;
});
afterEach(() => s.close());

async function joined(): Promise<{ socket: ClientSocket; result: JoinResult }> {
  const socket = await s.connect();
  const ack = await socket.emitWithAck('room:join', { incidentId });
  if (!ack.ok) throw new Error(ack.error.message);
  return { socket, result: ack.data };
}

describe('posting in a room', () => {
  it('the poster gets the stored entry as ack; the other client gets it broadcast, next in sequence', async () => {
    const a = await joined();
    const b = await joined();
    if (b.result.mode !== 'snapshot') throw new Error('first join is a snapshot');
    const seen = nextEvent(b.socket, 'timeline:posted');
    const ack = await a.socket.emitWithAck('timeline:post', { incidentId, text: 'Crisis conference opened', component: 'Infrastructure' });
    expect(ack).toMatchObject({ ok: true, data: { text: 'Crisis conference opened', component: 'Infrastructure', author: 'bootstrap admin', incidentId } });
    const event = await seen;
    expect(event.entry).toEqual(ack.ok && ack.data);
    expect(event.seq).toBe(b.result.snapshot.seq + 1);
  });

  it('an entry posted over REST reaches socket clients too', async () => {
    const b = await joined();
    const seen = nextEvent(b.socket, 'timeline:posted');
    const res = await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: 'via curl' });
    expect((await seen).entry).toEqual(res.body);
  });

  it('a status change is broadcast as the incident and as a status entry', async () => {
    const b = await joined();
    const a = await joined();
    const updated = nextEvent(b.socket, 'incident:updated');
    const entry = nextEvent(b.socket, 'timeline:posted');
    const ack = await a.socket.emitWithAck('incident:update', { incidentId, status: 'identified' });
    expect(ack).toMatchObject({ ok: true, data: { status: 'identified', version: 2 } });
    const [u, e] = await Promise.all([updated, entry]);
    expect(u.incident.status).toBe('identified');
    expect(e.entry).toMatchObject({ kind: 'status', text: 'Status changed from investigating to identified' });
    expect(e.seq).toBe(u.seq + 1);
  });

  it('a bad command gets an error ack naming the field, and nothing is broadcast', async () => {
    const a = await joined();
    const b = await joined();
    const events = record(b.socket, 'timeline:posted');
    const bad = await a.socket.emitWithAck('timeline:post', { incidentId, text: '' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'text' } });
    const unknown = await a.socket.emitWithAck('timeline:post', { incidentId: 999, text: 'x' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // The next broadcast is the next good post: nothing was slipped in between.
    const good = await a.socket.emitWithAck('timeline:post', { incidentId, text: 'good' });
    await nextEvent(b.socket, 'timeline:posted', (e) => e.entry.text === 'good').catch(() => {});
    expect(good.ok).toBe(true);
    expect(events.map((e) => e.entry.text)).toEqual(['good']);
    expect((await s.api('GET', `/api/incidents/${incidentId}/timeline`)).body.entries).toHaveLength(1);
  });

  it('a leave that overtakes a join still loading its room leaves the socket unsubscribed', async () => {
    const socket = await s.connect();
    const joining = socket.emitWithAck('room:join', { incidentId });
    socket.emit('room:leave', { incidentId });
    expect((await joining).ok).toBe(true);
    const members = s.server.io.sockets.adapter.rooms.get(`incident:${incidentId}`);
    expect(members?.has(socket.id!) ?? false).toBe(false);
  });

  it('an unknown incident cannot be joined', async () => {
    const socket = await s.connect();
    expect(await socket.emitWithAck('room:join', { incidentId: 4242 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('S1: a client speaking another protocol version is refused at connect', async () => {
    await expect(s.connect({ protocol: 99 })).rejects.toThrow(/protocol_mismatch/);
  });
});

describe('metrics fan-out', () => {
  it('coalesces a burst of samples into one delta per push interval, carrying only what changed', async () => {
    await s.close();
    const clock = new TestClock();
    s = await startServer({ clock });
    incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6 power loss' })).body.id;
    const b = await joined();
    await clock.advance(s.config.pushIntervalMs); // past the start's own push: a quiet spell
    const deltas = record(b.socket, 'metrics:updated');
    const base = clock.now() - 10_000;
    for (let i = 1; i <= 200; i++) {
      await s.api('POST', '/api/ingest', { metric: 'deploy.queue', value: i, at: new Date(base + i).toISOString() });
    }
    // The first sample after a quiet spell goes out at once; the other 199 wait for the interval's end.
    await vi.waitFor(() => expect(deltas).toHaveLength(1));
    await clock.advance(s.config.pushIntervalMs);
    await vi.waitFor(() => expect(deltas).toHaveLength(2));
    expect(deltas.map((d) => d.changes.map((c) => [c.id, c.value, c.points.length]))).toEqual([
      [['deploy.queue', 1, 1]],
      [['deploy.queue', 200, 199]],
    ]);
  });
});
