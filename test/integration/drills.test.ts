/** Drills: scenario files replayed into simulated incidents, driven by an injected clock, resumable, never touching reality. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '#shared/sync';
import type { Entry } from '#shared/timeline';
import { formatZoned } from '#shared/zoned-time';
import { loadScenario } from '../../server/src/feeds/scenario/scenario-loader';
import { feedsConfig, startServer, tempDir, type TestServer } from '../support/server';
import { TestClock } from '../support/test-clock';

const PAR6 = loadScenario('scenarios', 'par6-2025-03-03');
const DURATION = 60_000;
const SPEED = PAR6.durationMs / DURATION;
const TICK = 50;
/**
 * Real ms into the replay at which the scenario reaches hh:mm:30 CET on 2025-03-03: the middle
 * of the minute the post-mortem names, so the last tick before it (≤ 50 ms, a third of a
 * scenario minute earlier) falls inside that minute too.
 */
const replayAt = (hhmm: string) => Math.ceil((Date.parse(`2025-03-03T${hhmm}:30+01:00`) - PAR6.start) / SPEED);

const running: TestServer[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});
const demo = `
demo: { scenario: par6-2025-03-03, duration: 1m, tick: 50ms }
sources:
  - id: push
    type: push
    metrics:
      - { id: vms.missing, label: VMs missing, unit: VMs, thresholds: { warn: 1, crit: 200 } }
`;
async function start(clock: TestClock, dataDir: string, yaml = demo) {
  const s = await startServer({ feeds: feedsConfig(yaml), clock, dataDir });
  running.push(s);
  return s;
}
async function state(s: TestServer, id: number): Promise<Snapshot> {
  return (await s.api('GET', `/api/incidents/${id}/state`)).body;
}
const metric = (snap: Snapshot, id: string) => snap.metrics.find((m) => m.def.id === id);

describe('the demo drill', { timeout: 30_000 }, () => {
  it('opens a simulated SEV1 incident and replays the scenario on the compressed clock', async () => {
    const clock = new TestClock();
    const t0 = clock.now();
    const s = await start(clock, tempDir());
    const [incident] = (await s.api('GET', '/api/incidents')).body.incidents;
    expect(incident).toMatchObject({ severity: 'SEV1', status: 'investigating', simulated: true, timeZone: 'Europe/Paris' });
    expect(incident.drill).toEqual({ scenario: 'par6-2025-03-03', speed: SPEED });

    await clock.advance(replayAt('15:49'));
    await vi.waitFor(async () => {
      const snap = await state(s, incident.id);
      expect(metric(snap, 'vms.missing')).toMatchObject({ value: 2800, status: 'crit', stale: false });
      expect(metric(snap, 'raid.rebuilding')?.value).toBe(12);
      expect(snap.entries.at(-1)?.text).toBe('We lacked 2.8k VMs on the infrastructure');
      expect(snap.incident.status).toBe('identified');
    });

    await clock.advance(replayAt('17:31') - (clock.now() - t0));
    await vi.waitFor(async () => {
      const vms = metric(await state(s, incident.id), 'vms.missing')!;
      expect(vms.value).toBe(1300);
      // Falling, with an ETA to zero, as the post-mortem's numbers fall.
      expect(vms.trend).toMatchObject({ state: 'falling' });
      expect(vms.trend!.etaMs).toBeGreaterThan(0);
    });

    await clock.advance(DURATION);
    await vi.waitFor(async () => {
      const snap = await state(s, incident.id);
      expect(snap.incident.status).toBe('resolved');
      expect(metric(snap, 'ceph.health')?.value).toBe(0);
    });
    const timeline = await s.api('GET', `/api/incidents/${incident.id}/timeline?limit=500`);
    const posted = timeline.body.entries.filter((e: { kind: string }) => !['status', 'metric', 'feed'].includes(e.kind));
    expect(posted).toHaveLength(PAR6.steps.filter((x) => x.type === 'entry').length);
    expect(timeline.body.entries.every((e: { simulated: boolean }) => e.simulated)).toBe(true);
  });

  it('replayed entries carry the seed’s recorded times as occurred-at, in the seed’s order', async () => {
    const clock = new TestClock();
    const s = await start(clock, tempDir());
    const [incident] = (await s.api('GET', '/api/incidents')).body.incidents;
    await clock.advance(DURATION);
    await vi.waitFor(async () => expect((await state(s, incident.id)).incident.status).toBe('resolved'));
    const { entries } = (await s.api('GET', `/api/incidents/${incident.id}/timeline?limit=500`)).body as { entries: Entry[] };
    const recorded = PAR6.steps.flatMap((x) => (x.type === 'entry' ? [[new Date(x.at).toISOString(), x.text]] : []));
    const replayed = entries.filter((e) => e.kind !== 'status' && e.kind !== 'metric' && e.kind !== 'feed').map((e) => [e.occurredAt, e.text]);
    expect(replayed).toEqual(recorded);
    expect(replayed[0]).toEqual(['2025-03-03T13:55:00.000Z', 'Power outage at PAR6 (Green Data) data center']);
    expect(formatZoned(Date.parse(entries.find((e) => e.kind === 'note')!.occurredAt), 'Europe/Paris')).toBe('14:55 CET');
    // The status changes the replay makes are dated as the seed dates them too.
    const identified = entries.find((e) => e.kind === 'status' && e.text.endsWith('to identified'))!;
    expect(Date.parse(identified.occurredAt)).toBe(PAR6.steps.find((x) => x.type === 'status' && x.to === 'identified')!.at);
  });

  it('a drill never reaches a real incident: its metrics stay in its own scope', async () => {
    const clock = new TestClock();
    const s = await start(clock, tempDir());
    const real = (await s.api('POST', '/api/incidents', { title: 'Real PAR6 outage' })).body;
    await clock.advance(replayAt('15:49'));
    const drill = (await s.api('GET', '/api/incidents')).body.incidents.find((i: { simulated: boolean }) => i.simulated);
    await vi.waitFor(async () => expect(metric(await state(s, drill.id), 'vms.missing')?.value).toBe(2800));
    const truth = await state(s, real.id);
    // The real incident shows only the platform's vms.missing, which nothing has written.
    expect(truth.metrics.map((m) => m.def.id)).toContain('vms.missing');
    expect(metric(truth, 'vms.missing')).toMatchObject({ value: null, sampledAt: null });
    expect(truth.metrics.some((m) => m.def.id === 'raid.rebuilding')).toBe(false);
    expect(truth.entries).toEqual([]);
  });

  it('a restarted server resumes the same replay without repeating entries', async () => {
    const clock = new TestClock();
    const t0 = clock.now();
    const dataDir = tempDir();
    const first = await start(clock, dataDir);
    const id = (await first.api('GET', '/api/incidents')).body.incidents[0].id;
    await clock.advance(replayAt('16:00'));
    await vi.waitFor(async () => expect((await state(first, id)).entries.at(-1)?.text).toMatch(/Can now repair databases/));
    running.splice(0);
    await first.close();

    clock.set(t0 + replayAt('17:31'));
    const second = await start(clock, dataDir);
    await clock.advance(TICK);
    expect((await second.api('GET', '/api/incidents')).body.incidents).toHaveLength(1);
    await vi.waitFor(async () => {
      const snap = await state(second, id);
      expect(snap.entries.at(-1)?.text).toBe('Still 1.3k VMs to deploy');
      expect(metric(snap, 'vms.missing')?.value).toBe(1300);
      // The sparkline was backfilled after the restart.
      expect(metric(snap, 'vms.missing')!.history.length).toBeGreaterThan(100);
    });
    const all = (await second.api('GET', `/api/incidents/${id}/timeline?limit=500`)).body.entries;
    const clientIds = all.map((e: { clientId: string | null }) => e.clientId).filter(Boolean);
    expect(new Set(clientIds).size).toBe(clientIds.length);
  });

  it('starts a fresh replay once the previous one has finished', async () => {
    const clock = new TestClock();
    const dataDir = tempDir();
    const first = await start(clock, dataDir);
    running.splice(0);
    await first.close();
    clock.set(clock.now() + DURATION + 1);
    const second = await start(clock, dataDir);
    expect((await second.api('GET', '/api/incidents')).body.incidents).toHaveLength(2);
  });

  it('with a config file that asks for no demo, none runs', async () => {
    const s = await start(new TestClock(), tempDir(), 'sources: []');
    expect((await s.api('GET', '/api/incidents')).body.incidents).toEqual([]);
  });
});

describe('POST /api/drills', () => {
  it('starts the 2021 network scenario at the speed asked', async () => {
    const clock = new TestClock();
    const s = await start(clock, tempDir(), 'sources: []');
    const res = await s.api('POST', '/api/drills', { scenario: 'par-network-2021-06-16', speed: 120 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ simulated: true, drill: { scenario: 'par-network-2021-06-16', speed: 120 } });
    await clock.advance(60_000);
    await vi.waitFor(async () => expect((await state(s, res.body.id)).entries.length).toBeGreaterThan(0));
  });

  it('refuses an unknown scenario or a bad speed, naming the field, storing nothing', async () => {
    const s = await start(new TestClock(), tempDir(), 'sources: []');
    expect(await s.api('POST', '/api/drills', { scenario: 'nope', speed: 10 })).toMatchObject({ status: 404, body: { error: { field: 'scenario' } } });
    expect(await s.api('POST', '/api/drills', { scenario: 'par6-2025-03-03', speed: -1 })).toMatchObject({ status: 400, body: { error: { field: 'speed' } } });
    expect(await s.api('POST', '/api/drills', { scenario: '../etc/passwd' })).toMatchObject({ status: 400, body: { error: { field: 'scenario' } } });
    expect((await s.api('GET', '/api/incidents')).body.incidents).toEqual([]);
  });

  it('lists the shipped scenarios', async () => {
    const s = await start(new TestClock(), tempDir(), 'sources: []');
    const ids = (await s.api('GET', '/api/scenarios')).body.scenarios.map((x: { id: string }) => x.id);
    expect(ids).toEqual(['par-network-2021-06-16', 'par6-2025-03-03']);
  });
});
