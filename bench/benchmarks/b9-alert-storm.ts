/**
 * B9: an Alertmanager storm while 1,000 viewers watch a 20-metric delta at 10 Hz (B1's load):
 * one webhook of 300 alerts, then 3,000 alerts across 30 webhooks in one second. Targets: each
 * webhook answered 2xx with p99 ≤ 100 ms; the timeline gains a summary, not thousands of
 * entries; the viewers' p99 stays within B1's target (≤ 1.2 × L0, measured without a storm).
 */
import { Agent, request } from 'undici';
import { bearer, feedToken } from '../lib/auth';
import { type Benchmark, getJson, pace, sleep } from '../lib/benchmark';
import { compare, type Run } from '../lib/results';
import { quantile } from '../lib/stats';
import { measureFanout, openSession } from './fanout';

const ZERO_TIME = '0001-01-01T00:00:00Z';
const NAMES = ['NodeDown', 'HypervisorUnreachable', 'CephOSDDown', 'PulsarBrokerDown'];

/** A version-4 webhook as Alertmanager sends it, with `count` distinct alerts from `first`. */
function webhook(first: number, count: number): unknown {
  const startsAt = new Date().toISOString();
  const alerts = Array.from({ length: count }, (_, i) => {
    const n = first + i;
    const alertname = NAMES[n % NAMES.length]!;
    return {
      status: 'firing',
      labels: { alertname, severity: 'critical', instance: `hv-${n}:9100` },
      annotations: { summary: `${alertname} on hv-${n}` },
      startsAt,
      endsAt: ZERO_TIME,
      generatorURL: `http://prometheus.par:9090/graph?g0.expr=up%3D%3D0`,
      fingerprint: n.toString(16).padStart(16, '0'),
    };
  });
  return {
    version: '4',
    groupKey: `{}:{batch="${first}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'warroom',
    groupLabels: {},
    commonLabels: { severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.par:9093',
    alerts,
  };
}

/**
 * Posts the storm as Alertmanager would, over kept-alive connections (undici's request: this
 * process also feeds the fan-out, and fetch's own cost would be counted as the server's);
 * resolves each webhook's answer time (ms, from sending to the answer read) and the non-2xx.
 */
async function storm(base: string, token: string, quick: boolean): Promise<{ ms: number[]; errors: number; slowest: number }> {
  const url = `${base}/api/feeds/am-par/alertmanager`;
  const headers = { 'content-type': 'application/json', ...bearer(token) };
  const agent = new Agent({ connections: 32 });
  const ms: number[] = [];
  let errors = 0;
  const post = async (body: unknown) => {
    const text = JSON.stringify(body);
    const started = performance.now();
    const res = await request(url, { method: 'POST', headers, body: text, dispatcher: agent });
    await res.body.dump();
    ms.push(performance.now() - started);
    if (res.statusCode < 200 || res.statusCode >= 300) errors++;
  };
  await post(webhook(0, quick ? 30 : 300));
  const waves = quick ? 3 : 30;
  const pending: Promise<void>[] = [];
  await pace(waves, 1, (n) => pending.push(post(webhook(10_000 + n * 100, 100))));
  await Promise.all(pending);
  await agent.close();
  return { ms, errors, slowest: ms.indexOf(Math.max(...ms)) };
}

export const b9: Benchmark = {
  id: 'B9',
  title: 'Alertmanager storm under B1 fan-out: 300 alerts in one webhook, then 3,000 across 30 in a second',
  async run(ctx) {
    const clients = ctx.quick ? 20 : 1000;
    const seconds = ctx.quick ? 4 : 12;
    const rounds = ctx.quick ? 1 : 3;
    const label = '10 Hz + storm';
    const runs: Run[] = [];
    for (let k = 1; k <= rounds; k++) {
      runs.push({ ...(await measureFanout('L0', { clients, rateHz: 10, seconds, label }, ctx)), case: `${label} #${k}` });
      const session = await openSession('L2', { clients, env: { WARROOM_CONFIG: 'bench/warroom.storm.yaml' } }, ctx);
      try {
        // Alertmanager's receiver is configured with its source's feed token (http_config authorization).
        const amToken = await feedToken(session.target.base, 'am-par');
        // The storm starts 2 s into the measured window (after the 2 s warm-up).
        const stormDone = sleep(4000).then(() => storm(session.target.base, amToken, ctx.quick));
        const run = await session.measure(`${label} #${k}`, 10, seconds);
        const { ms, errors, slowest } = await stormDone;
        ctx.log(`    storm #${k}: webhooks answered in ${ms.map((x) => x.toFixed(0)).join(' ')} ms (slowest: #${slowest})`);
        await sleep(7000); // a storm's summary is written 5 s after it began
        const entries = await getJson<{ entries: { kind: string }[] }>(
          `${session.target.base}/api/incidents/${session.incidentId}/timeline?limit=500`,
          session.tokens!.viewer,
        );
        runs.push({
          ...run,
          metrics: {
            ...run.metrics,
            webhookP99: quantile(ms, 0.99),
            webhookMax: Math.max(...ms),
            webhookNon2xx: errors,
            alertEntries: entries.entries.filter((e) => e.kind === 'alert').length,
          },
        });
      } finally {
        await session.close();
      }
    }
    const median = (target: 'L0' | 'L2'): Run => {
      const valid = runs.filter((r) => r.target === target && r.valid);
      const names = Object.keys(valid[0]?.metrics ?? {});
      const m = (n: string) => quantile(valid.map((r) => r.metrics[n]).filter((v): v is number => typeof v === 'number'), 0.5);
      return valid.length ? { target, case: label, valid: true, metrics: Object.fromEntries(names.map((n) => [n, m(n)])) } : { target, case: label, valid: false, invalidReason: 'no valid round', metrics: {} };
    };
    runs.push(median('L0'), median('L2'));
    return {
      params: { clients, seconds, rounds, rateHz: 10, storm: ctx.quick ? '30 + 3 × 100 alerts' : '300 + 30 × 100 alerts' },
      runs,
      comparisons: [
        compare(runs, label, 'latencyP99', 'fan-out p99 during the storm', 'ms', 'L2/L0 ≤ 1.2', (_l2, r) => r !== null && r <= 1.2),
        compare(runs, label, 'deliveredPct', 'delivered', '%', 'L2 = 100 %', (l2) => l2 === 100),
        compare(runs, label, 'webhookP99', 'webhook answer p99', 'ms', 'L2 ≤ 100 ms', (l2) => l2 <= 100),
        compare(runs, label, 'webhookNon2xx', 'webhooks not 2xx', '', 'L2 = 0', (l2) => l2 === 0),
        compare(runs, label, 'alertEntries', 'alert entries written', '', 'L2 ≤ 20', (l2) => l2 <= 20),
        compare(runs, label, 'serverCpuPct', 'server CPU', '%', 'info', null),
      ],
      notes: [
        'L0 runs the same fan-out without a storm: the ratio is what the storm costs the viewers.',
        'Webhook answer time is measured by the poster, from sending the request to reading the answer; 30 webhooks are sent at 30 Hz, concurrently.',
        'Alert entries: the incident follows every source, so each alert entry is also broadcast to the 1,000 viewers.',
      ],
    };
  },
};
