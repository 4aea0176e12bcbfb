/**
 * Keeps one incident room in step with the server, outside React and without the DOM,
 * so tests drive it with a plain socket.io client. Rules S2–S8 of docs/protocol.md.
 */
import type { Socket } from 'socket.io-client';
import type { Ack } from '#shared/ack';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/events';
import {
  applyReplay,
  applySnapshot,
  entryOf,
  fillHole,
  receive,
  ROOM_EVENT_TYPES,
  withEntries,
  type JoinResult,
  type RoomEvent,
  type RoomState,
} from '#shared/sync';
import type { Entry, TimelinePage } from '#shared/timeline';
import { backoffMs } from '../lib/backoff';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type SyncPhase = 'joining' | 'live' | 'resyncing' | 'error';
export type SyncUpdate = {
  state: RoomState | null;
  phase: SyncPhase;
  error?: string;
  serverNow?: number;
  /** Entries learnt since the last update, by any path: what settles a draft, without scanning the timeline. */
  learnt?: Entry[];
};
/** Reads timeline entries after an id, oldest first (GET …/timeline?after=). */
export type FetchEntriesAfter = (incidentId: number, afterId: number) => Promise<TimelinePage>;

/**
 * A join over a live connection is answered unless the server is stuck, however busy it is
 * (a lost connection rejects it at once, and `connect` joins again): so wait long, and back
 * off before asking again, never in step with the crowd. A short timeout with an immediate
 * retry turned a thousand clients coming back at once into a storm of replays nobody awaited.
 */
export type JoinTiming = {
  timeoutMs: number;
  retryMaxMs: number;
  /** Waits before asking again; injectable so tests see the pause instead of sitting through it. */
  sleep?: (ms: number) => Promise<void>;
};
const JOIN_TIMING: JoinTiming = { timeoutMs: 60_000, retryMaxMs: 30_000 };
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Up to 1 s, doubling per failure, capped; random within that ("full jitter"). */
const retryDelay = (failures: number, maxMs: number) => Math.random() * backoffMs(failures, 1000, maxMs);

export class RoomSync {
  private state: RoomState | null = null;
  private phase: SyncPhase = 'joining';
  /** Events that arrived while a join was in flight, or after a gap. */
  private buffer: RoomEvent[] = [];
  private joining = false;
  private joinAgain: { snapshot: boolean } | null = null;
  private filling = false;
  private stopped = false;
  /** Joins in a row that got no answer in time. */
  private timeouts = 0;
  private readonly onConnect = () => void this.join();
  /** Whatever was buffered belongs to a connection that is gone; the next join starts from our cursor. */
  private readonly onDisconnect = () => {
    this.buffer = [];
  };
  private readonly onEvent = (event: RoomEvent) => this.handle(event);
  private learnt: Entry[] = [];

  constructor(
    private readonly socket: ClientSocket,
    readonly incidentId: number,
    private readonly onUpdate: (update: SyncUpdate) => void,
    private readonly fetchEntriesAfter: FetchEntriesAfter,
    private readonly timing: JoinTiming = JOIN_TIMING,
  ) {}

  start(): void {
    this.socket.on('connect', this.onConnect);
    this.socket.on('disconnect', this.onDisconnect);
    for (const type of ROOM_EVENT_TYPES) this.socket.on(type, this.onEvent);
    if (this.socket.connected) void this.join();
  }

  stop(): void {
    this.stopped = true;
    this.socket.off('connect', this.onConnect);
    this.socket.off('disconnect', this.onDisconnect);
    for (const type of ROOM_EVENT_TYPES) this.socket.off(type, this.onEvent);
    if (this.socket.connected) this.socket.emit('room:leave', { incidentId: this.incidentId });
  }

  /**
   * Entries learnt outside the stream (an ack, a page): merging by id and version is idempotent (S5).
   * `older`: a page fetched before the oldest held entry, with whether still older ones exist.
   */
  addEntries(entries: Entry[], older?: { hasOlder: boolean }): void {
    if (!this.state || this.stopped) return;
    const mine = entries.filter((e) => e.incidentId === this.incidentId);
    // An older page extends the list backwards: it is merged unbounded, then the bound is what the page says.
    const base = older ? { ...this.state, hasOlder: false } : this.state;
    this.state = { ...withEntries(base, mine), hasOlder: older ? older.hasOlder : this.state.hasOlder };
    this.learn(mine);
    this.publish();
  }

  private learn(entries: readonly Entry[]): void {
    for (const e of entries) this.learnt.push(e);
  }

  private publish(extra: Partial<SyncUpdate> = {}): void {
    const learnt = this.learnt;
    this.learnt = [];
    this.onUpdate({ state: this.state, phase: this.phase, ...extra, ...(learnt.length > 0 ? { learnt } : {}) });
  }

  private handle(event: RoomEvent): void {
    if (event.incidentId !== this.incidentId || this.stopped) return;
    if (this.joining || !this.state) {
      this.buffer.push(event);
      return;
    }
    this.apply([event]);
  }

  private apply(events: RoomEvent[]): void {
    this.learn(events.flatMap((e) => entryOf(e) ?? []));
    const result = receive(this.state!, events);
    this.state = result.state;
    this.buffer = result.pending;
    this.phase = result.gap ? 'resyncing' : 'live';
    this.publish();
    if (result.gap) void this.join({ snapshot: result.needsSnapshot });
  }

  /** Asks for what was missed since our cursor: a replay if the server still has it, else a snapshot. */
  private async join(options: { snapshot: boolean } = { snapshot: false }): Promise<void> {
    if (this.stopped) return;
    if (this.joining) {
      this.joinAgain = { snapshot: options.snapshot || (this.joinAgain?.snapshot ?? false) };
      return;
    }
    this.joining = true;
    this.phase = this.state ? 'resyncing' : 'joining';
    this.publish();
    const since = this.state && !options.snapshot ? { epoch: this.state.epoch, seq: this.state.seq } : undefined;
    try {
      const ack: Ack<JoinResult> = await this.socket
        .timeout(this.timing.timeoutMs)
        .emitWithAck('room:join', { incidentId: this.incidentId, ...(since ? { since } : {}) });
      this.timeouts = 0;
      if (this.stopped) return;
      if (!ack.ok) {
        this.phase = 'error';
        this.publish({ error: ack.error.message });
        return;
      }
      this.adopt(ack.data);
    } catch {
      // Disconnected: `connect` will join again. Still connected but unanswered: retry, after a while.
      if (this.socket.connected) {
        await (this.timing.sleep ?? realSleep)(retryDelay(this.timeouts++, this.timing.retryMaxMs));
        this.joinAgain ??= options;
      }
    } finally {
      this.joining = false;
      const again = this.joinAgain;
      this.joinAgain = null;
      if (again && !this.stopped) void this.join(again);
    }
  }

  private adopt(result: JoinResult): void {
    const buffered = this.buffer;
    this.buffer = [];
    if (result.mode === 'snapshot') {
      this.state = applySnapshot(this.state, result.snapshot);
      this.learn(result.snapshot.entries);
      this.publish({ serverNow: result.snapshot.now });
      this.apply(buffered);
    } else if (this.state) {
      const replayed = applyReplay(this.state, result);
      if (replayed === null) {
        this.joinAgain = { snapshot: true }; // joins again as soon as this join settles
        return;
      }
      this.state = replayed;
      this.learn(result.events.flatMap((e) => entryOf(e) ?? []));
      this.publish({ serverNow: result.now });
      this.apply(buffered);
    }
    void this.fillHoles();
  }

  /** After a snapshot, fetches the entries between what we held and its page (S4); retries while connected. */
  private async fillHoles(attempt = 0): Promise<void> {
    if (this.filling) return;
    this.filling = true;
    let failed = false;
    try {
      while (this.state?.hole && !this.stopped) {
        const page = await this.fetchEntriesAfter(this.incidentId, this.state.hole.after);
        if (this.stopped || !this.state) return;
        this.state = fillHole(this.state, page);
        this.learn(page.entries);
        this.publish();
      }
    } catch {
      failed = true;
    } finally {
      this.filling = false;
    }
    // The server may be busy (everyone is coming back at once): try again, backing off as joins do.
    if (failed && !this.stopped) {
      setTimeout(() => {
        if (this.socket.connected) void this.fillHoles(attempt + 1);
      }, retryDelay(attempt, this.timing.retryMaxMs));
    }
  }
}
