/** The sync rules of docs/protocol.md (S2–S6), table-driven. */
import { describe, expect, it } from 'vitest';
import { mergeEntries } from '#shared/entry-merge';
import { applyMetricChanges, HISTORY_LIMIT } from '#shared/metric-merge';
import { applyReplay, compactReplay, applySnapshot, eventsSince, fillHole, receive, type RoomEvent } from '#shared/sync';
import type { Entry } from '#shared/timeline';
import {
  makeChange,
  makeEntry,
  makeIncident,
  makeMetric,
  makeRoom,
  makeSnapshot,
  metricsEvent,
  posted,
} from '../support/factories';

const revised = (seq: number, entry: Entry): RoomEvent => ({ type: 'timeline:revised', incidentId: 1, seq, at: 0, entry });
const postedEntry = (seq: number, entry: Entry): RoomEvent => ({ type: 'timeline:posted', incidentId: 1, seq, at: 0, entry });

describe('S2 receive: apply in order, drop duplicates, stop at a gap', () => {
  const cases: { name: string; from: number; events: RoomEvent[]; seq: number; entries: number[]; pending: number[]; gap: boolean }[] = [
    { name: 'next in sequence', from: 0, events: [posted(1)], seq: 1, entries: [1], pending: [], gap: false },
    { name: 'a run in order', from: 0, events: [posted(1), posted(2), posted(3)], seq: 3, entries: [1, 2, 3], pending: [], gap: false },
    { name: 'a run out of order', from: 0, events: [posted(3), posted(1), posted(2)], seq: 3, entries: [1, 2, 3], pending: [], gap: false },
    { name: 'an old duplicate', from: 2, events: [posted(2), posted(1)], seq: 2, entries: [], pending: [], gap: false },
    { name: 'the same event twice', from: 0, events: [posted(1), posted(1), posted(2)], seq: 2, entries: [1, 2], pending: [], gap: false },
    { name: 'a gap', from: 0, events: [posted(2)], seq: 0, entries: [], pending: [2], gap: true },
    { name: 'a gap after a run', from: 0, events: [posted(1), posted(3), posted(4)], seq: 1, entries: [1], pending: [3, 4], gap: true },
    { name: 'another incident', from: 0, events: [posted(1, 1, 2)], seq: 0, entries: [], pending: [], gap: false },
    { name: 'nothing', from: 5, events: [], seq: 5, entries: [], pending: [], gap: false },
  ];
  it.each(cases)('$name', ({ from, events, seq, entries, pending, gap }) => {
    const result = receive(makeRoom({ seq: from }), events);
    expect(result.state.seq).toBe(seq);
    expect(result.state.entries.map((e) => e.id)).toEqual(entries);
    expect(result.pending.map((e) => e.seq)).toEqual(pending);
    expect(result.gap).toBe(gap);
  });

  it('an entry already held (e.g. from its ack) is not duplicated when its event arrives', () => {
    const state = makeRoom({ seq: 4, entries: [makeEntry({ id: 7 })] });
    const result = receive(state, [posted(5, 7)]);
    expect(result.state.entries.map((e) => e.id)).toEqual([7]);
    expect(result.state.seq).toBe(5);
  });

  it('a change for a metric never seen is a gap: only a snapshot can define it', () => {
    const result = receive(makeRoom(), [metricsEvent(1, [makeChange({ id: 'new.metric' })])]);
    expect(result.gap).toBe(true);
    expect(result.state.seq).toBe(0);
  });

  it('a change that defines its metric applies', () => {
    const def = { ...makeMetric().def, id: 'new.metric' };
    const result = receive(makeRoom(), [metricsEvent(1, [makeChange({ id: 'new.metric', def })])]);
    expect(result.gap).toBe(false);
    expect(result.state.metrics.get('new.metric')?.value).toBe(2800);
  });

  it('an older incident version does not overwrite a newer one', () => {
    const state = makeRoom({ incident: makeIncident({ version: 3, status: 'monitoring' }) });
    const stale: RoomEvent = { type: 'incident:updated', incidentId: 1, seq: 1, at: 0, incident: makeIncident({ version: 2, status: 'identified' }) };
    const result = receive(state, [stale]);
    expect(result.state.incident.status).toBe('monitoring');
    expect(result.state.seq).toBe(1);
  });
});

describe('S3 eventsSince: replay from the log or admit it cannot', () => {
  const log = [posted(11), posted(12), posted(13)];
  const cases = [
    { name: 'cursor at head', seq: 13, head: 13, expected: [] },
    { name: 'cursor inside the log', seq: 11, head: 13, expected: [12, 13] },
    { name: 'cursor just before the log', seq: 10, head: 13, expected: [11, 12, 13] },
    { name: 'cursor before the log', seq: 9, head: 13, expected: null },
    { name: 'cursor ahead of the server (its old life)', seq: 20, head: 13, expected: null },
  ];
  it.each(cases)('$name', ({ seq, head, expected }) => {
    const events = eventsSince(log, seq, head);
    expect(events === null ? null : events.map((e) => e.seq)).toEqual(expected);
  });
  it('an empty log can only answer a cursor at head', () => {
    expect(eventsSince([], 0, 0)).toEqual([]);
    expect(eventsSince([], 0, 3)).toBeNull();
  });
});

describe('S4 applySnapshot', () => {
  it('replaces state and keeps entries the client already holds', () => {
    const prev = makeRoom({ seq: 40, epoch: 'old', entries: [makeEntry({ id: 1 }), makeEntry({ id: 2 })] });
    const snap = makeSnapshot({ seq: 3, epoch: 'new', entries: [makeEntry({ id: 2 }), makeEntry({ id: 3 })] });
    const next = applySnapshot(prev, snap);
    expect(next.seq).toBe(3);
    expect(next.epoch).toBe('new');
    expect(next.entries.map((e) => e.id)).toEqual([1, 2, 3]);
  });
  it('drops entries of another incident', () => {
    const prev = makeRoom({ incidentId: 2, entries: [makeEntry({ id: 1, incidentId: 2 })] });
    expect(applySnapshot(prev, makeSnapshot()).entries).toEqual([]);
  });
  it('reports older entries only when the client holds none older than the page', () => {
    const page = [makeEntry({ id: 10 })];
    expect(applySnapshot(null, makeSnapshot({ entries: page, hasOlder: true })).hasOlder).toBe(true);
    const holdsOlder = makeRoom({ entries: [makeEntry({ id: 1 })] });
    expect(applySnapshot(holdsOlder, makeSnapshot({ entries: page, hasOlder: true })).hasOlder).toBe(false);
  });
});

const ids = (n: number[]) => n.map((id) => makeEntry({ id }));

describe('S5 mergeEntries', () => {
  const cases = [
    { a: [], b: [1, 2], out: [1, 2] },
    { a: [1, 2], b: [], out: [1, 2] },
    { a: [1, 2], b: [3], out: [1, 2, 3] },
    { a: [1, 3], b: [2], out: [1, 2, 3] },
    { a: [1, 2, 3], b: [2, 3, 4], out: [1, 2, 3, 4] },
  ];
  it.each(cases)('$a + $b = $out', ({ a, b, out }) => {
    expect(mergeEntries(ids(a), ids(b)).map((e) => e.id)).toEqual(out);
  });
});

const at = (minute: number) => new Date(Date.UTC(2025, 2, 3, 14, minute)).toISOString();
const timed = (id: number, minute: number, o: Partial<Entry> = {}) => makeEntry({ id, occurredAt: at(minute), ...o });

describe('S5 entries in timeline order, by version', () => {
  const cases: { name: string; held: Entry[]; incoming: Entry[]; bounded?: boolean; out: string[] }[] = [
    { name: 'a backdated entry sorts at its occurred time', held: [timed(1, 0), timed(2, 10)], incoming: [timed(3, 5)], out: ['1', '3', '2'] },
    { name: 'the same occurred time sorts by id', held: [timed(2, 5)], incoming: [timed(1, 5)], out: ['1', '2'] },
    { name: 'a newer version replaces the held one', held: [timed(1, 0), timed(2, 10)], incoming: [timed(1, 0, { version: 2, text: 'v2' })], out: ['1v2', '2'] },
    { name: 'an older version never replaces a newer one', held: [timed(1, 0, { version: 3, text: 'v3' })], incoming: [timed(1, 0, { version: 2, text: 'v2' })], out: ['1v3'] },
    { name: 'the same version twice changes nothing', held: [timed(1, 0, { version: 2, text: 'v2' })], incoming: [timed(1, 0, { version: 2, text: 'other' })], out: ['1v2'] },
    { name: 'a revised occurred time moves the entry', held: [timed(1, 0), timed(2, 10)], incoming: [timed(1, 20, { version: 2 })], out: ['2', '1'] },
    { name: 'two versions in one batch: the newest wins', held: [], incoming: [timed(1, 0, { version: 3, text: 'v3' }), timed(1, 0, { version: 2, text: 'v2' })], out: ['1v3'] },
    { name: 'bounded: an entry older than the loaded page waits for the older page', held: [timed(5, 10)], incoming: [timed(6, 1)], bounded: true, out: ['5'] },
    { name: 'bounded: an entry inside the page is merged', held: [timed(5, 10), timed(7, 30)], incoming: [timed(6, 20)], bounded: true, out: ['5', '6', '7'] },
  ];
  it.each(cases)('$name', ({ held, incoming, bounded, out }) => {
    const merged = mergeEntries(held, incoming, bounded);
    expect(merged.map((e) => `${e.id}${e.version > 1 ? e.text.replace(/^entry \d+$/, '') : ''}`)).toEqual(out);
  });

  it('a revision reaches the loaded list and the pinned list alike', () => {
    const state = makeRoom({ seq: 1, entries: [timed(1, 0), timed(2, 10)] });
    const pinned = timed(1, 0, { version: 2, pinned: true });
    const afterPin = receive(state, [revised(2, pinned)]).state;
    expect(afterPin.entries[0]).toBe(pinned);
    expect(afterPin.pinned.map((e) => e.id)).toEqual([1]);
    const unpinned = timed(1, 0, { version: 3, pinned: false });
    expect(receive(afterPin, [revised(3, unpinned)]).state.pinned).toEqual([]);
  });

  it('a retraction keeps the entry, struck through', () => {
    const retracted = timed(2, 10, { version: 2, retracted: { reason: 'wrong incident', by: 'ic', at: at(12) } });
    const state = receive(makeRoom({ seq: 1, entries: [timed(1, 0), timed(2, 10)] }), [revised(2, retracted)]).state;
    expect(state.entries.map((e) => [e.id, e.retracted?.reason ?? null])).toEqual([[1, null], [2, 'wrong incident']]);
  });

  it('a replay merges posted and revised entries once, in timeline order', () => {
    const state = makeRoom({ seq: 1, entries: [timed(1, 0)] });
    const replayed = applyReplay(state, { seq: 4, events: [revised(2, timed(1, 0, { version: 2, text: 'fixed' })), postedEntry(3, timed(2, -5)), postedEntry(4, timed(3, 30))] });
    expect(replayed?.entries.map((e) => [e.id, e.text])).toEqual([[2, 'entry 2'], [1, 'fixed'], [3, 'entry 3']]);
  });
});

describe('S6 applyMetricChanges', () => {
  const metrics = new Map([['vms.missing', makeMetric({ value: 10, sampledAt: 1000, history: [[1000, 10]] })]]);

  it('sets the reading and appends newer points', () => {
    const next = applyMetricChanges(metrics, [makeChange({ value: 12, sampledAt: 2000, points: [[1500, 11], [2000, 12]] })]);
    expect(next.get('vms.missing')).toMatchObject({ value: 12, sampledAt: 2000, history: [[1000, 10], [1500, 11], [2000, 12]] });
  });
  it('ignores points not newer than the last one (a replayed delta)', () => {
    const next = applyMetricChanges(metrics, [makeChange({ value: 10, sampledAt: 1000, points: [[900, 9], [1000, 10]] })]);
    expect(next.get('vms.missing')!.history).toEqual([[1000, 10]]);
  });
  it(`keeps at most ${HISTORY_LIMIT} points`, () => {
    const points = Array.from({ length: HISTORY_LIMIT + 50 }, (_, i) => [2000 + i, i] as [number, number]);
    const next = applyMetricChanges(metrics, [makeChange({ points })]);
    expect(next.get('vms.missing')!.history).toHaveLength(HISTORY_LIMIT);
    expect(next.get('vms.missing')!.history.at(-1)).toEqual([2000 + HISTORY_LIMIT + 49, HISTORY_LIMIT + 49]);
  });
  it('drops the oldest held points as newer ones arrive past the limit', () => {
    const full = Array.from({ length: HISTORY_LIMIT }, (_, i) => [1000 + i, i] as [number, number]);
    const held = applyMetricChanges(metrics, [makeChange({ points: full })]);
    const next = applyMetricChanges(held, [makeChange({ points: [[5000, -1], [5001, -2]] })]);
    const history = next.get('vms.missing')!.history;
    expect(history).toHaveLength(HISTORY_LIMIT);
    // Held: the fixture's [1000, 10], then `full` from 1001 (its 1000 was not newer). The two oldest go.
    expect(history[0]).toEqual([1002, 2]);
    expect(history.slice(-3)).toEqual([[1000 + HISTORY_LIMIT - 1, HISTORY_LIMIT - 1], [5000, -1], [5001, -2]]);
    expect(held.get('vms.missing')!.history).toHaveLength(HISTORY_LIMIT); // the held state is not changed in place
  });
  it('leaves unchanged metrics as the same object (cheap re-renders)', () => {
    const two = new Map([...metrics, ['other', makeMetric({ def: { ...makeMetric().def, id: 'other' } })]]);
    const next = applyMetricChanges(two, [makeChange()]);
    expect(next.get('other')).toBe(two.get('other'));
  });
  it('keys metrics by a Map: an id such as constructor or __proto__ is a metric like any other', () => {
    const def = makeMetric().def;
    const next = applyMetricChanges(new Map(), [
      makeChange({ id: 'constructor', def: { ...def, id: 'constructor' } }),
      makeChange({ id: '__proto__', def: { ...def, id: '__proto__' } }),
    ]);
    expect(next.get('constructor')?.value).toBe(2800);
    expect(next.get('__proto__')?.value).toBe(2800);
  });
  it('removes metrics a delta names as removed', () => {
    expect(applyMetricChanges(metrics, [], ['vms.missing']).has('vms.missing')).toBe(false);
  });
});

const page = (entryIds: number[], hasOlder = true) =>
  makeSnapshot({ seq: 9, entries: entryIds.map((id) => makeEntry({ id })), hasOlder });

describe('S4 holes after a snapshot', () => {
  const held = makeRoom({ entries: [makeEntry({ id: 1 }), makeEntry({ id: 2 })] });

  it('a page that starts after what we hold, with older entries on the server, opens a hole', () => {
    expect(applySnapshot(held, page([500, 501])).hole).toEqual({ after: 2, before: 500 });
  });
  it('a page that overlaps what we hold opens none', () => {
    expect(applySnapshot(held, page([2, 3])).hole).toBeNull();
  });
  it('a page with nothing older on the server opens none', () => {
    expect(applySnapshot(held, page([500, 501], false)).hole).toBeNull();
  });
  it('a second snapshot before the hole is filled keeps its start', () => {
    const first = applySnapshot(held, page([500]));
    expect(applySnapshot(first, page([800])).hole).toEqual({ after: 2, before: 800 });
  });
  it('fillHole merges pages until it reaches the snapshot page', () => {
    const holed = applySnapshot(held, page([500, 501]));
    const partly = fillHole(holed, { entries: [makeEntry({ id: 3 }), makeEntry({ id: 4 })], hasMore: true });
    expect(partly.hole).toEqual({ after: 4, before: 500 });
    const done = fillHole(partly, { entries: [makeEntry({ id: 5 }), makeEntry({ id: 500 })], hasMore: true });
    expect(done.hole).toBeNull();
    expect(done.entries.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 500, 501]);
  });
});

describe('S6 a metric without a definition asks for a snapshot, not a replay', () => {
  it('flags needsSnapshot', () => {
    const result = receive(makeRoom(), [metricsEvent(1, [makeChange({ id: 'new.metric' })])]);
    expect(result).toMatchObject({ gap: true, needsSnapshot: true });
  });
  it('a plain gap does not', () => {
    expect(receive(makeRoom(), [posted(2)])).toMatchObject({ gap: true, needsSnapshot: false });
  });
});

const delta = (seq: number, value: number, t: number) => metricsEvent(seq, [makeChange({ value, sampledAt: t, points: [[t, value]] })]);

const panel = (firing: number) => ({ firing, suppressed: 0, groups: [], otherGroups: 0, otherAlerts: 0, truncatedAlerts: 0, incomplete: false, limit: 10_000, updatedAt: null });
const alerts = (seq: number, source: string, firing: number): RoomEvent => ({ type: 'alerts:updated', incidentId: 1, seq, at: seq, source, panel: panel(firing) });

describe('S7 compacted replays', () => {

  it('merges every metric delta into one, last, keeping other events in order', () => {
    const replay = compactReplay([delta(5, 10, 1000), posted(6), delta(7, 11, 2000), posted(8), delta(9, 12, 3000)]);
    expect(replay.map((e) => [e.type, e.seq])).toEqual([
      ['timeline:posted', 6],
      ['timeline:posted', 8],
      ['metrics:updated', 9],
    ]);
    const merged = replay.at(-1)!;
    if (merged.type !== 'metrics:updated') throw new Error('expected metrics');
    expect(merged.changes).toHaveLength(1);
    expect(merged.changes[0]).toMatchObject({ value: 12, sampledAt: 3000, points: [[1000, 10], [2000, 11], [3000, 12]] });
  });

  it('keeps only the newest points a history holds, however many deltas were missed', () => {
    const events = Array.from({ length: HISTORY_LIMIT + 20 }, (_, i) => delta(i + 1, i, 1000 * (i + 1)));
    const merged = compactReplay(events).at(-1)!;
    if (merged.type !== 'metrics:updated') throw new Error('expected metrics');
    const points = merged.changes[0]!.points;
    expect(points).toHaveLength(HISTORY_LIMIT);
    expect(points[0]).toEqual([21_000, 20]);
    expect(points.at(-1)).toEqual([1000 * (HISTORY_LIMIT + 20), HISTORY_LIMIT + 19]);
  });

  it('keeps a metric definition seen early in the run', () => {
    const def = { ...makeMetric().def, id: 'new.metric' };
    const replay = compactReplay([
      metricsEvent(1, [makeChange({ id: 'new.metric', def })]),
      metricsEvent(2, [makeChange({ id: 'new.metric', value: 3 })]),
    ]);
    expect(replay[0]).toMatchObject({ changes: [{ id: 'new.metric', value: 3, def: { id: 'new.metric' } }] });
  });

  it('keeps the latest definition when a reload re-sent it', () => {
    const def = { ...makeMetric().def, id: 'new.metric' };
    const replay = compactReplay([
      metricsEvent(1, [makeChange({ id: 'new.metric', def })]),
      metricsEvent(2, [makeChange({ id: 'new.metric', def: { ...def, label: 'Renamed' } })]),
    ]);
    expect(replay[0]).toMatchObject({ changes: [{ def: { label: 'Renamed' } }] });
  });

  it('keeps only the latest alert panel of each source, where its first one stood', () => {
    const replay = compactReplay([alerts(1, 'am-par', 3), posted(2), alerts(3, 'am-gov', 1), alerts(4, 'am-par', 240)]);
    expect(replay.map((e) => (e.type === 'alerts:updated' ? `${e.source} ${e.panel.firing}` : e.type))).toEqual(['am-par 240', 'timeline:posted', 'am-gov 1']);
    const state = applyReplay(makeRoom(), { seq: 4, events: replay })!;
    expect(state.alerts.get('am-par')?.firing).toBe(240);
    expect(state.alerts.get('am-gov')?.firing).toBe(1);
  });

  it('carries removals, and forgets changes of a metric removed later in the run', () => {
    const removed = { ...metricsEvent(2, []), removed: ['vms.missing'] } as ReturnType<typeof metricsEvent>;
    const replay = compactReplay([delta(1, 5, 1000), removed]);
    expect(replay[0]).toMatchObject({ changes: [], removed: ['vms.missing'] });
  });

  it('brings a client to the same state as receiving every event did', () => {
    const events = [delta(1, 10, 1000), posted(2), delta(3, 11, 2000), posted(4), delta(5, 12, 3000)];
    const oneByOne = receive(makeRoom(), events).state;
    const replayed = applyReplay(makeRoom(), { seq: 5, events: compactReplay(events) });
    expect(replayed).toEqual(oneByOne);
  });

  it('merges entries committed out of id order among those held, each once, in id order', () => {
    const state = makeRoom({ seq: 1, entries: [makeEntry({ id: 1 }), makeEntry({ id: 5 })] });
    const events = [4, 2, 6, 5].map((id, i) => ({ ...posted(2 + i), entry: makeEntry({ id }) }));
    expect(applyReplay(state, { seq: 5, events })?.entries.map((e) => e.id)).toEqual([1, 2, 4, 5, 6]);
  });

  it('skips what the client already holds', () => {
    const state = makeRoom({ seq: 2, entries: [makeEntry({ id: 2 })] });
    const replayed = applyReplay(state, { seq: 3, events: [posted(2), posted(3)] });
    expect(replayed?.entries.map((e) => e.id)).toEqual([2, 3]);
    expect(replayed?.seq).toBe(3);
  });
});

describe('review fixes', () => {
  it('S4: a snapshot whose page starts after entries we hold keeps what we knew about older ones', () => {
    const held = makeRoom({ entries: [makeEntry({ id: 801 }), makeEntry({ id: 1000 })], hasOlder: true });
    const snap = makeSnapshot({ entries: [makeEntry({ id: 802 }), makeEntry({ id: 1001 })], hasOlder: true });
    expect(applySnapshot(held, snap).hasOlder).toBe(true);
    expect(applySnapshot({ ...held, hasOlder: false }, snap).hasOlder).toBe(false);
  });
  it('S6: a replay naming a metric the client cannot define asks for a snapshot', () => {
    expect(applyReplay(makeRoom(), { seq: 1, events: [metricsEvent(1, [makeChange({ id: 'new.metric' })])] })).toBeNull();
  });
});
