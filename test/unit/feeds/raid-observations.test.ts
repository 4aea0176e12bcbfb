/**
 * RAID through Prometheus: what node_exporter 1.5 really reports (captured) → rebuilding,
 * queued, degraded, ETA. The trap: a DELAYED/PENDING array is in a sync state at 0 blocks.
 */
import { describe, expect, it } from 'vitest';
import { FeedError, type Observation } from '../../../server/src/feeds/observation';
import { formatEta, formatPct, raidObservations } from '../../../server/src/feeds/raid/raid-observations';
import { T, vector } from '../../fixtures/prometheus/load';
import { arraysFromMetrics, type FakeArray, raidAnswers, realMetrics, realRaidAnswers } from '../../fixtures/raid/load';

const NOW = T + 7000;
const byId = (obs: Observation[]) => Object.fromEntries(obs.map(({ metric, ...rest }) => [metric, rest]));
const read = (arrays: FakeArray[], down: string[] = [], options = {}) =>
  byId(raidObservations(raidAnswers(arrays, down), { rateWindow: '5m', ...options }, NOW).observations);

/** The FEEDS.md recovery: md6 at 8.5 %, mdstat's speed=259783K/sec as the rate. */
const md6: FakeArray = { device: 'md6', state: 'recovering', blocks: 195_310_144, synced: 16_775_552, rate: 259_783, missingDisks: 1 };

describe('raidObservations on real node_exporter 1.5 answers', () => {
  it('md6 still (no speed): rebuilding at 8.5 % with ETA unknown, md7 DELAYED queued', () => {
    const obs = byId(raidObservations(realRaidAnswers('static'), { rateWindow: '1m' }, NOW).observations);
    const down = '1 target down (hv-3): their arrays are not counted';
    expect(obs['raid.rebuilding']).toEqual({
      at: 1_796_163_599_351,
      value: 1,
      detail: `md6 on hv-12: 8.5 %, ETA unknown (no progress over the last 1m); queued: md7 on hv-12; ${down}`,
    });
    expect(obs['raid.queued']).toMatchObject({ value: 1, detail: `md7 on hv-12; ${down}` });
    expect(obs['raid.degraded']).toMatchObject({ value: 1, detail: `md6 on hv-12: 1 disk missing; ${down}` });
    expect(obs['raid.eta']).toMatchObject({ value: null, problem: 'ETA unknown for md6 on hv-12: no progress over the last 1m' });
    expect(obs['raid.array_pct.hv-12-md6']!.value).toBeCloseTo((16_775_552 / 195_310_144) * 100, 9);
    // Queued is not "0 % done".
    expect(obs['raid.array_pct.hv-12-md7']).toMatchObject({ value: null, problem: 'queued (resync=DELAYED or PENDING): not started' });
    expect(obs['raid.array_eta.hv-12-md7']).toMatchObject({ value: null });
    expect(obs['raid.array_pct.hv-12-md8']).toBeUndefined();
  });

  it('md6 moving: ETA = remaining blocks / rate, the slowest array gives the overall ETA', () => {
    const reading = raidObservations(realRaidAnswers('moving'), { rateWindow: '1m' }, NOW);
    const obs = byId(reading.observations);
    const eta = (195_310_144 - 50_000_000) / 650_922.3104;
    expect(obs['raid.array_eta.hv-12-md6']).toMatchObject({ value: eta, detail: '25.6 % synced' });
    expect(obs['raid.eta']).toMatchObject({ value: eta, detail: 'slowest: md6 on hv-12: 25.6 %, ETA 4 min; 1 queued array not started (not included)' });
    expect(obs['raid.rebuilding']).toMatchObject({ detail: expect.stringMatching(/^md6 on hv-12: 25\.6 %, ETA 4 min; queued: md7 on hv-12/) });
    expect(reading.children.map((c) => [c.pct.id, c.eta.id, c.pct.label])).toEqual([
      ['raid.array_pct.hv-12-md6', 'raid.array_eta.hv-12-md6', 'RAID synced — md6 on hv-12'],
      ['raid.array_pct.hv-12-md7', 'raid.array_eta.hv-12-md7', 'RAID synced — md7 on hv-12'],
    ]);
  });

  it('every mdstat state node_exporter 1.5 reports (mdstat-variants.txt)', () => {
    const arrays = arraysFromMetrics(realMetrics('real-1.5-metrics-variants.prom'));
    const moving = arrays.map((a) => (a.device === 'md2' || a.device === 'md11' ? { ...a, rate: 100_000 } : a));
    const obs = read(moving);
    // md2 resync 17.3 %, md11 RAID5 recovery (50 % in mdstat, 25 % as node_exporter's blocks count it).
    expect(obs['raid.rebuilding']).toMatchObject({ value: 2 });
    expect(obs['raid.rebuilding']).toMatchObject({ detail: expect.stringMatching(/^md2 on hv-12: 17\.3 %, ETA 2 h 15 min; md11 on hv-12: 25\.0 %, ETA 26 min; /) });
    // PENDING (md1), recovery=DELAYED (md5), resync=DELAYED (md9); the check (md3) and reshape (md10) are neither.
    expect(obs['raid.queued']).toEqual({ at: T, value: 3, detail: 'md1 on hv-12, md5 on hv-12, md9 on hv-12' });
    expect(obs['raid.array_pct.hv-12-md5']).toMatchObject({ problem: 'queued (recovery=DELAYED): not started' });
    expect(obs['raid.degraded']).toEqual({
      at: T,
      value: 4,
      detail: 'md4 on hv-12: inactive; md5 on hv-12: 1 disk missing; md11 on hv-12: 1 disk missing; md13 on hv-12: 1 disk missing',
    });
    expect(obs['raid.array_pct.hv-12-md3']).toBeUndefined();
  });
});

describe('raidObservations', () => {
  it('the FEEDS.md recovery: "md6 on hv-12: 8.5 %, ETA 11 min"', () => {
    const obs = read([md6, { device: 'md8', state: 'active' }]);
    expect(obs['raid.rebuilding']).toEqual({ at: T, value: 1, detail: 'md6 on hv-12: 8.5 %, ETA 11 min' });
    expect(obs['raid.eta']!.value).toBeCloseTo((195_310_144 - 16_775_552) / 259_783, 6);
    expect(obs['raid.array_pct.hv-12-md6']).toMatchObject({ detail: 'ETA 11 min' });
    expect(obs['raid.queued']).toEqual({ at: T, value: 0 });
  });

  it.each([
    ['no rate series yet', { rate: undefined }, 'no speed yet: needs two samples in 5m'],
    ['rate 0: stalled', { rate: 0 }, 'no progress over the last 5m'],
    ['rate NaN', { rate: Number.NaN }, 'no progress over the last 5m'],
  ])('%s: ETA unknown, said so, never 0', (_name, change, reason) => {
    const obs = read([{ ...md6, ...change }]);
    expect(obs['raid.array_eta.hv-12-md6']).toEqual({ at: T, value: null, problem: `ETA unknown: ${reason}` });
    expect(obs['raid.eta']).toEqual({ at: T, value: null, problem: `ETA unknown for md6 on hv-12: ${reason}` });
    expect(obs['raid.rebuilding']).toMatchObject({ value: 1, detail: `md6 on hv-12: 8.5 %, ETA unknown (${reason})` });
  });

  it('a rebuilding array without blocks still counts, with progress unknown', () => {
    const obs = read([{ ...md6, blocks: undefined }]);
    expect(obs['raid.rebuilding']).toMatchObject({ value: 1 });
    expect(obs['raid.array_pct.hv-12-md6']).toMatchObject({ value: null, problem: 'progress unknown: no usable node_md_blocks / node_md_blocks_synced' });
  });

  it('overall ETA is the slowest array; one unknown makes it unknown', () => {
    const fast: FakeArray = { ...md6, device: 'md7', synced: 190_000_000 };
    expect(read([md6, fast])['raid.eta']!.value).toBeCloseTo((195_310_144 - 16_775_552) / 259_783, 6);
    expect(read([md6, { ...fast, rate: 0 }])['raid.eta']).toMatchObject({ value: null, problem: expect.stringContaining('md7 on hv-12') });
  });

  it.each([
    ['nothing rebuilding', [{ device: 'md8', state: 'active' }], { value: 0, detail: 'nothing rebuilding' }],
    [
      'only queued arrays',
      [{ device: 'md7', state: 'resync', blocks: 10, synced: 0 }],
      { value: null, problem: 'ETA unknown: 1 queued array not started, none rebuilding' },
    ],
  ] as const)('ETA with %s', (_name, arrays, expected) => {
    expect(read([...arrays])['raid.eta']).toEqual({ at: T, ...expected });
  });

  it('no node_md series is no data on every summary metric, naming the targets down', () => {
    const reading = raidObservations(raidAnswers([], ['hv-3:9100']), {}, NOW);
    const problem = 'no data: no node_md_state series; 1 target down (hv-3): their arrays are not counted';
    expect(reading.observations).toEqual(
      ['raid.rebuilding', 'raid.queued', 'raid.degraded', 'raid.eta'].map((metric) => ({ metric, at: NOW, value: null, problem })),
    );
    expect(read([])['raid.rebuilding']).toMatchObject({ problem: 'no data: no node_md_state series (no md arrays, or the mdadm collector is off)' });
  });

  it('at most 20 arrays get their own metrics, and the summary says so', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...md6, instance: `hv-${i + 1}:9100`, synced: 16_775_552 + i }));
    const reading = raidObservations(raidAnswers(many), {}, NOW);
    expect(reading.children).toHaveLength(20);
    expect(reading.observations).toHaveLength(4 + 40);
    expect(reading.observations[0]).toMatchObject({ value: 25, detail: expect.stringMatching(/; \+20 more; 5 more arrays without their own % and ETA \(at most 20\)$/) });
  });

  it('takes the host from another label and a custom prefix', () => {
    const answers = raidAnswers([md6]);
    if (answers.state.resultType === 'vector') answers.state.result[0]!.labels.nodename = 'par6-hv-12';
    const obs = byId(raidObservations(answers, { prefix: 'par6.raid', hostLabel: 'nodename' }, NOW).observations);
    expect(obs['par6.raid.array_pct.par6-hv-12-md6']).toBeDefined();
    expect(obs['par6.raid.rebuilding']).toMatchObject({ detail: expect.stringMatching(/^md6 on par6-hv-12: /) });
  });

  it('refuses an answer that is not an instant vector', () => {
    const answers = { ...raidAnswers([md6]), rate: { ...vector([]), resultType: 'scalar' as const, result: { at: T, value: 1 } } };
    expect(() => raidObservations(answers, {}, NOW)).toThrow(FeedError);
    expect(() => raidObservations(answers, {}, NOW)).toThrow('RAID query "rate" returned a scalar, expected an instant vector');
  });
});

describe('formatting', () => {
  it.each([
    [45, '45 s'],
    [1020, '17 min'],
    [7500, '2 h 05 min'],
    [3 * 86_400 + 4 * 3600, '3 d 4 h'],
  ])('formatEta(%d) = %s', (s, text) => expect(formatEta(s)).toBe(text));

  it.each([
    [8.589, '8.5 %'],
    [99.99, '99.9 %'],
    [100, '100.0 %'],
    [0.04, '< 0.1 %'],
    [0, '0.0 %'],
  ])('formatPct(%d) = %s', (pct, text) => expect(formatPct(pct)).toBe(text));
});
