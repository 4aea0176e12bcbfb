/**
 * B5: 5,000 viewers, the server killed (-9) and restarted. Target: 99 % reconnected and
 * resynced within 10 s, with no gaps after. Viewers reconnect on Socket.IO's own schedule
 * (1 s doubling to 5 s, ±50 %), so L0 and L1 — reconnect only, nothing to resync — show
 * what that schedule alone costs.
 */
import { pace, sleep, type Benchmark, type BenchContext } from '../lib/benchmark';
import type { TargetKind } from '../lib/processes';
import { compare, type Run } from '../lib/results';
import { summarize } from '../lib/stats';
import { openSession } from './fanout';

async function storm(kind: TargetKind, clients: number, ctx: BenchContext): Promise<Run> {
  const session = await openSession(kind, { clients, probes: 0, reconnect: true, pushIntervalMs: 250 }, ctx);
  try {
    let broadcasting = true;
    const ticker = pace(1, 600, session.fire, () => !broadcasting);
    await sleep(3000);
    await session.generator.measure();
    const killedAt = performance.timeOrigin + performance.now();
    session.target.kill9();
    await sleep(500);
    const restartAt = performance.timeOrigin + performance.now();
    await session.target.restart();
    const readyAt = performance.timeOrigin + performance.now();
    ctx.log(`  ${kind}: restarted in ${((readyAt - restartAt) / 1000).toFixed(1)} s`);
    // Wait for the storm to settle: everyone back, or 30 s.
    const deadline = readyAt + 30_000;
    let report = await session.generator.report();
    while (report.rejoinedAt.length < clients && performance.timeOrigin + performance.now() < deadline) {
      await sleep(1000);
      report = await session.generator.report();
    }
    await sleep(3000); // a few broadcasts after the storm, to catch gaps
    report = await session.generator.report();
    broadcasting = false;
    await ticker;

    const back = report.rejoinedAt.map((t) => (t - readyAt) / 1000);
    const sinceReady = summarize(back);
    // 99 % of all viewers, not of those that came back: null if fewer than that came back at all.
    const p99All = back.length >= Math.ceil(clients * 0.99) ? back.toSorted((a, b) => a - b)[Math.ceil(clients * 0.99) - 1]! : null;
    const invalidReason = report.cpuPct > 90 ? `generator at ${report.cpuPct.toFixed(0)} % CPU` : undefined;
    return {
      target: kind,
      case: `${clients} viewers`,
      valid: invalidReason === undefined,
      ...(invalidReason ? { invalidReason } : {}),
      metrics: {
        viewers: clients,
        rejoined: report.rejoinedAt.length,
        // 99 % of all viewers (not of those that came back) back and resynced, from the server being ready.
        p99BackSec: p99All,
        p50BackSec: sinceReady.p50,
        lastBackSec: sinceReady.max,
        restartSec: (readyAt - restartAt) / 1000,
        killToP99Sec: p99All === null ? null : p99All + (readyAt - killedAt) / 1000,
        snapshots: report.rejoinModes.snapshot ?? 0,
        replays: report.rejoinModes.replay ?? 0,
        gapsAfter: report.gaps,
        duplicatesAfter: report.duplicates,
      },
    };
  } finally {
    await session.close();
  }
}

export const b5: Benchmark = {
  id: 'B5',
  title: 'Reconnect storm: 5,000 viewers, server killed and restarted',
  async run(ctx) {
    const clients = ctx.quick ? 50 : 5000;
    const runs: Run[] = [];
    for (const kind of ['L0', 'L1', 'L2'] as const) runs.push(await storm(kind, clients, ctx));
    const c = `${clients} viewers`;
    return {
      params: { clients, killSignal: 'SIGKILL', downtimeBeforeRestartMs: 500, backoff: 'socket.io-client default: 1 s doubling to 5 s, ±50 %' },
      runs,
      comparisons: [
        compare(runs, c, 'p99BackSec', '99 % back and resynced (from ready)', 's', 'L2 ≤ 10 s', (l2) => l2 <= 10),
        compare(runs, c, 'gapsAfter', 'gaps after resync', '', 'L2 = 0', (l2) => l2 === 0),
        compare(runs, c, 'lastBackSec', 'last viewer back', 's', 'info', null),
        compare(runs, c, 'restartSec', 'restart time (spawn to listening)', 's', 'info', null),
        compare(runs, c, 'killToP99Sec', '99 % back, from the kill', 's', 'info', null),
      ],
      notes: [
        'Resynced (L2): the viewer rejoined its room with its old cursor and received the new epoch’s snapshot. L0/L1 have no state to resync: their figure is reconnection alone.',
        'Broadcasts continue at 1 Hz throughout; gaps are counted from each viewer’s resync on.',
      ],
    };
  },
};
