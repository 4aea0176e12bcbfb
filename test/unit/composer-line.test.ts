/** The composer's one-line syntax (composer-line.ts) and completion (composer-completion.tsx): what Enter would post. */
import { describe, expect, it } from 'vitest';
import { makeEntry as entryOf } from '../support/factories';
import type { Entry, PostableKind } from '#shared/timeline';
import { applyCompletion, completionAt } from '../../client/src/timeline/composer-completion';
import { describeLine, type LineContext, lastOwnEntry, parseComposerLine } from '../../client/src/timeline/composer-line';

const utc = (iso: string) => Date.parse(iso);
/** 15:30 CET on the day of the PAR6 power outage. */
const OUTAGE = utc('2025-03-03T14:30:00Z');
const paris = (now = OUTAGE, more: Partial<LineContext> = {}): LineContext => ({ timeZone: 'Europe/Paris', now, ...more });
const parse = (text: string, context = paris()) => parseComposerLine(text, context);
const LABEL: Record<PostableKind, string> = { note: 'NOTE', decision: 'DECISION', action: 'ACTION', comms: 'CUSTOMER COMMS' };

/** The preview line for `line`, as the composer shows it. */
const preview = (line: string, now = OUTAGE) => {
  const parsed = parse(line, paris(now));
  if (!parsed.ok) throw new Error(parsed.error);
  return describeLine(parsed, paris(now), (k) => LABEL[k]);
};
/** The labels completion offers with the caret at `caret`. */
const labels = (text: string, caret = text.length, kinds?: PostableKind[]) => completionAt(text, caret, kinds)?.options.map((o) => o.label) ?? null;

const note = (text: string) => ({ ok: true, kind: 'note', text, component: null, occurredAt: null, owner: null, due: null });

describe('parseComposerLine', () => {
  it.each([
    // Plain text and the kind commands.
    { line: 'Monitoring shows a global incident', expected: note('Monitoring shows a global incident') },
    { line: '  Power is back\n', expected: note('Power is back') },
    { line: 'Power is back\nservers are restarting', expected: note('Power is back\nservers are restarting') },
    { line: '/decision Prioritise GitLab databases restarts', expected: { kind: 'decision', text: 'Prioritise GitLab databases restarts' } },
    { line: '/Decision Fail over', expected: { kind: 'decision', text: 'Fail over' } },
    { line: '/comms Status page updated', expected: { kind: 'comms', text: 'Status page updated' } },
    { line: '/note Pulsar is back up online', expected: { kind: 'note', text: 'Pulsar is back up online' } },
    { line: '/decision', expected: { kind: 'decision', text: '' } },
    // The kind as a prefix word, any case; a command already set it, so then it is text.
    { line: 'decision: roll back', expected: { kind: 'decision', text: 'roll back' } },
    { line: 'COMMS: status page updated', expected: { kind: 'comms', text: 'status page updated' } },
    { line: '/decision note: keep PAR7', expected: { kind: 'decision', text: 'note: keep PAR7' } },
    { line: 'decisions: none yet', expected: note('decisions: none yet') },
    // Components: a tag in any case, squashed or spelled with its space, or a leading field.
    { line: '#DBaaS Main addon databases clusters restarting', expected: { component: 'DBaaS', text: 'Main addon databases clusters restarting' } },
    { line: '#dbaas restarting', expected: { component: 'DBaaS', text: 'restarting' } },
    { line: '#DBAAS, restarting', expected: { component: 'DBaaS', text: 'restarting' } },
    { line: '#LoadBalancers drained', expected: { component: 'Load Balancers', text: 'drained' } },
    { line: '#load-balancers drained', expected: { component: 'Load Balancers', text: 'drained' } },
    { line: '#Load Balancers drained', expected: { component: 'Load Balancers', text: 'drained' } },
    { line: '#load balancers drained', expected: { component: 'Load Balancers', text: 'drained' } },
    { line: '#coreapis 502s', expected: { component: 'Core APIs', text: '502s' } },
    { line: 'Network, A network provider reports 2 powerline cuts', expected: { component: 'Network', text: 'A network provider reports 2 powerline cuts' } },
    { line: 'load balancers, restart done', expected: { component: 'Load Balancers', text: 'restart done' } },
    { line: '/decision #DBaaS', expected: { kind: 'decision', component: 'DBaaS', text: '' } },
    // In the text, only a tag naming a component sets it: dropped at the end, `#` dropped mid-sentence.
    { line: 'restart done #DBaaS', expected: { component: 'DBaaS', text: 'restart done' } },
    { line: 'Restart the #dbaas provider first', expected: { component: 'DBaaS', text: 'Restart the dbaas provider first' } },
    { line: 'ticket #856 opened with the provider', expected: note('ticket #856 opened with the provider') },
    { line: '#856 opened', expected: note('#856 opened') },
    { line: 'canal #incident-03-03-2025 created', expected: note('canal #incident-03-03-2025 created') },
    { line: 'PR#12 merged', expected: note('PR#12 merged') },
    { line: '#DBaaS-team paged', expected: note('#DBaaS-team paged') },
    { line: 'DBaaS is down, paging the team', expected: note('DBaaS is down, paging the team') },
    { line: '#DBaaS restarted #dbaas', expected: { component: 'DBaaS', text: 'restarted' } },
    // A slash not followed by a command word is text.
    { line: '/var/log is full on hv-12', expected: note('/var/log is full on hv-12') },
    { line: 'and/or', expected: note('and/or') },
    // An @name is text outside action entries; a time mid-sentence is text.
    { line: '@bob restart the LB', expected: note('@bob restart the LB') },
    { line: 'ETA @16:00 for the fix', expected: note('ETA @16:00 for the fix') },
    { line: '/action ping @bob', expected: { kind: 'action', owner: null, text: 'ping @bob' } },
    // A leading time not followed by a comma or a zone is text.
    { line: '15:30 restart, then check', expected: note('15:30 restart, then check') },
    { line: '15:02 the DBA said, restart', expected: note('15:02 the DBA said, restart') },
  ])('$line', ({ line, expected }) => {
    expect(parse(line)).toMatchObject(expected);
  });

  it("reads the issue's one-liner: time and zone, component, kind, text", () => {
    expect(parse('15:02 CET, DBaaS, decision: reboot the PostgreSQL add-on provider first')).toEqual({
      ok: true,
      kind: 'decision',
      text: 'reboot the PostgreSQL add-on provider first',
      component: 'DBaaS',
      occurredAt: utc('2025-03-03T14:02:00Z'),
      occurredZone: 'CET',
      owner: null,
      due: null,
      dueZone: null,
    });
  });

  describe('occurred-at times', () => {
    it.each([
      { line: '@15:02 Hypervisors rebooted', text: 'Hypervisors rebooted', at: '2025-03-03T14:02:00Z', zone: null },
      { line: '@15:02 CET Hypervisors rebooted', text: 'Hypervisors rebooted', at: '2025-03-03T14:02:00Z', zone: 'CET' },
      { line: '@14:02Z Hypervisors rebooted', text: 'Hypervisors rebooted', at: '2025-03-03T14:02:00Z', zone: 'Z' },
      { line: '@14:02z rebooted', text: 'rebooted', at: '2025-03-03T14:02:00Z', zone: 'Z' },
      { line: '@14:02 UTC rebooted', text: 'rebooted', at: '2025-03-03T14:02:00Z', zone: 'UTC' },
      { line: '@16:02 UTC+3 rebooted', text: 'rebooted', at: '2025-03-03T13:02:00Z', zone: 'UTC+3' },
      { line: '@09:02 America/New_York rebooted', text: 'rebooted', at: '2025-03-03T14:02:00Z', zone: 'America/New_York' },
      { line: '@15:02:30 rebooted', text: 'rebooted', at: '2025-03-03T14:02:30Z', zone: null },
      { line: '@15:02, DBaaS, rebooted', text: 'rebooted', at: '2025-03-03T14:02:00Z', zone: null },
      { line: '#DBaaS @15:02 CET /decision-free text', text: '/decision-free text', at: '2025-03-03T14:02:00Z', zone: 'CET' },
      { line: '15:02, rebooted', text: 'rebooted', at: '2025-03-03T14:02:00Z', zone: null },
      { line: '14:02Z, rebooted', text: 'rebooted', at: '2025-03-03T14:02:00Z', zone: 'Z' },
      { line: '15:02 cet, rebooted', text: 'rebooted', at: '2025-03-03T14:02:00Z', zone: 'cet' },
      { line: '2025-03-02 23:50 CET, restarted', text: 'restarted', at: '2025-03-02T22:50:00Z', zone: 'CET' },
      // After @time an abbreviation counts in capitals only: a lower-case word starts the text.
      { line: '@15:02 met the DBA', text: 'met the DBA', at: '2025-03-03T14:02:00Z', zone: null },
      { line: '@15:02 DNS failover started', text: 'DNS failover started', at: '2025-03-03T14:02:00Z', zone: null },
      { line: '@15:02 Mars/Olympus is not a zone', text: 'Mars/Olympus is not a zone', at: '2025-03-03T14:02:00Z', zone: null },
    ])('$line', ({ line, text, at, zone }) => {
      expect(parse(line)).toMatchObject({ ok: true, text, occurredAt: utc(at), occurredZone: zone });
    });

    it('reads the 2021 network post-mortem’s UTC+2 on its day', () => {
      const june = utc('2021-06-16T13:00:00Z');
      expect(parse('@12:21 UTC+2 #Network traffic back to normal', paris(june))).toMatchObject({
        occurredAt: utc('2021-06-16T10:21:00Z'),
        component: 'Network',
        text: 'traffic back to normal',
      });
      // A bare time follows Paris summer time on that day.
      expect(parse('@12:21 traffic back', paris(june))).toMatchObject({ occurredAt: utc('2021-06-16T10:21:00Z') });
    });

    it.each([
      // 00:30 CET on 4 March: 23:50 has not come yet today, so it is last evening's.
      { now: '2025-03-03T23:30:00Z', line: '@23:50 LB restarted', at: '2025-03-03T22:50:00Z' },
      { now: '2025-03-03T23:30:00Z', line: '@00:20 LB restarted', at: '2025-03-03T23:20:00Z' },
      // Up to a minute ahead is a clock difference, not the future.
      { now: '2025-03-03T23:30:00Z', line: '@00:31 LB restarted', at: '2025-03-03T23:31:00Z' },
      { now: '2025-03-03T23:30:00Z', line: '@00:32 LB restarted', at: '2025-03-02T23:32:00Z' },
      // "Today" is the date in the written zone: 23:50 UTC on 3 March is already today there.
      { now: '2025-03-03T23:55:00Z', line: '@23:50Z LB restarted', at: '2025-03-03T23:50:00Z' },
      { now: '2025-03-03T23:30:00Z', line: '@23:50 UTC+2 LB restarted', at: '2025-03-03T21:50:00Z' },
    ])('after midnight: $line at $now', ({ now, line, at }) => {
      expect(parse(line, paris(utc(now)))).toMatchObject({ occurredAt: utc(at) });
    });

    describe('Europe/Paris DST changes, bare times', () => {
      it('refuses a time the clocks skipped, with the zone to write instead', () => {
        expect(parse('@02:30 restart', paris(utc('2025-03-30T10:00:00Z')))).toEqual({
          ok: false,
          error: '02:30 does not exist in Europe/Paris on 2025-03-30 (the clocks skipped it); write its zone, e.g. 02:30 CET',
        });
        expect(parse('02:30, restart', paris(utc('2025-03-30T10:00:00Z')))).toMatchObject({ ok: false });
        expect(parse('@02:30 CET restart', paris(utc('2025-03-30T10:00:00Z')))).toMatchObject({ occurredAt: utc('2025-03-30T01:30:00Z') });
      });

      it('reads the repeated hour as its earlier pass', () => {
        expect(parse('@02:30 restart', paris(utc('2025-10-26T12:00:00Z')))).toMatchObject({ occurredAt: utc('2025-10-26T00:30:00Z') });
        expect(parse('@02:30 CET restart', paris(utc('2025-10-26T12:00:00Z')))).toMatchObject({ occurredAt: utc('2025-10-26T01:30:00Z') });
      });

      it("takes a skipped time written just after midnight as the evening before's", () => {
        // 01:30 CET on 30 March: 02:30 has not come yet, and today it never will.
        expect(parse('@02:30 restart', paris(utc('2025-03-30T00:30:00Z')))).toMatchObject({ occurredAt: utc('2025-03-29T01:30:00Z') });
      });
    });
  });

  describe('actions: owner and due', () => {
    it.each([
      { line: '/action @alice due 16:30 restart the RabbitMQ node', owner: 'alice', due: '2025-03-03T15:30:00Z', text: 'restart the RabbitMQ node' },
      { line: '/action due 16:30 @alice restart', owner: 'alice', due: '2025-03-03T15:30:00Z', text: 'restart' },
      { line: '/action @jean-luc.d due 16:30 CET restart', owner: 'jean-luc.d', due: '2025-03-03T15:30:00Z', text: 'restart' },
      { line: '/action @alice due 16:30 UTC restart', owner: 'alice', due: '2025-03-03T16:30:00Z', text: 'restart' },
      // Already past today: tomorrow.
      { line: '/action @alice due 15:00 check the RAID rebuilds', owner: 'alice', due: '2025-03-04T14:00:00Z', text: 'check the RAID rebuilds' },
      { line: '/action @alice restart', owner: 'alice', due: null, text: 'restart' },
      { line: 'DBaaS, action: @alice due 16:30 restart', owner: 'alice', due: '2025-03-03T15:30:00Z', text: 'restart' },
      // "due" not followed by a time is text.
      { line: '/action due to the outage, restart', owner: null, due: null, text: 'due to the outage, restart' },
      // @ and a digit is always a time, even in an action.
      { line: '/action @15:02 @alice restart', owner: 'alice', due: null, text: 'restart' },
    ])('$line', ({ line, owner, due, text }) => {
      expect(parse(line)).toMatchObject({ ok: true, kind: 'action', owner, due: due === null ? null : utc(due), text });
    });

    it('reads @owner when the default kind is action (the Kind select)', () => {
      expect(parse('@alice due 16:30 restart', paris(OUTAGE, { defaultKind: 'action' }))).toMatchObject({ kind: 'action', owner: 'alice', text: 'restart' });
    });

    it('drops owner and due syntax outside actions: it stays text', () => {
      expect(parse('/decision @alice due 16:30 restart')).toMatchObject({ kind: 'decision', owner: null, due: null, text: '@alice due 16:30 restart' });
    });
  });

  describe('refusals: nothing is posted, the reason is said', () => {
    it.each([
      { line: '/dbaas restart', error: 'Unknown command /dbaas. Commands: /note /decision /action /comms — a component is written #DBaaS.' },
      { line: '/LoadBalancers', error: 'Unknown command /LoadBalancers. Commands: /note /decision /action /comms — a component is written #LoadBalancers.' },
      { line: '/decide roll back', error: 'Unknown command /decide. Commands: /note /decision /action /comms — a component is written #DBaaS.' },
      { line: '/decision: roll back', error: 'Unknown command /decision:.' },
      { line: '@25:00 restart', error: '25:00 is not a time' },
      { line: '@14:60 CET restart', error: '14:60 is not a time' },
      { line: '@15h02 restart', error: "'@15h02' is not a time (write e.g. @14:55 CET)" },
      { line: '@15:02pm restart', error: "'@15:02pm' is not a time" },
      { line: '@1', error: "'@1' is not a time" },
      { line: '@15:02 IST restart', error: "zone 'IST' is ambiguous" },
      { line: '@15:02 UTC+15 restart', error: "'UTC+15' is not a UTC offset" },
      { line: '15:02 CTE, DBaaS, restart', error: "unknown zone 'CTE'" },
      { line: '25:00, restart', error: '25:00 is not a time' },
      { line: '@2025-03-04 10:00 CET restart', error: '2025-03-04 10:00 CET has not happened yet' },
      { line: '/action @alice due 25:00 restart', error: '25:00 is not a time' },
      { line: '/action @alice due 9h restart', error: "'due 9h' is not a time (write e.g. due 14:55 CET)" },
      { line: '#DBaaS #Network both down', error: 'One component per entry: #DBaaS or #Network?' },
      { line: 'Network, DNS down #DBaaS', error: 'One component per entry: #Network or #DBaaS?' },
    ])('$line', ({ line, error }) => {
      const result = parse(line);
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.error).toContain(error);
    });

    it('lists the commands the poster may use', () => {
      expect(parse('/status resolved', paris(OUTAGE, { kinds: ['note', 'action'] }))).toEqual({
        ok: false,
        error: 'Unknown command /status. Commands: /note /action — a component is written #DBaaS.',
      });
    });

    it('still reads a kind the poster may not post: the composer refuses it with the role', () => {
      expect(parse('/decision fail over', paris(OUTAGE, { kinds: ['note', 'action'] }))).toMatchObject({ ok: true, kind: 'decision' });
    });
  });

  it('uses the default kind, else the first the poster may post', () => {
    expect(parse('status page updated', paris(OUTAGE, { kinds: ['comms'] }))).toMatchObject({ kind: 'comms' });
    expect(parse('status page updated', paris(OUTAGE, { kinds: ['note', 'comms'], defaultKind: 'comms' }))).toMatchObject({ kind: 'comms' });
    expect(parse('/note internal only', paris(OUTAGE, { defaultKind: 'comms' }))).toMatchObject({ kind: 'note' });
  });
});

describe('describeLine', () => {

  it.each([
    { line: '15:02 CET, DBaaS, decision: reboot the PostgreSQL add-on provider first', expected: 'DECISION · DBaaS · occurred 15:02 CET (14:02 UTC), logged now' },
    { line: 'Power is back', expected: 'NOTE · logged now' },
    { line: '/comms #Customers status page updated', expected: 'CUSTOMER COMMS · Customers · logged now' },
    { line: '@14:02Z rebooted', expected: 'NOTE · occurred 14:02 UTC, logged now' },
    { line: '@16:02 UTC+2 rebooted', expected: 'NOTE · occurred 16:02 UTC+2 (14:02 UTC), logged now' },
    { line: '/action @alice due 16:30 restart', expected: 'ACTION · owner alice · due 16:30 CET (15:30 UTC) · logged now' },
    { line: '/action @alice due 15:00 restart', expected: 'ACTION · owner alice · due tomorrow 15:00 CET (14:00 UTC) · logged now' },
  ])('$line', ({ line, expected }) => {
    expect(preview(line)).toBe(expected);
  });

  it('says when a time was read as the evening before', () => {
    expect(preview('@23:50 restarted', utc('2025-03-03T23:30:00Z'))).toBe('NOTE · occurred yesterday 23:50 CET (22:50 UTC), logged now');
    expect(preview('@2025-03-01 10:00 UTC restarted')).toBe('NOTE · occurred 2025-03-01 10:00 UTC, logged now');
  });

  it('names the summer zone of the incident for a bare time', () => {
    expect(preview('@12:21 restarted', utc('2021-06-16T13:00:00Z'))).toBe('NOTE · occurred 12:21 CEST (10:21 UTC), logged now');
  });
});

describe('completionAt', () => {
  it.each([
    { text: '#Db', expected: ['DBaaS'] },
    { text: '#db', expected: ['DBaaS'] },
    { text: 'restart #lo', expected: ['Load Balancers'] },
    { text: '#bal', expected: ['Load Balancers'] },
    { text: '#c', expected: ['Customers', 'Core APIs'] },
    { text: '#', expected: ['Infrastructure', 'Network', 'Load Balancers', 'DBaaS', 'Messaging', 'Observability', 'Deployments', 'Customers', 'Core APIs'] },
    { text: '(#obs', expected: ['Observability'] },
    // Nothing to offer: no match, already complete, or not a tag at all.
    { text: 'ticket #85', expected: null },
    { text: '#DBaaS', expected: null },
    { text: '#dbaas', expected: null },
    { text: 'PR#1', expected: null },
    { text: 'restart', expected: null },
    // Commands, at the start of the line only.
    { text: '/de', expected: ['/decision'] },
    { text: '/', expected: ['/note', '/decision', '/action', '/comms'] },
    { text: 'see /de', expected: null },
    { text: '/decision', expected: null },
  ])('$text', ({ text, expected }) => {
    expect(labels(text)).toEqual(expected);
  });

  it('offers only the commands the poster may use', () => {
    expect(labels('/', 1, ['note', 'action'])).toEqual(['/note', '/action']);
  });

  it('replaces the whole word at the caret, and puts the caret after a space', () => {
    const text = 'restart #lobal now';
    const completion = completionAt(text, 'restart #lo'.length);
    expect(completion).toMatchObject({ start: 8, end: 14 });
    expect(applyCompletion(text, completion!, completion!.options[0]!)).toEqual({ text: 'restart #LoadBalancers now', caret: 23 });
    const atEnd = completionAt('#Db', 3)!;
    expect(applyCompletion('#Db', atEnd, atEnd.options[0]!)).toEqual({ text: '#DBaaS ', caret: 7 });
  });

  it('inserts what the parser reads back', () => {
    const completion = completionAt('#co', 3)!;
    const { text } = applyCompletion('#co', completion, completion.options[0]!);
    expect(parse(`${text}502s on deploys`)).toMatchObject({ component: 'Core APIs', text: '502s on deploys' });
  });
});

describe('lastOwnEntry', () => {
  let nextId = 1;
  // The shared factory, with this suite's poster and time; ids count up as entries are made.
  const makeEntry = (over: Partial<Entry> = {}): Entry =>
    entryOf({ id: nextId++, text: 'x', author: 'Alice (IC)', occurredAt: '2025-03-03T14:00:00.000Z', loggedAt: '2025-03-03T14:00:00.000Z', ...over });

  it("picks the poster's newest own entry, skipping system, retracted and others' entries", () => {
    const earlier = makeEntry({ text: 'earlier' });
    // Backdated: first in timeline order, but the last one Alice logged.
    const backdated = makeEntry({ text: 'backdated', occurredAt: '2025-03-03T13:00:00.000Z' });
    const entries = [
      backdated,
      earlier,
      makeEntry({ author: 'Bob (network)' }),
      makeEntry({ kind: 'status' }),
      makeEntry({ retracted: { reason: 'wrong', by: 'Alice (IC)', at: '2025-03-03T14:05:00.000Z' } }),
    ];
    expect(lastOwnEntry(entries, 'Alice (IC)')).toBe(backdated);
    expect(lastOwnEntry(entries.filter((e) => e !== backdated), 'Alice (IC)')).toBe(earlier);
    expect(lastOwnEntry(entries, 'Carol')).toBeNull();
  });
});
