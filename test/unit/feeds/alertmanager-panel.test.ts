/** The alert panel: firing alerts grouped by alertname and severity, most severe and most numerous first. */
import { describe, expect, it } from 'vitest';
import { AlertPanel } from '#shared/alerts';
import { AlertBook } from '../../../server/src/feeds/alertmanager/alert-book';
import { iso, listedAlert, T0, webhook, webhookAlert, webhookFixture } from '../../fixtures/alertmanager/load';

const groupsOf = (p: AlertPanel) => p.groups.map((g) => `${g.alertname}/${g.severity} ×${g.count}`);

describe('alert panel', () => {
  it('is empty before anything arrives', () => {
    expect(new AlertBook().panel()).toEqual({
      firing: 0,
      suppressed: 0,
      groups: [],
      otherGroups: 0,
      otherAlerts: 0,
      truncatedAlerts: 0,
      incomplete: false,
      limit: 10_000,
      updatedAt: null,
    });
  });

  it('turns a storm of 300 into four groups, with severities read case-insensitively', () => {
    const book = new AlertBook();
    book.applyWebhook(webhookFixture('hand-storm-300.json'), T0);
    const panel = AlertPanel.parse(book.panel());
    expect(groupsOf(panel)).toEqual(['NodeDown/critical ×180', 'CephOSDDown/warning ×80', 'HostHighLoad/warning ×30', 'DiskFull/info ×10']);
    expect(panel).toMatchObject({ firing: 300, updatedAt: T0 });
  });

  it('shows the first few to start in each group, with what a person needs to read them', () => {
    const book = new AlertBook();
    book.applyWebhook(webhookFixture('hand-storm-300.json'), T0);
    const osd = book.panel().groups[1]!;
    expect(osd.examples).toHaveLength(3);
    expect(osd.examples[0]).toEqual({
      fingerprint: expect.any(String),
      instance: 'ceph-1',
      summary: 'OSD osd.0 is down',
      labels: { instance: 'ceph-1', ceph_daemon: 'osd.0' },
      startsAt: Date.parse('2025-03-03T14:56:00.5Z'),
      generatorURL: null,
    });
    expect(osd.examples.map((e) => e.summary)).toEqual(['OSD osd.0 is down', 'OSD osd.1 is down', 'OSD osd.2 is down']);
  });

  const order: { name: string; alerts: [string, string | undefined, number][]; groups: string[] }[] = [
    { name: 'a single critical before many warnings', alerts: [['Disk', 'warning', 50], ['Node', 'critical', 1]], groups: ['Node/critical ×1', 'Disk/warning ×50'] },
    { name: 'the more numerous first within a severity', alerts: [['A', 'warning', 2], ['B', 'warning', 7]], groups: ['B/warning ×7', 'A/warning ×2'] },
    { name: 'by name on a tie', alerts: [['Zed', 'error', 3], ['Abe', 'error', 3]], groups: ['Abe/error ×3', 'Zed/error ×3'] },
    {
      name: 'unknown severities after the known bad ones, missing ones last',
      alerts: [['N', undefined, 9], ['I', 'info', 1], ['P', 'p2', 1], ['W', 'warning', 1]],
      groups: ['W/warning ×1', 'P/p2 ×1', 'I/info ×1', 'N/null ×9'],
    },
    { name: 'one alertname at two severities as two groups', alerts: [['Load', 'warning', 4], ['Load', 'critical', 1]], groups: ['Load/critical ×1', 'Load/warning ×4'] },
  ];
  it.each(order)('sorts $name', ({ alerts, groups }) => {
    const book = new AlertBook();
    const all = alerts.flatMap(([name, severity, n]) =>
      Array.from({ length: n }, (_, i) => {
        const a = webhookAlert(`${name}-${severity}-${i}`, { name });
        a.labels = severity ? { ...a.labels, severity } : { alertname: name };
        return a;
      }),
    );
    book.applyWebhook(webhook(all), T0);
    expect(groupsOf(book.panel())).toEqual(groups);
  });

  it('counts silenced and inhibited alerts apart, outside the groups', () => {
    const book = new AlertBook();
    book.reconcile([listedAlert('a'), listedAlert('b', { state: 'suppressed', name: 'Muted' })], T0);
    expect(book.panel()).toMatchObject({ firing: 1, suppressed: 1 });
    expect(groupsOf(book.panel())).toEqual(['NodeDown/critical ×1']);
  });

  it('lists at most maxGroups groups and counts the rest', () => {
    const book = new AlertBook({ maxGroups: 2, examplesPerGroup: 1 });
    book.applyWebhook(webhookFixture('hand-storm-300.json'), T0);
    const panel = book.panel();
    expect(groupsOf(panel)).toEqual(['NodeDown/critical ×180', 'CephOSDDown/warning ×80']);
    expect(panel).toMatchObject({ otherGroups: 2, otherAlerts: 40 });
    expect(panel.groups.every((g) => g.examples.length === 1)).toBe(true);
  });

  const examples: { name: string; labels: Record<string, string>; annotations: Record<string, string>; instance: string | null; summary: string | null }[] = [
    { name: 'instance', labels: { instance: 'hv-12:9100', host: 'x' }, annotations: { summary: 'S' }, instance: 'hv-12:9100', summary: 'S' },
    { name: 'host when no instance', labels: { host: 'db-1' }, annotations: { description: 'D' }, instance: 'db-1', summary: 'D' },
    { name: 'pod', labels: { pod: 'api-7f9' }, annotations: { message: 'M' }, instance: 'api-7f9', summary: 'M' },
    { name: 'nothing', labels: {}, annotations: {}, instance: null, summary: null },
    { name: 'a multi-line summary', labels: {}, annotations: { summary: '  two\n  lines ' }, instance: null, summary: 'two lines' },
    { name: 'a long description', labels: {}, annotations: { description: 'x'.repeat(500) }, instance: null, summary: `${'x'.repeat(199)}…` },
  ];
  it.each(examples)('an example reads $name', ({ labels, annotations, instance, summary }) => {
    const book = new AlertBook();
    book.applyWebhook(webhook([{ ...webhookAlert('fp'), labels: { alertname: 'A', ...labels }, annotations }]), T0);
    expect(book.panel().groups[0]!.examples[0]).toMatchObject({ instance, summary });
  });

  it('keeps the generator link and the start time', () => {
    const book = new AlertBook();
    book.applyWebhook(webhook([webhookAlert('a', { generatorURL: 'http://prom/graph', startsAt: iso(T0 - 5000) })]), T0);
    expect(book.panel().groups[0]!.examples[0]).toMatchObject({ generatorURL: 'http://prom/graph', startsAt: T0 - 5000 });
  });
});
