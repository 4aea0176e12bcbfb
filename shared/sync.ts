/**
 * The sync protocol's data and rules, used by the server, the browser and the tests.
 * Rule ids (S1…) refer to docs/protocol.md.
 */
import { z } from 'zod';
import { AlertPanel } from './alerts';
import { Entry } from './timeline';
import { Incident, IncidentId } from './incident';
import { MetricChange, MetricState } from './metrics';

/** Bumped when the wire format changes incompatibly; the server refuses other versions (S1). */
export const PROTOCOL_VERSION = 3;
/** Points kept per metric for sparklines. */
export const HISTORY_LIMIT = 500;

const EventHeader = {
  incidentId: z.number().int().positive(),
  seq: z.number().int().positive(),
  /** Server time of publication (Unix ms, sub-ms precision): clock offset and delivery lag. */
  at: z.number(),
};

export const TimelinePosted = z.object({ type: z.literal('timeline:posted'), ...EventHeader, entry: Entry });
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
export const RoomEvent = z.discriminatedUnion('type', [TimelinePosted, IncidentUpdated, MetricsUpdated, AlertsUpdated]);
export type RoomEvent = z.infer<typeof RoomEvent>;
export type TimelinePosted = z.infer<typeof TimelinePosted>;
export type IncidentUpdated = z.infer<typeof IncidentUpdated>;
export type MetricsUpdated = z.infer<typeof MetricsUpdated>;
export type AlertsUpdated = z.infer<typeof AlertsUpdated>;

/** Where a client is in a room's stream. `epoch` changes whenever the server restarts (S3). */
export const Cursor = z.object({ epoch: z.string().min(1).max(64), seq: z.number().int().nonnegative() });
export type Cursor = z.infer<typeof Cursor>;

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
  /** The latest page of the timeline; older entries are fetched on demand. */
  entries: z.array(Entry),
  hasOlder: z.boolean(),
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
  entries: Entry[];
  hasOlder: boolean;
  /** Entries between these ids may be missing (after a snapshot): fetch them with `?after=` (S4). */
  hole: { after: number; before: number } | null;
};

/** Merges two id-sorted entry lists; an id present in both is kept once (S5). */
export function mergeEntries(a: readonly Entry[], b: readonly Entry[]): Entry[] {
  if (b.length === 0) return a as Entry[];
  const lastA = a[a.length - 1];
  if (lastA === undefined) return b as Entry[];
  if (b[0]!.id > lastA.id) return [...a, ...b];
  const byId = new Map<number, Entry>();
  for (const e of a) byId.set(e.id, e);
  for (const e of b) byId.set(e.id, e);
  return [...byId.values()].toSorted((x, y) => x.id - y.id);
}

/** Applies one delta's changes; points older than a metric's last point are ignored (S6). */
export function applyMetricChanges(
  metrics: ReadonlyMap<string, MetricState>,
  changes: readonly MetricChange[],
  removed: readonly string[] = [],
): Map<string, MetricState> {
  const next = new Map(metrics);
  for (const { id, points, def, ...reading } of changes) {
    const prev = next.get(id);
    const metricDef = def ?? prev?.def;
    if (metricDef === undefined) continue; // a change for a metric we never saw: caller resyncs
    next.set(id, { def: metricDef, ...reading, history: appendPoints(prev?.history ?? [], points) });
  }
  for (const id of removed) next.delete(id);
  return next;
}

function appendPoints(history: MetricState['history'], points: MetricChange['points']): MetricState['history'] {
  const lastAt = history[history.length - 1]?.[0] ?? -Infinity;
  const fresh = points.filter(([at]) => at > lastAt);
  if (fresh.length === 0) return history;
  const merged = history.concat(fresh);
  return merged.length > HISTORY_LIMIT ? merged.slice(merged.length - HISTORY_LIMIT) : merged;
}

export function unknownMetricIn(state: RoomState, event: RoomEvent): boolean {
  return event.type === 'metrics:updated' && event.changes.some((c) => !c.def && !state.metrics.has(c.id));
}

/** Applies one event, assuming it is the next in sequence. */
export function applyEvent(state: RoomState, event: RoomEvent): RoomState {
  const base = { ...state, seq: event.seq };
  switch (event.type) {
    case 'timeline:posted':
      return { ...base, entries: mergeEntries(state.entries, [event.entry]) };
    case 'incident:updated':
      return event.incident.version >= state.incident.version ? { ...base, incident: event.incident } : base;
    case 'metrics:updated':
      return { ...base, metrics: applyMetricChanges(state.metrics, event.changes, event.removed) };
    case 'alerts:updated':
      return { ...base, alerts: new Map(state.alerts).set(event.source, event.panel) };
  }
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
  const entries = mergeEntries(keep, s.entries);
  const firstOfPage = s.entries[0]?.id ?? Infinity;
  const lastHeld = keep[keep.length - 1]?.id;
  // If we hold entries older than the page, whether any older still exist is what we knew before.
  const holdsOlder = lastHeld !== undefined && keep[0]!.id < firstOfPage;
  const hasOlder = holdsOlder ? prev!.hasOlder : s.hasOlder;
  const opens = s.hasOlder && lastHeld !== undefined && lastHeld < firstOfPage;
  const earlierHole = same ? prev.hole : null;
  const hole = opens ? { after: earlierHole?.after ?? lastHeld, before: firstOfPage } : earlierHole;
  const alerts = new Map(s.alerts.map((a) => [a.source, a.panel]));
  return { incidentId: s.incidentId, epoch: s.epoch, seq: s.seq, incident: s.incident, metrics, alerts, entries, hasOlder, hole };
}

/** Merges a page fetched with `?after=hole.after`; the hole closes once the page reaches its end. */
export function fillHole(state: RoomState, page: { entries: Entry[]; hasMore: boolean }): RoomState {
  if (state.hole === null) return state;
  const last = page.entries[page.entries.length - 1]?.id;
  const closed = !page.hasMore || last === undefined || last >= state.hole.before;
  return {
    ...state,
    entries: mergeEntries(state.entries, page.entries),
    hole: closed ? null : { ...state.hole, after: last },
  };
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
  const posted: Entry[] = [];
  for (const e of replay.events) {
    if (e.type !== 'metrics:updated' && e.seq <= state.seq) continue;
    if (unknownMetricIn(next, e)) return null;
    if (e.type === 'timeline:posted') posted.push(e.entry);
    else next = applyEvent(next, e);
  }
  const entries = mergeEntries(next.entries, posted.toSorted((a, b) => a.id - b.id));
  return { ...next, entries, seq: Math.max(state.seq, replay.seq) };
}

/** The server's replay rule (S3): the events after `seq`, or null if the log no longer reaches back. */
export function eventsSince(log: readonly RoomEvent[], seq: number, headSeq: number): RoomEvent[] | null {
  if (seq > headSeq) return null;
  if (seq === headSeq) return [];
  const first = log[0];
  if (first === undefined || first.seq > seq + 1) return null;
  return log.slice(seq + 1 - first.seq);
}
