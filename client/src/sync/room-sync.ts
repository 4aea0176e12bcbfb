/**
 * Keeps one incident room in step with the server, outside React and without the DOM,
 * so tests drive it with a plain socket.io client. Rules S2–S5 of docs/protocol.md.
 */
import type { Socket } from 'socket.io-client';
import type { Ack } from '#shared/ack';
import type { ClientToServerEvents, ServerToClientEvents } from '#shared/events';
import {
  applySnapshot,
  mergeEntries,
  receive,
  type JoinResult,
  type RoomEvent,
  type RoomState,
} from '#shared/sync';
import type { Entry } from '#shared/timeline';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type SyncPhase = 'joining' | 'live' | 'resyncing' | 'error';
export type SyncUpdate = { state: RoomState | null; phase: SyncPhase; error?: string; serverNow?: number };

const JOIN_TIMEOUT_MS = 10_000;

export class RoomSync {
  private state: RoomState | null = null;
  /** Events that arrived while a join was in flight, or after a gap. */
  private buffer: RoomEvent[] = [];
  private joining = false;
  private joinAgain = false;
  private stopped = false;
  private readonly onConnect = () => void this.join();
  private readonly onEvent = (event: RoomEvent) => this.handle(event);

  constructor(
    private readonly socket: ClientSocket,
    readonly incidentId: number,
    private readonly onUpdate: (update: SyncUpdate) => void,
  ) {}

  start(): void {
    this.socket.on('connect', this.onConnect);
    this.socket.on('timeline:posted', this.onEvent);
    this.socket.on('incident:updated', this.onEvent);
    this.socket.on('metrics:updated', this.onEvent);
    if (this.socket.connected) void this.join();
  }

  stop(): void {
    this.stopped = true;
    this.socket.off('connect', this.onConnect);
    this.socket.off('timeline:posted', this.onEvent);
    this.socket.off('incident:updated', this.onEvent);
    this.socket.off('metrics:updated', this.onEvent);
    if (this.socket.connected) this.socket.emit('room:leave', { incidentId: this.incidentId });
  }

  /** An entry confirmed by an ack may arrive before its broadcast: merging by id is idempotent (S5). */
  addEntries(entries: Entry[], hasOlder?: boolean): void {
    if (!this.state) return;
    this.state = {
      ...this.state,
      entries: mergeEntries(this.state.entries, entries.toSorted((a, b) => a.id - b.id)),
      hasOlder: hasOlder ?? this.state.hasOlder,
    };
    this.onUpdate({ state: this.state, phase: 'live' });
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
    const result = receive(this.state!, events);
    this.state = result.state;
    this.buffer = result.pending;
    this.onUpdate({ state: this.state, phase: result.gap ? 'resyncing' : 'live' });
    if (result.gap) void this.join();
  }

  /** Asks for what was missed since our cursor: a replay if the server still has it, else a snapshot. */
  private async join(): Promise<void> {
    if (this.stopped) return;
    if (this.joining) {
      this.joinAgain = true;
      return;
    }
    this.joining = true;
    this.onUpdate({ state: this.state, phase: this.state ? 'resyncing' : 'joining' });
    const since = this.state ? { epoch: this.state.epoch, seq: this.state.seq } : undefined;
    try {
      const ack: Ack<JoinResult> = await this.socket
        .timeout(JOIN_TIMEOUT_MS)
        .emitWithAck('room:join', { incidentId: this.incidentId, ...(since ? { since } : {}) });
      if (this.stopped) return;
      if (!ack.ok) {
        this.onUpdate({ state: this.state, phase: 'error', error: ack.error.message });
        return;
      }
      this.adopt(ack.data);
    } catch {
      // No answer in time: the connection is likely down; `connect` will rejoin. If it is up, retry.
      if (this.socket.connected) this.joinAgain = true;
    } finally {
      this.joining = false;
      if (this.joinAgain && !this.stopped) {
        this.joinAgain = false;
        void this.join();
      }
    }
  }

  private adopt(result: JoinResult): void {
    const buffered = this.buffer;
    this.buffer = [];
    if (result.mode === 'snapshot') {
      this.state = applySnapshot(this.state, result.snapshot);
      this.onUpdate({ state: this.state, phase: 'live', serverNow: result.snapshot.now });
      this.apply(buffered);
    } else {
      this.onUpdate({ state: this.state, phase: 'live', serverNow: result.now });
      this.apply([...result.events, ...buffered]);
    }
  }
}
