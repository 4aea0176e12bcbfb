/**
 * The fan-out measurement B1–B3 share: N light viewers on one server, broadcasts at a
 * fixed rate, latency from the server's publication stamp to receipt.
 * L0/L1 broadcast on command; L2 (Warroom) is fed samples over real HTTP ingest and
 * publishes the delta itself.
 */
import { createIncident, GENERATOR_CPU_LIMIT, pace, postJson, sleep, type BenchContext } from '../lib/benchmark';
import { samples } from '../lib/payload';
import { CpuMeter, startGenerator, startTarget, type TargetKind } from '../lib/processes';
import type { Run } from '../lib/results';

export type FanoutOptions = {
  clients: number;
  rateHz: number;
  seconds: number;
  warmupSeconds?: number;
  probes?: number;
  /** Warroom's coalescing interval for this run (WARROOM_PUSH_INTERVAL_MS). */
  pushIntervalMs?: number;
  label: string;
};

export async function measureFanout(kind: TargetKind, o: FanoutOptions, ctx: BenchContext): Promise<Run> {
  const target = await startTarget(kind, { WARROOM_PUSH_INTERVAL_MS: String(o.pushIntervalMs ?? 10) });
  const generator = await startGenerator();
  try {
    const incidentId = kind === 'L2' ? await createIncident(target.base) : undefined;
    const connected = await generator.connect({
      cmd: 'connect',
      base: target.base,
      wire: kind === 'L0' ? 'ws' : 'socketio',
      clients: o.clients,
      rampPerSec: 2000,
      probes: o.probes ?? 3,
      auth: kind === 'L2' ? { protocol: 1 } : {},
      incidentId,
    });
    ctx.log(`  ${kind} ${o.label}: ${connected.connected} viewers connected in ${(connected.ms / 1000).toFixed(1)} s`);

    let lastAt = 0;
    let ingestErrors = 0;
    const fire =
      kind === 'L2'
        ? (n: number) => {
            lastAt = Math.max(Date.now(), lastAt + 1); // strictly increasing sample times
            void postJson(`${target.base}/api/ingest`, samples(n, lastAt)).then(
              (status) => status === 202 || ingestErrors++,
              () => ingestErrors++,
            );
          }
        : () => target.send({ cmd: 'broadcast' });

    await pace(o.rateHz, o.warmupSeconds ?? 2, fire);
    await generator.measure();
    const cpu = new CpuMeter(target.pid);
    await pace(o.rateHz, o.seconds, fire);
    const serverCpuPct = cpu.pct();
    await sleep(1500); // let the last broadcasts land
    const report = await generator.report();
    const stats = await target.stats();

    const invalid =
      report.cpuPct > GENERATOR_CPU_LIMIT
        ? `generator at ${report.cpuPct.toFixed(0)} % CPU`
        : connected.failed > 0
          ? `${connected.failed} viewers failed to connect`
          : ingestErrors > 0
            ? `${ingestErrors} ingest requests failed`
            : undefined;
    return {
      target: kind,
      case: o.label,
      valid: invalid === undefined,
      ...(invalid ? { invalidReason: invalid } : {}),
      metrics: {
        viewers: report.viewers,
        broadcasts: report.broadcasts,
        latencyP50: report.latency.p50,
        latencyP90: report.latency.p90,
        latencyP99: report.latency.p99,
        latencyMax: report.latency.max,
        probeP99: report.probeLatency.p99,
        deliveredPct: report.expected ? (report.deliveries / report.expected) * 100 : null,
        deliveriesPerSec: report.deliveries / o.seconds,
        gaps: report.gaps,
        duplicates: report.duplicates,
        serverCpuPct,
        serverRssMB: stats.rss / 2 ** 20,
        generatorCpuPct: report.cpuPct,
      },
    };
  } finally {
    await generator.exit();
    await target.stop();
  }
}
