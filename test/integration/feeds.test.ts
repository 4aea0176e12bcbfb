/**
 * Feed sources in the running server, on an injected clock: a source that dies turns its tiles
 * stale with its reason within two intervals, writes one `feed` entry, and recovers by itself;
 * threshold crossings write `metric` entries with hysteresis. Ceph does not run here: a stand-in
 * HTTP endpoint serves a real-format status.
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entry } from '#shared/timeline';
import type { Snapshot } from '#shared/sync';
import { FixtureServer } from '../support/fixture-server';
import { feedsConfig, startServer, type TestServer } from '../support/server';
import { TestClock } from '../support/test-clock';

const INTERVAL = 10_000;
const cephErr = fs.readFileSync('test/fixtures/ceph/quincy-17.2-err-recovery.json', 'utf8');
const config = (cephUrl: string) => `
sources:
  - id: ceph-par
    type: ceph
    url: ${cephUrl}
    interval: 10s
  - id: push
    type: push
    metrics:
      - { id: vms.missing, label: VMs missing, unit: VMs, thresholds: { warn: 1, crit: 200 } }
`;

let ceph: FixtureServer;
let clock: TestClock;
let s: TestServer;
beforeEach(async () => {
  ceph = await new FixtureServer().start();
  ceph.reply = { body: cephErr };
  clock = new TestClock(Date.now());
  // No jitter: the first poll is due at once, the backoff at its lower bound.
  s = await startServer({ clock, random: () => 0, feeds: feedsConfig(config(ceph.url)) });
});
afterEach(async () => {
  await s.close();
  await ceph.stop();
});

const source = (id: string) => s.server.feeds.report().sources.find((x) => x.id === id)!;
const state = async (incidentId: number): Promise<Snapshot> => (await s.api('GET', `/api/incidents/${incidentId}/state`)).body;
const metric = (snap: Snapshot, id: string) => snap.metrics.find((m) => m.def.id === id);
const entries = async (incidentId: number, kind: string): Promise<Entry[]> =>
  (await s.api('GET', `/api/incidents/${incidentId}/timeline`)).body.entries.filter((e: Entry) => e.kind === kind);

/** Moves the clock to the next poll and waits until that poll has settled (its request is real I/O). */
async function nextPoll(id: string): Promise<void> {
  const before = source(id);
  await clock.advance(Math.max(0, before.nextPollAt! - clock.now()));
  await vi.waitFor(() => expect(source(id).nextPollAt).not.toBe(before.nextPollAt));
  await clock.advance(s.config.pushIntervalMs); // the push that carries the result to the rooms
}

describe('a polled source', () => {
  it('is live after its first poll, with the values it read', async () => {
    const incident = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body;
    await nextPoll('ceph-par');
    expect(source('ceph-par')).toMatchObject({ state: 'ok', lastError: null, consecutiveFailures: 0, lastSuccessAt: clock.now() - s.config.pushIntervalMs });
    const snap = await state(incident.id);
    expect(metric(snap, 'ceph.health')).toMatchObject({ value: 2, stale: false, problem: null, source: 'ceph-par' });
    expect(metric(snap, 'ceph.health')!.detail).toMatch(/OSD_DOWN/);
  });

  it('dies: its tiles show why at once, turn stale within two intervals, and one feed entry says so', async () => {
    const incident = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body;
    await nextPoll('ceph-par');
    const lastGood = clock.now();
    await ceph.stop();

    await nextPoll('ceph-par');
    const refused = `connection refused (127.0.0.1:${new URL(ceph.url).port})`;
    expect(source('ceph-par')).toMatchObject({ state: 'failing', lastError: { message: refused }, consecutiveFailures: 1 });
    let health = metric(await state(incident.id), 'ceph.health')!;
    expect(health).toMatchObject({ value: 2, problem: refused, stale: false });
    expect(await entries(incident.id, 'feed')).toEqual([]);

    // Two intervals after the last good sample, the sweep finds it stale.
    await clock.advance(lastGood + 2 * INTERVAL + 1000 - clock.now());
    await vi.waitFor(async () => expect(metric(await state(incident.id), 'ceph.health')!.stale).toBe(true));
    health = metric(await state(incident.id), 'ceph.health')!;
    expect(health).toMatchObject({ value: 2, problem: refused, sampledAt: lastGood - s.config.pushIntervalMs });
    await vi.waitFor(async () => expect(await entries(incident.id, 'feed')).toHaveLength(1));
    expect((await entries(incident.id, 'feed'))[0]).toMatchObject({ author: 'ceph-par', text: expect.stringMatching(/^ceph-par: \d+ of \d+ metrics STALE — connection refused/) });

    // Polling backs off while it fails: never faster than the interval, slower each time.
    const first = source('ceph-par').nextPollAt! - source('ceph-par').lastError!.at;
    await nextPoll('ceph-par');
    const second = source('ceph-par').nextPollAt! - source('ceph-par').lastError!.at;
    expect(first).toBeGreaterThanOrEqual(INTERVAL);
    expect(second).toBeGreaterThan(first);
    expect(await entries(incident.id, 'feed')).toHaveLength(1); // still one: the state did not change
  });

  it('comes back by itself; "recovered" waits for the end of the five-minute window', async () => {
    const incident = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body;
    await nextPoll('ceph-par');
    await ceph.stop();
    await nextPoll('ceph-par');
    await clock.advance(2 * INTERVAL + 1000);
    await vi.waitFor(async () => expect(await entries(incident.id, 'feed')).toHaveLength(1));
    const staleEntryAt = clock.now();

    await ceph.start();
    while (source('ceph-par').state !== 'ok') await nextPoll('ceph-par');
    await clock.advance(1000); // a sweep
    expect(metric(await state(incident.id), 'ceph.health')).toMatchObject({ stale: false, problem: null });
    expect(await entries(incident.id, 'feed')).toHaveLength(1);

    await clock.advance(staleEntryAt + 5 * 60_000 - clock.now());
    await vi.waitFor(async () => expect(await entries(incident.id, 'feed')).toHaveLength(2));
    expect((await entries(incident.id, 'feed'))[1]!.text).toMatch(/^ceph-par recovered: data is live again \(stale since \d\d:\d\d:\d\d UTC/);
  });

  it('an incident that follows other sources shows none of its metrics and gets none of its entries', async () => {
    const other = (await s.api('POST', '/api/incidents', { title: 'Deploys only', sources: ['push'] })).body;
    expect(other.sources).toEqual(['push']);
    await nextPoll('ceph-par');
    await ceph.stop();
    await nextPoll('ceph-par');
    await clock.advance(2 * INTERVAL + 1000);
    const snap = await state(other.id);
    expect(snap.metrics.every((m) => m.def.source === 'push')).toBe(true);
    expect(snap.metrics.some((m) => m.def.id === 'vms.missing')).toBe(true);
    expect(await entries(other.id, 'feed')).toEqual([]);
    expect(await s.api('POST', '/api/incidents', { title: 'x', sources: ['nope'] })).toMatchObject({ status: 400, body: { error: { field: 'sources[0]' } } });
  });

  it('GET /api/feeds lists each source with its state, last success, last error, latency and next poll', async () => {
    await nextPoll('ceph-par');
    const report = (await s.api('GET', '/api/feeds')).body;
    expect(report.config).toMatchObject({ file: 'test.yaml', reloadError: null });
    expect(report.sources).toEqual([
      expect.objectContaining({ id: 'ceph-par', type: 'ceph', state: 'ok', intervalMs: INTERVAL, latencyMs: expect.any(Number), nextPollAt: expect.any(Number), staleMetrics: 0 }),
      expect.objectContaining({ id: 'push', type: 'push', state: 'waiting', intervalMs: null }),
    ]);
  });
});

describe('threshold crossings', () => {
  it('write a metric entry, at most one per metric per window, then the state it settled in', async () => {
    const incident = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body;
    const push = async (value: number) => {
      await s.api('POST', '/api/ingest', { metric: 'vms.missing', value, at: new Date(clock.now()).toISOString() });
      await clock.advance(s.config.pushIntervalMs);
    };
    await push(0);
    await push(2800); // OK → CRIT: written
    await push(0); // flapping: held
    await push(2800);
    await push(0);
    await vi.waitFor(async () => expect(await entries(incident.id, 'metric')).toHaveLength(1));
    expect((await entries(incident.id, 'metric'))[0]!.text).toBe('VMs missing CRIT: 2,800 VMs (was OK)');
    await clock.advance(5 * 60_000);
    await vi.waitFor(async () => expect(await entries(incident.id, 'metric')).toHaveLength(2));
    expect((await entries(incident.id, 'metric'))[1]!.text).toBe('VMs missing OK: 0 VMs (was CRIT) (after 3 changes in 5 min)');
  });
});
