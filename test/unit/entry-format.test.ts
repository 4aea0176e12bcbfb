import { isBackdated } from '#shared/timeline';
import { describe, expect, it } from 'vitest';
import type { Revision, SeenMetric } from '#shared/timeline';
import { parseZonedTime } from '#shared/zoned-time';
import {
  backdatedText,
  changedFields,
  dayLabel,
  editableTime,
  evidenceSummary,
  isOverdue,
  pastMetricText,
  pendingText,
  retractionText,
  revisionMarker,
  rowAbilities,
  sampleAge,
  seenValue,
  zonedClock,
} from '../../client/src/timeline/entry-format';
import { makeEntry } from '../support/factories';

const seen = (o: Partial<SeenMetric> = {}): SeenMetric => ({
  id: 'vms',
  label: 'Lacking VMs',
  unit: 'VMs',
  value: 2800,
  status: 'crit',
  sampledAt: Date.parse('2025-03-03T14:47:00Z'),
  stale: false,
  ...o,
});

describe('times', () => {
  it.each([
    { at: '2025-03-03T13:55:00.000Z', zone: 'UTC', expected: '13:55 UTC' },
    { at: '2025-03-03T13:55:00.000Z', zone: 'Europe/Paris', expected: '14:55 CET' },
    { at: '2021-06-16T10:12:30.000Z', zone: 'Europe/Paris', expected: '12:12:30 CEST' },
    { at: '2025-03-03T13:55:00.000Z', zone: 'Asia/Kolkata', expected: '19:25 UTC+5:30' },
  ])('zonedClock $at in $zone → $expected', ({ at, zone, expected }) => expect(zonedClock(at, zone)).toBe(expected));

  it('dayLabel is the day in the given zone', () => {
    expect(dayLabel('2025-03-03T23:30:00Z', 'UTC')).toBe('Mon 3 Mar');
    expect(dayLabel('2025-03-03T23:30:00Z', 'Europe/Paris')).toBe('Tue 4 Mar');
  });

  it.each(['2025-03-03T23:30:07.000Z', '2025-03-30T00:59:00.000Z', '2021-06-16T10:12:00.000Z'])(
    'editableTime %s reads back as the same instant',
    (at) => {
      const written = editableTime(at, 'Europe/Paris');
      expect(parseZonedTime(written, { date: '2000-01-01', timeZone: 'Europe/Paris' })).toBe(Date.parse(at));
    },
  );
});

describe('backdatedText', () => {
  it.each([
    { occurredAt: '2025-03-03T14:02:00Z', loggedAt: '2025-03-03T14:09:00Z', expected: 'logged 14:09 UTC, 7 min after' },
    { occurredAt: '2025-03-03T14:02:00Z', loggedAt: '2025-03-03T14:09:30Z', expected: 'logged 14:09:30 UTC, 7 min 30 s after' },
    { occurredAt: '2025-03-03T13:55:00Z', loggedAt: '2025-03-03T15:10:00Z', expected: 'logged 15:10 UTC, 1 h 15 min after' },
  ])('$expected', ({ occurredAt, loggedAt, expected }) => expect(backdatedText({ occurredAt, loggedAt })).toBe(expected));
});

describe('corrections', () => {
  const revisedAt = '2025-03-03T14:10:00.000Z';
  it.each([
    { name: 'as posted', o: {}, expected: null },
    { name: 'edited', o: { version: 2, revisedBy: 'ana', revisedAt }, expected: 'edited by ana, 14:10 UTC' },
    { name: 'only pinned: said by PINNED, not "edited"', o: { version: 2, revisedBy: 'ana', revisedAt, pinned: true }, expected: null },
    {
      name: 'only retracted: said by the retraction line',
      o: { version: 2, revisedBy: 'ana', revisedAt, retracted: { reason: 'wrong AZ', by: 'ana', at: revisedAt } },
      expected: null,
    },
    { name: 'edited, then pinned', o: { version: 3, revisedBy: 'bo', revisedAt, pinned: true }, expected: 'edited by bo, 14:10 UTC' },
  ])('revisionMarker: $name', ({ o, expected }) => expect(revisionMarker(makeEntry(o))?.label ?? null).toBe(expected));

  it('retractionText says who, when and why', () => {
    expect(retractionText({ reason: 'it was PAR5', by: 'ana', at: '2025-03-03T14:10:00.000Z' })).toBe('Retracted by ana at 14:10 UTC: it was PAR5');
  });

  it('changedFields compares a version with the one before', () => {
    const v1: Revision = {
      version: 1,
      change: 'posted',
      by: 'ana',
      at: '2025-03-03T14:00:00.000Z',
      text: 'Roll back',
      kind: 'note',
      component: null,
      occurredAt: '2025-03-03T13:58:00.000Z',
      action: null,
      retracted: null,
    };
    const v2: Revision = { ...v1, version: 2, change: 'edited', text: 'Roll back LB', component: 'Load Balancers' };
    const v3: Revision = { ...v2, version: 3, change: 'pinned' };
    expect(changedFields(v1, undefined)).toEqual(new Set());
    expect(changedFields(v2, v1)).toEqual(new Set(['text', 'component']));
    expect(changedFields(v3, v2)).toEqual(new Set());
  });
});

describe('evidence', () => {
  const capturedAt = '2025-03-03T14:49:00.000Z';
  it.each([
    { m: seen(), expected: '2 min old' },
    { m: seen({ stale: true, sampledAt: Date.parse('2025-03-03T14:37:00Z') }), expected: 'STALE, 12 min old' },
    { m: seen({ sampledAt: null, stale: true, value: null }), expected: 'STALE, no sample' },
  ])('sampleAge → $expected', ({ m, expected }) => expect(sampleAge(m, capturedAt)).toBe(expected));

  it.each([
    { m: seen(), expected: '2,800 VMs' },
    { m: seen({ value: 0.25, unit: '' }), expected: '0.25' },
    { m: seen({ value: null }), expected: '—' },
  ])('seenValue → $expected', ({ m, expected }) => expect(seenValue(m)).toBe(expected));

  it.each([
    { metrics: [], expected: 'no metrics on screen' },
    { metrics: [seen({ status: 'ok' })], expected: '1 metric, all OK and fresh' },
    { metrics: [seen(), seen({ status: 'warn', stale: true }), seen({ status: 'ok' })], expected: '3 metrics: 1 CRIT, 1 WARN, 1 STALE' },
  ])('evidenceSummary → $expected', ({ metrics, expected }) => expect(evidenceSummary({ metrics })).toBe(expected));

  it('pastMetricText gives the sample its own time', () => {
    const p = { id: 'vms', label: 'Lacking VMs', unit: 'VMs', value: 1200, sampledAt: Date.parse('2025-03-03T14:01:30Z') };
    expect(pastMetricText(p, 'Europe/Paris')).toBe('Lacking VMs 1,200 VMs (sample 15:01:30 CET)');
  });
});

describe('isOverdue', () => {
  const now = Date.parse('2025-03-03T15:00:00Z');
  it.each([
    { action: null, expected: false },
    { action: { owner: 'ana', due: null, done: false }, expected: false },
    { action: { owner: 'ana', due: '2025-03-03T14:59:00.000Z', done: false }, expected: true },
    { action: { owner: 'ana', due: '2025-03-03T14:59:00.000Z', done: true }, expected: false },
    { action: { owner: 'ana', due: '2025-03-03T15:01:00.000Z', done: false }, expected: false },
  ])('$action → $expected', ({ action, expected }) => expect(isOverdue(action, now)).toBe(expected));
});

describe('rowAbilities', () => {
  const ana = { name: 'ana', role: 'responder' as const };
  const ic = { name: 'ic', role: 'commander' as const };
  const desk = { name: 'desk', role: 'support' as const };
  const none = { edit: false, retract: false, pin: false };
  it.each([
    { name: 'signed out', entry: makeEntry(), actor: null, expected: none },
    { name: 'own note', entry: makeEntry({ author: 'ana' }), actor: ana, expected: { edit: true, retract: true, pin: true } },
    { name: "someone else's note", entry: makeEntry({ author: 'bo' }), actor: ana, expected: { edit: false, retract: false, pin: true } },
    // Responders may not post decisions, so not edit one of theirs either (the server's rule).
    { name: 'own decision, kind not postable', entry: makeEntry({ author: 'ana', kind: 'decision' }), actor: ana, expected: { edit: false, retract: false, pin: true } },
    { name: 'moderator on anyone', entry: makeEntry({ author: 'bo' }), actor: ic, expected: { edit: true, retract: true, pin: true } },
    { name: 'moderator on a system entry: retract only', entry: makeEntry({ author: 'alertmanager', kind: 'alert' }), actor: ic, expected: { edit: false, retract: true, pin: true } },
    {
      name: 'retracted: final',
      entry: makeEntry({ author: 'ana', retracted: { reason: 'x', by: 'ana', at: '2025-03-03T14:10:00.000Z' } }),
      actor: ic,
      expected: { edit: false, retract: false, pin: true },
    },
    { name: 'support on own comms, no pin', entry: makeEntry({ author: 'desk', kind: 'comms' }), actor: desk, expected: { edit: true, retract: true, pin: false } },
  ])('$name', ({ entry, actor, expected }) => expect(rowAbilities(entry, actor)).toEqual(expected));
});

describe('pendingText', () => {
  it.each([
    { draft: { state: 'sending' as const, retryable: true, error: null }, online: true, expected: { label: 'pending', detail: null } },
    { draft: { state: 'sending' as const, retryable: true, error: null }, online: false, expected: { label: 'pending', detail: 'pending — will send when back online' } },
    { draft: { state: 'failed' as const, retryable: true, error: 'timeout' }, online: true, expected: { label: 'pending', detail: 'timeout' } },
    { draft: { state: 'failed' as const, retryable: false, error: 'Not allowed' }, online: false, expected: { label: 'NOT SAVED', detail: 'Not allowed' } },
  ])('$draft.state online=$online → $expected.label', ({ draft, online, expected }) => expect(pendingText(draft, online)).toEqual(expected));
});

describe('isBackdated', () => {
  const logged = '2026-12-05T14:10:00.000Z';
  it.each([
    { name: 'logged at once', occurredAt: logged, simulated: false, expected: false },
    { name: 'a minute late is not yet backdated', occurredAt: '2026-12-05T14:09:00.000Z', simulated: false, expected: false },
    { name: 'eight minutes late', occurredAt: '2026-12-05T14:02:00.000Z', simulated: false, expected: true },
    { name: "a drill's recorded time is not backdating", occurredAt: '2025-03-03T13:55:00.000Z', simulated: true, expected: false },
  ])('$name', ({ occurredAt, simulated, expected }) => {
    expect(isBackdated({ occurredAt, loggedAt: logged, simulated })).toBe(expected);
  });
});
