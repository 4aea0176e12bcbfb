/**
 * The sync protocol's data and rules, used by the server, the browser and the tests.
 * Rule ids (S1…) refer to docs/protocol.md.
 */
import { z } from 'zod';
import { AlertPanel } from './alerts';
import { FollowUp } from './follow-ups';
import { cellKey, ImpactCell, ImpactSetup } from './impact';
import { PublicUpdate } from './public-updates';
import { upsertVersioned } from './versioned';
import { mergeEntries, mergePinned } from './entry-merge';
import { applyMetricChanges, HISTORY_LIMIT } from './metric-merge';
import { compareEntries, Entry } from './timeline';
import { Incident, IncidentId } from './incident';
import { MetricChange, MetricState } from './metrics';

/** Bumped when the wire format changes incompatibly; the server refuses other versions (S1). */
export const PROTOCOL_VERSION = 3;

const EventHeader = {
  incidentId: z.number().int().positive(),
  seq: z.number().int().positive(),
  /** Server time of publication (Unix ms, sub-ms precision): clock offset and delivery lag. */
  at: z.number(),
};

export const TimelinePosted = z.object({ type: z.literal('timeline:posted'), ...EventHeader, entry: Entry });
/** An entry changed: a revision, a retraction, a pin or an action's progress. Carries the whole entry at its new version. */
export const TimelineRevised = z.object({ type: z.literal('timeline:revised'), ...EventHeader, entry: Entry });
export const IncidentUpdated = z.object({ type: z.literal('incident:updated'), ...EventHeader, incident: Incident });
export const MetricsUpdated = z.object({
  type: z.literal('metrics:updated'),
  ...EventHeader,
  changes: z.array(MetricChange),
  /** Metrics no longer defined (a source removed from the config). */
  removed: z.array(z.string()).optional(),
});
/** One Alertmanager source's panel, whole: small, and replacing it is simpler than patching it. */
export const SourcePanel = z.object({ source: z.string(), panel: AlertPanel });
export type SourcePanel = z.infer<typeof SourcePanel>;
export const AlertsUpdated = z.object({ type: z.literal('alerts:updated'), ...EventHeader, ...SourcePanel.shape });
/** A cell of the impact board set or changed. */
export const ImpactChanged = z.object({ type: z.literal('impact:changed'), ...EventHeader, cell: ImpactCell });
/** A public update drafted, edited or published. */
export const UpdateChanged = z.object({ type: z.literal('update:changed'), ...EventHeader, update: PublicUpdate });
/** An action item (post-mortem follow-up) added or changed. */
export const FollowUpChanged = z.object({ type: z.literal('followup:changed'), ...EventHeader, followUp: FollowUp });
export const RoomEvent = z.discriminatedUnion('type', [
  TimelinePosted,
  TimelineRevised,
  IncidentUpdated,
  MetricsUpdated,
  AlertsUpdated,
  ImpactChanged,
  UpdateChanged,
  FollowUpChanged,
]);
export type RoomEvent = z.infer<typeof RoomEvent>;
export type RoomEventType = RoomEvent['type'];
export type TimelinePosted = z.infer<typeof TimelinePosted>;
export type TimelineRevised = z.infer<typeof TimelineRevised>;
export type IncidentUpdated = z.infer<typeof IncidentUpdated>;
export type MetricsUpdated = z.infer<typeof MetricsUpdated>;
export type AlertsUpdated = z.infer<typeof AlertsUpdated>;
export type ImpactChanged = z.infer<typeof ImpactChanged>;
export type UpdateChanged = z.infer<typeof UpdateChanged>;
export type FollowUpChanged = z.infer<typeof FollowUpChanged>;

/** Where a client is in a room's stream. `epoch` changes whenever the server restarts (S3). */
export const Cursor = z.object({ epoch: z.string().min(1).max(64), seq: z.number().int().nonnegative() });
export type Cursor = z.infer<typeof Cursor>;

/** Pinned entries a snapshot carries, whatever their age: they stay in view. */
export const PINNED_LIMIT = 100;

export const Snapshot = z.object({
  incidentId: z.number().int().positive(),
  epoch: z.string(),
  seq: z.number().int().nonnegative(),
  /** Server time when the snapshot was taken, so clients can correct their clock for ages. */
  now: z.number(),
  incident: Incident,
  metrics: z.array(MetricState),
  /** The alert panel of each Alertmanager source the incident follows. */
  alerts: z.array(SourcePanel),
  /** The latest page of the timeline, in timeline order; older entries are fetched on demand. */
  entries: z.array(Entry),
  hasOlder: z.boolean(),
  /** Every pinned entry (up to PINNED_LIMIT), however old. */
  pinned: z.array(Entry),
  /** The impact board's products and zones, the update cadence and the suggestion rules. */
  setup: ImpactSetup,
  /** Every cell ever set (a cell not listed is operational). */
  impacts: z.array(ImpactCell),
  /** Drafts and published updates, in id order. */
  updates: z.array(PublicUpdate),
  followUps: z.array(FollowUp),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const JoinRequest = z.strictObject({ incidentId: IncidentId, since: Cursor.optional() });
export type JoinRequest = z.input<typeof JoinRequest>;

export const JoinResult = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('replay'),
    epoch: z.string(),
    /** The room's head: the client is at this seq once the replay is applied (S3). */
    seq: z.number().int().nonnegative(),
    now: z.number(),
    /** Everything after the client's cursor, with metric deltas compacted into one (S7). */
    events: z.array(RoomEvent),
  }),
  z.object({ mode: z.literal('snapshot'), snapshot: Snapshot }),
]);
export type JoinResult = z.infer<typeof JoinResult>;

export type RoomState = {
  incidentId: number;
  epoch: string;
  seq: number;
  incident: Incident;
  /** A Map, not an object: a metric id such as `constructor` must not meet Object's prototype. */
  metrics: ReadonlyMap<string, MetricState>;
  /** Alert panels by source. */
  alerts: ReadonlyMap<string, AlertPanel>;
  /** The loaded part of the timeline, in timeline order (occurred time, then id): its newest end. */
  entries: Entry[];
  /** Whether entries older than the first loaded one exist. */
  hasOlder: boolean;
  /** Pinned entries, in timeline order. */
  pinned: Entry[];
  setup: ImpactSetup;
  impacts: ImpactCell[];
  updates: PublicUpdate[];
  followUps: FollowUp[];
  /** Entries stored after id `after` may be missing (after a snapshot): fetch them with `?after=` (S4). */
  hole: { after: number; before: number } | null;
};

/** Adds entries learnt by any path (event, ack, page) to the loaded list and the pinned one. */
export function withEntries(state: RoomState, entries: readonly Entry[]): RoomState {
  if (entries.length === 0) return state;
  return {
    ...state,
    entries: mergeEntries(state.entries, entries, state.hasOlder),
    pinned: mergePinned(state.pinned, entries),
  };
}

export function unknownMetricIn(state: RoomState, event: RoomEvent): boolean {
  return event.type === 'metrics:updated' && event.changes.some((c) => !c.def && !state.metrics.has(c.id));
}

type Reducer<T extends RoomEventType> = (state: RoomState, event: Extract<RoomEvent, { type: T }>) => RoomState;

/**
 * How each event kind changes a room's state: the one table a new synced thing adds itself to
 * (with its schema in RoomEvent and its field in RoomState and Snapshot). Every synced entity
 * carries a version, and a reducer never lets an older version replace a newer one (S5).
 */
const REDUCERS: { [T in RoomEventType]: Reducer<T> } = {
  'timeline:posted': (state, e) => withEntries(state, [e.entry]),
  'timeline:revised': (state, e) => withEntries(state, [e.entry]),
  'incident:updated': (state, e) => (e.incident.version >= state.incident.version ? { ...state, incident: e.incident } : state),
  'metrics:updated': (state, e) => ({ ...state, metrics: applyMetricChanges(state.metrics, e.changes, e.removed) }),
  'alerts:updated': (state, e) => ({ ...state, alerts: new Map(state.alerts).set(e.source, e.panel) }),
  'impact:changed': (state, e) => ({ ...state, impacts: upsertVersioned(state.impacts, e.cell, cellKey) }),
  'update:changed': (state, e) => ({ ...state, updates: upsertVersioned(state.updates, e.update, (u) => u.id) }),
  'followup:changed': (state, e) => ({ ...state, followUps: upsertVersioned(state.followUps, e.followUp, (f) => f.id) }),
};

/** Every room event's name, for a client to subscribe to all of them. */
export const ROOM_EVENT_TYPES = Object.keys(REDUCERS) as RoomEventType[];

/** The entry an event carries, if it carries one: replays merge them in one pass. */
export const entryOf = (e: RoomEvent): Entry | null => (e.type === 'timeline:posted' || e.type === 'timeline:revised' ? e.entry : null);

/** Applies one event, assuming it is the next in sequence. */
export function applyEvent(state: RoomState, event: RoomEvent): RoomState {
  const reduce = REDUCERS[event.type] as Reducer<RoomEventType>;
  return { ...reduce(state, event as never), seq: event.seq };
}

/**
 * A snapshot replaces everything but the entries a client already holds, which are kept
 * and merged, so a resync never loses what was on screen. If what it holds ends before
 * the snapshot's page begins, the entries in between are marked as a hole to fetch (S4).
 */
export function applySnapshot(prev: RoomState | null, s: Snapshot): RoomState {
  const same = prev !== null && prev.incidentId === s.incidentId;
  const keep = same ? prev.entries : [];
  const metrics = new Map(s.metrics.map((m) => [m.def.id, m]));
  const firstOfPage = s.entries[0];
  // If we hold entries older than the page, whether any older still exist is what we knew before.
  const holdsOlder = keep[0] !== undefined && (firstOfPage === undefined || compareEntries(keep[0], firstOfPage) < 0);
  const hasOlder = holdsOlder ? prev!.hasOlder : s.hasOlder;
  const entries = mergeEntries(s.entries, keep);
  // Entries logged while we were away and older than the page's first may be missing: they
  // were stored after the newest we hold, and before the earliest-stored entry of the page.
  const lastHeld = maxId(keep);
  const firstStored = minId(s.entries);
  const opens = s.hasOlder && lastHeld !== null && firstStored !== null && lastHeld < firstStored;
  const earlierHole = same ? prev.hole : null;
  const hole = opens ? { after: earlierHole?.after ?? lastHeld, before: firstStored } : earlierHole;
  const alerts = new Map(s.alerts.map((a) => [a.source, a.panel]));
  const { setup, impacts, updates, followUps } = s;
  return { incidentId: s.incidentId, epoch: s.epoch, seq: s.seq, incident: s.incident, metrics, alerts, entries, hasOlder, pinned: s.pinned, setup, impacts, updates, followUps, hole };
}

function maxId(entries: readonly Entry[]): number | null {
  let max: number | null = null;
  for (const e of entries) if (max === null || e.id > max) max = e.id;
  return max;
}

function minId(entries: readonly Entry[]): number | null {
  let min: number | null = null;
  for (const e of entries) if (min === null || e.id < min) min = e.id;
  return min;
}

/** Merges a page fetched with `?after=hole.after` (oldest-stored first); the hole closes once the page reaches its end. */
export function fillHole(state: RoomState, page: { entries: Entry[]; hasMore: boolean }): RoomState {
  if (state.hole === null) return state;
  const last = maxId(page.entries);
  const closed = !page.hasMore || last === null || last >= state.hole.before;
  return { ...withEntries(state, page.entries), hole: closed ? null : { ...state.hole, after: last } };
}

export type Received = {
  state: RoomState;
  /** Events that could not be applied yet because one before them is missing. */
  pending: RoomEvent[];
  /** True when a resync is needed: a missing seq, or a change for an unknown metric. */
  gap: boolean;
  /** The gap is a metric we cannot define: only a snapshot helps, not a replay (S6). */
  needsSnapshot: boolean;
};

/**
 * The client's rule for incoming events (S2): sort by seq, drop what it already has,
 * apply the contiguous run, and report a gap if anything is left over.
 */
export function receive(state: RoomState, events: readonly RoomEvent[]): Received {
  const ordered = events
    .filter((e) => e.incidentId === state.incidentId && e.seq > state.seq)
    .toSorted((a, b) => a.seq - b.seq);
  let next = state;
  let needsSnapshot = false;
  let i = 0;
  for (; i < ordered.length; i++) {
    const e = ordered[i]!;
    if (e.seq <= next.seq) continue; // the same seq twice in one batch
    if (e.seq !== next.seq + 1) break;
    if (unknownMetricIn(next, e)) {
      needsSnapshot = true;
      break;
    }
    next = applyEvent(next, e);
  }
  const pending = ordered.slice(i).filter((e) => e.seq > next.seq);
  return { state: next, pending, gap: pending.length > 0, needsSnapshot };
}

/**
 * Compacts a replay (S7): metric deltas only set readings and append points, so however many
 * a client missed, one merged delta — the latest reading of each metric and its newest points —
 * brings it to the same state. Other events keep their order. Placed last, with the last
 * merged delta's seq and time.
 */
export function compactReplay(events: readonly RoomEvent[]): RoomEvent[] {
  const kept: RoomEvent[] = [];
  let merged: MetricsUpdated | null = null;
  // Per metric: its latest change, its definition, and every batch of points, joined once at the
  // end (joining at each event made a long replay cost O(events × history): 6.6 ms for 150 s).
  const byMetric = new Map<string, { latest: MetricChange; def: MetricChange['def']; points: MetricChange['points'][] }>();
  const removed = new Set<string>();
  // Panels replace each other: only each source's latest matters, kept in place of the first.
  const latestPanel = new Map<string, number>();
  for (const e of events) {
    if (e.type === 'alerts:updated') {
      const at = latestPanel.get(e.source);
      if (at === undefined) latestPanel.set(e.source, kept.push(e) - 1);
      else kept[at] = e;
      continue;
    }
    if (e.type !== 'metrics:updated') {
      kept.push(e);
      continue;
    }
    merged = e;
    for (const c of e.changes) {
      removed.delete(c.id);
      const seen = byMetric.get(c.id);
      if (seen) {
        seen.latest = c;
        seen.def = c.def ?? seen.def; // a definition re-sent after a config reload replaces the earlier one
        seen.points.push(c.points);
      } else byMetric.set(c.id, { latest: c, def: c.def, points: [c.points] });
    }
    for (const id of e.removed ?? []) {
      byMetric.delete(id);
      removed.add(id);
    }
  }
  if (merged) {
    const changes = [...byMetric.values()].map(({ latest, def, points }): MetricChange => {
      const all = points.length === 1 ? points[0]! : points.flat();
      return { ...latest, points: all.length > HISTORY_LIMIT ? all.slice(-HISTORY_LIMIT) : all, ...(def ? { def } : {}) };
    });
    kept.push({ ...merged, changes, ...(removed.size > 0 ? { removed: [...removed] } : {}) });
  }
  return kept;
}

/**
 * Applies a replay (S3, S7). The server vouches that it holds everything between the
 * client's cursor and `seq`, so events apply in the order given without the contiguity
 * check of `receive`; what the client already has is skipped or merges harmlessly.
 * Null when a change names a metric the client cannot define: only a snapshot helps (S6).
 */
export function applyReplay(state: RoomState, replay: { seq: number; events: readonly RoomEvent[] }): RoomState | null {
  let next = state;
  // Entries are merged once at the end: one at a time copied the timeline per entry, which
  // is quadratic in a long replay (1,500 entries onto 900: 8 ms instead of under 1).
  const entries: Entry[] = [];
  for (const e of replay.events) {
    if (e.type !== 'metrics:updated' && e.seq <= state.seq) continue;
    if (unknownMetricIn(next, e)) return null;
    const entry = entryOf(e);
    if (entry) entries.push(entry);
    else next = applyEvent(next, e);
  }
  return { ...withEntries(next, entries), seq: Math.max(state.seq, replay.seq) };
}

/** The server's replay rule (S3): the events after `seq`, or null if the log no longer reaches back. */
export function eventsSince(log: readonly RoomEvent[], seq: number, headSeq: number): RoomEvent[] | null {
  if (seq > headSeq) return null;
  if (seq === headSeq) return [];
  const first = log[0];
  if (first === undefined || first.seq > seq + 1) return null;
  return log.slice(seq + 1 - first.seq);
}
