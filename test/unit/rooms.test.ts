/**
 * Rooms publish a metric only to the loaded rooms that show its scope, follow its source and
 * have viewers; their replay logs are bounded in bytes as well as events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '#shared/incident';
import type { MetricChange } from '#shared/metrics';
import type { RoomEvent } from '#shared/sync';
import { PLATFORM } from '../../server/src/metrics/scopes';
import { Rooms } from '../../server/src/rooms/rooms';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store';
import type { Store } from '../../server/src/store/store';
import { makeChange, makeDef, makeSetup } from '../support/factories';
import { tempDir } from '../support/server';
import { TestClock } from '../support/test-clock';

let store: Store;
let clock: TestClock;
let emitted: { room: string; event: RoomEvent }[];
let watched: Set<string>;
beforeEach(() => {
  store = openSqliteStore(tempDir());
  clock = new TestClock();
  emitted = [];
  watched = new Set();
});
afterEach(() => store.close());

function rooms(o: { logBytes?: number } = {}) {
  return new Rooms({
    store,
    clock,
    live: () => ({ metrics: [], alerts: [] }),
    emit: (room, event) => emitted.push({ room, event }),
    isWatched: (room) => watched.has(room),
    setup: () => makeSetup(),
    ...o,
  });
}
const incident = (o: Partial<Incident> = {}) =>
  store.createIncident({ title: 'PAR6', severity: 'SEV1', status: 'investigating', timeZone: 'Europe/Paris', simulated: false, drill: null, sources: null, webhook: null, createdAt: new Date(clock.now()).toISOString(), ...o });
const defs = { 'vms.missing': makeDef({ source: 'push' }), 'ceph.health': makeDef({ id: 'ceph.health', source: 'ceph-par' }) };
const defOf = (id: string) => defs[id as keyof typeof defs];
const change = (id: string): MetricChange => makeChange({ id });
/** The metric ids each room's deltas carried. */
const by = (id: number) => emitted.filter((e) => e.room === `incident:${id}`).flatMap((e) => (e.event.type === 'metrics:updated' ? e.event.changes.map((c) => c.id) : []));

describe('S9 live changes reach rooms with viewers', () => {
  it('reaches the watched rooms that follow the source, each with only what it follows', async () => {
    const r = rooms();
    const all = await incident();
    const cephOnly = await incident({ sources: ['ceph-par'] });
    const drill = await incident({ simulated: true, drill: { scenario: 'par6-2025-03-03', speed: 40 } });
    for (const i of [all, cephOnly, drill]) {
      await r.get(i.id);
      watched.add(`incident:${i.id}`);
    }
    r.publishMetrics(PLATFORM, [change('vms.missing'), change('ceph.health')], [], defOf);
    expect(by(all.id)).toEqual(['vms.missing', 'ceph.health']);
    expect(by(cephOnly.id)).toEqual(['ceph.health']);
    expect(by(drill.id)).toEqual([]); // a drill reads its own scope, never the platform's
  });

  it('1,500 loaded rooms nobody watches cost no broadcast; a cursor from before the skip gets a snapshot', async () => {
    const r = rooms();
    const ids: number[] = [];
    for (let i = 0; i < 1500; i++) ids.push((await incident()).id);
    for (const id of ids) await r.get(id);
    const first = await r.get(ids[0]!);
    const cursor = { epoch: (r.answerJoin(first, undefined) as { mode: 'snapshot'; snapshot: { epoch: string; seq: number } }).snapshot.epoch, seq: 0 };
    watched.clear();
    clock.set(clock.now() + 6 * 60_000); // past the grace after its last viewer left
    r.publishMetrics(PLATFORM, [change('vms.missing')], [], defOf);
    expect(emitted).toEqual([]);
    expect(r.answerJoin(first, cursor).mode).toBe('snapshot');
  });

  it('keeps publishing for a short while after the last viewer left, so a blip comes back to a replay', async () => {
    const r = rooms();
    const i = await incident();
    const room = await r.get(i.id);
    watched.add(`incident:${i.id}`);
    const joined = r.answerJoin(room, undefined);
    if (joined.mode !== 'snapshot') throw new Error('expected a snapshot');
    watched.clear();
    clock.set(clock.now() + 30_000);
    r.publishMetrics(PLATFORM, [change('vms.missing')], [], defOf);
    expect(emitted).toHaveLength(1);
    expect(r.answerJoin(room, { epoch: joined.snapshot.epoch, seq: joined.snapshot.seq }).mode).toBe('replay');
  });
});

describe('the replay log', () => {
  it('is bounded in bytes: a backfill-sized burst does not grow it without end', async () => {
    const r = rooms({ logBytes: 200_000 });
    const i = await incident();
    const room = await r.get(i.id);
    watched.add(`incident:${i.id}`);
    const joined = r.answerJoin(room, undefined);
    if (joined.mode !== 'snapshot') throw new Error('expected a snapshot');
    const points = Array.from({ length: 500 }, (_, k): [number, number] => [k, k]);
    for (let n = 0; n < 200; n++) r.publishMetrics(PLATFORM, [makeChange({ id: 'vms.missing', points })], [], defOf);
    const log = (room as unknown as { log: RoomEvent[] }).log;
    const bytes = log.reduce((sum, e) => sum + JSON.stringify(e).length, 0);
    expect(bytes).toBeLessThan(400_000); // the bound is approximate: within a factor of two of 200 kB
    expect(log.length).toBeLessThan(200);
    // The start fell out of the log: a client from there needs a snapshot.
    expect(r.answerJoin(room, { epoch: joined.snapshot.epoch, seq: joined.snapshot.seq }).mode).toBe('snapshot');
  });
});
