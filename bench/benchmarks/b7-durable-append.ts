/**
 * B7: the timeline append path — post → durable commit → ack → broadcast — at 1,000 posts
 * a second (one in ten a decision, with its evidence) with viewers watching; then repeated kill -9 under that load.
 * Targets: ack p99 ≤ 5 ms; no acknowledged entry lost.
 * L1 (bare Socket.IO: ack and broadcast, nothing stored) is the floor for the round trip.
 */
import { PROTOCOL_VERSION } from '#shared/sync';
import { io, type Socket } from 'socket.io-client';
import { ADMIN_SECRET, createToken, handshake, viewerToken } from '../lib/auth';
import { allEntries, createIncident, pace, sleep, type Benchmark, type BenchContext } from '../lib/benchmark';
import { startGenerator, startTarget, type Target, type TargetKind } from '../lib/processes';
import { compare, type Run } from '../lib/results';
import { Samples, summarize } from '../lib/stats';

const POSTERS = 10;

type Load = { latencies: Samples; acked: Set<string>; failed: number };

/** Warroom's posters: a commander token each, as ten people posting into one incident. */
const posterTokens = (base: string) =>
  Promise.all(Array.from({ length: POSTERS }, (_, i) => createToken(base, { name: `bench commander ${i + 1}`, role: 'commander' })));

/** Every tenth post is a decision, which freezes the incident's live metrics with it (its evidence). */
const kindOf = (n: number) => (n % 10 === 0 ? 'decision' : 'note');

/**
 * Posters spread `rate` posts a second over `seconds`; each acked clientId is remembered.
 * `tokens`: each poster's (Warroom); null for bare Socket.IO, which takes none.
 */
async function post(base: string, tokens: string[] | null, incidentId: number, rate: number, seconds: number, load: Load, tag: string) {
  const sockets: Socket[] = [];
  for (let i = 0; i < POSTERS; i++) {
    const auth = tokens ? handshake(tokens[i]!) : { protocol: PROTOCOL_VERSION };
    const socket = io(base, { transports: ['websocket'], auth, forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    sockets.push(socket);
  }
  const inFlight: Promise<void>[] = [];
  await pace(rate, seconds, (n) => {
    const clientId = `${tag}-${n}`;
    const started = performance.now();
    inFlight.push(
      sockets[n % POSTERS]!.timeout(5000)
        .emitWithAck('timeline:post', { incidentId, text: `append ${clientId}`, kind: kindOf(n), clientId })
        .then(
          (ack: { ok: boolean }) => {
            if (!ack.ok) return void load.failed++;
            load.latencies.push(performance.now() - started);
            load.acked.add(clientId);
          },
          () => void load.failed++,
        ),
    );
  });
  await Promise.allSettled(inFlight);
  for (const s of sockets) s.close();
}

async function appendRun(kind: TargetKind, rate: number, seconds: number, viewers: number, ctx: BenchContext): Promise<Run> {
  const target = await startTarget(kind);
  const generator = await startGenerator();
  try {
    const warroom = kind === 'L2';
    const incidentId = warroom ? await createIncident(target.base) : 1;
    const tokens = warroom ? await posterTokens(target.base) : null;
    const auth = warroom ? handshake(await viewerToken(target.base)) : {};
    await generator.connect({ cmd: 'connect', base: target.base, wire: 'socketio', clients: viewers, rampPerSec: 1000, probes: 0, auth, incidentId: warroom ? incidentId : undefined });
    const load: Load = { latencies: new Samples(), acked: new Set(), failed: 0 };
    await post(target.base, tokens, incidentId, rate, 1, { latencies: new Samples(), acked: new Set(), failed: 0 }, 'warmup');
    await generator.measure();
    await post(target.base, tokens, incidentId, rate, seconds, load, 'run');
    await sleep(1000);
    const seen = await generator.report();
    const ack = summarize(load.latencies.values());
    ctx.log(`  ${kind}: ${load.acked.size} acked, ack p50 ${ack.p50.toFixed(2)} ms p99 ${ack.p99.toFixed(2)} ms, ${load.failed} failed`);
    return {
      target: kind,
      case: `${rate} posts/s`,
      valid: load.failed === 0 && seen.cpuPct < 90,
      ...(load.failed ? { invalidReason: `${load.failed} posts failed` } : seen.cpuPct >= 90 ? { invalidReason: 'generator saturated' } : {}),
      metrics: {
        acked: load.acked.size,
        ackP50: ack.p50,
        ackP99: ack.p99,
        ackMax: ack.max,
        broadcastP99: seen.latency.p99,
        broadcastDeliveredPct: seen.expected ? (seen.deliveries / seen.expected) * 100 : null,
      },
    };
  } finally {
    await generator.exit();
    await target.stop();
  }
}

/** Posts under load while killing the server (-9) at random moments; then counts acked entries missing. */
async function killCycles(cycles: number, rate: number, ctx: BenchContext): Promise<Run> {
  const target: Target = await startTarget('L2');
  try {
    const incidentId = await createIncident(target.base);
    // Tokens are acknowledged once committed, so they outlive every kill too.
    const tokens = await posterTokens(target.base);
    const load: Load = { latencies: new Samples(), acked: new Set(), failed: 0 };
    for (let cycle = 0; cycle < cycles; cycle++) {
      const posting = post(target.base, tokens, incidentId, rate, 4, load, `cycle${cycle}`).catch(() => {});
      await sleep(1000 + Math.random() * 2500);
      target.kill9();
      await posting;
      await target.restart();
    }
    const stored = new Set((await allEntries(target.base, incidentId, ADMIN_SECRET)).map((e) => e.clientId));
    const lost = [...load.acked].filter((id) => !stored.has(id)).length;
    ctx.log(`  kill -9 × ${cycles}: ${load.acked.size} acked, ${lost} lost, ${load.failed} unacknowledged (in flight at a kill)`);
    return {
      target: 'L2',
      case: `kill -9 × ${cycles}`,
      valid: load.acked.size > 0,
      metrics: { acked: load.acked.size, lost, unacknowledged: load.failed },
    };
  } finally {
    await target.stop();
  }
}

export const b7: Benchmark = {
  id: 'B7',
  title: 'Durable timeline append at 1,000 posts/s, and kill -9 under load',
  async run(ctx) {
    const rate = ctx.quick ? 100 : 1000;
    const seconds = ctx.quick ? 2 : 10;
    // Viewers make the broadcast real; more would measure fan-out (B1–B3), not the append path.
    const viewers = 10;
    const cycles = ctx.quick ? 2 : 5;
    const runs: Run[] = [await appendRun('L1', rate, seconds, viewers, ctx), await appendRun('L2', rate, seconds, viewers, ctx)];
    runs.push(await killCycles(cycles, rate, ctx));
    const c = `${rate} posts/s`;
    return {
      params: { rate, seconds, viewers, posters: POSTERS, killCycles: cycles, sqlite: 'WAL, synchronous=FULL' },
      runs,
      comparisons: [
        compare(runs, c, 'ackP50', 'ack p50', 'ms', 'info', null),
        compare(runs, c, 'ackP99', 'ack p99', 'ms', 'L2 ≤ 5 ms', (l2) => l2 <= 5),
        compare(runs, c, 'broadcastP99', 'broadcast p99 to viewers', 'ms', 'info', null),
        compare(runs, `kill -9 × ${cycles}`, 'lost', 'acknowledged entries lost', '', 'L2 = 0', (l2) => l2 === 0),
      ],
      notes: [
        'Ack latency is measured by the posting client, from emit to ack, over Socket.IO.',
        'L1 acknowledges and broadcasts without storing: the floor for the round trip. L0 has no acks.',
      ],
    };
  },
};
