import { randomUUID } from 'node:crypto';
import type { ImpactSetup } from '#shared/impact';
import type { Incident } from '#shared/incident';
import type { MetricChange, MetricDef, MetricState } from '#shared/metrics';
import type { AlertPanel } from '#shared/alerts';
import { type Cursor, type JoinResult, PINNED_LIMIT, type RoomEvent, type SourcePanel } from '#shared/sync';
import type { Clock } from '../clock';
import { AppError } from '../http/app-error';
import { follows, scopeOf } from '../metrics/scopes';
import type { Store } from '../store/store';
import { Room, type RoomOptions } from './room';

export const roomName = (incidentId: number): string => `incident:${incidentId}`;
/** The incident of a Socket.IO room name, or null for another room (each socket's own). */
export function incidentOfRoom(room: string): number | null {
  return room.startsWith('incident:') ? Number(room.slice('incident:'.length)) : null;
}

export type RoomsDeps = {
  store: Store;
  clock: Clock;
  /** The live state an incident's snapshot carries: its scope's metrics and alert panels, of the sources it follows. */
  live: (incident: Incident) => { metrics: MetricState[]; alerts: SourcePanel[] };
  /** The impact board's shape and rules, as the config (read again on SIGHUP) sets them now. */
  setup: () => ImpactSetup;
  emit: (room: string, event: RoomEvent) => void;
  /** Whether any socket is subscribed to a room. */
  isWatched: (room: string) => boolean;
  logLimit?: number;
  logBytes?: number;
  /**
   * Metrics still go to a room this long after its last viewer left (default 5 min), so viewers
   * dropped by a network loss come back to a replay rather than a snapshot. At 2 min, B6's
   * thousand clients back from 150 s away all needed a snapshot and a hole filled, and on this
   * 2-core machine twice in three runs never converged (pings timed out under the load).
   */
  unwatchedGraceMs?: number;
  pageSize?: number;
  /** A room nobody watches or uses for this long is unloaded. */
  idleMs?: number;
};

/** The rooms of incidents in use. A room is loaded on first use and unloaded when idle. */
export class Rooms {
  /** Changes on every start; each room's epoch adds its own load count (S3). */
  private readonly boot = randomUUID();
  private loads = 0;
  private readonly pending = new Map<number, Promise<Room>>();
  private readonly loaded = new Map<number, Room>();
  private readonly lastUsed = new Map<number, number>();
  private readonly lastWatched = new Map<number, number>();

  constructor(private readonly deps: RoomsDeps) {}

  /** Loads a room once, however many callers ask at the same time. */
  get(incidentId: number): Promise<Room> {
    this.lastUsed.set(incidentId, this.deps.clock.now());
    let room = this.pending.get(incidentId);
    if (!room) {
      room = this.load(incidentId);
      this.pending.set(incidentId, room);
      room.catch(() => {
        this.pending.delete(incidentId);
        this.lastUsed.delete(incidentId);
      });
    }
    return room;
  }

  /**
   * Answers a join for a loaded room. Synchronous on purpose: the caller subscribes
   * the socket in the same tick, so no event falls between the answer and the stream (S2).
   */
  answerJoin(room: Room, since: Cursor | undefined): JoinResult {
    const now = this.deps.clock.now();
    this.lastWatched.set(room.id, now);
    return room.catchUp(since, now) ?? { mode: 'snapshot', snapshot: room.snapshot(this.liveState(room), now) };
  }

  /** The room's head and the metrics it shows now: what a client at that seq holds (decision evidence). */
  liveOf(room: Room): { seq: number; metrics: MetricState[] } {
    return { seq: room.head, metrics: this.deps.live(room.current).metrics };
  }

  async snapshot(incidentId: number) {
    const room = await this.get(incidentId);
    return room.snapshot(this.liveState(room), this.deps.clock.now());
  }

  private liveState(room: Room) {
    return { ...this.deps.live(room.current), setup: this.deps.setup() };
  }

  /**
   * A scope's changes go to the loaded rooms that show that scope, each getting only the metrics
   * it follows, under its own seq; rooms nobody watches skip them (Room.skipLive, S9).
   */
  publishMetrics(scope: string, changes: MetricChange[], removed: string[], defOf: (id: string) => MetricDef | undefined): void {
    for (const room of this.loaded.values()) {
      const incident = room.current;
      if (scopeOf(incident) !== scope) continue;
      const mine = changes.filter((c) => {
        const def = c.def ?? defOf(c.id);
        return def !== undefined && follows(incident, def);
      });
      if (mine.length === 0 && removed.length === 0) continue;
      if (!this.recentlyWatched(room.id)) {
        room.skipLive();
        continue;
      }
      room.publish({ type: 'metrics:updated', changes: mine, ...(removed.length > 0 ? { removed } : {}) });
    }
  }

  /** An Alertmanager source's panel goes to the real incidents following that source. */
  publishAlerts(source: string, panel: AlertPanel): void {
    for (const room of this.loaded.values()) {
      const incident = room.current;
      if (incident.simulated || (incident.sources !== null && !incident.sources.includes(source))) continue;
      if (!this.recentlyWatched(room.id)) room.skipLive();
      else room.publish({ type: 'alerts:updated', source, panel });
    }
  }

  private recentlyWatched(incidentId: number): boolean {
    const now = this.deps.clock.now();
    if (this.deps.isWatched(roomName(incidentId))) {
      this.lastWatched.set(incidentId, now);
      return true;
    }
    return now - (this.lastWatched.get(incidentId) ?? -Infinity) < (this.deps.unwatchedGraceMs ?? 5 * 60_000);
  }

  /**
   * Unloads rooms nobody watches and nobody used for `idleMs`. A later load starts a new
   * epoch, so a client holding a cursor into the unloaded room gets a snapshot (S3).
   */
  sweep(): number {
    const idleMs = this.deps.idleMs ?? 10 * 60_000;
    const now = this.deps.clock.now();
    let unloaded = 0;
    for (const id of this.loaded.keys()) {
      // Watched now: remember it, so the grace after the last viewer leaves counts from about then.
      if (this.deps.isWatched(roomName(id))) this.lastWatched.set(id, now);
      const lastActive = Math.max(this.lastUsed.get(id) ?? 0, this.lastWatched.get(id) ?? 0);
      if (this.deps.isWatched(roomName(id)) || now - lastActive < idleMs) continue;
      this.loaded.delete(id);
      this.pending.delete(id);
      this.lastUsed.delete(id);
      this.lastWatched.delete(id);
      unloaded++;
    }
    return unloaded;
  }

  get loadedCount(): number {
    return this.loaded.size;
  }

  private async load(incidentId: number): Promise<Room> {
    const { store } = this.deps;
    const pageSize = this.deps.pageSize ?? 200;
    const incident = await store.getIncident(incidentId);
    if (!incident) throw AppError.notFound(`incident ${incidentId}`);
    const page = await store.listEntries(incidentId, { limit: pageSize });
    const pinned = await store.listPinned(incidentId, PINNED_LIMIT);
    const [impacts, updates, followUps] = await Promise.all([store.listImpacts(incidentId), store.listUpdates(incidentId), store.listFollowUps(incidentId)]);
    const name = roomName(incidentId);
    const options: RoomOptions = {
      epoch: `${this.boot}.${++this.loads}`,
      logLimit: this.deps.logLimit ?? 5000,
      logBytes: this.deps.logBytes ?? 8 * 1024 * 1024,
      pageSize,
      emit: (event) => this.deps.emit(name, event),
      now: () => this.deps.clock.preciseNow(),
    };
    const room = new Room(incident, page.entries, page.hasMore, pinned, { impacts, updates, followUps }, options);
    this.loaded.set(incidentId, room);
    return room;
  }
}
