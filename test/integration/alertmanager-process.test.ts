/**
 * A real Alertmanager (Debian `prometheus-alertmanager`) notifies a real HTTP receiver; its
 * webhooks and its `GET /api/v2/alerts` must parse with Warroom's schemas and drive the book.
 * Set CAPTURE_ALERTMANAGER_FIXTURES=1 to (re)write the payloads seen to
 * test/fixtures/alertmanager/real-*.json, which the unit tests read.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AlertBook } from '../../server/src/feeds/alertmanager/alert-book';
import { parseGettableAlerts, v2AlertsPath } from '../../server/src/feeds/alertmanager/v2-alerts';
import { receiverName, WebhookPayload } from '../../server/src/feeds/alertmanager/webhook-payload';
import { type AlertmanagerProcess, type PostableAlert, startAlertmanager } from '../support/alertmanager-process';

const FIXTURES = path.resolve('test/fixtures/alertmanager');
const capture = (name: string, body: unknown) => {
  if (process.env.CAPTURE_ALERTMANAGER_FIXTURES) fs.writeFileSync(path.join(FIXTURES, name), `${JSON.stringify(body, null, 2)}\n`);
};

/** A webhook receiver on a free loopback port that keeps every body it is sent. */
async function startReceiver() {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/feeds/am/alertmanager`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Polls (bounded) until a received payload satisfies `match`; returns it parsed, and as sent. */
async function payloadWhere(receiver: Receiver, am: AlertmanagerProcess, match: (p: WebhookPayload) => boolean) {
  return vi.waitFor(
    () => {
      const raw = receiver.bodies.find((b) => match(WebhookPayload.parse(b)));
      if (!raw) throw new Error(`no matching webhook among ${receiver.bodies.length}:\n${am.output().slice(-3000)}`);
      return { payload: WebhookPayload.parse(raw), raw };
    },
    { timeout: 20_000, interval: 50 },
  );
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const nodeDown = (instance: string): PostableAlert => ({
  labels: { alertname: 'NodeDown', severity: 'critical', instance },
  annotations: { summary: `Node ${instance} is down` },
  startsAt: ago(60_000),
  generatorURL: 'http://prometheus:9090/graph?g0.expr=up%3D%3D0',
});
const osdDown: PostableAlert = {
  labels: { alertname: 'CephOSDDown', severity: 'warning', ceph_daemon: 'osd.3', instance: 'ceph-1' },
  annotations: { summary: 'OSD osd.3 is down', description: 'osd.3 on ceph-1 has been down for more than 5 minutes.' },
};
// Inhibited by hv-13's NodeDown through the rule below: listed by the API, never notified.
const exporterDown: PostableAlert = { labels: { alertname: 'NodeExporterDown', severity: 'warning', instance: 'hv-13' } };
const maintenance: PostableAlert = { labels: { alertname: 'DiskFull', severity: 'warning', instance: 'hv-99' } };

describe('a real Alertmanager notifying Warroom', () => {
  let receiver: Receiver;
  let am: AlertmanagerProcess;
  const book = new AlertBook();

  beforeAll(async () => {
    receiver = await startReceiver();
    am = await startAlertmanager({
      webhookUrl: receiver.url,
      inhibitRules: [{ source_matchers: ['alertname="NodeDown"'], target_matchers: ['alertname="NodeExporterDown"'], equal: ['instance'] }],
    });
  }, 40_000);
  afterAll(async () => {
    await am?.stop();
    await receiver?.close();
  }, 30_000);

  it('delivers firing alerts as version 4 payloads that parse, with the receiver regex-escaped', async () => {
    await am.postAlerts([nodeDown('hv-12'), nodeDown('hv-13'), osdDown]);
    // Under load Alertmanager can notify the group after the first alert landed, then again with
    // both at its group_interval: wait for the notification that carries both.
    const { payload: nodes, raw } = await payloadWhere(receiver, am, (p) => p.groupLabels.alertname === 'NodeDown' && p.alerts.length === 2);
    const { raw: rawOsd } = await payloadWhere(receiver, am, (p) => p.groupLabels.alertname === 'CephOSDDown');
    capture('real-0.25-firing.json', raw);
    capture('real-0.25-firing-other-group.json', rawOsd);

    expect(nodes.receiver).toBe('web\\.hook');
    expect(receiverName(nodes.receiver)).toBe('web.hook');
    expect(nodes.alerts.map((a) => [a.labels.instance, a.status, a.endsAt])).toEqual([
      ['hv-12', 'firing', '0001-01-01T00:00:00Z'],
      ['hv-13', 'firing', '0001-01-01T00:00:00Z'],
    ]);

    // Every notification received, in order: each alert is announced once, however often it came.
    const transitions = receiver.bodies.flatMap((b, i) => book.applyWebhook(WebhookPayload.parse(b), 1000 + i));
    expect(transitions.map((t) => [t.kind, t.labels.alertname, t.labels.instance]).toSorted()).toEqual([
      ['firing', 'CephOSDDown', 'ceph-1'],
      ['firing', 'NodeDown', 'hv-12'],
      ['firing', 'NodeDown', 'hv-13'],
    ]);
    expect(book.panel().groups.map((g) => [g.alertname, g.severity, g.count])).toEqual([
      ['NodeDown', 'critical', 2],
      ['CephOSDDown', 'warning', 1],
    ]);
  }, 30_000);

  it('sends a resolved alert with the still-firing rest of its group; only the resolution is new', async () => {
    await am.postAlerts([{ ...nodeDown('hv-12'), endsAt: ago(1000) }]);
    const { payload: resolved, raw } = await payloadWhere(receiver, am, (p) => p.alerts.some((a) => a.status === 'resolved'));
    capture('real-0.25-resolved.json', raw);

    expect(resolved.status).toBe('firing');
    const transitions = book.applyWebhook(resolved, 2000);
    expect(transitions.map((t) => [t.kind, t.labels.instance])).toEqual([['resolved', 'hv-12']]);
    expect(transitions[0]!.endsAt).toBeGreaterThan(transitions[0]!.startsAt!);
    expect(book.panel().firing).toBe(2);
  }, 30_000);

  it('lists unresolved alerts in GET /api/v2/alerts, silenced and inhibited ones as suppressed', async () => {
    await am.postAlerts([exporterDown, maintenance]);
    await am.silence({ alertname: 'DiskFull', instance: 'hv-99' }, new Date(Date.now() + 3_600_000).toISOString());
    const listed = await vi.waitFor(
      async () => {
        const alerts = parseGettableAlerts(await am.getAlerts(), `${am.url}/api/v2/alerts`);
        const state = (name: string) => alerts.find((a) => a.labels.alertname === name)?.status.state;
        if (state('NodeExporterDown') !== 'suppressed' || state('DiskFull') !== 'suppressed') throw new Error('not suppressed yet');
        return alerts;
      },
      { timeout: 20_000, interval: 100 },
    );
    capture('real-0.25-v2-alerts.json', await am.getAlerts());

    const byName = (name: string) => listed.find((a) => a.labels.alertname === name)!;
    expect(listed.map((a) => a.labels.instance).toSorted()).toEqual(['ceph-1', 'hv-13', 'hv-13', 'hv-99']);
    expect(byName('DiskFull').status.silencedBy).toHaveLength(1);
    expect(byName('NodeExporterDown').status.inhibitedBy).toHaveLength(1);
    // Firing, yet with a future endsAt: the API's endsAt is a resolve timeout, not an end.
    expect(Date.parse(byName('CephOSDDown').endsAt)).toBeGreaterThan(Date.now());

    // Filtered by the receiver name as the webhook spells it (regex-escaped): the same list, and
    // nothing for a receiver whose name only matches as an unanchored regex.
    expect(parseGettableAlerts(await am.getAlerts(v2AlertsPath('web\\.hook')), am.url)).toHaveLength(4);
    expect(await am.getAlerts(v2AlertsPath('web'))).toEqual([]);
    expect(await am.getAlerts(v2AlertsPath('web.hoo'))).toEqual([]);

    // The book fed by webhooks already agrees: suppressed alerts are held, not announced.
    expect(book.reconcile(listed, 3000)).toEqual([]);
    expect(book.panel()).toMatchObject({ firing: 2, suppressed: 2 });

    // A restarted Warroom (empty book) learns what is firing from the list alone.
    const fresh = new AlertBook();
    const learned = fresh.reconcile(listed, 3000);
    expect(learned.map((t) => [t.kind, t.via, t.labels.alertname]).toSorted()).toEqual([
      ['firing', 'reconcile', 'CephOSDDown'],
      ['firing', 'reconcile', 'NodeDown'],
    ]);
    expect(fresh.panel()).toEqual(book.panel());
  }, 30_000);

  it('does not notify inhibited or silenced alerts', async () => {
    // A later alert's notification shows Alertmanager has flushed the groups posted before it.
    await am.postAlerts([{ labels: { alertname: 'Marker', severity: 'info' } }]);
    await payloadWhere(receiver, am, (p) => p.groupLabels.alertname === 'Marker');
    const names = receiver.bodies.flatMap((b) => WebhookPayload.parse(b).alerts.map((a) => a.labels.alertname));
    expect(names).not.toContain('NodeExporterDown');
    expect(names).not.toContain('DiskFull');
  }, 30_000);
});

describe('a real Alertmanager with max_alerts', () => {
  let receiver: Receiver;
  let am: AlertmanagerProcess;
  beforeAll(async () => {
    receiver = await startReceiver();
    am = await startAlertmanager({ webhookUrl: receiver.url, receiver: 'pager(ops).eu', maxAlerts: 2 });
  }, 40_000);
  afterAll(async () => {
    await am?.stop();
    await receiver?.close();
  }, 30_000);

  it('says how many alerts it left out, and the book resolves none of the missing ones', async () => {
    await am.postAlerts(['hv-1', 'hv-2', 'hv-3', 'hv-4', 'hv-5'].map(nodeDown));
    // The notification once all five have landed (an earlier one may have caught fewer).
    const { payload, raw } = await payloadWhere(receiver, am, (p) => p.truncatedAlerts === 3);
    capture('real-0.25-truncated.json', raw);

    expect(payload.receiver).toBe('pager\\(ops\\)\\.eu');
    expect(receiverName(payload.receiver)).toBe('pager(ops).eu');
    expect(payload.alerts).toHaveLength(2);
    expect(payload.truncatedAlerts).toBe(3);
    const book = new AlertBook();
    expect(book.applyWebhook(payload, 1000)).toHaveLength(2);
    expect(book.panel()).toMatchObject({ firing: 2, truncatedAlerts: 3 });

    const all = parseGettableAlerts(await am.getAlerts(), `${am.url}/api/v2/alerts`);
    expect(book.reconcile(all, 2000).map((t) => t.kind)).toEqual(['firing', 'firing', 'firing']);
    expect(book.panel().firing).toBe(5);
  }, 30_000);
});
