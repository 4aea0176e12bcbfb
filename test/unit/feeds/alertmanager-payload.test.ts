/** Alertmanager's wire formats: the webhook (version 4) and GET /api/v2/alerts, on real and hand-written fixtures. */
import { describe, expect, it } from 'vitest';
import { FeedError } from '../../../server/src/feeds/observation';
import { rfc3339ToMs } from '../../../server/src/feeds/alertmanager/rfc3339';
import { parseGettableAlerts, v2AlertsPath } from '../../../server/src/feeds/alertmanager/v2-alerts';
import { quoteMeta, receiverName, WebhookPayload } from '../../../server/src/feeds/alertmanager/webhook-payload';
import { fixtureNames, rawFixture, webhookFixture } from '../../fixtures/alertmanager/load';

const WEBHOOKS = fixtureNames('').filter((f) => !f.includes('v2') && !f.includes('v1'));
const valid = () => structuredClone(rawFixture('real-0.25-firing.json')) as Record<string, any>;

describe('webhook payload', () => {
  it.each(WEBHOOKS)('%s parses', (name) => {
    const parsed = WebhookPayload.safeParse(rawFixture(name));
    expect(parsed.error).toBeUndefined();
    expect(parsed.data!.alerts.length).toBeGreaterThan(0);
  });

  it('has found every fixture', () => {
    expect(WEBHOOKS).toEqual(
      expect.arrayContaining(['real-0.25-firing.json', 'real-0.25-resolved.json', 'real-0.25-truncated.json', 'hand-storm-300.json']),
    );
  });

  it('keeps what a real Alertmanager 0.25 sent', () => {
    const p = webhookFixture('real-0.25-resolved.json');
    expect(p).toMatchObject({ version: '4', status: 'firing', receiver: 'web\\.hook', truncatedAlerts: 0 });
    // The payload says "firing" because one alert still fires; the other's own status counts.
    expect(p.alerts.map((a) => [a.status, a.labels.instance])).toEqual([
      ['resolved', 'hv-12'],
      ['firing', 'hv-13'],
    ]);
  });

  it('reads a missing truncatedAlerts (Alertmanager before 0.21) as 0, and a real one as sent', () => {
    expect(webhookFixture('hand-pre-0.21.json').truncatedAlerts).toBe(0);
    expect(webhookFixture('real-0.25-truncated.json').truncatedAlerts).toBe(3);
    expect(webhookFixture('hand-truncated-250.json').truncatedAlerts).toBe(250);
  });

  it('accepts and drops fields added by newer senders', () => {
    const p = webhookFixture('hand-newer-fields.json');
    expect(p).not.toHaveProperty('notification_reason');
    expect(p).not.toHaveProperty('routeLabels');
    expect(p.alerts[0]).not.toHaveProperty('silenceURL');
    expect(p.alerts).toHaveLength(2);
  });

  const refusals: { name: string; edit: (p: Record<string, any>) => void; path: string }[] = [
    { name: 'version 3', edit: (p) => (p.version = '3'), path: 'version' },
    { name: 'version as a number', edit: (p) => (p.version = 4), path: 'version' },
    { name: 'no version', edit: (p) => delete p.version, path: 'version' },
    { name: 'no groupKey', edit: (p) => delete p.groupKey, path: 'groupKey' },
    { name: 'no receiver', edit: (p) => delete p.receiver, path: 'receiver' },
    { name: 'an unknown status', edit: (p) => (p.status = 'pending'), path: 'status' },
    { name: 'no alerts', edit: (p) => delete p.alerts, path: 'alerts' },
    { name: 'a negative truncatedAlerts', edit: (p) => (p.truncatedAlerts = -1), path: 'truncatedAlerts' },
    { name: 'an alert without fingerprint', edit: (p) => delete p.alerts[1].fingerprint, path: 'alerts.1.fingerprint' },
    { name: 'an alert with an empty fingerprint', edit: (p) => (p.alerts[0].fingerprint = ''), path: 'alerts.0.fingerprint' },
    { name: 'an alert without status', edit: (p) => delete p.alerts[0].status, path: 'alerts.0.status' },
    { name: 'a numeric label value', edit: (p) => (p.alerts[0].labels.port = 9100), path: 'alerts.0.labels.port' },
    { name: 'a startsAt in Unix seconds', edit: (p) => (p.alerts[0].startsAt = 1741013700), path: 'alerts.0.startsAt' },
    { name: 'a startsAt without zone', edit: (p) => (p.alerts[0].startsAt = '2025-03-03T14:55:00'), path: 'alerts.0.startsAt' },
    { name: 'an alert without endsAt', edit: (p) => delete p.alerts[0].endsAt, path: 'alerts.0.endsAt' },
  ];
  it.each(refusals)('refuses $name, naming the field', ({ edit, path }) => {
    const body = valid();
    edit(body);
    const parsed = WebhookPayload.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it.each([
    ['web\\.hook', 'web.hook'],
    ['pager\\(ops\\)\\.eu', 'pager(ops).eu'],
    ['ops\\+pager\\.\\(eu\\)', 'ops+pager.(eu)'],
    ['a\\\\b', 'a\\b'],
    ['team-infra', 'team-infra'],
  ])('receiver %s is %s, and back', (escaped, name) => {
    expect(receiverName(escaped)).toBe(name);
    expect(quoteMeta(name)).toBe(escaped);
  });
  it('unescapes the receivers real Alertmanager sent', () => {
    expect(receiverName(webhookFixture('real-0.25-truncated.json').receiver)).toBe('pager(ops).eu');
  });
});

describe('RFC 3339 times', () => {
  it.each([
    ['2025-03-03T14:55:00Z', Date.UTC(2025, 2, 3, 14, 55)],
    ['2025-03-03T14:55:00.5Z', Date.UTC(2025, 2, 3, 14, 55, 0, 500)],
    ['2026-12-01T22:16:28.760285215Z', Date.UTC(2026, 11, 1, 22, 16, 28, 760)],
    ['2025-03-03T16:01:00.123456789+01:00', Date.UTC(2025, 2, 3, 15, 1, 0, 123)],
    ['2025-03-03T09:25:00-05:30', Date.UTC(2025, 2, 3, 14, 55)],
    ['0001-01-01T00:00:00Z', null],
    // The year 50, not 1950 as Date.UTC would make it.
    ['0050-06-01T00:00:00Z', Date.parse('0050-06-01T00:00:00Z')],
    ['yesterday', null],
  ])('%s', (text, ms) => {
    expect(rfc3339ToMs(text)).toBe(ms);
  });
});

describe('GET /api/v2/alerts', () => {
  const URL = 'http://am:9093/api/v2/alerts';

  it('parses what a real Alertmanager 0.25 listed, silenced and inhibited alerts included', () => {
    const alerts = parseGettableAlerts(rawFixture('real-0.25-v2-alerts.json'), URL);
    const byName = Object.fromEntries(alerts.map((a) => [a.labels.alertname, a]));
    expect(byName.NodeDown!.status).toEqual({ state: 'active', silencedBy: [], inhibitedBy: [] });
    expect(byName.DiskFull!.status.state).toBe('suppressed');
    expect(byName.DiskFull!.status.silencedBy).toHaveLength(1);
    expect(byName.NodeExporterDown!.status.inhibitedBy).toEqual([byName.NodeDown!.fingerprint]);
    expect(byName.NodeDown!.generatorURL).toMatch(/^http:/);
    expect(byName.CephOSDDown!.generatorURL).toBeUndefined();
  });

  it('reads null id lists as empty, and accepts unprocessed and unknown fields', () => {
    const [a] = parseGettableAlerts(rawFixture('hand-v2-null-ids.json'), URL);
    expect(a!.status).toEqual({ state: 'unprocessed', silencedBy: [], inhibitedBy: [] });
  });

  const failures: { name: string; body: unknown; message: string }[] = [
    { name: 'the API v1 envelope', body: rawFixture('hand-v1-envelope.json'), message: `unexpected body from ${URL}: expected the JSON array of Alertmanager API v2, got an object` },
    { name: 'null', body: null, message: 'got null' },
    { name: 'a string', body: 'ok', message: 'got string' },
    {
      name: 'an alert without fingerprint',
      body: [{ ...(rawFixture('hand-v2-null-ids.json') as object[])[0], fingerprint: undefined }],
      message: `unexpected body from ${URL}: [0].fingerprint: Invalid input: expected string, received undefined`,
    },
    {
      name: 'an unknown state, and more',
      body: [{ labels: {}, status: { state: 'firing' } }],
      message: '[0].annotations: Invalid input: expected record, received undefined (and 6 more problems)',
    },
  ];
  it.each(failures)('refuses $name with a FeedError that says why', ({ body, message }) => {
    expect(() => parseGettableAlerts(body, URL)).toThrow(FeedError);
    expect(() => parseGettableAlerts(body, URL)).toThrow(message);
  });

  it.each([
    [undefined, '/api/v2/alerts'],
    ['web\\.hook', '/api/v2/alerts?receiver=web%5C.hook'],
    ['pager\\(ops\\)\\.eu', '/api/v2/alerts?receiver=pager%5C(ops%5C)%5C.eu'],
  ])('lists the alerts of receiver %s at %s', (receiver, path) => {
    expect(v2AlertsPath(receiver)).toBe(path);
  });

  it('accepts an empty list: nothing is firing', () => {
    expect(parseGettableAlerts([], URL)).toEqual([]);
  });
});
