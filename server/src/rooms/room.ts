import type { Incident } from '#shared/incident';
import type { MetricState } from '#shared/metrics';
import { compactReplay, type Cursor, eventsSince, type JoinResult, type RoomEvent, type Snapshot } from '#shared/sync';
import type { Entry } from '#shared/timeline';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before the room numbers and stamps it. */
export type EventBody = DistributiveOmit<RoomEvent, 'incidentId' | 'seq' | 'at'>;

export type RoomOptions = {
  epoch: string;
  /** Events kept for replay to clients that reconnect (S3). */
  logLimit: number;
  /** Entries a snapshot carries; older ones are paged over REST. */
  pageSize: number;
  emit: (event: RoomEvent) => void;
  /** Publication time for the event header. */
  now: () => number;
};

/**
 * One incident's live stream. Everything here is synchronous so the seq,
 * the replay log and the snapshot always agree with what was emitted.
 */
export class Room {
  private seq = 0;
  private log: RoomEvent[] = [];
  /** The last replay built: clients that dropped together come back asking for the same one. */
  private lastReplay: { from: number; to: number; events: RoomEvent[] } | null = null;

  constructor(
    private incident: Incident,
    private recent: Entry[],
    private hasOlder: boolean,
    private readonly options: RoomOptions,
  ) {}

  get id(): number {
    return this.incident.id;
  }

  get current(): Incident {
    return this.incident;
  }

  publish(body: EventBody): RoomEvent {
    // Header first: load generators and logs can read seq and time without parsing the body.
    const { type, ...rest } = body;
    const event = { type, incidentId: this.incident.id, seq: ++this.seq, at: this.options.now(), ...rest } as RoomEvent;
    if (event.type === 'incident:updated') this.incident = event.incident;
    if (event.type === 'timeline:posted') this.remember(event.entry);
    this.log.push(event);
    // Trim in chunks so appends stay O(1) amortised.
    if (this.log.length > this.options.logLimit * 1.25) this.log = this.log.slice(-this.options.logLimit);
    this.options.emit(event);
    return event;
  }

  /** Replay from a cursor if the log still reaches it (S3); null means send a snapshot. */
  catchUp(since: Cursor | undefined, now: number): JoinResult | null {
    if (since === undefined || since.epoch !== this.options.epoch) return null;
    let replay = this.lastReplay;
    if (replay?.from !== since.seq || replay.to !== this.seq) {
      const events = eventsSince(this.log, since.seq, this.seq);
      if (events === null) return null;
      replay = this.lastReplay = { from: since.seq, to: this.seq, events: compactReplay(events) };
    }
    return { mode: 'replay', epoch: this.options.epoch, seq: this.seq, now, events: replay.events };
  }

  snapshot(metrics: MetricState[], now: number): Snapshot {
    return {
      incidentId: this.incident.id,
      epoch: this.options.epoch,
      seq: this.seq,
      now,
      incident: this.incident,
      metrics,
      entries: this.recent,
      hasOlder: this.hasOlder,
    };
  }

  private remember(entry: Entry): void {
    this.recent = [...this.recent, entry];
    if (this.recent.length > this.options.pageSize) {
      this.recent = this.recent.slice(-this.options.pageSize);
      this.hasOlder = true;
    }
  }
}
