/** B1: 1,000 viewers, a 20-metric delta at 1 Hz and at 10 Hz. Target: p99 ≤ 1.2 × L0, 100 % delivered. */
import type { Benchmark } from '../lib/benchmark';
import { compare, type Run } from '../lib/results';
import { measureFanoutRounds } from './fanout';

export const b1: Benchmark = {
  id: 'B1',
  title: 'Steady fan-out: 1,000 viewers, 20-metric delta at 1 Hz and 10 Hz',
  async run(ctx) {
    const clients = ctx.quick ? 20 : 1000;
    const seconds = ctx.quick ? 2 : 15;
    const rounds = ctx.quick ? 1 : 3;
    const rates = ctx.quick ? [10] : [1, 10];
    const runs: Run[] = [];
    for (const rateHz of rates) {
      runs.push(...(await measureFanoutRounds(['L0', 'L1', 'L2'], { clients, rateHz, seconds, rounds, label: `${rateHz} Hz` }, ctx)));
    }
    const comparisons = rates.flatMap((rate) => {
      const c = `${rate} Hz`;
      return [
        compare(runs, c, 'latencyP50', 'latency p50', 'ms', 'info', null),
        compare(runs, c, 'latencyP99', 'latency p99', 'ms', 'L2/L0 ≤ 1.2', (_l2, r) => r !== null && r <= 1.2),
        compare(runs, c, 'deliveredPct', 'delivered', '%', 'L2 = 100 %', (l2) => l2 === 100),
        compare(runs, c, 'serverCpuPct', 'server CPU', '%', 'info', null),
      ];
    });
    return {
      params: { clients, seconds, rounds, rates, payload: '20-metric delta', warroomPushIntervalMs: 10 },
      runs,
      comparisons,
      notes: [
        'Latency: from the server stamping the broadcast (`at`) to a viewer reading it; viewers are light raw WebSocket clients in a separate process.',
        "Warroom's push interval is 10 ms here so each ingest becomes one delta; in production it coalesces at 250 ms.",
        'Each target is measured in rounds, interleaved; the figures compared are the medians of its valid rounds (the runs named `#k` hold each round).',
      ],
    };
  },
};
