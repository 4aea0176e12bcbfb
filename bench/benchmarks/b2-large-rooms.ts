/** B2: 5,000 and 15,000 viewers, one broadcast a second. Target: p99 ≤ 1.3 × L0. */
import type { Benchmark } from '../lib/benchmark';
import { compare, type Run } from '../lib/results';
import { measureFanoutRounds } from './fanout';

export const b2: Benchmark = {
  id: 'B2',
  title: 'Large rooms: 5,000 and 15,000 viewers, one broadcast a second',
  async run(ctx) {
    const sizes = ctx.quick ? [50, 100] : [5000, 15000];
    const seconds = ctx.quick ? 2 : 12;
    const rounds = ctx.quick ? 1 : 3;
    const runs: Run[] = [];
    for (const clients of sizes) {
      runs.push(...(await measureFanoutRounds(['L0', 'L1', 'L2'], { clients, rateHz: 1, seconds, rounds, label: `${clients} viewers` }, ctx)));
    }
    const comparisons = sizes.flatMap((n) => {
      const c = `${n} viewers`;
      return [
        compare(runs, c, 'latencyP50', 'latency p50', 'ms', 'info', null),
        compare(runs, c, 'latencyP99', 'latency p99', 'ms', 'L2/L0 ≤ 1.3', (_l2, r) => r !== null && r <= 1.3),
        compare(runs, c, 'deliveredPct', 'delivered', '%', 'info', null),
        compare(runs, c, 'serverRssMB', 'server RSS', 'MB', 'info', null),
      ];
    });
    return {
      params: { sizes, seconds, rounds, rateHz: 1, payload: '20-metric delta', warroomPushIntervalMs: 10 },
      runs,
      comparisons,
      notes: [
        'All viewers sit in one process on the same 2-core machine as the server, so the latency of the last viewer in a burst includes the generator reading the burst; the same holds for L0, L1 and L2.',
        'Each target is measured in rounds, interleaved; the figures compared are the medians of its valid rounds (the runs named `#k` hold each round).',
      ],
    };
  },
};
