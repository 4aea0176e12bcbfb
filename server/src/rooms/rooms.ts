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
  logLimit?: number;
  pageSize?: number;
};

/** The rooms of incidents someone has opened or written to since the server started. */
export class Rooms {
  /** Changes on every start, so clients know their cursor belongs to a previous life (S3). */
  readonly epoch = randomUUID();
  private readonly rooms = new Map<number, Promise<Room>>();
  private readonly loaded = new Set<Room>();

  constructor(private readonly deps: RoomsDeps) {}

  /** Loads a room once, however many callers ask at the same time. */
  get(incidentId: number): Promise<Room> {
    let room = this.rooms.get(incidentId);
    if (!room) {
      room = this.load(incidentId);
      this.rooms.set(incidentId, room);
      room.catch(() => this.rooms.delete(incidentId));
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
    for (const room of this.loaded) room.publish({ type: 'metrics:updated', changes });
  }

  private async load(incidentId: number): Promise<Room> {
    const { store } = this.deps;
    const pageSize = this.deps.pageSize ?? 200;
    const incident = await store.getIncident(incidentId);
    if (!incident) throw AppError.notFound(`incident ${incidentId}`);
    const page = await store.listEntries(incidentId, { limit: pageSize });
    const name = roomName(incidentId);
    const options: RoomOptions = {
      epoch: this.epoch,
      logLimit: this.deps.logLimit ?? 5000,
      pageSize,
      emit: (event) => this.deps.emit(name, event),
    };
    const room = new Room(incident, page.entries, page.hasMore, options);
    this.loaded.add(room);
    return room;
  }
}
