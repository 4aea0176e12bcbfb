/**
 * Warroom against the real monitoring stack, started on loopback by the test: Prometheus 2.42
 * scraping a real node_exporter whose mdstat shows a recovering and a delayed array, and a real
 * Alertmanager delivering to Warroom's receiver. A missing binary fails with its Debian package.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '#shared/sync';
import type { Entry } from '#shared/timeline';
import { startAlertmanager, type AlertmanagerProcess } from '../support/alertmanager-process';
import { MDSTAT_REBUILDING, type Procfs, promGet, startNodeExporter, startPrometheus, tempProcfs } from '../support/prometheus-stack';
import { feedsConfig, startServer, tempDir, type TestServer } from '../support/server';
import type { Service } from '../support/spawn-service';
import { TestClock } from '../support/test-clock';

const SLOW = { timeout: 30_000, interval: 200 };

const metric = (snap: Snapshot, id: string) => snap.metrics.find((m) => m.def.id === id)!;
const alertmanagerConfig = (url: string) =>
  feedsConfig(`
sources:
  - id: am-par
    type: alertmanager
    url: ${url}
    interval: 2s
    timeout: 10s
    receiver: web.hook
    storm: { threshold: 10, window: 1m, gather: 1s }
`);
const nodeDown = (host: string, endsAt?: string) => ({
  labels: { alertname: 'NodeDown', severity: 'critical', instance: host },
  annotations: { summary: `Node ${host} is down` },
  ...(endsAt ? { endsAt } : {}),
});

describe('Prometheus and node_exporter', () => {
  const INTERVAL = 5000;
  let procfs: Procfs;
  let exporter: Service;
  let prometheus: Service;
  let s: TestServer;
  let clock: TestClock;

  beforeAll(async () => {
    procfs = tempProcfs(MDSTAT_REBUILDING);
    exporter = await startNodeExporter({ procfsDir: procfs.dir });
    prometheus = await startPrometheus({ targets: [{ address: `127.0.0.1:${exporter.port}`, labels: { instance: 'hv-12:9100' } }], scrapeInterval: '1s' });
    // Until Prometheus has scraped the arrays a few times, there is nothing to read (or to backfill).
    const scrapes = async () => JSON.parse((await promGet(prometheus.url, 'query', { query: 'count_over_time(up[1m])' })).body).data.result[0]?.value[1];
    await vi.waitFor(async () => expect(Number(await scrapes())).toBeGreaterThanOrEqual(3), SLOW);
    clock = new TestClock(Date.now());
    s = await startServer({
      clock,
      random: () => 0,
      feeds: feedsConfig(`
sources:
  - id: prom-par
    type: prometheus
    url: ${prometheus.url}
    interval: 5s
    metrics:
      - { id: hv.up, label: Hypervisors up, query: 'sum(up{job="node"})', thresholds: { crit: 0, direction: below } }
      - { id: hv.md_blocks, label: md blocks, query: 'node_md_blocks', split: device }
  - id: raid-par
    type: raid
    url: ${prometheus.url}
    interval: 5s
    selector: '{job="node"}'
    rateWindow: 1m
`),
    });
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await prometheus?.stop();
    await exporter?.stop();
    procfs?.remove();
  }, 30_000);

  const source = (id: string) => s.server.feeds.report().sources.find((x) => x.id === id)!;
  const incident = () => s.api('POST', '/api/incidents', { title: 'PAR6' }).then((r) => r.body.id as number);
  const state = async (id: number): Promise<Snapshot> => (await s.api('GET', `/api/incidents/${id}/state`)).body;
  async function pollAll(): Promise<void> {
    const before = ['prom-par', 'raid-par'].map((id) => source(id).nextPollAt!);
    await clock.advance(Math.max(0, Math.max(...before) - clock.now()));
    await vi.waitFor(() => expect(['prom-par', 'raid-par'].map((id) => source(id).nextPollAt)).not.toEqual(before), SLOW);
    await clock.advance(s.config.pushIntervalMs);
  }

  it('reads the queries, splits by label, and derives RAID progress', async () => {
    const id = await incident();
    await pollAll();
    const snap = await state(id);
    expect(metric(snap, 'hv.up')).toMatchObject({ value: 1, status: 'ok', stale: false, problem: null });
    // The backfill loaded points from before the first poll.
    expect(metric(snap, 'hv.up').history[0]![0]).toBeLessThan(metric(snap, 'hv.up').sampledAt!);
    // Split: one tile per device; the query's own tile hides once its children exist.
    expect(metric(snap, 'hv.md_blocks').def.hidden).toBe(true);
    expect(snap.metrics.filter((m) => m.def.id.startsWith('hv.md_blocks.')).map((m) => m.def.label).toSorted()).toEqual([
      'md blocks — md6',
      'md blocks — md7',
      'md blocks — md8',
    ]);
    expect(metric(snap, 'raid.rebuilding')).toMatchObject({ value: 1, stale: false });
    expect(metric(snap, 'raid.rebuilding').detail).toMatch(/md6 on hv-12: 8\.5 %/);
    expect(metric(snap, 'raid.queued')).toMatchObject({ value: 1 });
    expect(snap.metrics.find((m) => m.def.id.startsWith('raid.array_pct.'))).toMatchObject({ value: expect.closeTo(8.59, 1) });
  }, 60_000);

  it('Prometheus killed: tiles turn stale with the reason within two intervals; restarted: they recover by themselves', async () => {
    const id = await incident();
    await pollAll();
    const lastGood = clock.now();
    await prometheus.kill();

    await pollAll();
    const refused = `connection refused (127.0.0.1:${prometheus.port})`;
    expect(metric(await state(id), 'hv.up')).toMatchObject({ value: 1, problem: refused, stale: false });
    expect(metric(await state(id), 'raid.rebuilding')).toMatchObject({ problem: refused });
    await clock.advance(lastGood + 2 * INTERVAL + 1000 - clock.now());
    await vi.waitFor(async () => expect(metric(await state(id), 'hv.up')).toMatchObject({ stale: true, problem: refused }), SLOW);
    expect(metric(await state(id), 'raid.rebuilding').stale).toBe(true);

    await prometheus.restart();
    await vi.waitFor(async () => {
      await pollAll();
      expect(source('prom-par').state).toBe('ok');
      expect(source('raid-par').state).toBe('ok');
    }, { timeout: 60_000, interval: 0 });
    await clock.advance(1000);
    const snap = await state(id);
    expect(metric(snap, 'hv.up')).toMatchObject({ stale: false, problem: null, value: 1 });
    expect(metric(snap, 'raid.rebuilding')).toMatchObject({ stale: false, problem: null, value: 1 });
    const feed = (await s.api('GET', `/api/incidents/${id}/timeline`)).body.entries.filter((e: Entry) => e.kind === 'feed');
    expect(feed.map((e: Entry) => e.text).toSorted()).toEqual([expect.stringMatching(/^prom-par: \d+ of \d+ metrics STALE — connection refused/), expect.stringMatching(/^raid-par: /)]);
  }, 120_000);
});

describe('Alertmanager delivering to the receiver', () => {
  let alertmanager: AlertmanagerProcess;
  let s: TestServer;
  const dataDir = tempDir();

  beforeAll(async () => {
    s = await startServer({ dataDir, feeds: feedsConfig('sources: []') });
    // Alertmanager authenticates as a feed token of its own source, as an operator would set it up.
    const bearerToken = await s.token('feed', { source: 'am-par', name: 'alertmanager PAR' });
    alertmanager = await startAlertmanager({ webhookUrl: `${s.url}/api/feeds/am-par/alertmanager`, groupBy: ['alertname'], bearerToken });
    // The receiver comes with a config reload, as SIGHUP would bring it; its first reconcile finds nothing firing.
    s.server.reload(alertmanagerConfig(alertmanager.url));
    await vi.waitFor(() => expect(s.server.feeds.report().sources[0]).toMatchObject({ state: 'ok' }), SLOW);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await alertmanager?.stop();
  }, 30_000);

  const alerts = async (id: number): Promise<Entry[]> =>
    (await s.api('GET', `/api/incidents/${id}/timeline?limit=500`)).body.entries.filter((e: Entry) => e.kind === 'alert');

  it('firing and resolved alerts become entries, once each; the panel and count follow', async () => {
    const id = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    await alertmanager.postAlerts([nodeDown('hv-1'), nodeDown('hv-2')]);
    await vi.waitFor(async () => expect((await alerts(id)).map((e) => e.text).toSorted()).toEqual([
      'FIRING NodeDown (critical) on hv-1: Node hv-1 is down',
      'FIRING NodeDown (critical) on hv-2: Node hv-2 is down',
    ]), SLOW);
    const snap: Snapshot = (await s.api('GET', `/api/incidents/${id}/state`)).body;
    expect(snap.alerts).toEqual([{ source: 'am-par', panel: expect.objectContaining({ firing: 2, groups: [expect.objectContaining({ alertname: 'NodeDown', severity: 'critical', count: 2 })] }) }]);
    expect(snap.metrics.find((m) => m.def.id === 'alerts.firing')).toMatchObject({ value: 2, stale: false });

    await alertmanager.postAlerts([nodeDown('hv-1', new Date(Date.now() - 1000).toISOString())]);
    await vi.waitFor(async () => expect((await alerts(id)).at(-1)?.text).toMatch(/^RESOLVED NodeDown \(critical\) on hv-1/), SLOW);
    // Alertmanager re-sent hv-2 with the resolution: still two FIRING, not three.
    expect((await alerts(id)).filter((e) => e.text.startsWith('FIRING'))).toHaveLength(2);
  }, 60_000);

  it('a storm of 300 alerts is one summary line, not 300', async () => {
    const id = (await s.api('POST', '/api/incidents', { title: 'Storm' })).body.id;
    const storm = Array.from({ length: 300 }, (_, i) => ({ labels: { alertname: i < 200 ? 'HypervisorUnreachable' : 'CephOSDDown', severity: 'critical', instance: `hv-${i}` } }));
    await alertmanager.postAlerts(storm);
    await vi.waitFor(async () => expect((await alerts(id)).some((e) => e.text.startsWith('+'))).toBe(true), SLOW);
    const lines = await alerts(id);
    expect(lines.length).toBeLessThan(15);
    expect(lines.find((e) => e.text.startsWith('+'))!.text).toMatch(/^\+\d+ alerts .*top: HypervisorUnreachable ×\d+, CephOSDDown ×\d+/);
  }, 60_000);

  it('a restarted Warroom learns what is firing from Alertmanager: one line, not one per alert', async () => {
    await s.close();
    s = await startServer({ dataDir, feeds: alertmanagerConfig(alertmanager.url) });
    const id = (await s.api('GET', '/api/incidents')).body.incidents.find((i: { title: string }) => i.title === 'PAR6').id;
    await vi.waitFor(async () => expect((await alerts(id)).at(-1)?.text).toMatch(/^\+\d+ alerts already firing in Alertmanager when Warroom started; top: /), SLOW);
    const snap: Snapshot = (await s.api('GET', `/api/incidents/${id}/state`)).body;
    expect(snap.alerts[0]!.panel.firing).toBeGreaterThan(300);
  }, 60_000);
});
