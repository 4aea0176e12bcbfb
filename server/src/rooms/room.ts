import type { FollowUp } from '#shared/follow-ups';
import { cellKey, type ImpactCell, type ImpactSetup } from '#shared/impact';
import type { Incident } from '#shared/incident';
import type { PublicUpdate } from '#shared/public-updates';
import { upsertVersioned } from '#shared/versioned';
import type { MetricState } from '#shared/metrics';
import { mergeEntries, mergePinned } from '#shared/entry-merge';
import { compactReplay, type Cursor, eventsSince, type JoinResult, type RoomEvent, type Snapshot, type SourcePanel } from '#shared/sync';
import type { Entry } from '#shared/timeline';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before the room numbers and stamps it. */
export type EventBody = DistributiveOmit<RoomEvent, 'incidentId' | 'seq' | 'at'>;

export type RoomOptions = {
  epoch: string;
  /** Events kept for replay to clients that reconnect (S3)… */
  logLimit: number;
  /** …and at most this many bytes of them (roughly): a backfill's points add up fast. */
  logBytes: number;
  /** Entries a snapshot carries; older ones are paged over REST. */
  pageSize: number;
  emit: (event: RoomEvent) => void;
  /** Publication time for the event header. */
  now: () => number;
};

/** What the room holds of customer communication: small, whole lists, kept current by its events. */
export type CommsState = { impacts: ImpactCell[]; updates: PublicUpdate[]; followUps: FollowUp[] };

/**
 * One incident's live stream. Everything here is synchronous so the seq,
 * the replay log and the snapshot always agree with what was emitted.
 */
export class Room {
  private seq = 0;
  private log: RoomEvent[] = [];
  private logSize = 0;
  /** The seq at which metric changes last went unpublished (nobody watching): older cursors need a snapshot. */
  private metricsSkippedAt = -1;
  /** The last replay built: clients that dropped together come back asking for the same one. */
  private lastReplay: { from: number; to: number; events: RoomEvent[] } | null = null;

  constructor(
    private incident: Incident,
    private recent: Entry[],
    private hasOlder: boolean,
    private pinned: Entry[],
    private comms: CommsState,
    private readonly options: RoomOptions,
  ) {}

  get id(): number {
    return this.incident.id;
  }

  get current(): Incident {
    return this.incident;
  }

  /** The seq of the last event published: a client that applied up to here holds what the room holds. */
  get head(): number {
    return this.seq;
  }

  publish(body: EventBody): RoomEvent {
    // Header first: load generators and logs can read seq and time without parsing the body.
    const { type, ...rest } = body;
    const event = { type, incidentId: this.incident.id, seq: ++this.seq, at: this.options.now(), ...rest } as RoomEvent;
    if (event.type === 'incident:updated') this.incident = event.incident;
    if (event.type === 'timeline:posted' || event.type === 'timeline:revised') this.remember(event.entry);
    else this.rememberComms(event);
    this.log.push(event);
    this.logSize += approxBytes(event);
    // Trim in chunks so appends stay O(1) amortised.
    if (this.log.length > this.options.logLimit * 1.25 || this.logSize > this.options.logBytes) this.trim();
    this.options.emit(event);
    return event;
  }

  /**
   * Live changes (metrics, alert panels) nobody is watching are not published: a room without
   * viewers costs nothing per sample. A client coming back from before this point gets a
   * snapshot, since a replay would lack them.
   */
  skipLive(): void {
    this.metricsSkippedAt = this.seq;
  }

  /** Replay from a cursor if the log still reaches it (S3); null means send a snapshot. */
  catchUp(since: Cursor | undefined, now: number): JoinResult | null {
    if (since === undefined || since.epoch !== this.options.epoch || since.seq <= this.metricsSkippedAt) return null;
    let replay = this.lastReplay;
    if (replay?.from !== since.seq || replay.to !== this.seq) {
      const events = eventsSince(this.log, since.seq, this.seq);
      if (events === null) return null;
      replay = this.lastReplay = { from: since.seq, to: this.seq, events: compactReplay(events) };
    }
    return { mode: 'replay', epoch: this.options.epoch, seq: this.seq, now, events: replay.events };
  }

  snapshot(live: { metrics: MetricState[]; alerts: SourcePanel[]; setup: ImpactSetup }, now: number): Snapshot {
    return {
      incidentId: this.incident.id,
      epoch: this.options.epoch,
      seq: this.seq,
      now,
      incident: this.incident,
      ...live,
      entries: this.recent,
      hasOlder: this.hasOlder,
      pinned: this.pinned,
      ...this.comms,
    };
  }

  private rememberComms(event: RoomEvent): void {
    const c = this.comms;
    if (event.type === 'impact:changed') this.comms = { ...c, impacts: upsertVersioned(c.impacts, event.cell, cellKey) };
    else if (event.type === 'update:changed') this.comms = { ...c, updates: upsertVersioned(c.updates, event.update, (u) => u.id) };
    else if (event.type === 'followup:changed') this.comms = { ...c, followUps: upsertVersioned(c.followUps, event.followUp, (f) => f.id) };
  }

  /** Drops the oldest events down to the event limit, and to three quarters of the byte limit. */
  private trim(): void {
    const { logLimit, logBytes } = this.options;
    let drop = Math.max(0, this.log.length - logLimit);
    let size = this.logSize;
    for (let i = 0; i < drop; i++) size -= approxBytes(this.log[i]!);
    while (drop < this.log.length - 1 && size > logBytes * 0.75) size -= approxBytes(this.log[drop++]!);
    this.log = this.log.slice(drop);
    this.logSize = size;
    this.lastReplay = null;
  }

  /** The latest page in timeline order, as a snapshot carries it (the rule clients follow, S5). */
  private remember(entry: Entry): void {
    this.recent = mergeEntries(this.recent, [entry], this.hasOlder);
    if (this.recent.length > this.options.pageSize) {
      this.recent = this.recent.slice(-this.options.pageSize);
      this.hasOlder = true;
    }
    this.pinned = mergePinned(this.pinned, [entry]);
  }
}

/**
 * An event's size on the wire, roughly (its JSON is not built here: Socket.IO encodes it once,
 * for every viewer). Within a factor of two is all the log's bound needs.
 */
export function approxBytes(event: RoomEvent): number {
  switch (event.type) {
    case 'metrics:updated': {
      let n = 120;
      for (const c of event.changes) {
        n += 260 + c.points.length * 30 + (c.def ? 400 : 0) + (c.detail?.length ?? 0) + (c.problem?.length ?? 0);
      }
      return n;
    }
    case 'timeline:posted':
    case 'timeline:revised':
      return 320 + event.entry.text.length * 2 + (event.entry.evidence?.metrics.length ?? 0) * 160;
    case 'incident:updated':
      return 420 + event.incident.title.length * 2;
    case 'alerts:updated':
      return 300 + event.panel.groups.reduce((n, g) => n + 120 + g.examples.length * 400, 0);
    case 'impact:changed':
      return 300 + event.cell.description.length * 2;
    case 'update:changed':
      return 320 + event.update.text.length * 2 + event.update.impacts.length * 80;
    case 'followup:changed':
      return 260 + (event.followUp.title.length + event.followUp.area.length) * 2;
  }
}
