/** Test data with overrides: makeEntry({ kind: 'decision' }). */
import type { FollowUp } from '#shared/follow-ups';
import type { ImpactCell, ImpactSetup } from '#shared/impact';
import type { Incident } from '#shared/incident';
import type { MetricChange, MetricDef, MetricState } from '#shared/metrics';
import type { PublicUpdate } from '#shared/public-updates';
import type { RoomEvent, RoomState, Snapshot } from '#shared/sync';
import type { Entry } from '#shared/timeline';

const T0 = Date.parse('2025-03-03T13:55:00Z');

/** A small board: two products, two zones, the 30-minute cadence, no rules. */
export function makeSetup(o: Partial<ImpactSetup> = {}): ImpactSetup {
  return {
    products: [
      { id: 'runtimes', name: 'Runtimes' },
      { id: 'databases', name: 'Databases (MySQL, PostgreSQL, Redis, MongoDB)' },
    ],
    zones: ['PAR6', 'PAR7'],
    cadenceMs: 30 * 60_000,
    suggestions: [],
    webhooks: [],
    ...o,
  };
}

export function makeIncident(o: Partial<Incident> = {}): Incident {
  return {
    id: 1,
    title: 'PAR6 power outage',
    severity: 'SEV1',
    status: 'investigating',
    timeZone: 'Europe/Paris',
    simulated: false,
    drill: null,
    sources: null,
    roles: { commander: null, scribe: null, comms: null },
    webhook: null,
    version: 1,
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    ...o,
  };
}

export function makeEntry(o: Partial<Entry> = {}): Entry {
  const id = o.id ?? 1;
  return {
    id,
    incidentId: 1,
    kind: 'note',
    text: `entry ${id}`,
    component: null,
    author: 'ic',
    onBehalfOf: null,
    occurredAt: new Date(T0 + id * 1000).toISOString(),
    loggedAt: new Date(T0 + id * 1000).toISOString(),
    clientId: null,
    simulated: false,
    version: 1,
    revisedBy: null,
    revisedAt: null,
    retracted: null,
    pinned: false,
    action: null,
    evidence: null,
    ...o,
  };
}

export function makeDef(o: Partial<MetricDef> = {}): MetricDef {
  return {
    id: 'vms.missing',
    label: 'VMs missing',
    unit: 'VMs',
    source: 'push',
    thresholds: { above: { warn: 1, crit: 200 }, below: null },
    limitOf: null,
    valueLabels: null,
    staleAfterMs: 120_000,
    hidden: false,
    progress: null,
    ...o,
  };
}

export function makeMetric(o: Partial<MetricState> = {}): MetricState {
  // Stale unless sampled: what the server would say of it (a test may still say otherwise).
  const reading = { value: null, status: 'unknown', sampledAt: null, source: null, limit: null, stale: o.sampledAt == null, problem: null, detail: null, trend: null } as const;
  return { def: makeDef(), ...reading, history: [], ...o };
}

export function makeChange(o: Partial<MetricChange> = {}): MetricChange {
  const at = o.sampledAt ?? T0;
  return {
    id: 'vms.missing',
    value: 2800,
    status: 'crit',
    sampledAt: at,
    source: 'test',
    limit: null,
    stale: false,
    problem: null,
    detail: null,
    trend: null,
    points: [[at, 2800]],
    ...o,
  };
}

export function makeRoom(o: Partial<RoomState> = {}): RoomState {
  return {
    incidentId: 1,
    epoch: 'e1',
    seq: 0,
    incident: makeIncident(),
    metrics: new Map([['vms.missing', makeMetric()]]),
    alerts: new Map(),
    entries: [],
    hasOlder: false,
    pinned: [],
    setup: makeSetup(),
    impacts: [],
    updates: [],
    followUps: [],
    hole: null,
    ...o,
  };
}

export function makeSnapshot(o: Partial<Snapshot> = {}): Snapshot {
  return {
    incidentId: 1,
    epoch: 'e1',
    seq: 0,
    now: T0,
    incident: makeIncident(),
    metrics: [makeMetric()],
    alerts: [],
    entries: [],
    hasOlder: false,
    pinned: [],
    setup: makeSetup(),
    impacts: [],
    updates: [],
    followUps: [],
    ...o,
  };
}

/** A timeline event at `seq` carrying entry `entryId` (defaults to seq). */
export function posted(seq: number, entryId = seq, incidentId = 1): RoomEvent {
  return { type: 'timeline:posted', incidentId, seq, at: T0 + seq, entry: makeEntry({ id: entryId, incidentId }) };
}

export function metricsEvent(seq: number, changes: MetricChange[] = [makeChange()]): RoomEvent {
  return { type: 'metrics:updated', incidentId: 1, seq, at: T0 + seq, changes };
}

/** One board cell: Databases partial outage in PAR6 since T0 unless told otherwise. */
export function makeImpactCell(o: Partial<ImpactCell> = {}): ImpactCell {
  return {
    incidentId: 1,
    product: 'databases',
    zone: 'PAR6',
    status: 'partial_outage',
    description: '',
    since: new Date(T0).toISOString(),
    setBy: 'ic',
    setAt: new Date(T0).toISOString(),
    version: 1,
    ...o,
  };
}

/** A published update at T0 declaring nothing (every cell operational) unless told otherwise. */
export function makePublicUpdate(o: Partial<PublicUpdate> = {}): PublicUpdate {
  return {
    id: 1,
    incidentId: 1,
    state: 'published',
    status: 'investigating',
    text: 'We are investigating.',
    author: 'comms',
    createdAt: new Date(T0).toISOString(),
    publishedAt: new Date(T0).toISOString(),
    publishedBy: 'comms',
    impacts: [],
    version: 1,
    ...o,
  };
}

export function makeFollowUp(o: Partial<FollowUp> = {}): FollowUp {
  const id = o.id ?? 1;
  return {
    id,
    incidentId: 1,
    area: 'Runtimes',
    title: `follow-up ${id}`,
    owner: null,
    ref: null,
    done: false,
    createdBy: 'ic',
    createdAt: new Date(T0 + id * 1000).toISOString(),
    version: 1,
    ...o,
  };
}
