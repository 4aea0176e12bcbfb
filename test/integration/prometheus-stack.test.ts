/**
 * Our PromQL and parsing against the real thing: node_exporter 1.5 reading a crafted mdstat,
 * scraped every second by Prometheus 2.42, queried over its HTTP API as the poller will.
 * Fails with the Debian package to install when a binary is missing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FeedError, type Observation } from '../../server/src/feeds/observation';
import { NO_DATA, promObservations } from '../../server/src/feeds/prometheus/prom-observations';
import { promRangeParams, promRangePoints } from '../../server/src/feeds/prometheus/prom-range';
import { type PromData, parsePromResponse } from '../../server/src/feeds/prometheus/prom-response';
import type { RaidResults } from '../../server/src/feeds/raid/raid-arrays';
import { raidObservations } from '../../server/src/feeds/raid/raid-observations';
import { type RaidQueryName, raidQueries } from '../../server/src/feeds/raid/raid-queries';
import {
  MDSTAT_REBUILDING,
  type Procfs,
  mdstatWithMd6At,
  promGet,
  startNodeExporter,
  startPrometheus,
  tempProcfs,
} from '../support/prometheus-stack';
import type { Service } from '../support/spawn-service';

const OPTIONS = { selector: '{job="node"}', rateWindow: '1m' };
const SLOW = { timeout: 30_000, interval: 250 };
const MD6_BLOCKS = 195_310_144;

let procfs: Procfs | undefined;
let exporter: Service | undefined;
let prometheus: Service | undefined;

beforeAll(async () => {
  procfs = tempProcfs(MDSTAT_REBUILDING);
  exporter = await startNodeExporter({ procfsDir: procfs.dir });
  prometheus = await startPrometheus({
    targets: [{ address: `127.0.0.1:${exporter.port}`, labels: { instance: 'hv-12:9100' } }],
    scrapeInterval: '1s',
  });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.stop();
  procfs?.remove();
});

async function instant(query: string, time: number): Promise<PromData> {
  const a = await promGet(prometheus!.url, 'query', { query, time: String(time / 1000) });
  return parsePromResponse(a.url, a.status, a.body);
}

/** All RAID queries at one instant, as the RAID source will issue them. */
async function readRaid(): Promise<{ obs: Record<string, Observation>; time: number }> {
  // A little in the past: a scrape stamped before `time` may still be landing at `time`, and a
  // second query at the same instant (the rate check below) must see the same samples.
  const time = Date.now() - 1500;
  const entries = await Promise.all(
    Object.entries(raidQueries(OPTIONS)).map(async ([name, query]) => [name, await instant(query, time)] as const),
  );
  const results = Object.fromEntries(entries) as Record<RaidQueryName, PromData> as RaidResults;
  const { observations } = raidObservations(results, OPTIONS, time);
  return { obs: Object.fromEntries(observations.map((o) => [o.metric, o])), time };
}

describe('RAID through a real Prometheus and node_exporter', () => {
  it('a recovery standing still: 1 rebuilding at its %, ETA unknown; the DELAYED array queued', async () => {
    // Until the rate window holds two scrapes the reason is "no speed yet": wait for the settled one.
    const { obs } = await vi.waitFor(async () => {
      const r = await readRaid();
      expect(r.obs['raid.array_eta.hv-12-md6']).toMatchObject({ value: null, problem: 'ETA unknown: no progress over the last 1m' });
      return r;
    }, SLOW);
    expect(obs['raid.rebuilding']).toMatchObject({
      value: 1,
      detail: 'md6 on hv-12: 8.5 %, ETA unknown (no progress over the last 1m); queued: md7 on hv-12',
    });
    expect(obs['raid.array_pct.hv-12-md6']!.value).toBeCloseTo((16_775_552 / MD6_BLOCKS) * 100, 9);
    expect(obs['raid.queued']).toMatchObject({ value: 1, detail: 'md7 on hv-12' });
    expect(obs['raid.array_pct.hv-12-md7']).toMatchObject({ value: null, problem: 'queued (resync=DELAYED or PENDING): not started' });
    expect(obs['raid.degraded']).toMatchObject({ value: 1, detail: 'md6 on hv-12: 1 disk missing' });
    expect(obs['raid.eta']).toMatchObject({ value: null, problem: 'ETA unknown for md6 on hv-12: no progress over the last 1m' });
    expect(obs['raid.array_pct.hv-12-md8']).toBeUndefined();
  }, 60_000);

  it('md6 moves on: the ETA is the remaining blocks over the rate Prometheus computes', async () => {
    procfs!.writeMdstat(mdstatWithMd6At(50_000_000));
    const { obs, time } = await vi.waitFor(async () => {
      const r = await readRaid();
      expect(r.obs['raid.array_eta.hv-12-md6']?.value).toBeGreaterThan(0);
      return r;
    }, SLOW);
    const rate = await instant('rate(node_md_blocks_synced{device="md6"}[1m])', time);
    if (rate.resultType !== 'vector') throw new Error('rate is not a vector');
    const eta = (MD6_BLOCKS - 50_000_000) / rate.result[0]!.value!;
    expect(obs['raid.array_eta.hv-12-md6']!.value).toBeCloseTo(eta, 6);
    expect(obs['raid.eta']!.value).toBeCloseTo(eta, 6);
    expect(obs['raid.array_pct.hv-12-md6']).toMatchObject({ value: (50_000_000 / MD6_BLOCKS) * 100 });
    expect(obs['raid.queued']).toMatchObject({ value: 1 });
  }, 60_000);

  it('a query_range backfill parses into the points Prometheus scraped', async () => {
    // The range ends on a whole second, possibly just before the newest scrape: poll for it.
    await vi.waitFor(async () => {
      const params = promRangeParams('node_md_blocks_synced{device="md6"}', Date.now(), { lookbackMs: 120_000 });
      const a = await promGet(prometheus!.url, 'query_range', params);
      const q = { id: 'raid.md6_synced', query: params.query };
      const { points, problem } = promRangePoints(q, parsePromResponse(a.url, a.status, a.body));
      expect(problem).toBeNull();
      expect(new Set(points['raid.md6_synced']!.map(([, v]) => v))).toEqual(new Set([16_775_552, 50_000_000]));
    }, SLOW);
  });

  it('bad PromQL surfaces as HTTP 400 bad_data; an empty answer is no data', async () => {
    const a = await promGet(prometheus!.url, 'query', { query: 'sum(node_md_blocks' });
    expect(() => parsePromResponse(a.url, a.status, a.body)).toThrow(FeedError);
    expect(() => parsePromResponse(a.url, a.status, a.body)).toThrow(/^HTTP 400 from http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query: bad_data: .*parse error/);
    const empty = await instant('node_md_blocks{device="md99"}', Date.now());
    expect(promObservations({ id: 'md99', query: '' }, empty, 1)).toEqual([{ metric: 'md99', at: 1, value: null, problem: NO_DATA }]);
  });

  it('every mdstat state: PENDING and both DELAYED are queued, a check is not a rebuild, inactive is degraded', async () => {
    const { readFileSync } = await import('node:fs');
    procfs!.writeMdstat(readFileSync(new URL('../fixtures/raid/mdstat-variants.txt', import.meta.url), 'utf8'));
    const { obs } = await vi.waitFor(async () => {
      const r = await readRaid();
      // md6..md8 vanish at once: node_exporter stops exporting them and Prometheus marks them stale.
      expect(r.obs['raid.queued']).toMatchObject({ value: 3, detail: 'md1 on hv-12, md5 on hv-12, md9 on hv-12' });
      return r;
    }, SLOW);
    // Both new to Prometheus and standing still: ETA unknown for both, listed md2 before md11.
    expect(obs['raid.rebuilding']).toMatchObject({ value: 2, detail: expect.stringMatching(/^md2 on hv-12: 17\.3 %, ETA unknown \(.*\); md11 on hv-12: 25\.0 %, ETA unknown/) });
    expect(obs['raid.degraded']).toMatchObject({
      value: 4,
      detail: 'md4 on hv-12: inactive; md5 on hv-12: 1 disk missing; md11 on hv-12: 1 disk missing; md13 on hv-12: 1 disk missing',
    });
  }, 60_000);

  it('node_exporter dies: its arrays vanish and the counts become no data naming the target, never 0', async () => {
    await exporter!.kill();
    const { obs } = await vi.waitFor(async () => {
      const r = await readRaid();
      expect(r.obs['raid.rebuilding']?.value).toBeNull();
      return r;
    }, SLOW);
    expect(obs['raid.rebuilding']).toMatchObject({
      problem: 'no data: no node_md_state series; 1 target down (hv-12): their arrays are not counted',
    });
  }, 60_000);
});
