/**
 * The impact board, public updates and action items over the real server: each change is
 * stored with the entry that records it, reaches every client, survives a snapshot, and bad
 * input is refused with the field named and nothing stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '#shared/sync';
import { feedsConfig, nextEvent, startServer, type TestServer } from '../../support/server';
import { TestClock } from '../../support/test-clock';

let s: TestServer;
let clock: TestClock;
let incidentId: number;
beforeEach(async () => {
  clock = new TestClock(Date.parse('2025-03-03T14:00:00Z'));
  s = await startServer({ clock, feeds: feedsConfig() });
  incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6 power outage' })).body.id;
});
afterEach(() => s.close());

const state = async (): Promise<Snapshot> => (await s.api('GET', `/api/incidents/${incidentId}/state`)).body;
const setImpact = (body: object, as?: string) => s.api('PUT', `/api/incidents/${incidentId}/impact`, body, undefined, as);
async function joined() {
  const socket = await s.connect();
  await socket.emitWithAck('room:join', { incidentId });
  return socket;
}

describe('the impact board', () => {
  it('a change reaches every client as impact:changed with the entry recording it, and a snapshot holds it', async () => {
    const [a, b] = [await joined(), await joined()];
    const seen = Promise.all([a, b].map((c) => nextEvent(c, 'impact:changed', (e) => e.cell.zone === 'PAR7')));
    const entry = nextEvent(b, 'timeline:posted', (e) => e.entry.kind === 'status');
    const res = await setImpact({ product: 'databases', zones: ['PAR6', 'PAR7'], status: 'partial_outage', description: 'Some databases are unreachable.' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.cells).toHaveLength(2);
    for (const event of await seen) {
      expect(event.cell).toMatchObject({ product: 'databases', status: 'partial_outage', description: 'Some databases are unreachable.', setBy: 'bootstrap admin', version: 1 });
    }
    expect((await entry).entry.text).toBe(
      'Impact: Databases (MySQL, PostgreSQL, Redis, MongoDB) in PAR6, PAR7 is partial outage: Some databases are unreachable.',
    );
    const snap = await state();
    expect(snap.impacts.map((c) => [c.product, c.zone, c.status])).toEqual([
      ['databases', 'PAR6', 'partial_outage'],
      ['databases', 'PAR7', 'partial_outage'],
    ]);
    expect(snap.setup.products.map((p) => p.id)).toContain('console-api');
    expect(snap.setup.zones).toEqual(['PAR4', 'PAR5', 'PAR6', 'PAR7', 'PAR8', 'GOV', 'Remote']);
  });

  it('keeps "since" when only the description changes, and stores nothing for a change that changes nothing', async () => {
    await setImpact({ product: 'runtimes', zones: ['PAR6'], status: 'degraded_performance' });
    clock.set(clock.now() + 60_000);
    await setImpact({ product: 'runtimes', zones: ['PAR6'], status: 'degraded_performance', description: 'Slow responses.' });
    const again = await setImpact({ product: 'runtimes', zones: ['PAR6'], status: 'degraded_performance', description: 'Slow responses.' });
    expect(again.body.cells).toEqual([]);
    const [cell] = (await state()).impacts;
    expect(cell).toMatchObject({ version: 2, since: '2025-03-03T14:00:00.000Z', setAt: '2025-03-03T14:01:00.000Z' });
    const history = (await s.api('GET', `/api/incidents/${incidentId}/impact/history`)).body.changes;
    expect(history).toHaveLength(2);
    const entries = (await state()).entries.filter((e) => e.text.startsWith('Impact:'));
    expect(entries).toHaveLength(2);
  });

  it('refuses a change to a cell that changed since the editor saw it, naming the zone, and writes nothing', async () => {
    await setImpact({ product: 'runtimes', zones: ['PAR6'], status: 'degraded_performance', versions: { PAR6: 0 } });
    // Someone else saw PAR6 unset, and PAR7 as it is: PAR6 has moved on, so neither zone is written.
    const stale = await setImpact({ product: 'runtimes', zones: ['PAR6', 'PAR7'], status: 'major_outage', versions: { PAR6: 0, PAR7: 0 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ field: 'versions.PAR6', message: expect.stringContaining('now version 1') });
    expect((await state()).impacts.map((c) => [c.zone, c.status, c.version])).toEqual([['PAR6', 'degraded_performance', 1]]);
    const seen = await setImpact({ product: 'runtimes', zones: ['PAR6', 'PAR7'], status: 'major_outage', versions: { PAR6: 1, PAR7: 0 } });
    expect(seen.status).toBe(200);
  });

  it.each([
    [{ product: 'runtimes', zones: ['PAR6'], status: 'major_outage', description: 'bad \ud800 text' }, 'description'],
    [{ product: 'mainframe', zones: ['PAR6'], status: 'major_outage' }, 'product'],
    [{ product: 'runtimes', zones: ['PAR6', 'MARS'], status: 'major_outage' }, 'zones[1]'],
    [{ product: 'runtimes', zones: [], status: 'major_outage' }, 'zones'],
    [{ product: 'runtimes', zones: ['PAR6'], status: 'down' }, 'status'],
  ])('refuses %j naming %s, storing nothing', async (body, field) => {
    const res = await setImpact(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'bad_request', field });
    expect(res.body.error.message).toContain(field);
    expect((await state()).impacts).toEqual([]);
  });
});

const post = (body: object) => s.api('POST', `/api/incidents/${incidentId}/updates`, body);
describe('public updates', () => {
  it('a draft is edited, then published with the impact the board showed, recorded as a status entry', async () => {
    await setImpact({ product: 'databases', zones: ['PAR6'], status: 'partial_outage' });
    const draft = (await post({ status: 'identified', text: 'We are investigating database issues.' })).body.update;
    expect(draft).toMatchObject({ state: 'draft', version: 1, publishedAt: null, impacts: [] });
    const edited = (await s.api('PATCH', `/api/incidents/${incidentId}/updates/${draft.id}`, { version: 1, text: 'Databases in PAR6 are partly unreachable.' })).body.update;
    expect(edited).toMatchObject({ version: 2, text: 'Databases in PAR6 are partly unreachable.' });
    const client = await joined();
    const published = nextEvent(client, 'update:changed', (e) => e.update.state === 'published');
    clock.set(clock.now() + 5 * 60_000);
    const res = await s.api('POST', `/api/incidents/${incidentId}/updates/${draft.id}/publish`, { version: 2 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await published).update).toMatchObject({
      state: 'published',
      publishedAt: '2025-03-03T14:05:00.000Z',
      publishedBy: 'bootstrap admin',
      impacts: [{ product: 'databases', zone: 'PAR6', status: 'partial_outage' }],
    });
    const recorded = (await state()).entries.find((e) => e.text.startsWith('Public update'));
    expect(recorded).toMatchObject({ kind: 'status', author: 'bootstrap admin', text: 'Public update published (identified): Databases in PAR6 are partly unreachable.' });
  });

  it('a published update is never edited: an edit, a second publish or a discard is a 409, and it stays as published', async () => {
    const update = (await post({ status: 'investigating', text: 'We are looking into it.', publish: true })).body.update;
    for (const [method, path, body] of [
      ['PATCH', '', { version: update.version, text: 'Rewritten history' }],
      ['POST', '/publish', { version: update.version }],
      ['POST', '/discard', { version: update.version }],
    ] as const) {
      const res = await s.api(method, `/api/incidents/${incidentId}/updates/${update.id}${path}`, body);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain('corrected by publishing a new one');
    }
    expect((await state()).updates).toEqual([update]);
  });

  it('a publish sent twice with its clientId (an answer lost on the way) is published once', async () => {
    const body = { status: 'identified', text: 'Databases in PAR6 are partly down.', publish: true, clientId: 'upd-1' };
    const [first, again] = [await post(body), await post(body)];
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.update).toEqual(first.body.update);
    const snap = await state();
    expect(snap.updates).toHaveLength(1);
    expect(snap.entries.filter((e) => e.text.startsWith('Public update'))).toHaveLength(1);
    const reused = await post({ ...body, text: 'Something else' });
    expect(reused.status).toBe(409);
    expect(reused.body.error.field).toBe('clientId');
    expect((await state()).updates).toHaveLength(1);
  });

  it('refuses a stale draft version, a blank text and an unknown status, naming the field', async () => {
    const draft = (await post({ status: 'investigating', text: 'First words' })).body.update;
    await s.api('PATCH', `/api/incidents/${incidentId}/updates/${draft.id}`, { version: 1, text: 'Second words' });
    const stale = await s.api('PATCH', `/api/incidents/${incidentId}/updates/${draft.id}`, { version: 1, text: 'Lost update' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.field).toBe('version');
    expect((await post({ status: 'investigating', text: '   ' })).body.error.field).toBe('text');
    expect((await post({ status: 'fixed', text: 'Done' })).body.error.field).toBe('status');
    expect((await state()).updates.map((u) => u.text)).toEqual(['Second words']);
  });
});

describe('action items', () => {
  it('are added and changed by version, and refused with the field named', async () => {
    const client = await joined();
    const added = nextEvent(client, 'followup:changed');
    const res = await s.api('POST', `/api/incidents/${incidentId}/action-items`, { area: 'Runtimes', title: 'Enforce guard I/O rules at Hypervisor level', ref: '#856', owner: 'Alice' });
    expect(res.status).toBe(201);
    expect((await added).followUp).toMatchObject({ area: 'Runtimes', ref: '#856', owner: 'Alice', done: false, version: 1 });
    const id = res.body.followUp.id;
    expect((await s.api('PATCH', `/api/incidents/${incidentId}/action-items/${id}`, { version: 1, done: true })).body.followUp).toMatchObject({ done: true, version: 2 });
    expect((await s.api('PATCH', `/api/incidents/${incidentId}/action-items/${id}`, { version: 1, done: false })).status).toBe(409);
    const blank = await s.api('POST', `/api/incidents/${incidentId}/action-items`, { area: 'Runtimes', title: '' });
    expect(blank.body.error.field).toBe('title');
    const ref = await s.api('POST', `/api/incidents/${incidentId}/action-items`, { area: 'Runtimes', title: 'x', ref: '#8 56' });
    expect(ref.body.error.field).toBe('ref');
    expect((await state()).followUps).toHaveLength(1);
  });
});
