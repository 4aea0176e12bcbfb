/**
 * Socket.IO's in-memory adapter, handing each viewer a broadcast as one buffer.
 *
 * Socket.IO encodes a broadcast once and frames it for WebSocket once (`wsPreEncodedFrame`),
 * but as two buffers, header and payload, which every socket then writes corked: two stream
 * writes and a `writev` per viewer per broadcast. The same bytes in one buffer are one write.
 * With 15,000 viewers on 2 cores this took ~10 % off Warroom's p99 and a quarter off bare
 * Socket.IO's CPU per broadcast (docs/performance.md, B2).
 *
 * `_encode` is the adapter's one hook on the frame, and private in its types, so it is
 * replaced on this subclass's prototype. If an upgrade renames it, broadcasts still work,
 * two buffers again; test/unit/one-buffer-frames.test.ts fails to say so.
 */
import { Adapter } from 'socket.io-adapter';

type PacketOptions = { wsPreEncodedFrame?: Buffer[] };
type Encode = (this: Adapter, packet: unknown, options: PacketOptions) => unknown;

export class OneBufferFrameAdapter extends Adapter {}

const HOOK = '_encode';
const encode = (Adapter.prototype as unknown as Record<string, Encode | undefined>)[HOOK];
if (typeof encode === 'function') {
  const encodeAsOneBuffer: Encode = function (packet, options) {
    const encoded = encode.call(this, packet, options);
    const frame = options.wsPreEncodedFrame;
    if (frame && frame.length > 1) options.wsPreEncodedFrame = [Buffer.concat(frame)];
    return encoded;
  };
  Object.defineProperty(OneBufferFrameAdapter.prototype, HOOK, { value: encodeAsOneBuffer });
}
