/**
 * One light viewer for load generation: a RawSocket speaking either plain WebSocket (L0)
 * or just enough Engine.IO / Socket.IO (L1, L2) to connect, answer heartbeats, join a
 * room and see broadcasts. It reads `seq` and `at` from the frame's header bytes; it
 * never parses a payload except a replay (rare), so thousands cost little.
 */
import { RawSocket } from './raw-socket';

export type Wire = 'ws' | 'socketio';

export type LoadClientOptions = {
  /** http://host:port */
  base: string;
  wire: Wire;
  /** Socket.IO handshake auth. */
  auth?: object;
  /** Join this incident's room after connecting (Warroom), resuming from the last cursor. */
  incidentId?: number;
  onDelivery: (client: LoadClient, seq: number, at: number) => void;
  onJoined?: (client: LoadClient, mode: 'snapshot' | 'replay') => void;
  onClose?: (client: LoadClient) => void;
};

const SEQ = Buffer.from('"seq":');
const AT = Buffer.from('"at":');
const EPOCH = Buffer.from('"epoch":"');

/** Reads the JSON number following `key` (first occurrence at or after `from`), or NaN. */
export function numberAfter(buf: Buffer, key: Buffer, from = 0): number {
  const i = buf.indexOf(key, from);
  if (i < 0) return Number.NaN;
  let j = i + key.length;
  const start = j;
  while (j < buf.length) {
    const c = buf[j]!;
    if ((c >= 48 && c <= 57) || c === 46 || c === 45 || c === 101 || c === 43) j++;
    else break;
  }
  return Number(buf.toString('latin1', start, j));
}

function stringAfter(buf: Buffer, key: Buffer): string | null {
  const i = buf.indexOf(key);
  if (i < 0) return null;
  const end = buf.indexOf(0x22, i + key.length);
  return buf.toString('utf8', i + key.length, end);
}

export class LoadClient {
  private socket: RawSocket | null = null;
  /** Last seq applied in the current epoch; -1 before the first join. */
  lastSeq = -1;
  epoch: string | null = null;
  gaps = 0;
  duplicates = 0;
  /** Set while reconnecting after the server went away; cleared by the rejoin. */
  reconnecting = false;
  private resolveReady: (() => void) | null = null;
  private rejectReady: ((error: Error) => void) | null = null;

  constructor(private readonly options: LoadClientOptions) {}

  /** Resolves when connected (and, for Socket.IO, its namespace connect is acknowledged). */
  async connect(): Promise<void> {
    const { base, wire } = this.options;
    const path = wire === 'ws' ? '/' : '/socket.io/?EIO=4&transport=websocket';
    const url = new URL(path, base.replace(/^http/, 'ws'));
    const ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.socket = new RawSocket(url, {
      message: (data) => this.onMessage(data),
      close: () => this.options.onClose?.(this),
    });
    await this.socket.connect();
    if (wire === 'ws') this.resolveReady?.();
    await ready;
  }

  get connected(): boolean {
    return this.socket?.isOpen ?? false;
  }

  /** Drops the TCP connection without a goodbye, like a network failure. */
  drop(): void {
    this.socket?.destroy();
  }

  private join(): void {
    const since = this.epoch ? { epoch: this.epoch, seq: this.lastSeq } : undefined;
    this.socket!.send(`420${JSON.stringify(['room:join', { incidentId: this.options.incidentId, ...(since ? { since } : {}) }])}`);
  }

  private onMessage(data: Buffer): void {
    if (this.options.wire === 'ws') return this.deliver(data);
    const type = data[0];
    if (type === 0x32 /* '2' engine.io ping */) return this.socket!.send('3');
    if (type === 0x30 /* '0' engine.io open */) return this.socket!.send(`40${JSON.stringify(this.options.auth ?? {})}`);
    if (type !== 0x34 /* '4' message */) return;
    const packet = data[1];
    if (packet === 0x32 /* '2' event */) return this.deliver(data);
    if (packet === 0x30 /* '0' namespace connected */) {
      if (this.options.incidentId === undefined) this.resolveReady?.();
      else this.join();
      return;
    }
    if (packet === 0x33 /* '3' ack: our join */) return this.joined(data);
    if (packet === 0x34 /* '4' connect error: refused by the server's middleware (auth, protocol) */) {
      this.rejectReady?.(new Error(`refused: ${data.toString('utf8', 2)}`));
      this.socket!.destroy();
    }
  }

  private joined(data: Buffer): void {
    if (data.indexOf('"mode":"replay"') >= 0) {
      // A replay brings the viewer to the room's head (its metric deltas compacted): not deliveries.
      const [answer] = JSON.parse(data.toString('utf8', 3)) as [{ data: { seq: number } }];
      this.lastSeq = answer.data.seq;
      this.options.onJoined?.(this, 'replay');
    } else {
      this.epoch = stringAfter(data, EPOCH);
      this.lastSeq = numberAfter(data, SEQ);
      this.options.onJoined?.(this, 'snapshot');
    }
    this.resolveReady?.();
    this.resolveReady = null;
  }

  private deliver(data: Buffer): void {
    const seq = numberAfter(data, SEQ);
    // Warroom's heartbeat (and any other notice outside a room's stream) carries no seq: not a delivery.
    if (Number.isNaN(seq)) return;
    const at = numberAfter(data, AT);
    this.count(seq, at);
  }

  private count(seq: number, at: number): void {
    if (this.lastSeq >= 0 && seq <= this.lastSeq) {
      this.duplicates++;
      return;
    }
    if (this.lastSeq >= 0 && seq > this.lastSeq + 1) this.gaps++;
    this.lastSeq = seq;
    this.options.onDelivery(this, seq, at);
  }

  /** Reconnects and, for Warroom, rejoins from the last cursor. */
  async reconnect(): Promise<void> {
    this.socket?.destroy();
    // A bare server restarts its numbering; only Warroom's rooms resume from a cursor.
    if (this.options.incidentId === undefined) this.lastSeq = -1;
    await this.connect();
  }

  resetCounters(): void {
    this.gaps = 0;
    this.duplicates = 0;
  }
}
