/** The built-in PAR6 replay: driven by an injected clock, resumable across restarts. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '#shared/sync';
import { entries, scenario } from '../../server/src/feeds/simulator/par6-scenario';
import { startServer, tempDir, type TestServer } from '../support/server';
import { TestClock } from '../support/test-clock';

const DURATION = 60_000;
const SPAN = scenario.endMinute - scenario.startMinute;
/** Real ms into the replay at which the scenario reaches hh:mm CET. */
const replayAt = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  // A few ms past the minute, so rounding never leaves it just short.
  return Math.ceil(((h! * 60 + m! - (14 * 60 + 55) - scenario.startMinute) / SPAN) * DURATION) + 10;
};

const running: TestServer[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});
async function start(clock: TestClock, dataDir: string) {
  const s = await startServer({ feed: 'simulator', simulator: { durationMs: DURATION, tickMs: 10 }, clock, dataDir });
  running.push(s);
  return s;
}
async function state(s: TestServer, id: number): Promise<Snapshot> {
  return (await s.api('GET', `/api/incidents/${id}/state`)).body;
}
const metric = (snap: Snapshot, id: string) => snap.metrics.find((m) => m.def.id === id)!;

describe('PAR6 simulator', () => {
  it('creates a simulated SEV1 demo incident and replays metrics and entries on the compressed clock', async () => {
    const clock = new TestClock();
    const t0 = clock.now();
    const s = await start(clock, tempDir());
    const [incident] = (await s.api('GET', '/api/incidents')).body.incidents;
    expect(incident).toMatchObject({ severity: 'SEV1', status: 'investigating', simulated: true, timeZone: 'Europe/Paris' });

    clock.set(t0 + replayAt('15:49'));
    await vi.waitFor(async () => {
      const snap = await state(s, incident.id);
      expect(metric(snap, 'vms.missing')).toMatchObject({ value: 2800, source: 'simulator', status: 'crit' });
      expect(metric(snap, 'raid.rebuilding').value).toBe(12);
      expect(snap.entries.at(-1)?.text).toBe('We lacked 2.8k VMs on the infrastructure');
      expect(snap.incident.status).toBe('identified');
    });

    clock.set(t0 + DURATION);
    await vi.waitFor(async () => {
      const snap = await state(s, incident.id);
      expect(snap.incident.status).toBe('resolved');
      expect(metric(snap, 'ceph.health').value).toBe(0);
      expect(metric(snap, 'vms.missing').value).toBe(0);
    });
    const timeline = await s.api('GET', `/api/incidents/${incident.id}/timeline?limit=500`);
    const posted = timeline.body.entries.filter((e: { kind: string }) => e.kind !== 'status');
    expect(posted).toHaveLength(entries.length);
    expect(timeline.body.entries.every((e: { simulated: boolean }) => e.simulated)).toBe(true);
  });

  it('a restarted server resumes the same replay without repeating entries', async () => {
    const clock = new TestClock();
    const t0 = clock.now();
    const dataDir = tempDir();
    const first = await start(clock, dataDir);
    const id = (await first.api('GET', '/api/incidents')).body.incidents[0].id;
    clock.set(t0 + replayAt('16:00'));
    await vi.waitFor(async () => expect((await state(first, id)).entries.at(-1)?.text).toMatch(/Can now repair databases/));
    running.splice(0);
    await first.close();

    clock.set(t0 + replayAt('17:31'));
    const second = await start(clock, dataDir);
    const incidents = (await second.api('GET', '/api/incidents')).body.incidents;
    expect(incidents).toHaveLength(1);
    await vi.waitFor(async () => {
      const snap = await state(second, id);
      expect(snap.entries.at(-1)?.text).toBe('Still 1.3k VMs to deploy');
      expect(metric(snap, 'vms.missing').value).toBe(1300);
      // The sparkline was backfilled after the restart.
      expect(metric(snap, 'vms.missing').history.length).toBeGreaterThan(100);
    });
    const all = (await second.api('GET', `/api/incidents/${id}/timeline?limit=500`)).body.entries;
    const clientIds = all.map((e: { clientId: string | null }) => e.clientId).filter(Boolean);
    expect(new Set(clientIds).size).toBe(clientIds.length);
  });

  it('starts a fresh replay once the previous one has finished', async () => {
    const clock = new TestClock();
    const dataDir = tempDir();
    await start(clock, dataDir);
    running.splice(0).forEach((s) => void s.close());
    clock.advance(DURATION + 1);
    const second = await start(clock, dataDir);
    expect((await second.api('GET', '/api/incidents')).body.incidents).toHaveLength(2);
  });
});
