/** Alert transitions to timeline entries: one line each when calm, one summary in a storm. */
import { describe, expect, it } from 'vitest';
import { AlertBook, type AlertTransition } from '../../../server/src/feeds/alertmanager/alert-book';
import { type AlertEntry, AlertStorm } from '../../../server/src/feeds/alertmanager/alert-storm';
import { spanText, transitionText } from '../../../server/src/feeds/alertmanager/alert-text';
import { T0, webhook, webhookAlert } from '../../fixtures/alertmanager/load';

function makeTransition(o: Partial<AlertTransition> & { name?: string; instance?: string } = {}): AlertTransition {
  const { name = 'NodeDown', instance = 'hv-12', ...rest } = o;
  return {
    kind: 'firing',
    fingerprint: `${name}-${instance}`,
    labels: { alertname: name, severity: 'critical', instance },
    annotations: { summary: `Node ${instance} is down` },
    startsAt: T0,
    endsAt: null,
    at: T0,
    via: 'webhook',
    ...rest,
  };
}
const many = (n: number, o: Partial<AlertTransition> & { name?: string; instance?: string } = {}) =>
  Array.from({ length: n }, (_, i) => makeTransition({ instance: `hv-${i}`, ...o }));
const texts = (entries: AlertEntry[]) => entries.map((e) => e.text);

describe('transition texts', () => {
  const cases: { name: string; t: AlertTransition; text: string }[] = [
    { name: 'firing', t: makeTransition(), text: 'FIRING NodeDown (critical) on hv-12: Node hv-12 is down' },
    {
      name: 'resolved, with how long it fired',
      t: makeTransition({ kind: 'resolved', endsAt: T0 + 12 * 60_000 }),
      text: 'RESOLVED NodeDown (critical) on hv-12 after 12 min: Node hv-12 is down',
    },
    { name: 'no severity, instance or summary', t: makeTransition({ labels: { alertname: 'Watchdog' }, annotations: {} }), text: 'FIRING Watchdog' },
    { name: 'no alertname', t: makeTransition({ labels: {}, annotations: {} }), text: 'FIRING (no alertname)' },
    {
      name: 'found firing by a reconcile',
      t: makeTransition({ via: 'reconcile' }),
      text: 'FIRING NodeDown (critical) on hv-12: Node hv-12 is down (already firing in Alertmanager)',
    },
    {
      name: 'gone at a reconcile, end unknown',
      t: makeTransition({ kind: 'resolved', via: 'reconcile' }),
      text: 'RESOLVED NodeDown (critical) on hv-12: Node hv-12 is down (gone from Alertmanager)',
    },
  ];
  it.each(cases)('$name', ({ t, text }) => {
    expect(transitionText(t)).toBe(text);
  });

  it.each([
    [400, '0 s'],
    [45_000, '45 s'],
    [60_000, '1 min'],
    [12 * 60_000 + 20_000, '12 min'],
    [3 * 3_600_000 + 5 * 60_000, '3 h 5 min'],
    [2 * 3_600_000, '2 h'],
    [52 * 3_600_000, '2 d 4 h'],
  ])('%i ms reads %s', (ms, text) => {
    expect(spanText(ms)).toBe(text);
  });
});

describe('storm summarising', () => {
  it('writes a single alert at once, and holds nothing', () => {
    const storm = new AlertStorm();
    const out = storm.add([makeTransition()], T0);
    expect(out).toEqual({ entries: [{ kind: 'alert', text: 'FIRING NodeDown (critical) on hv-12: Node hv-12 is down', at: T0 }], flushAt: null });
  });

  it('writes up to 10 alerts a minute one by one, and holds the 11th', () => {
    const storm = new AlertStorm();
    for (let i = 0; i < 10; i++) expect(storm.add(many(1, { instance: `hv-${i}` }), T0 + i * 1000).entries).toHaveLength(1);
    const held = storm.add([makeTransition({ instance: 'hv-10' })], T0 + 10_000);
    expect(held).toEqual({ entries: [], flushAt: T0 + 15_000 });
    // A summary of one says less than its own line.
    expect(texts(storm.flush(T0 + 15_000).entries)).toEqual(['FIRING NodeDown (critical) on hv-10: Node hv-10 is down']);
  });

  it('turns 3,000 alerts from 30 webhooks in a second into one entry, written 5 s later', () => {
    const book = new AlertBook();
    const storm = new AlertStorm();
    const names = ['NodeDown', 'NodeDown', 'NodeDown', 'CephOSDDown', 'PulsarBrokerDown'];
    const written: AlertEntry[] = [];
    let flushAt: number | null = null;
    for (let w = 0; w < 30; w++) {
      const alerts = Array.from({ length: 100 }, (_, i) => webhookAlert(`fp-${w}-${i}`, { name: names[(w * 100 + i) % names.length]! }));
      const now = T0 + w * 33;
      const out = storm.add(book.applyWebhook(webhook(alerts), now), now);
      written.push(...out.entries);
      flushAt = out.flushAt;
    }
    expect(written).toEqual([]);
    expect(flushAt).toBe(T0 + 5_000);
    const out = storm.flush(flushAt!);
    expect(out).toEqual({
      entries: [{ kind: 'alert', text: '+3000 alerts in 1 s; top: NodeDown ×1800, CephOSDDown ×600, PulsarBrokerDown ×600', at: T0 + 5_000 }],
      flushAt: null,
    });
  });

  it('summarises resolutions apart from new alerts, with "…" when more names than the top 3', () => {
    const storm = new AlertStorm();
    const resolved = [
      ...many(150, { kind: 'resolved', name: 'NodeDown' }),
      ...many(60, { kind: 'resolved', name: 'CephOSDDown' }),
      ...many(20, { kind: 'resolved', name: 'DiskFull' }),
      ...many(10, { kind: 'resolved', name: 'HostHighLoad' }),
    ];
    storm.add([...many(12), ...resolved.slice(0, 100)], T0);
    const { flushAt } = storm.add(resolved.slice(100), T0 + 4_000);
    expect(texts(storm.flush(flushAt!).entries)).toEqual([
      '+12 alerts in 4 s; top: NodeDown ×12',
      '−240 alerts resolved in 4 s; top: NodeDown ×150, CephOSDDown ×60, DiskFull ×20, …',
    ]);
  });

  it('writes a lasting storm as at most one summary a minute', () => {
    const storm = new AlertStorm();
    storm.add(many(50), T0);
    expect(storm.flush(T0 + 5_000).entries).toHaveLength(1);
    // Storm goes on: held until a minute after the last summary, not 5 s after it began.
    expect(storm.add(many(50), T0 + 10_000).flushAt).toBe(T0 + 65_000);
    expect(storm.add(many(50), T0 + 40_000).flushAt).toBe(T0 + 65_000);
    expect(storm.flush(T0 + 64_999)).toEqual({ entries: [], flushAt: T0 + 65_000 });
    expect(texts(storm.flush(T0 + 65_000).entries)).toEqual(['+100 alerts in 30 s; top: NodeDown ×100']);
  });

  it('holds a lone alert while the storm is within the window, and writes one at once when it has passed', () => {
    const storm = new AlertStorm();
    storm.add(many(50), T0);
    storm.flush(T0 + 5_000);
    expect(storm.add([makeTransition({ instance: 'a' })], T0 + 30_000)).toEqual({ entries: [], flushAt: T0 + 65_000 });
    expect(texts(storm.flush(T0 + 65_000).entries)).toEqual(['FIRING NodeDown (critical) on a: Node a is down']);
    expect(texts(storm.add([makeTransition({ instance: 'b' })], T0 + 95_000).entries)).toEqual(['FIRING NodeDown (critical) on b: Node b is down']);
  });

  it('flushes a held summary first when the caller adds more after it was due', () => {
    const storm = new AlertStorm();
    storm.add(many(20), T0);
    const out = storm.add([makeTransition({ instance: 'late' })], T0 + 9_000);
    expect(texts(out.entries)).toEqual(['+20 alerts at once; top: NodeDown ×20']);
    // Still within the storm's minute: the newcomer waits for the next summary.
    expect(out.flushAt).toBe(T0 + 69_000);
  });

  it('takes its threshold, window, gathering time and top from options', () => {
    const storm = new AlertStorm({ threshold: 2, windowMs: 10_000, gatherMs: 1_000, top: 1 });
    expect(storm.add(many(2), T0).entries).toHaveLength(2);
    expect(storm.add([makeTransition({ name: 'A' }), makeTransition({ name: 'B' }), makeTransition({ name: 'B' })], T0 + 100).flushAt).toBe(T0 + 1_100);
    expect(texts(storm.flush(T0 + 1_100).entries)).toEqual(['+3 alerts at once; top: B ×2, …']);
    // The two single entries age out of the 10 s window: calm again.
    expect(storm.add(many(2), T0 + 10_001).entries).toHaveLength(2);
  });

  it('keeps a ten-minute storm of 50 alerts a second to a few dozen entries, and loses none', () => {
    const storm = new AlertStorm();
    const written: AlertEntry[] = [];
    let flushAt: number | null = null;
    for (let now = T0; now < T0 + 600_000; now += 100) {
      if (flushAt !== null && now >= flushAt) written.push(...storm.flush(flushAt).entries);
      const out = storm.add(many(5, { kind: (now / 100) % 3 === 0 ? 'resolved' : 'firing' }), now);
      written.push(...out.entries);
      flushAt = out.flushAt;
    }
    written.push(...storm.flush(flushAt!).entries);
    // 10 single lines before it is a storm, then two summaries (firing, resolved) after 5 s and every minute.
    expect(written.length).toBeLessThanOrEqual(10 + 2 * 11);
    const counted = written.reduce((sum, e) => sum + Number(/^[+−](\d+) /.exec(e.text)?.[1] ?? 1), 0);
    expect(counted).toBe(6000 * 5);
  });
});
