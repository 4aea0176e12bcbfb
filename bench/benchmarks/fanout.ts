/**
 * The fan-out session B1–B4 share: N light viewers on one server under test, broadcasts at
 * a fixed rate, latency from the server's publication stamp (`at`) to receipt.
 * L0/L1 broadcast on command; L2 (Warroom) is fed samples over real HTTP ingest and
 * publishes the delta itself, through its real state, sequencing and coalescing.
 */
import { Client } from 'undici';
import { bearer, feedToken, handshake, viewerToken } from '../lib/auth';
import { createIncident, GENERATOR_CPU_LIMIT, pace, sleep, type BenchContext } from '../lib/benchmark';
import { samples } from '../lib/payload';
import { CpuMeter, startGenerator, startTarget, type TargetKind } from '../lib/processes';
import type { Run } from '../lib/results';
import { quantile } from '../lib/stats';

export type SessionOptions = {
  clients: number;
  probes?: number;
  /** Warroom's coalescing interval (WARROOM_PUSH_INTERVAL_MS): 10 ms turns each ingest into one delta. */
  pushIntervalMs?: number;
  /** Viewers reconnect (with Socket.IO's backoff) when the server goes away. */
  reconnect?: boolean;
  /** More environment for the server under test (e.g. WARROOM_CONFIG). */
  env?: NodeJS.ProcessEnv;
};

export async function openSession(kind: TargetKind, o: SessionOptions, ctx: BenchContext) {
  const target = await startTarget(kind, { WARROOM_PUSH_INTERVAL_MS: String(o.pushIntervalMs ?? 10), ...o.env });
  const generator = await startGenerator();
  const incidentId = kind === 'L2' ? await createIncident(target.base) : undefined;
  // Warroom's viewers share one viewer token (a TV link); its samples come with a feed token.
  const tokens = kind === 'L2' ? { viewer: await viewerToken(target.base), feed: await feedToken(target.base) } : null;
  await target.gc();
  const idle = await target.stats();
  const connected = await generator.connect({
    cmd: 'connect',
    base: target.base,
    wire: kind === 'L0' ? 'ws' : 'socketio',
    clients: o.clients,
    rampPerSec: 2000,
    probes: o.probes ?? 3,
    auth: tokens ? handshake(tokens.viewer) : {},
    incidentId,
    reconnect: o.reconnect ?? false,
  });
  ctx.log(`  ${kind}: ${connected.connected} viewers connected in ${(connected.ms / 1000).toFixed(1)} s`);

  let lastAt = 0;
  let n = 0;
  let ingestErrors = 0;
  // L0 and L1 are told to broadcast over IPC, nearly free; Warroom is fed over HTTP, and this
  // process shares the 2 cores with it. undici's Client on one pipelined keep-alive connection,
  // as a feed would post, costs a fraction of what fetch does (B3: fetch took half a core at 400/s).
  const feed = tokens ? new Client(target.base, { pipelining: 16 }) : null;
  const headers = tokens ? { 'content-type': 'application/json', ...bearer(tokens.feed) } : {};
  const fire = feed
    ? () => {
        lastAt = Math.max(Date.now(), lastAt + 1); // sample times must increase to count
        feed
          .request({ path: '/api/ingest', method: 'POST', headers, body: JSON.stringify(samples(n++, lastAt)) })
          .then(
            async (res) => {
              await res.body.dump();
              if (res.statusCode !== 202) ingestErrors++;
            },
            () => ingestErrors++,
          );
      }
    : () => target.send({ cmd: 'broadcast' });

  return {
    target,
    generator,
    incidentId,
    /** Warroom's tokens (null for L0, L1). */
    tokens,
    /** Server memory before any viewer connected (after a full GC). */
    idle,
    fire,
    /** Broadcasts at `rateHz` for `seconds` after a warm-up, and reports what the viewers saw. */
    async measure(label: string, rateHz: number, seconds: number, warmupSeconds = 2): Promise<Run> {
      ingestErrors = 0;
      if (warmupSeconds > 0) await pace(rateHz, warmupSeconds, fire);
      await generator.measure();
      const cpu = new CpuMeter(target.pid);
      const feeder = new CpuMeter(process.pid);
      await pace(rateHz, seconds, fire);
      const serverCpuPct = cpu.pct();
      const feederCpuPct = feeder.pct();
      await generator.stop();
      await sleep(1500); // let the window's last broadcasts land
      const report = await generator.report();
      const stats = await target.stats();
      const invalidReason =
        report.cpuPct > GENERATOR_CPU_LIMIT
          ? `generator at ${report.cpuPct.toFixed(0)} % CPU`
          : feederCpuPct > GENERATOR_CPU_LIMIT
            ? `this process, feeding the server, at ${feederCpuPct.toFixed(0)} % CPU`
          : connected.failed > 0
            ? `${connected.failed} viewers failed to connect`
            : ingestErrors > 0
              ? `${ingestErrors} ingest requests failed`
              : undefined;
      return {
        target: kind,
        case: label,
        valid: invalidReason === undefined,
        ...(invalidReason ? { invalidReason } : {}),
        metrics: {
          viewers: report.viewers,
          offeredPerSec: rateHz,
          broadcasts: report.broadcasts,
          latencyP50: report.latency.p50,
          latencyP90: report.latency.p90,
          latencyP99: report.latency.p99,
          latencyMax: report.latency.max,
          probeP99: report.probeLatency.p99,
          deliveredPct: report.expected ? (report.deliveries / report.expected) * 100 : null,
          deliveriesPerSec: report.deliveries / seconds,
          gaps: report.gaps,
          duplicates: report.duplicates,
          serverCpuPct,
          serverRssMB: stats.rss / 2 ** 20,
          generatorCpuPct: report.cpuPct,
          feederCpuPct,
        },
      };
    },
    async close(): Promise<void> {
      await feed?.close();
      await generator.exit();
      await target.stop();
    },
  };
}

/**
 * Each target measured `rounds` times, interleaved (L0, L1, L2, L0, …) so a change in the
 * machine's load falls on all three alike. Returns every round's run (case `label #k`) and,
 * per target, one run under `label` whose figures are the medians of its valid rounds: a
 * p99 over a few dozen bursts moves by a quarter from one run to the next, a median of
 * three much less.
 */
export async function measureFanoutRounds(
  kinds: readonly TargetKind[],
  o: SessionOptions & { label: string; rateHz: number; seconds: number; rounds: number },
  ctx: BenchContext,
): Promise<Run[]> {
  const rounds: Run[] = [];
  for (let k = 1; k <= o.rounds; k++) {
    for (const kind of kinds) rounds.push({ ...(await measureFanout(kind, o, ctx)), case: `${o.label} #${k}` });
  }
  return [...rounds, ...kinds.map((kind) => medianRun(kind, o.label, rounds.filter((r) => r.target === kind)))];
}

function medianRun(target: TargetKind, label: string, rounds: Run[]): Run {
  const valid = rounds.filter((r) => r.valid);
  if (valid.length === 0) return { target, case: label, valid: false, invalidReason: 'no valid round', metrics: {} };
  const names = Object.keys(valid[0]!.metrics);
  const median = (name: string) => {
    const values = valid.map((r) => r.metrics[name]).filter((v) => v !== null && v !== undefined);
    return values.length === 0 ? null : quantile(values, 0.5);
  };
  return { target, case: label, valid: true, metrics: { ...Object.fromEntries(names.map((n) => [n, median(n)])), rounds: valid.length } };
}

/** One session, one measurement. */
export async function measureFanout(
  kind: TargetKind,
  o: SessionOptions & { label: string; rateHz: number; seconds: number },
  ctx: BenchContext,
): Promise<Run> {
  const session = await openSession(kind, o, ctx);
  try {
    return await session.measure(o.label, o.rateHz, o.seconds);
  } finally {
    await session.close();
  }
}
