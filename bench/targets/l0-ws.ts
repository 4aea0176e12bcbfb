/** L0, the physical limit: a bare `ws` server writing one prepared frame to every client. */
import { WebSocketServer } from 'ws';
import { changes } from '../lib/payload';
import { preciseNow } from '../lib/stats';
import { handleCommon, type TargetCommand } from '../lib/target-protocol';

const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0), perMessageDeflate: false });
let seq = 0;

process.on('message', (command: TargetCommand) => {
  if (handleCommon(command, () => wss.clients.size)) return;
  if (command.cmd === 'broadcast') {
    const at = preciseNow();
    const text = JSON.stringify({ type: 'metrics:updated', incidentId: 1, seq: ++seq, at, changes: changes(seq, at) });
    const frame = Buffer.from(text);
    for (const client of wss.clients) client.send(frame, { binary: false });
  }
});

wss.on('listening', () => {
  const address = wss.address();
  process.send!({ event: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
});

// Never outlive the benchmark that started us; exit cleanly on SIGTERM so --cpu-prof can write.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
