/** L1: bare Socket.IO, `io.emit` of the same payload, websocket transport, no deflate. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { changes } from '../lib/payload';
import { preciseNow } from '../lib/stats';
import { handleCommon, type TargetCommand } from '../lib/target-protocol';

const httpServer = http.createServer();
const io = new Server(httpServer, { serveClient: false, perMessageDeflate: false, transports: ['websocket'] });
let seq = 0;

process.on('message', (command: TargetCommand) => {
  if (handleCommon(command, () => io.engine.clientsCount)) return;
  if (command.cmd === 'broadcast') {
    const at = preciseNow();
    io.emit('metrics:updated', { type: 'metrics:updated', incidentId: 1, seq: ++seq, at, changes: changes(seq, at) });
  }
});

// The bare equivalent of posting an entry: acknowledge and broadcast, nothing stored.
io.on('connection', (socket) => {
  socket.on('timeline:post', (payload: { incidentId: number; text: string; clientId: string }, ack: (r: unknown) => void) => {
    const entry = { id: ++seq, ...payload, createdAt: new Date().toISOString() };
    io.emit('timeline:posted', { type: 'timeline:posted', incidentId: payload.incidentId, seq, at: preciseNow(), entry });
    ack({ ok: true, data: entry });
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.send!({ event: 'ready', port: (httpServer.address() as AddressInfo).port });
});

// Never outlive the benchmark that started us; exit cleanly on SIGTERM so --cpu-prof can write.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
