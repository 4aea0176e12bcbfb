/**
 * A minimal WebSocket client over a raw TCP socket, for load generation: thousands of
 * these cost far less than full clients, so the generator does not distort what it
 * measures. It reads unmasked server frames, answers pings, and hands each text message
 * to the caller as a Buffer slice (no string decoding). Client frames use a zero mask key,
 * which the protocol allows and which makes masking a no-op.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';

export type RawSocketHandlers = {
  message: (data: Buffer) => void;
  close: () => void;
};

/**
 * One read buffer for every socket in the process (Node's `onread`): each read is consumed
 * before the next, and reading into it spares a Buffer and a stream event per read, which
 * at 100,000 deliveries a second is what decides whether the generator outlasts the server.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

const OP_TEXT = 0x1;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;

export class RawSocket {
  private socket: net.Socket | null = null;
  private pending: Buffer = Buffer.alloc(0);
  private open = false;

  constructor(
    private readonly url: URL,
    private readonly handlers: RawSocketHandlers,
  ) {}

  connect(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const key = randomBytes(16).toString('base64');
      let onBytes = (chunk: Buffer) => onHandshake(chunk);
      const socket = net.connect({
        host: this.url.hostname,
        port: Number(this.url.port),
        onread: {
          buffer: READ_BUFFER,
          callback: (n: number, buf: Uint8Array) => {
            onBytes(buf.subarray(0, n) as Buffer);
            return true; // keep reading
          },
        },
      });
      this.socket = socket;
      socket.setNoDelay(true);
      const timer = setTimeout(() => fail(new Error('upgrade timed out')), timeoutMs);
      let head = Buffer.alloc(0);
      const fail = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };
      const onHandshake = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]); // a copy: the read buffer is reused
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!head.subarray(0, 12).toString().includes('101')) return fail(new Error(`upgrade refused: ${head.subarray(0, end)}`));
        clearTimeout(timer);
        socket.off('error', fail);
        this.open = true;
        onBytes = (c) => this.read(c);
        socket.on('error', () => socket.destroy());
        socket.on('close', () => {
          if (this.open) {
            this.open = false;
            this.handlers.close();
          }
        });
        resolve();
        const rest = head.subarray(end + 4);
        if (rest.length > 0) this.read(rest);
      };
      socket.on('error', fail);
      socket.write(
        `GET ${this.url.pathname}${this.url.search} HTTP/1.1\r\nHost: ${this.url.host}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  }

  get isOpen(): boolean {
    return this.open;
  }

  send(text: string): void {
    this.frame(OP_TEXT, Buffer.from(text));
  }

  /** Drops the connection without a closing handshake, like a network failure. */
  destroy(): void {
    this.open = false;
    this.socket?.destroy();
  }

  private frame(opcode: number, payload: Buffer): void {
    if (!this.socket || this.socket.destroyed) return;
    const len = payload.length;
    const header = len < 126 ? Buffer.alloc(6) : len < 65536 ? Buffer.alloc(8) : Buffer.alloc(14);
    header[0] = 0x80 | opcode;
    if (len < 126) header[1] = 0x80 | len;
    else if (len < 65536) {
      header[1] = 0x80 | 126;
      header.writeUInt16BE(len, 2);
    } else {
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(len), 2);
    }
    // The last four header bytes are the mask key, left at zero.
    this.socket.write(Buffer.concat([header, payload]));
  }

  private read(chunk: Buffer): void {
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    while (buf.length - offset >= 2) {
      const b0 = buf[offset]!;
      const b1 = buf[offset + 1]!;
      let len = b1 & 0x7f;
      let start = offset + 2;
      if (len === 126) {
        if (buf.length - offset < 4) break;
        len = buf.readUInt16BE(offset + 2);
        start = offset + 4;
      } else if (len === 127) {
        if (buf.length - offset < 10) break;
        len = Number(buf.readBigUInt64BE(offset + 2));
        start = offset + 10;
      }
      if (buf.length < start + len) break;
      const payload = buf.subarray(start, start + len);
      offset = start + len;
      const opcode = b0 & 0x0f;
      if (opcode === OP_TEXT) this.handlers.message(payload);
      else if (opcode === OP_PING) this.frame(0xa, Buffer.from(payload));
      else if (opcode === OP_CLOSE) this.socket?.destroy(); // reported through 'close'
    }
    this.pending = offset < buf.length ? Buffer.from(buf.subarray(offset)) : Buffer.alloc(0);
  }
}
