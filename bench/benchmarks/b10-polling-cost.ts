/**
 * B10: what polling costs in steady state: 20 Prometheus sources polled every second, each one
 * PromQL query, against a stand-in Prometheus in the harness process (its cost is not Warroom's).
 * Target: under 5 % of one core. Measured beside the same server with no polled source.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_SECRET } from '../lib/auth';
import { type Benchmark, getJson, sleep } from '../lib/benchmark';
import { CpuMeter, startTarget } from '../lib/processes';
import { compare, type Run } from '../lib/results';

const SOURCES = 20;

/** Answers every instant query with one sample, as Prometheus does; query_range with a short matrix. */
function standInPrometheus(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const now = Date.now() / 1000;
    const result = req.url!.startsWith('/api/v1/query_range')
      ? { resultType: 'matrix', result: [{ metric: { job: 'node' }, values: [[now - 60, '1'], [now, '1']] }] }
      : { resultType: 'vector', result: [{ metric: { job: 'node' }, value: [now, String(40 + Math.round(Math.random() * 10))] }] };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'success', data: result }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests: () => requests,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    ),
  );
}

function config(promUrl: string | null): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-b10-')), 'warroom.yaml');
  const sources = promUrl === null ? [] : Array.from({ length: SOURCES }, (_, i) => ({
    id: `prom-${String(i + 1).padStart(2, '0')}`,
    type: 'prometheus',
    url: promUrl,
    interval: '1s',
    metrics: [{ id: `hv.load-${i + 1}`, label: `Load ${i + 1}`, query: 'avg(node_load5{job="node"})', thresholds: { warn: 45, crit: 48 } }],
  }));
  fs.writeFileSync(file, JSON.stringify({ sources: [{ id: 'push', type: 'push' }, ...sources] }));
  return file;
}

async function measure(label: string, promUrl: string | null, seconds: number, warmup: number): Promise<Run> {
  const target = await startTarget('L2', { WARROOM_CONFIG: config(promUrl) });
  try {
    await sleep(warmup * 1000);
    const cpu = new CpuMeter(target.pid);
    await sleep(seconds * 1000);
    const serverCpuPct = cpu.pct();
    const report = await getJson<{ sources: { type: string; state: string }[] }>(`${target.base}/api/feeds`, ADMIN_SECRET);
    const polled = report.sources.filter((s) => s.type === 'prometheus');
    const failing = polled.filter((s) => s.state !== 'ok').length;
    return {
      target: 'L2',
      case: label,
      valid: failing === 0,
      ...(failing ? { invalidReason: `${failing} sources not ok` } : {}),
      metrics: { serverCpuPct, sources: polled.length, serverRssMB: (await target.stats()).rss / 2 ** 20 },
    };
  } finally {
    await target.stop();
  }
}

export const b10: Benchmark = {
  id: 'B10',
  title: 'Polling cost: 20 Prometheus sources polled every second, steady state',
  async run(ctx) {
    const seconds = ctx.quick ? 3 : 30;
    const warmup = ctx.quick ? 2 : 10;
    const prom = await standInPrometheus();
    try {
      const idle = await measure('no polled source', null, seconds, warmup);
      const before = prom.requests();
      const polled = await measure(`${SOURCES} sources at 1 s`, prom.url, seconds, warmup);
      const pollsPerSec = (prom.requests() - before) / (seconds + warmup);
      polled.metrics.pollsPerSec = pollsPerSec;
      const runs = [idle, polled];
      return {
        params: { sources: SOURCES, interval: '1s', queriesPerSource: 1, seconds, warmup },
        runs,
        comparisons: [
          compare(runs, `${SOURCES} sources at 1 s`, 'serverCpuPct', 'server CPU', '% of a core', 'L2 < 5 %', (l2) => l2 < 5),
          compare(runs, 'no polled source', 'serverCpuPct', 'server CPU, idle', '% of a core', 'info', null),
          compare(runs, `${SOURCES} sources at 1 s`, 'pollsPerSec', 'polls', '/s', 'info', null),
        ],
        notes: [
          'Steady state: no viewer and no drill; the first poll (with its backfill) falls in the warm-up.',
          'The stand-in Prometheus runs in the harness process, so its cost is not counted in the server CPU.',
        ],
      };
    } finally {
      await prom.close();
    }
  },
};
