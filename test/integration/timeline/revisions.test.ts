/** Corrections, never erasure: revisions keep the original, retractions strike through, and both reach every screen. */
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

const timeline = (path = '') => `/api/incidents/${incidentId}/timeline${path}`;

async function joined(token?: string) {
  const socket = await s.connect(token ? { token } : {});
  const ack = await socket.emitWithAck('room:join', { incidentId });
  if (!ack.ok) throw new Error(ack.error.message);
  return socket;
}

describe('revisions', () => {
  it('an edit writes a new version; the original stays readable in the history (S5)', async () => {
    const posted: Entry = (await s.api('POST', timeline(), { text: 'Reboot the PostgreSQL add-on provider', kind: 'decision' })).body;
    const edited = await s.api('PATCH', timeline(`/${posted.id}`), { version: 1, text: 'Reboot the PostgreSQL add-on provider first', component: 'DBaaS' });
    expect(edited).toMatchObject({ status: 200, body: { id: posted.id, version: 2, text: 'Reboot the PostgreSQL add-on provider first', component: 'DBaaS', revisedBy: 'bootstrap admin' } });
    const history = (await s.api('GET', timeline(`/${posted.id}/revisions`))).body.revisions;
    expect(history.map((r: { version: number; change: string; text: string }) => [r.version, r.change, r.text])).toEqual([
      [1, 'posted', 'Reboot the PostgreSQL add-on provider'],
      [2, 'edited', 'Reboot the PostgreSQL add-on provider first'],
    ]);
    // The evidence frozen when it was decided does not change with an edit.
    expect(edited.body.evidence).toEqual(posted.evidence);
  });

  it('an edit of a stale version is a 409 naming the version, and changes nothing', async () => {
    const { id } = (await s.api('POST', timeline(), { text: 'first' })).body;
    await s.api('PATCH', timeline(`/${id}`), { version: 1, text: 'second' });
    const stale = await s.api('PATCH', timeline(`/${id}`), { version: 1, text: 'lost update' });
    expect(stale).toMatchObject({ status: 409, body: { error: { code: 'conflict', field: 'version' } } });
    expect(stale.body.error.message).toMatch(/version 2, not 1/);
    expect((await s.api('GET', timeline())).body.entries.map((e: Entry) => e.text)).toEqual(['second']);
  });

  it('bad revisions are refused, naming the field, storing nothing', async () => {
    const { id } = (await s.api('POST', timeline(), { text: 'note' })).body;
    const cases: [unknown, string][] = [
      [{ text: 'no version' }, 'version'],
      [{ version: 1 }, 'body'],
      [{ version: 1, text: '   ' }, 'text'],
      [{ version: 1, owner: 'alice' }, 'owner'],
      [{ version: 1, occurredAt: '15:02' }, 'occurredAt'],
      [{ version: 1, author: 'mallory' }, 'author'],
    ];
    for (const [body, field] of cases) {
      const res = await s.api('PATCH', timeline(`/${id}`), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field, JSON.stringify(body)).toBe(field);
    }
    expect(await s.api('PATCH', timeline('/999999'), { version: 1, text: 'x' })).toMatchObject({ status: 404 });
    expect((await s.api('GET', timeline(`/${id}/revisions`))).body.revisions).toHaveLength(1);
  });

  it('the server’s own entries can be retracted by a commander, never edited', async () => {
    await s.api('PATCH', `/api/incidents/${incidentId}`, { status: 'identified' });
    const status: Entry = (await s.api('GET', timeline())).body.entries[0];
    expect(status.kind).toBe('status');
    expect(await s.api('PATCH', timeline(`/${status.id}`), { version: 1, text: 'rewritten' })).toMatchObject({ status: 400 });
    expect(await s.api('POST', timeline(`/${status.id}/retract`), { reason: 'set by mistake' })).toMatchObject({ status: 200, body: { version: 2 } });
  });

  it('people edit and retract their own entries; only a commander those of others', async () => {
    const responder = await s.token('responder', { name: 'Rita' });
    const other = await s.token('responder', { name: 'Omar' });
    const mine: Entry = (await s.api('POST', timeline(), { text: 'arrays rebuilding' }, undefined, responder)).body;
    expect(await s.api('PATCH', timeline(`/${mine.id}`), { version: 1, text: '12 arrays rebuilding' }, undefined, responder)).toMatchObject({ status: 200 });
    expect(await s.api('PATCH', timeline(`/${mine.id}`), { version: 2, text: 'hijacked' }, undefined, other)).toMatchObject({ status: 403 });
    expect(await s.api('POST', timeline(`/${mine.id}/retract`), { reason: 'no' }, undefined, other)).toMatchObject({ status: 403 });
    expect(await s.api('PATCH', timeline(`/${mine.id}`), { version: 2, kind: 'decision' }, undefined, responder)).toMatchObject({ status: 403 });
    expect(await s.api('POST', timeline(`/${mine.id}/retract`), { reason: 'duplicate of 12' })).toMatchObject({ status: 200 });
  });
});

describe('retractions', () => {
  it('a retraction reaches every client, struck through with its reason; the entry stays', async () => {
    const a = await joined();
    const b = await joined();
    const { id } = (await s.api('POST', timeline(), { text: 'Ceph HEALTH_ERR on PAR6' })).body;
    const seenA = nextEvent(a, 'timeline:revised');
    const seenB = nextEvent(b, 'timeline:revised');
    const res = await s.api('POST', timeline(`/${id}/retract`), { reason: 'it was PAR4', version: 1 });
    expect(res).toMatchObject({ status: 200, body: { id, version: 2, retracted: { reason: 'it was PAR4', by: 'bootstrap admin' } } });
    for (const seen of [await seenA, await seenB]) expect(seen.entry).toEqual(res.body);
    const entries = (await s.api('GET', timeline())).body.entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ text: 'Ceph HEALTH_ERR on PAR6', retracted: { reason: 'it was PAR4' } });
    // Retracted once: a second retraction, an edit and an empty reason are refused.
    expect(await s.api('POST', timeline(`/${id}/retract`), { reason: 'again' })).toMatchObject({ status: 409 });
    expect(await s.api('PATCH', timeline(`/${id}`), { version: 2, text: 'x' })).toMatchObject({ status: 409 });
    const { id: other } = (await s.api('POST', timeline(), { text: 'y' })).body;
    expect(await s.api('POST', timeline(`/${other}/retract`), { reason: ' ' })).toMatchObject({ status: 400, body: { error: { field: 'reason' } } });
  });

  it('over the socket: an ack for the retractor, a broadcast for the others', async () => {
    const a = await joined();
    const b = await joined();
    const { id } = (await s.api('POST', timeline(), { text: 'wrong' })).body;
    const seen = nextEvent(b, 'timeline:revised');
    const ack = await a.emitWithAck('timeline:retract', { incidentId, entryId: id, reason: 'typo', version: 1 });
    expect(ack).toMatchObject({ ok: true, data: { retracted: { reason: 'typo' } } });
    expect((await seen).entry).toEqual(ack.ok && ack.data);
    const stale = await a.emitWithAck('timeline:revise', { incidentId, entryId: id, version: 1, text: 'x' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('pins', () => {
  it('a pin reaches the snapshot’s pinned list, however old the entry', async () => {
    const { id } = (await s.api('POST', timeline(), { text: 'Status page updated' })).body;
    const viewer = await s.token('viewer');
    expect(await s.api('POST', timeline(`/${id}/pin`), { pinned: true }, undefined, viewer)).toMatchObject({ status: 403 });
    expect(await s.api('POST', timeline(`/${id}/pin`), { pinned: true })).toMatchObject({ status: 200, body: { pinned: true, version: 2 } });
    const state = (await s.api('GET', `/api/incidents/${incidentId}/state`)).body;
    expect(state.pinned.map((e: Entry) => e.id)).toEqual([id]);
    expect((await s.api('GET', timeline('?pinned=true'))).body.entries.map((e: Entry) => e.id)).toEqual([id]);
    await s.api('POST', timeline(`/${id}/pin`), { pinned: false });
    expect((await s.api('GET', `/api/incidents/${incidentId}/state`)).body.pinned).toEqual([]);
  });
});
