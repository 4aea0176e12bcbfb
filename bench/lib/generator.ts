/**
 * The load generator: a child process holding many light viewers (and a few full
 * socket.io-client probes), driven by the benchmark over IPC. It reports its own CPU
 * use so a run it could not keep up with is marked invalid, not reported.
 */
import { io as ioClient, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { LoadClient, type Wire } from './load-client';
import { Samples, summarize, preciseNow } from './stats';
import type { GeneratorCommand, GeneratorReport } from './generator-protocol';

const clients: LoadClient[] = [];
const probes: { close(): void }[] = [];
const latencies = new Samples();
const probeLatencies = new Samples();
const seqs = new Set<number>();
let measuring = false;
let windowStart = 0;
let windowEnd = Infinity;
let deliveries = 0;
let cpuStart = process.cpuUsage();
let wallStart = preciseNow();
/** For reconnect benchmarks: when each viewer was back and resynced, and what it got. */
let rejoinedAt: number[] = [];
let rejoinModes: Record<string, number> = {};

function onDelivery(_client: LoadClient, seq: number, at: number): void {
  // Only what was published within the window: a server that falls behind and publishes its
  // backlog after the window ends does not count it towards the window.
  if (!measuring || at < windowStart || at >= windowEnd) return;
  latencies.push(preciseNow() - at);
  seqs.add(seq);
  deliveries++;
}

function markRejoined(client: LoadClient, mode: string): void {
  client.reconnecting = false;
  rejoinedAt.push(preciseNow());
  rejoinModes[mode] = (rejoinModes[mode] ?? 0) + 1;
}

function send(message: GeneratorReport): void {
  process.send!(message);
}

async function connectAll(cmd: Extract<GeneratorCommand, { cmd: 'connect' }>): Promise<void> {
  const started = preciseNow();
  let failed = 0;
  const batch = Math.max(1, Math.round(cmd.rampPerSec / 20));
  for (let i = 0; i < cmd.clients; i += batch) {
    const wave = Array.from({ length: Math.min(batch, cmd.clients - i) }, () => {
      const client: LoadClient = new LoadClient({
        base: cmd.base,
        wire: cmd.wire,
        auth: cmd.auth,
        incidentId: cmd.incidentId,
        onDelivery,
        onJoined: (c, mode) => {
          if (c.reconnecting) markRejoined(c, mode);
        },
        onClose: (c) => {
          if (cmd.reconnect) void reconnectWithBackoff(c);
        },
      });
      clients.push(client);
      return client.connect().catch(() => failed++);
    });
    await Promise.all(wave);
    await new Promise((r) => setTimeout(r, 50));
  }
  for (let i = 0; i < cmd.probes; i++) probes.push(await openProbe(cmd.wire, cmd.base, cmd.auth, cmd.incidentId));
  send({ event: 'connected', connected: clients.length - failed, failed, ms: preciseNow() - started });
}

/** Socket.IO-client's own schedule: 1 s doubling to 5 s, randomised by ±50 %. */
async function reconnectWithBackoff(client: LoadClient): Promise<void> {
  client.reconnecting = true;
  for (let attempt = 0; ; attempt++) {
    const delay = Math.min(1000 * 2 ** attempt, 5000) * (0.5 + Math.random());
    await new Promise((r) => setTimeout(r, delay));
    try {
      await client.reconnect();
      // Without a room to rejoin (bare Socket.IO), being connected is being back.
      if (client.reconnecting) markRejoined(client, 'connect');
      return;
    } catch {
      // server not back yet
    }
  }
}

function recordProbe(payload: { at: number; seq?: number }): void {
  // Room events and the targets' broadcasts carry a seq; Warroom's heartbeat does not, and is not one.
  if (payload.seq === undefined) return;
  if (measuring && payload.at >= windowStart && payload.at < windowEnd) probeLatencies.push(preciseNow() - payload.at);
}

/** A full client that parses everything, as a browser would: a check on the light ones. */
async function openProbe(wire: Wire, base: string, auth: object | undefined, incidentId: number | undefined) {
  if (wire === 'ws') {
    const ws = new WebSocket(base.replace(/^http/, 'ws'), { perMessageDeflate: false });
    ws.on('message', (data) => recordProbe(JSON.parse(data.toString())));
    await new Promise((r) => ws.once('open', r));
    return { close: () => ws.close() };
  }
  const socket: Socket = ioClient(base, { transports: ['websocket'], auth, forceNew: true });
  socket.onAny((_event, payload) => recordProbe(payload));
  await new Promise<void>((r) => socket.once('connect', () => r()));
  if (incidentId !== undefined) await socket.emitWithAck('room:join', { incidentId });
  return { close: () => socket.close() };
}

process.on('message', (message: GeneratorCommand) => {
  switch (message.cmd) {
    case 'connect':
      void connectAll(message);
      break;
    case 'measure':
      latencies.clear();
      probeLatencies.clear();
      seqs.clear();
      deliveries = 0;
      rejoinedAt = [];
      rejoinModes = {};
      for (const c of clients) c.resetCounters();
      windowStart = preciseNow();
      windowEnd = Infinity;
      measuring = true;
      cpuStart = process.cpuUsage();
      wallStart = preciseNow();
      send({ event: 'measuring', at: windowStart });
      break;
    case 'stop':
      windowEnd = preciseNow();
      send({ event: 'stopped', at: windowEnd });
      break;
    case 'report': {
      const cpu = process.cpuUsage(cpuStart);
      const wallMs = preciseNow() - wallStart;
      send({
        event: 'report',
        viewers: clients.length,
        connected: clients.filter((c) => c.connected).length,
        deliveries,
        broadcasts: seqs.size,
        expected: seqs.size * clients.length,
        gaps: clients.reduce((n, c) => n + c.gaps, 0),
        duplicates: clients.reduce((n, c) => n + c.duplicates, 0),
        latency: summarize(latencies.values()),
        probeLatency: summarize(probeLatencies.values()),
        cpuPct: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
        wallMs,
        rejoinedAt: [...rejoinedAt],
        rejoinModes,
      });
      break;
    }
    case 'drop':
      for (const c of clients) c.drop();
      break;
    case 'exit':
      for (const c of clients) c.drop();
      for (const p of probes) p.close();
      process.exit(0);
  }
});

send({ event: 'started' });

// Never outlive the benchmark that started us.
process.on('disconnect', () => process.exit(0));
