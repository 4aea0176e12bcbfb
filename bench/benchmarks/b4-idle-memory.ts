/** B4: memory per idle connection at 15,000 connections. Target: ≤ 2.5 × L0 (≈ 20 KB). */
import { sleep, type Benchmark } from '../lib/benchmark';
import { compare, type Run } from '../lib/results';
import { openSession } from './fanout';

export const b4: Benchmark = {
  id: 'B4',
  title: 'Memory per idle connection, 15,000 connections',
  async run(ctx) {
    const clients = ctx.quick ? 100 : 15000;
    const runs: Run[] = [];
    for (const kind of ['L0', 'L1', 'L2'] as const) {
      const session = await openSession(kind, { clients, probes: 0 }, ctx);
      try {
        await sleep(ctx.quick ? 500 : 5000); // let handshakes and join answers drain
        await session.target.gc();
        const loaded = await session.target.stats();
        runs.push({
          target: kind,
          case: `${clients} idle`,
          valid: loaded.connections === clients,
          ...(loaded.connections === clients ? {} : { invalidReason: `${loaded.connections} of ${clients} connected` }),
          metrics: {
            connections: loaded.connections,
            rssPerConnKB: (loaded.rss - session.idle.rss) / clients / 1024,
            heapPerConnKB: (loaded.heapUsed - session.idle.heapUsed) / clients / 1024,
            rssMB: loaded.rss / 2 ** 20,
          },
        });
      } finally {
        await session.close();
      }
    }
    const c = `${clients} idle`;
    return {
      params: { clients, warroomViewers: 'joined to one incident room' },
      runs,
      comparisons: [
        compare(runs, c, 'rssPerConnKB', 'RSS per connection', 'KB', 'L2/L0 ≤ 2.5', (_l2, r) => r !== null && r <= 2.5),
        compare(runs, c, 'heapPerConnKB', 'JS heap per connection', 'KB', 'info', null),
      ],
      notes: ['Per connection = (RSS after the viewers connected − RSS before), each after a full GC, divided by the viewers.'],
    };
  },
};
