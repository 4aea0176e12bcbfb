/** The alert book: transitions from webhooks and reconciles, de-duplicated by fingerprint. */
import { describe, expect, it } from 'vitest';
import { AlertBook, type AlertTransition } from '../../../server/src/feeds/alertmanager/alert-book';
import { parseGettableAlerts } from '../../../server/src/feeds/alertmanager/v2-alerts';
import {
  iso,
  listedAlert,
  rawFixture,
  resolvedAlert,
  T0,
  webhook,
  webhookAlert,
  webhookFixture,
} from '../../fixtures/alertmanager/load';

const brief = (ts: AlertTransition[]) => ts.map((t) => `${t.kind} ${t.fingerprint}`);
/** A seeded generator, so a failure of the invariant below is reproducible. */
const random = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

describe('webhooks', () => {
  it('announces each new firing alert once, with its labels, start and the time it was learned', () => {
    const book = new AlertBook();
    const ts = book.applyWebhook(webhookFixture('real-0.25-firing.json'), T0);
    expect(ts).toEqual([
      expect.objectContaining({ kind: 'firing', via: 'webhook', at: T0, endsAt: null, startsAt: Date.parse('2026-12-01T22:18:06.423Z') }),
      expect.objectContaining({ kind: 'firing', labels: { alertname: 'NodeDown', instance: 'hv-13', severity: 'critical' } }),
    ]);
    expect(book.size).toBe(2);
  });

  const cases: { name: string; payloads: ReturnType<typeof webhook>[]; transitions: string[][]; firing: number }[] = [
    {
      name: 'the same notification again (repeat_interval, a retry)',
      payloads: [webhook([webhookAlert('a'), webhookAlert('b')]), webhook([webhookAlert('a'), webhookAlert('b')])],
      transitions: [['firing a', 'firing b'], []],
      firing: 2,
    },
    {
      name: 'the same alert in two groups',
      payloads: [webhook([webhookAlert('a')], { groupKey: '{}:{job="node"}' }), webhook([webhookAlert('a')], { groupKey: '{}:{dc="par6"}' })],
      transitions: [['firing a'], []],
      firing: 1,
    },
    {
      name: 'a resolution sent with the still-firing rest of the group',
      payloads: [webhook([webhookAlert('a'), webhookAlert('b')]), webhook([resolvedAlert('a'), webhookAlert('b')])],
      transitions: [['firing a', 'firing b'], ['resolved a']],
      firing: 1,
    },
    {
      name: 'an alert missing from a later (truncated) notification',
      payloads: [webhook([webhookAlert('a'), webhookAlert('b')]), webhook([webhookAlert('b')], { truncatedAlerts: 1 })],
      transitions: [['firing a', 'firing b'], []],
      firing: 2,
    },
    {
      name: 'a resolution of an alert never seen firing',
      payloads: [webhook([resolvedAlert('a')])],
      transitions: [[]],
      firing: 0,
    },
    {
      name: 'the same resolution twice',
      payloads: [webhook([webhookAlert('a')]), webhook([resolvedAlert('a')]), webhook([resolvedAlert('a')])],
      transitions: [['firing a'], ['resolved a'], []],
      firing: 0,
    },
    {
      name: 'a firing notification delivered late, after its resolution',
      payloads: [webhook([webhookAlert('a')]), webhook([resolvedAlert('a')]), webhook([webhookAlert('a')], { groupKey: 'other' })],
      transitions: [['firing a'], ['resolved a'], []],
      firing: 0,
    },
    {
      name: 'the alert firing again after its resolution (a new startsAt)',
      payloads: [webhook([webhookAlert('a')]), webhook([resolvedAlert('a')]), webhook([webhookAlert('a', { startsAt: iso(T0 + 3_600_000) })])],
      transitions: [['firing a'], ['resolved a'], ['firing a']],
      firing: 1,
    },
    {
      name: "an old occurrence's resolution delivered after the alert fired again",
      payloads: [webhook([webhookAlert('a', { startsAt: iso(T0 + 3_600_000) })]), webhook([resolvedAlert('a')])],
      transitions: [['firing a'], []],
      firing: 1,
    },
  ];
  it.each(cases)('$name', ({ payloads, transitions, firing }) => {
    const book = new AlertBook();
    expect(payloads.map((p, i) => brief(book.applyWebhook(p, T0 + i)))).toEqual(transitions);
    expect(book.panel().firing).toBe(firing);
  });

  it('replays the real notifications: hv-12 and hv-13 fire, hv-12 resolves after its real duration', () => {
    const book = new AlertBook();
    book.applyWebhook(webhookFixture('real-0.25-firing.json'), T0);
    const [resolved, ...rest] = book.applyWebhook(webhookFixture('real-0.25-resolved.json'), T0 + 1000);
    expect(rest).toEqual([]);
    expect(resolved).toMatchObject({ kind: 'resolved', labels: { instance: 'hv-12' }, endsAt: Date.parse('2026-12-01T22:19:06.464Z') });
  });

  it('takes a storm of 300 alerts in one payload, and nothing new from its repeat', () => {
    const book = new AlertBook();
    const storm = webhookFixture('hand-storm-300.json');
    expect(book.applyWebhook(storm, T0)).toHaveLength(300);
    expect(book.applyWebhook(storm, T0 + 60_000)).toEqual([]);
    expect(book.panel().firing).toBe(300);
  });

  it('sums the latest truncatedAlerts of each group, so one untruncated group does not hide another', () => {
    const book = new AlertBook();
    book.applyWebhook(webhookFixture('hand-truncated-250.json'), T0);
    book.applyWebhook(webhook([webhookAlert('x')], { groupKey: 'g2', truncatedAlerts: 5 }), T0 + 1);
    book.applyWebhook(webhook([webhookAlert('y')], { groupKey: 'g3' }), T0 + 2);
    expect(book.panel().truncatedAlerts).toBe(255);
    book.applyWebhook(webhook([webhookAlert('x')], { groupKey: 'g2' }), T0 + 3);
    expect(book.panel().truncatedAlerts).toBe(250);
  });
});

describe('reconcile with GET /api/v2/alerts', () => {
  it('an empty (restarted) book announces the active and unprocessed alerts, and holds suppressed ones silently', () => {
    const book = new AlertBook();
    const ts = book.reconcile([listedAlert('a'), listedAlert('b', { state: 'unprocessed' }), listedAlert('c', { state: 'suppressed' })], T0);
    expect(brief(ts)).toEqual(['firing a', 'firing b']);
    expect(ts.every((t) => t.via === 'reconcile')).toBe(true);
    expect(book.panel()).toMatchObject({ firing: 2, suppressed: 1 });
  });

  it('resolves what Alertmanager no longer lists (resolved while Warroom was down), end time unknown', () => {
    const book = new AlertBook();
    book.applyWebhook(webhook([webhookAlert('a'), webhookAlert('b')]), T0);
    const ts = book.reconcile([listedAlert('b')], T0 + 60_000);
    expect(ts).toEqual([expect.objectContaining({ kind: 'resolved', fingerprint: 'a', endsAt: null, via: 'reconcile' })]);
    expect(book.reconcile([listedAlert('b')], T0 + 120_000)).toEqual([]);
  });

  it('agrees with a book fed by the real notifications of the same Alertmanager', () => {
    const book = new AlertBook();
    for (const name of ['real-0.25-firing.json', 'real-0.25-firing-other-group.json', 'real-0.25-resolved.json']) {
      book.applyWebhook(webhookFixture(name), T0);
    }
    const listed = parseGettableAlerts(rawFixture('real-0.25-v2-alerts.json'), 'http://am/api/v2/alerts');
    expect(book.reconcile(listed, T0 + 1000)).toEqual([]);
    expect(book.panel()).toMatchObject({ firing: 2, suppressed: 2 });
  });

  it('keeps what a webhook confirmed after the list was requested', () => {
    const book = new AlertBook();
    book.applyWebhook(webhook([webhookAlert('new')]), T0 + 10);
    expect(book.reconcile([], T0)).toEqual([]);
    expect(book.size).toBe(1);
  });

  it('does not bring back what a webhook resolved after the list was requested', () => {
    const book = new AlertBook();
    book.applyWebhook(webhook([webhookAlert('a')]), T0);
    book.applyWebhook(webhook([resolvedAlert('a')]), T0 + 10);
    expect(book.reconcile([listedAlert('a')], T0 + 5)).toEqual([]);
    // A later list still showing it is Alertmanager's word: it fires again.
    expect(brief(book.reconcile([listedAlert('a')], T0 + 20))).toEqual(['firing a']);
  });

  it('a suppressed alert gets no FIRING until it is notified, and no RESOLVED if it never was', () => {
    const book = new AlertBook();
    book.reconcile([listedAlert('s', { state: 'suppressed' })], T0);
    expect(brief(book.applyWebhook(webhook([webhookAlert('s')]), T0 + 1))).toEqual(['firing s']);

    const quiet = new AlertBook();
    quiet.reconcile([listedAlert('s', { state: 'suppressed' })], T0);
    expect(quiet.reconcile([listedAlert('s')], T0 + 1).map((t) => t.kind)).toEqual(['firing']);
    // s was announced, so its end is too; s2 never was, so it ends quietly.
    expect(brief(quiet.reconcile([listedAlert('s2', { state: 'suppressed' })], T0 + 2))).toEqual(['resolved s']);
    expect(quiet.reconcile([], T0 + 3)).toEqual([]);
    expect(quiet.size).toBe(0);
  });

  it('an announced alert silenced later moves to the suppressed count, and still gets its RESOLVED', () => {
    const book = new AlertBook();
    book.applyWebhook(webhook([webhookAlert('a')]), T0);
    expect(book.reconcile([listedAlert('a', { state: 'suppressed' })], T0 + 1)).toEqual([]);
    expect(book.panel()).toMatchObject({ firing: 0, suppressed: 1 });
    expect(brief(book.reconcile([], T0 + 2))).toEqual(['resolved a']);
  });
});

describe('memory bound', () => {
  it('refuses new alerts past the limit and says the panel is incomplete until a reconcile fits', () => {
    const book = new AlertBook({ limit: 3 });
    const five = ['a', 'b', 'c', 'd', 'e'].map((fp) => webhookAlert(fp));
    expect(brief(book.applyWebhook(webhook(five), T0))).toEqual(['firing a', 'firing b', 'firing c']);
    expect(book.panel()).toMatchObject({ firing: 3, incomplete: true, limit: 3 });
    // Room again after a resolution, but d and e were lost: only a reconcile can tell.
    book.applyWebhook(webhook([resolvedAlert('a')]), T0 + 1);
    expect(book.panel().incomplete).toBe(true);
    expect(brief(book.reconcile([listedAlert('b'), listedAlert('d')], T0 + 2))).toEqual(['resolved c', 'firing d']);
    expect(book.panel()).toMatchObject({ firing: 2, incomplete: false });
  });

  it('a reconcile past the limit keeps the alerts already held, then the most severe', () => {
    const book = new AlertBook({ limit: 3 });
    book.applyWebhook(webhook([webhookAlert('info', { severity: 'info' })]), T0);
    const list = [
      listedAlert('w', { severity: 'warning' }),
      listedAlert('info', { severity: 'info' }),
      listedAlert('s', { severity: 'critical', state: 'suppressed' }),
      listedAlert('c', { severity: 'critical' }),
    ];
    expect(brief(book.reconcile(list, T0 + 1))).toEqual(['firing c', 'firing w']);
    expect(book.get('s')).toBeUndefined();
    expect(book.panel().incomplete).toBe(true);
  });
});

describe('invariant: every RESOLVED follows a FIRING of the same alert, and no alert is announced twice in a row', () => {
  it.each([1, 2, 3, 4, 5])('holds over 500 random webhooks and reconciles (seed %i)', (seed) => {
    const rnd = random(seed);
    const book = new AlertBook({ limit: 8 });
    const firingNow = new Map<string, boolean>();
    const pick = () => `fp${Math.floor(rnd() * 12)}`;
    for (let step = 0; step < 500; step++) {
      const now = T0 + step * 1000;
      let ts: AlertTransition[];
      if (rnd() < 0.1) {
        const list = Array.from({ length: Math.floor(rnd() * 10) }, () => listedAlert(pick(), { state: rnd() < 0.2 ? 'suppressed' : 'active' }));
        ts = book.reconcile([...new Map(list.map((a) => [a.fingerprint, a])).values()], now);
      } else {
        const alerts = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => (rnd() < 0.6 ? webhookAlert(pick()) : resolvedAlert(pick())));
        ts = book.applyWebhook(webhook(alerts, { truncatedAlerts: Math.floor(rnd() * 2) }), now);
      }
      for (const t of ts) {
        expect(firingNow.get(t.fingerprint) ?? false, `${t.kind} ${t.fingerprint} at step ${step}`).toBe(t.kind === 'resolved');
        firingNow.set(t.fingerprint, t.kind === 'firing');
      }
      expect(book.size).toBeLessThanOrEqual(8);
    }
  });
});

describe('reconcile grace', () => {
  it('leaves an alert younger than the grace to the webhook, and announces it later if no webhook came', () => {
    const book = new AlertBook();
    const young = listedAlert('y', { startsAt: T0 - 10_000 });
    expect(book.reconcile([young], T0, 60_000)).toEqual([]);
    expect(book.panel().firing).toBe(1);
    expect(book.reconcile([young], T0 + 60_000, 60_000).map((t) => [t.kind, t.via])).toEqual([['firing', 'reconcile']]);
  });

  it('the webhook announces an alert the reconcile held quietly, once', () => {
    const book = new AlertBook();
    const listed = listedAlert('y', { startsAt: T0 - 10_000 });
    book.reconcile([listed], T0, 60_000);
    const delivered = webhook([webhookAlert('y', { startsAt: iso(T0 - 10_000) })]);
    expect(book.applyWebhook(delivered, T0 + 1000).map((t) => [t.kind, t.via])).toEqual([['firing', 'webhook']]);
    expect(book.applyWebhook(delivered, T0 + 2000)).toEqual([]);
  });
});
