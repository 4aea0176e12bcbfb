import { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { OneBufferFrameAdapter } from '../../server/src/sockets/one-buffer-frames';

type PacketOptions = { wsPreEncodedFrame?: Buffer[] };

/** A room with one stand-in socket that records what the adapter hands the engine. */
function roomWithOneViewer() {
  // Never attached to an HTTP server: no engine, nothing to close.
  const io = new Server({ adapter: OneBufferFrameAdapter });
  const written: PacketOptions[] = [];
  const viewer = { client: { writeToEngine: (_packets: unknown, options: PacketOptions) => written.push(options) } };
  io.sockets.sockets.set('viewer', viewer as never);
  io.sockets.adapter.addAll('viewer', new Set(['incident:1']));
  return { io, written };
}

describe('OneBufferFrameAdapter', () => {
  it('hands every viewer a broadcast as one complete WebSocket frame', () => {
    const { io, written } = roomWithOneViewer();
    io.to('incident:1').emit('metrics:updated' as never, { seq: 7 } as never);
    const frame = written[0]?.wsPreEncodedFrame;
    expect(frame).toHaveLength(1);
    const payload = '42["metrics:updated",{"seq":7}]';
    // FIN + text opcode, unmasked 7-bit length, then the Engine.IO/Socket.IO packet itself.
    expect([...frame![0]!.subarray(0, 2)]).toEqual([0x81, payload.length]);
    expect(frame![0]!.subarray(2).toString()).toBe(payload);
  });

  it('frames a payload past 125 bytes with its extended length', () => {
    const { io, written } = roomWithOneViewer();
    const text = 'x'.repeat(1000);
    io.to('incident:1').emit('metrics:updated' as never, { text } as never);
    const buffer = written[0]!.wsPreEncodedFrame![0]!;
    const payload = `42["metrics:updated",{"text":"${text}"}]`;
    expect(buffer[1]).toBe(126);
    expect(buffer.readUInt16BE(2)).toBe(payload.length);
    expect(buffer.subarray(4).toString()).toBe(payload);
  });
});
