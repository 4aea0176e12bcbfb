/**
 * A Socket.IO client written by hand (engine.io v4 over a WebSocket): it sends what the real
 * client cannot encode (10,000 levels of nesting overflow its hasBinary, it refuses reserved
 * names) and packets no client library would write.
 */
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '#shared/sync';
import { Raw, toJson } from './malformed';

export type RawSocket = Awaited<ReturnType<typeof connectRaw>>;

/** Connects and completes the Socket.IO handshake with `token`; resolves with the session id. */
export async function connectRaw(url: string, token: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const frames: string[] = [];
  const waiting: ((frame: string) => void)[] = [];
  let closed = false;
  const push = (frame: string) => (waiting.length ? waiting.shift()!(frame) : frames.push(frame));
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? '<binary>' : data.toString();
    // Heartbeats are answered, so only what this test does can end the connection.
    if (text === '2') ws.send('3');
    else push(text);
  });
  ws.on('error', () => {});
  ws.on('close', () => {
    closed = true;
    push('closed');
  });

  /** The next frame from the server; 'closed' once the connection ends, 'silence' after `ms` without one. */
  const next = (ms = 1000): Promise<string> => {
    if (frames.length) return Promise.resolve(frames.shift()!);
    if (closed) return Promise.resolve('closed');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(settle), 1);
        resolve('silence');
      }, ms);
      const settle = (frame: string) => {
        clearTimeout(timer);
        resolve(frame);
      };
      waiting.push(settle);
    });
  };

  const open = await next(5000);
  if (!open.startsWith('0{')) throw new Error(`no engine.io open packet: ${open}`);
  ws.send(`40${JSON.stringify({ protocol: PROTOCOL_VERSION, token })}`);
  const connected = await next(5000);
  const sid = /^40\{"sid":"([^"]+)"/.exec(connected)?.[1];
  if (!sid) throw new Error(`Socket.IO did not connect: ${connected}`);

  let ackIds = 0;
  return {
    ws,
    sid,
    next,
    get closed() {
      return closed;
    },
    /**
     * Sends an event as the client library would (Buffers as attachments), its arguments written
     * by toJson; with `acked`, resolves with the ack's argument, or 'closed' / 'silence'.
     */
    async emit(event: unknown, args: unknown[], acked: boolean): Promise<unknown> {
      const buffers: Buffer[] = [];
      const json = toJson([event, ...args], (b) => {
        buffers.push(b);
        return new Raw(`{"_placeholder":true,"num":${buffers.length - 1}}`);
      });
      const id = acked ? ++ackIds : '';
      ws.send(buffers.length ? `45${buffers.length}-${id}${json}` : `42${id}${json}`);
      for (const b of buffers) ws.send(b);
      if (!acked) return undefined;
      for (;;) {
        const frame = await next(5000);
        if (frame === 'closed' || frame === 'silence') return frame;
        const ack = new RegExp(`^43${id}(\\[.*\\])$`, 's').exec(frame);
        if (ack) return (JSON.parse(ack[1]!) as unknown[])[0];
        // Anything else (a broadcast) is not this command's answer.
      }
    },
  };
}
