/** The shipped scenarios (scenarios/*.yaml) load, and replay the figures their post-mortems give. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateStatus } from '#shared/metrics';
import { parseZonedTime } from '#shared/zoned-time';
import { toMetricDef } from '../../../server/src/config/metric-spec';
import { valueAt } from '../../../server/src/feeds/scenario/scenario-curve';
import { listScenarios, loadScenario, type Scenario } from '../../../server/src/feeds/scenario/scenario-loader';

const DIR = path.join(import.meta.dirname, '../../../scenarios');

function helpers(scenario: Scenario) {
  const at = (time: string) => parseZonedTime(time, { date: scenario.recorded.date, timeZone: scenario.recorded.zone });
  const metric = (id: string) => scenario.metrics.find((m) => m.id === id)!;
  const value = (id: string, time: string) => valueAt(metric(id), at(time));
  const status = (id: string, time: string) => {
    const def = toMetricDef(metric(id), 'drill', 120_000);
    const limit = def.limitOf === null ? null : value(def.limitOf, time);
    return evaluateStatus(def, value(id, time), limit);
  };
  const entries = scenario.steps.filter((s) => s.type === 'entry');
  return { at, value, status, entries };
}

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Every minute from `from` to `to` (hh:mm, both included), written in `zone`. */
function minutes(from: string, to: string, zone: string): string[] {
  const out: string[] = [];
  for (let m = toMin(from); m <= toMin(to); m++) out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')} ${zone}`);
  return out;
}

describe('listScenarios', () => {
  it('lists both seed incidents, each loading and validating', () => {
    expect(listScenarios(DIR)).toEqual({
      scenarios: [
        expect.objectContaining({ id: 'par-network-2021-06-16', date: '2021-06-16', durationMs: (9 * 60 + 10) * 60_000 }),
        expect.objectContaining({ id: 'par6-2025-03-03', date: '2025-03-03', durationMs: 395 * 60_000 }),
      ],
      broken: [],
    });
  });
});

describe('par6-2025-03-03 (the default demo)', () => {
  const scenario = loadScenario(DIR, 'par6-2025-03-03');
  const { at, value, status, entries } = helpers(scenario);

  it.each([
    { metric: 'vms.missing', time: '14:50 CET', expected: 0 },
    { metric: 'vms.missing', time: '15:49 CET', expected: 2800 },
    { metric: 'vms.missing', time: '17:31 CET', expected: 1300 },
    { metric: 'vms.missing', time: '19:11 CET', expected: 0 },
    { metric: 'raid.rebuilding', time: '15:02 CET', expected: 12 },
    { metric: 'pulsar.connections', time: '15:56 CET', expected: 50_000 },
    { metric: 'pulsar.connection_limit', time: '15:56 CET', expected: 50_000 },
    { metric: 'ceph.osds_up', time: '15:37 CET', expected: 36 },
    { metric: 'ceph.degraded_pct', time: '20:25 CET', expected: 0.3 },
    { metric: 'ceph.health', time: '20:47 CET', expected: 1 },
    { metric: 'ceph.health', time: '20:48 CET', expected: 0 },
    { metric: 'deploy.queue', time: '19:11 CET', expected: 0 },
    // Between keyframes: the ones at 15:50 (2800) and 16:30 (2500).
    { metric: 'vms.missing', time: '16:10 CET', expected: 2650 },
  ])('$metric at $time is $expected', ({ metric, time, expected }) => {
    expect(value(metric, time)).toBe(expected);
  });

  it('judges the figures as the tiles will', () => {
    expect(status('vms.missing', '15:49 CET')).toBe('crit');
    expect(status('pulsar.connections', '15:56 CET')).toBe('crit');
    // A broker with no connections is down, not quiet: the lower bound.
    expect(status('pulsar.connections', '15:00 CET')).toBe('crit');
    expect(status('pulsar.connections', '14:50 CET')).toBe('ok');
    expect(status('ceph.osds_up', '15:37 CET')).toBe('crit');
  });

  it('posts every timeline row of the seed, in time order, with the time as written', () => {
    expect(entries).toHaveLength(85); // the seed's rows, nothing else: the post-mortem export reproduces its table
    expect(entries[0]).toMatchObject({ recorded: '14:55 CET', at: Date.parse('2025-03-03T13:55:00Z'), component: 'Infrastructure', kind: 'note' });
    expect(entries[0]?.text).toBe('Power outage at PAR6 (Green Data) data center');
    expect(entries.find((e) => e.recorded === '15:49 CET')?.text).toBe('We lacked 2.8k VMs on the infrastructure');
    expect(entries.find((e) => e.text.includes('#incident-03-03-2025'))?.text).toBe('Tech team created an incident canal #incident-03-03-2025');
    expect(entries.at(-1)).toMatchObject({ recorded: '21:20 CET', text: 'Last replica down identified was rebuid' });
    const times = scenario.steps.map((s) => s.at);
    expect(times).toEqual(times.toSorted((a, b) => a - b));
  });

  it('covers the whole incident and ends resolved', () => {
    expect(scenario.incident).toEqual({ title: expect.stringContaining('PAR6'), severity: 'SEV1', status: 'investigating', timeZone: 'Europe/Paris' });
    expect(scenario.start).toBe(at('14:50 CET'));
    expect(scenario.end).toBeGreaterThan(at('21:20 CET'));
    const changes = scenario.steps.filter((s) => s.type === 'status');
    expect(changes.map((s) => [s.recorded, s.from, s.to])).toEqual([
      ['15:10 CET', 'investigating', 'identified'],
      ['19:35 CET', 'identified', 'monitoring'],
      ['21:20 CET', 'monitoring', 'resolved'],
    ]);
    // Same instant: the entry is posted before the status changes.
    expect(scenario.steps.at(-1)).toMatchObject({ type: 'status', to: 'resolved' });
  });
});

describe('par-network-2021-06-16', () => {
  const scenario = loadScenario(DIR, 'par-network-2021-06-16');
  const { at, value, status, entries } = helpers(scenario);
  const series = (id: string, from: string, to: string) => minutes(from, to, 'UTC').map((t) => value(id, t)!);

  it('the PAR zone is unreachable from 10:12 to 10:29 UTC, and only then', () => {
    expect(minutes('10:13', '10:28', 'UTC').map((t) => status('par.reachable_pct', t))).toEqual(Array(16).fill('crit'));
    for (const t of ['10:05 UTC', '10:11 UTC', '10:30 UTC', '15:00 UTC']) expect(status('par.reachable_pct', t), t).toBe('ok');
  });

  it('the deployment queue fills after 10:30, drains from 14:10, fills again at 14:29, is normal by 15:10', () => {
    expect(status('deploy.queue', '10:30 UTC')).toBe('ok');
    expect(minutes('10:50', '14:09', 'UTC').map((t) => status('deploy.queue', t))).toEqual(Array(200).fill('crit'));
    const draining = series('deploy.queue', '14:10', '14:29');
    expect(draining).toEqual(draining.toSorted((a, b) => b - a));
    expect(draining.at(-1)).toBeLessThan(draining[0]! - 1000);
    const refilling = series('deploy.queue', '14:29', '14:57');
    expect(refilling).toEqual(refilling.toSorted((a, b) => a - b));
    expect(refilling.at(-1)).toBeGreaterThan(refilling[0]! + 500);
    expect(status('deploy.queue', '15:10 UTC')).toBe('ok');
  });

  it('the faulty monitor queues redeploys from 11:00 until it is restarted at 14:57', () => {
    const high = minutes('11:00', '14:57', 'UTC').map((t) => status('monitor.redeploys', t));
    expect(high).toEqual(Array(high.length).fill('crit'));
    expect(minutes('15:00', '19:15', 'UTC').every((t) => status('monitor.redeploys', t) === 'ok')).toBe(true);
  });

  it('about half of the build cache requests fail at 14:15', () => {
    expect(value('build_cache.error_pct', '14:15 UTC')).toBe(50);
    expect(status('build_cache.error_pct', '13:30 UTC')).toBe('crit');
    expect(status('build_cache.error_pct', '15:10 UTC')).toBe('ok');
  });

  it('sends no samples while metrics (until 11:15) and logs (until 13:00) are down', () => {
    expect(series('metrics.ingest', '10:12', '11:14').every((v) => v === null)).toBe(true);
    expect(value('metrics.ingest', '11:15 UTC')).toBe(420);
    expect(series('logs.ingest', '10:12', '12:59').every((v) => v === null)).toBe(true);
    expect(value('logs.ingest', '13:00 UTC')).toBe(20);
    expect(value('logs.ingest', '10:11 UTC')).toBe(50);
    // Metrics measured inside PAR go dark only while the zone is unreachable.
    expect(value('deploy.queue', '10:20 UTC')).toBeNull();
    expect(value('deploy.queue', '10:29 UTC')).not.toBeNull();
    expect(value('par.reachable_pct', '10:20 UTC')).toBe(0);
  });

  it('keeps each entry with its time and zone as written, UTC and the status page UTC+2', () => {
    expect(entries).toHaveLength(36 + 17); // the timeline + the original incident's status-page posts
    expect(entries[0]).toMatchObject({ recorded: '10:12 UTC', component: 'Network' });
    expect(entries[0]?.text).toBe('The whole PAR network is unreachable from outside, cross-datacenter network is down as well.');
    const edit = entries.find((e) => e.recorded === '12:21 UTC+2');
    expect(edit).toMatchObject({ at: at('10:21 UTC'), kind: 'comms', text: 'Our network provider is looking into the issue.' });
    expect(entries.find((e) => e.recorded === '14:53 UTC')?.text).toBe(
      'We realize the faulty monitoring system is still queuing deployments despite its alerting queue being empty and the alerting action being disabled.',
    );
    expect(entries.at(-1)?.text).toMatch(/^A few applications which have the “deployment with downtime” option enabled/);
    const times = scenario.steps.map((s) => s.at);
    expect(times).toEqual(times.toSorted((a, b) => a - b));
  });
});
