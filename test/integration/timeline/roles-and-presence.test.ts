/** Incident roles with every handover recorded; presence that is live and never stored. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entry } from '#shared/timeline';
import { nextEvent, startServer, type TestServer } from '../../support/server';

let s: TestServer;
let incidentId: number;
beforeEach(async () => {
  s = await startServer();
  incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6 power loss' })).body.id;
});
afterEach(() => s.close());

describe('incident roles', () => {
  it('assigning and handing over a role is recorded in the timeline: who, when, from whom', async () => {
    const patch = (roles: unknown) => s.api('PATCH', `/api/incidents/${incidentId}`, { roles });
    expect(await patch({ commander: 'Alice', scribe: 'Sam' })).toMatchObject({ status: 200, body: { roles: { commander: 'Alice', scribe: 'Sam', comms: null } } });
    expect(await patch({ commander: 'Bob' })).toMatchObject({ body: { roles: { commander: 'Bob', scribe: 'Sam', comms: null } } });
    await patch({ scribe: null });
    await patch({ commander: 'Bob' }); // no change, no entry
    const entries: Entry[] = (await s.api('GET', `/api/incidents/${incidentId}/timeline`)).body.entries;
    expect(entries.map((e) => [e.kind, e.author, e.text])).toEqual([
      ['status', 'bootstrap admin', 'Incident commander: Alice'],
      ['status', 'bootstrap admin', 'Scribe: Sam'],
      ['status', 'bootstrap admin', 'Incident commander: handed over from Alice to Bob'],
      ['status', 'bootstrap admin', 'Scribe: nobody now (was Sam)'],
    ]);
  });

  it('bad role changes are refused naming the field; a responder may not hand over', async () => {
    const patch = (body: unknown, as?: string) => s.api('PATCH', `/api/incidents/${incidentId}`, body, undefined, as);
    expect(await patch({ roles: { commander: '  ' } })).toMatchObject({ status: 400, body: { error: { field: 'roles.commander' } } });
    expect(await patch({ roles: { chef: 'Alice' } })).toMatchObject({ status: 400, body: { error: { field: 'roles.chef' } } });
    expect(await patch({ roles: {} })).toMatchObject({ status: 400 });
    expect(await patch({ roles: { commander: 'Rita' } }, await s.token('responder'))).toMatchObject({ status: 403 });
    expect((await s.api('GET', `/api/incidents/${incidentId}`)).body.roles).toEqual({ commander: null, scribe: null, comms: null });
  });
});

describe('presence', () => {
  it('who is in the room, by name and role, one line per token with its screens; updated as people leave', async () => {
    const alice = await s.token('commander', { name: 'Alice' });
    const tv = await s.token('viewer', { name: 'TV room 2' });
    const a = await s.connect({ token: alice });
    const both = nextEvent(a, 'presence:updated', (p) => p.people.length === 2 && p.people[1]!.screens === 2);
    await a.emitWithAck('room:join', { incidentId });
    const tv1 = await s.connect({ token: tv });
    const tv2 = await s.connect({ token: tv });
    await tv1.emitWithAck('room:join', { incidentId });
    await tv2.emitWithAck('room:join', { incidentId });
    expect((await both).people).toEqual([
      { name: 'Alice', role: 'commander', screens: 1 },
      { name: 'TV room 2', role: 'viewer', screens: 2 },
    ]);
    const left = nextEvent(a, 'presence:updated', (p) => p.people.length === 1);
    tv1.disconnect();
    tv2.emit('room:leave', { incidentId });
    expect((await left).people).toEqual([{ name: 'Alice', role: 'commander', screens: 1 }]);
  });

  it('presence goes only to the room it describes', async () => {
    const other = (await s.api('POST', '/api/incidents', { title: 'other' })).body.id;
    const elsewhere = await s.connect();
    await elsewhere.emitWithAck('room:join', { incidentId: other });
    const seen: number[] = [];
    elsewhere.on('presence:updated', (p) => seen.push(p.incidentId));
    const here = await s.connect();
    const mine = nextEvent(here, 'presence:updated');
    await here.emitWithAck('room:join', { incidentId });
    expect((await mine).incidentId).toBe(incidentId);
    expect(seen.filter((id) => id === incidentId)).toEqual([]);
  });
});
