import { randomUUID } from 'node:crypto';
import type { MetricChange, MetricState } from '#shared/metrics';
import type { Cursor, JoinResult, RoomEvent } from '#shared/sync';
import type { Clock } from '../clock';
import { AppError } from '../http/app-error';
import type { Store } from '../store/store';
import { Room, type RoomOptions } from './room';

export const roomName = (incidentId: number): string => `incident:${incidentId}`;

export type RoomsDeps = {
  store: Store;
  clock: Clock;
  /** The published metrics every snapshot carries. */
  metrics: () => MetricState[];
  emit: (room: string, event: RoomEvent) => void;
  /** Whether any socket is subscribed to a room. */
  isWatched: (room: string) => boolean;
  logLimit?: number;
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
    return room.catchUp(since, now) ?? { mode: 'snapshot', snapshot: room.snapshot(this.deps.metrics(), now) };
  }

  async snapshot(incidentId: number) {
    const room = await this.get(incidentId);
    return room.snapshot(this.deps.metrics(), this.deps.clock.now());
  }

  /** Metrics are shared by every room: each gets the delta under its own seq. */
  publishMetrics(changes: MetricChange[]): void {
    if (changes.length === 0) return;
    for (const room of this.loaded.values()) room.publish({ type: 'metrics:updated', changes });
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
      if (this.deps.isWatched(roomName(id)) || now - (this.lastUsed.get(id) ?? 0) < idleMs) continue;
      this.loaded.delete(id);
      this.pending.delete(id);
      this.lastUsed.delete(id);
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
    const name = roomName(incidentId);
    const options: RoomOptions = {
      epoch: `${this.boot}.${++this.loads}`,
      logLimit: this.deps.logLimit ?? 5000,
      pageSize,
      emit: (event) => this.deps.emit(name, event),
      now: () => this.deps.clock.preciseNow(),
    };
    const room = new Room(incident, page.entries, page.hasMore, options);
    this.loaded.set(incidentId, room);
    return room;
  }
}
