/** Occurred time apart from logged time, and the evidence a decision freezes. */
import { afterEach, describe, expect, it } from 'vitest';
import { receive, type RoomEvent, applySnapshot, type RoomState } from '#shared/sync';
import type { Entry } from '#shared/timeline';
import { nextEvent, record, startServer, type TestServer } from '../../support/server';
import { TestClock } from '../../support/test-clock';

let s: TestServer;
afterEach(() => s.close());

async function open(clock?: TestClock) {
  s = await startServer(clock ? { clock } : {});
  return (await s.api('POST', '/api/incidents', { title: 'PAR6 power loss', timeZone: 'Europe/Paris' })).body.id as number;
}

describe('occurred at, logged at', () => {
  it('a backdated entry answers with both times and sorts by when it happened', async () => {
    const clock = new TestClock(Date.parse('2025-03-03T14:10:00Z'));
    const id = await open(clock);
    const t = `/api/incidents/${id}/timeline`;
    await s.api('POST', t, { text: 'Crisis conference opened' });
    const late = await s.api('POST', t, { text: 'Power is back', occurredAt: '2025-03-03T14:58:00+01:00' });
    expect(late).toMatchObject({ status: 201, body: { occurredAt: '2025-03-03T13:58:00.000Z', loggedAt: '2025-03-03T14:10:00.000Z' } });
    const now = await s.api('POST', t, { text: 'now' });
    expect(now.body.occurredAt).toBe(now.body.loggedAt);
    expect((await s.api('GET', t)).body.entries.map((e: Entry) => e.text)).toEqual(['Power is back', 'Crisis conference opened', 'now']);
  });

  it('a time in the future or without an offset is refused, naming occurredAt, and nothing is stored', async () => {
    const clock = new TestClock(Date.parse('2025-03-03T14:10:00Z'));
    const id = await open(clock);
    const t = `/api/incidents/${id}/timeline`;
    for (const occurredAt of ['2025-03-03T14:12:00Z', '2025-03-03T15:02:00', '15:02 CET', 'yesterday']) {
      expect(await s.api('POST', t, { text: 'x', occurredAt }), occurredAt).toMatchObject({ status: 400, body: { error: { field: 'occurredAt' } } });
    }
    expect((await s.api('GET', t)).body.entries).toEqual([]);
  });

  it('paging walks back in timeline order, backdated entries included', async () => {
    const clock = new TestClock(Date.parse('2025-03-03T16:00:00Z'));
    const id = await open(clock);
    const t = `/api/incidents/${id}/timeline`;
    // Logged in an order unlike the order they happened in.
    const minutes = [30, 5, 50, 10, 45, 0, 20];
    for (const m of minutes) await s.api('POST', t, { text: `at ${m}`, occurredAt: new Date(Date.parse('2025-03-03T15:00:00Z') + m * 60_000).toISOString() });
    const seen: string[] = [];
    let page = (await s.api('GET', `${t}?limit=3`)).body;
    seen.unshift(...page.entries.map((e: Entry) => e.text));
    while (page.hasMore) {
      page = (await s.api('GET', `${t}?limit=3&before=${page.entries[0].id}`)).body;
      seen.unshift(...page.entries.map((e: Entry) => e.text));
    }
    expect(seen).toEqual(minutes.toSorted((a, b) => a - b).map((m) => `at ${m}`));
  });
});

describe('decision evidence', () => {
  it('a decision freezes the live metrics: they equal what a client holds at the evidence seq', async () => {
    const id = await open();
    const socket = await s.connect();
    const events = record(socket, 'metrics:updated', 'timeline:posted');
    const join = await socket.emitWithAck('room:join', { incidentId: id });
    if (!join.ok || join.data.mode !== 'snapshot') throw new Error('expected a snapshot');
    for (const value of [2800, 2500]) {
      const sent = nextEvent(socket, 'metrics:updated', (e) => e.changes.some((c) => c.id === 'vms.missing' && c.value === value));
      await s.api('POST', '/api/ingest', [{ metric: 'vms.missing', value }, { metric: 'raid.rebuilding', value: 12 }]);
      await sent;
    }
    const decision = await socket.emitWithAck('timeline:post', { incidentId: id, kind: 'decision', text: 'Reboot the PostgreSQL add-on provider first' });
    if (!decision.ok) throw new Error(decision.error.message);
    const evidence = decision.data.evidence!;
    expect(evidence.metrics.length).toBeGreaterThan(0);
    // Replay what this client received up to the evidence's seq.
    let state: RoomState = applySnapshot(null, join.data.snapshot);
    state = receive(state, (events as RoomEvent[]).filter((e) => e.seq <= evidence.seq)).state;
    expect(state.seq).toBe(evidence.seq);
    const held = [...state.metrics.values()].filter((m) => !m.def.hidden);
    expect(evidence.metrics.map((m) => [m.id, m.value, m.status])).toEqual(held.map((m) => [m.def.id, m.value, m.status]));
    expect(evidence.metrics.find((m) => m.id === 'vms.missing')).toMatchObject({ value: 2500, status: 'crit', stale: false });
    // Not a decision: no evidence.
    const note = await s.api('POST', `/api/incidents/${id}/timeline`, { text: 'note' });
    expect(note.body.evidence).toBeNull();
  });

  it('a backdated decision also carries the values at its occurred time, from history', async () => {
    const clock = new TestClock(Date.parse('2025-03-03T14:00:00Z'));
    const id = await open(clock);
    await s.api('POST', '/api/ingest', { metric: 'vms.missing', value: 2800, at: '2025-03-03T14:00:00Z' });
    await clock.advance(5 * 60_000);
    await s.api('POST', '/api/ingest', { metric: 'vms.missing', value: 1900, at: '2025-03-03T14:05:00Z' });
    await clock.advance(100);
    const res = await s.api('POST', `/api/incidents/${id}/timeline`, { kind: 'decision', text: 'Restart the hypervisors by batch', occurredAt: '2025-03-03T15:02:00+01:00' });
    expect(res.body.evidence.metrics.find((m: { id: string }) => m.id === 'vms.missing')).toMatchObject({ value: 1900 });
    expect(res.body.evidence.atOccurred).toEqual([expect.objectContaining({ id: 'vms.missing', value: 2800, sampledAt: Date.parse('2025-03-03T14:00:00Z') })]);
  });
});
