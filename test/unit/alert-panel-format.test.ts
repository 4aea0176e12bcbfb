import { describe, expect, it } from 'vitest';
import type { AlertExample, AlertGroup, AlertPanel } from '#shared/alerts';
import { exampleText, foldGroups, moreGroupsText, panelCountsText, panelWarnings, severityLook } from '../../client/src/alerts/alert-format';

function makePanel(o: Partial<AlertPanel> = {}): AlertPanel {
  return { firing: 0, suppressed: 0, groups: [], otherGroups: 0, otherAlerts: 0, truncatedAlerts: 0, incomplete: false, limit: 10_000, updatedAt: null, ...o };
}
const group = (alertname: string, count: number): AlertGroup => ({ alertname, severity: 'critical', count, examples: [] });

describe('severityLook', () => {
  it.each([
    { severity: 'critical', expected: '■ CRIT', tone: 'crit' },
    { severity: 'page', expected: '■ PAGE', tone: 'crit' },
    { severity: 'high', expected: '■ HIGH', tone: 'crit' },
    { severity: 'warning', expected: '▲ WARN', tone: 'warn' },
    { severity: 'minor', expected: '▲ MINOR', tone: 'warn' },
    { severity: 'informational', expected: '● INFO', tone: 'info' },
    { severity: 'none', expected: '● NONE', tone: 'info' },
    // A word no rule set uses is shown as sent, with a shape of its own, cut to stay in its column.
    { severity: 'sev-zero-emergency-now', expected: '◆ SEV-ZERO-…', tone: 'unknown' },
    { severity: 'disaster', expected: '◆ DISASTER', tone: 'unknown' },
    { severity: null, expected: '○ NO SEVERITY', tone: 'unknown' },
  ])('$severity → $expected', ({ severity, expected, tone }) => {
    const look = severityLook(severity);
    expect(`${look.icon} ${look.text}`).toBe(expected);
    expect(look.tone).toBe(tone);
  });
});

describe('panelCountsText', () => {
  it.each([
    { firing: 0, suppressed: 0, expected: 'none firing' },
    { firing: 2800, suppressed: 0, expected: '2,800 firing' },
    { firing: 180, suppressed: 12, expected: '180 firing · 12 suppressed' },
    { firing: 0, suppressed: 3, expected: 'none firing · 3 suppressed' },
  ])('$expected', ({ firing, suppressed, expected }) => expect(panelCountsText({ firing, suppressed })).toBe(expected));
});

describe('exampleText', () => {
  it.each<Pick<AlertExample, 'instance' | 'summary' | 'labels'> & { expected: string }>([
    { instance: 'hv-1:9100', summary: 'Node hv-1 is down', labels: {}, expected: 'hv-1:9100 — Node hv-1 is down' },
    { instance: 'hv-1:9100', summary: null, labels: {}, expected: 'hv-1:9100' },
    { instance: null, summary: 'OSD osd.3 is down', labels: {}, expected: 'OSD osd.3 is down' },
    { instance: null, summary: null, labels: { ceph_daemon: 'osd.3', zone: 'par6' }, expected: 'ceph_daemon=osd.3, zone=par6' },
    { instance: null, summary: null, labels: {}, expected: '(no labels)' },
  ])('$expected', ({ expected, ...example }) => expect(exampleText(example)).toBe(expected));
});

describe('foldGroups and moreGroupsText', () => {
  it('lists every group when they fit', () => {
    const folded = foldGroups(makePanel({ groups: [group('NodeDown', 180)] }), 6);
    expect(folded.shown.map((g) => g.alertname)).toEqual(['NodeDown']);
    expect(moreGroupsText(folded)).toBeNull();
  });
  it('counts the groups it folds with those the server left out', () => {
    const groups = ['A', 'B', 'C', 'D'].map((name, i) => group(name, i + 1));
    const folded = foldGroups(makePanel({ groups, otherGroups: 10, otherAlerts: 400 }), 2);
    expect(folded.shown.map((g) => g.alertname)).toEqual(['A', 'B']);
    expect(moreGroupsText(folded)).toBe('+12 more groups (407 alerts)');
  });
  it('speaks of one group in the singular', () => expect(moreGroupsText({ otherGroups: 1, otherAlerts: 1 })).toBe('+1 more group (1 alert)'));
});

describe('panelWarnings', () => {
  it('says nothing when the panel is whole', () => expect(panelWarnings(makePanel())).toEqual([]));
  it('says how many alerts Alertmanager left out', () =>
    expect(panelWarnings(makePanel({ truncatedAlerts: 1250 }))).toEqual([
      "1,250 alerts were left out of Alertmanager's last notification: some may be missing until the next reconcile",
    ]));
  it('says one alert in the singular', () => expect(panelWarnings(makePanel({ truncatedAlerts: 1 }))[0]).toMatch(/^1 alert was left out/));
  it('says the counts are lower bounds when the book is full', () =>
    expect(panelWarnings(makePanel({ incomplete: true, limit: 10_000 }))).toEqual([
      'More alerts than the panel holds (10,000): the counts are lower bounds',
    ]));
});
