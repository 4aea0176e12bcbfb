/** Samples are stored, downsampled and bounded: a restarted server keeps its sparklines, as old as they are. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '#shared/sync';
import { feedsConfig, startServer, tempDir, type TestServer } from '../support/server';
import { TestClock } from '../support/test-clock';

const running: TestServer[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});
const config = feedsConfig('samples: { keep: 1h, resolution: 10s }\nsources:\n  - { id: push, type: push }\n');

async function start(clock: TestClock, dataDir: string) {
  const s = await startServer({ clock, dataDir, feeds: config });
  running.push(s);
  return s;
}
const vms = async (s: TestServer, id: number) =>
  ((await s.api('GET', `/api/incidents/${id}/state`)).body as Snapshot).metrics.find((m) => m.def.id === 'vms.missing');

describe('metric history on disk', () => {
  it('survives a restart, one point per 10 s, with its real age', async () => {
    const clock = new TestClock();
    const dataDir = tempDir();
    const first = await start(clock, dataDir);
    const id = (await first.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    // A sample a second for two minutes.
    for (let i = 0; i < 120; i++) {
      await first.api('POST', '/api/ingest', { metric: 'vms.missing', value: 2800 - i, at: new Date(clock.now()).toISOString() });
      await clock.advance(1000);
    }
    await clock.advance(10_000); // the batch write
    const lastAt = (await vms(first, id))!.sampledAt!;
    running.splice(0);
    await first.close();

    clock.set(clock.now() + 5 * 60_000);
    const second = await start(clock, dataDir);
    const restored = (await vms(second, id))!;
    expect(restored.history.length).toBeGreaterThanOrEqual(12);
    expect(restored.history.length).toBeLessThanOrEqual(13);
    expect(restored.history.every(([at], i, all) => i === 0 || at - all[i - 1]![0] >= 10_000)).toBe(true);
    // The last stored point: not the last sample (within 10 s of it), and never shown as live.
    expect(lastAt - restored.sampledAt!).toBeLessThan(10_000);
    expect(restored).toMatchObject({ stale: true, value: restored.history.at(-1)![1] });
  });

  it('forgets samples older than `keep`', async () => {
    const clock = new TestClock();
    const dataDir = tempDir();
    const s = await start(clock, dataDir);
    await s.api('POST', '/api/ingest', { metric: 'vms.missing', value: 1, at: new Date(clock.now()).toISOString() });
    await clock.advance(10_000);
    expect((await s.store.readSamples('platform', 0, 500)).get('vms.missing')).toEqual({ source: 'push', points: [[expect.any(Number), 1]] });
    await clock.advance(2 * 3_600_000); // past keep, and an hourly prune
    expect((await s.store.readSamples('platform', 0, 500)).get('vms.missing')).toBeUndefined();
  });
});
