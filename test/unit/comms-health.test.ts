/** Is the public story keeping up with the room: the update cadence and drift (shared/comms-health.ts). */
import { describe, expect, it } from 'vitest';
import { cadenceOf, driftOf, type DriftInput } from '#shared/comms-health';
import type { ImpactStatus } from '#shared/impact';
import type { MetricState } from '#shared/metrics';
import type { DeclaredImpact, PublicUpdate } from '#shared/public-updates';
import { makeDef, makeImpactCell, makeIncident, makeMetric, makePublicUpdate, makeSetup } from '../support/factories';

const OPENED = Date.parse('2025-03-03T14:00:00Z');
const CADENCE = 30 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const incident = makeIncident({ createdAt: iso(OPENED) });
const published = (minutes: number, o: Partial<PublicUpdate> = {}) =>
  makePublicUpdate({ id: minutes + 1, createdAt: iso(OPENED + minutes * 60_000), publishedAt: iso(OPENED + minutes * 60_000), ...o });

describe('cadenceOf', () => {
  it.each([
    { name: 'nothing published: one ms before the cadence', updates: [], now: OPENED + CADENCE - 1, overdue: false, dueAt: OPENED + CADENCE },
    { name: 'nothing published: exactly at the cadence', updates: [], now: OPENED + CADENCE, overdue: true, dueAt: OPENED + CADENCE },
    { name: 'counted from the last update, not the opening', updates: [published(20)], now: OPENED + CADENCE + 1, overdue: false, dueAt: OPENED + 50 * 60_000 },
    { name: 'last update: exactly at the cadence', updates: [published(20)], now: OPENED + 50 * 60_000, overdue: true, dueAt: OPENED + 50 * 60_000 },
    {
      name: 'drafts and discarded updates do not count',
      updates: [
        published(5),
        makePublicUpdate({ id: 90, state: 'draft', createdAt: iso(OPENED + 30 * 60_000), publishedAt: null }),
        makePublicUpdate({ id: 91, state: 'discarded', createdAt: iso(OPENED + 30 * 60_000), publishedAt: null }),
      ],
      now: OPENED + 35 * 60_000,
      overdue: true,
      dueAt: OPENED + 35 * 60_000,
    },
  ])('$name', ({ updates, now, overdue, dueAt }) => {
    expect(cadenceOf(incident, updates, CADENCE, now)).toMatchObject({ overdue, dueAt });
  });

  it('says when the next one is due, how long since the last, and whether anything was published', () => {
    expect(cadenceOf(incident, [], CADENCE, OPENED + 10 * 60_000)).toEqual({ sinceMs: 10 * 60_000, everPublished: false, overdue: false, dueAt: OPENED + CADENCE });
    expect(cadenceOf(incident, [published(20)], CADENCE, OPENED + 25 * 60_000)).toEqual({
      sinceMs: 5 * 60_000,
      everPublished: true,
      overdue: false,
      dueAt: OPENED + 50 * 60_000,
    });
  });

  it('is never overdue once resolved, however long since the last update', () => {
    const resolved = makeIncident({ createdAt: iso(OPENED), status: 'resolved' });
    expect(cadenceOf(resolved, [published(20)], CADENCE, OPENED + 24 * 3_600_000)).toMatchObject({ overdue: false, dueAt: null });
    expect(cadenceOf(resolved, [], CADENCE, OPENED + 24 * 3_600_000).overdue).toBe(false);
  });
});

const NOW = OPENED + 60 * 60_000;
const setup = makeSetup();
const cell = (product: string, zone: string, status: ImpactStatus) => makeImpactCell({ product, zone, status });
const crit = (o: Partial<MetricState> = {}) => makeMetric({ value: 2800, status: 'crit', sampledAt: NOW - 1000, stale: false, ...o });
const drift = (o: Partial<DriftInput>) => driftOf({ setup, updates: [], impacts: [], metrics: [], now: NOW, ...o });
const said = (status: PublicUpdate['status'], impacts: DeclaredImpact[] = [], minutes = 10) => published(minutes, { status, impacts });

const calm = (o: Partial<DriftInput>) => drift(o).filter((d) => d.kind === 'calm-while-red');
const worse = (o: Partial<DriftInput>) => drift(o).filter((d) => d.kind === 'worse-than-said');
const databases = (status: ImpactStatus): DeclaredImpact => ({ product: 'databases', zone: 'PAR6', status });

describe('driftOf: calm while red', () => {
  it.each([
    { name: 'monitoring while a cell is a partial outage', said: 'monitoring' as const, impacts: [cell('databases', 'PAR6', 'partial_outage')], red: ['Databases (MySQL, PostgreSQL, Redis, MongoDB) in PAR6 is partial outage'] },
    { name: 'resolved while a cell is a major outage', said: 'resolved' as const, impacts: [cell('runtimes', 'PAR7', 'major_outage')], red: ['Runtimes in PAR7 is major outage'] },
  ])('$name', ({ said: status, impacts, red }) => {
    const declared = impacts.map(({ product, zone, status: s }) => ({ product, zone, status: s }));
    expect(calm({ updates: [said(status, declared)], impacts })).toEqual([
      { kind: 'calm-while-red', said: status, red, message: `Public status says ${status}, but ${red.join('; ')}` },
    ]);
  });

  it('counts a fresh, visible critical metric as red', () => {
    expect(calm({ updates: [said('monitoring')], metrics: [crit()] }).map((d) => d.kind === 'calm-while-red' && d.red)).toEqual([['VMs missing is critical']]);
  });

  it.each([
    { name: 'a degraded cell is not red', impacts: [cell('databases', 'PAR6', 'degraded_performance')], metrics: [] },
    { name: 'a stale critical metric is not known to be red now', impacts: [], metrics: [crit({ sampledAt: NOW - 120_001 })] },
    { name: 'a hidden critical metric is not shown, so not counted', impacts: [], metrics: [crit({ def: makeDef({ hidden: true }) })] },
    { name: 'a warn metric is not red', impacts: [], metrics: [crit({ status: 'warn' })] },
  ])('$name', ({ impacts, metrics }) => {
    expect(calm({ updates: [said('monitoring', [databases('degraded_performance')])], impacts, metrics })).toEqual([]);
  });

  it('is quiet while the public status still says investigating or identified', () => {
    for (const status of ['investigating', 'identified'] as const) {
      expect(calm({ updates: [said(status)], impacts: [cell('databases', 'PAR6', 'major_outage')], metrics: [crit()] })).toEqual([]);
    }
  });
});

describe('driftOf: worse than said', () => {
  it('flags a cell worse now than the last published update declared it', () => {
    expect(worse({ updates: [said('identified', [databases('degraded_performance')])], impacts: [cell('databases', 'PAR6', 'partial_outage')] })).toEqual([
      {
        kind: 'worse-than-said',
        product: 'databases',
        zone: 'PAR6',
        said: 'degraded_performance',
        now: 'partial_outage',
        message: 'Databases (MySQL, PostgreSQL, Redis, MongoDB) in PAR6 is partial outage; the last public update said degraded performance',
      },
    ]);
  });

  it('clears when a newer update declares it, and a draft declaring it does not clear it', () => {
    const impacts = [cell('databases', 'PAR6', 'partial_outage')];
    const older = said('identified', [databases('degraded_performance')], 10);
    expect(worse({ updates: [older, said('identified', [databases('partial_outage')], 20)], impacts })).toEqual([]);
    const draft = makePublicUpdate({ id: 99, state: 'draft', publishedAt: null, impacts: [databases('partial_outage')] });
    expect(worse({ updates: [older, draft], impacts })).toHaveLength(1);
  });

  it('reads a cell the update did not list as declared operational; a cell as bad or better than said is fine', () => {
    expect(worse({ updates: [said('identified')], impacts: [cell('runtimes', 'PAR7', 'degraded_performance')] }).map((d) => d.kind === 'worse-than-said' && d.said)).toEqual(['operational']);
    expect(worse({ updates: [said('identified', [databases('partial_outage')])], impacts: [cell('databases', 'PAR6', 'partial_outage')] })).toEqual([]);
    expect(worse({ updates: [said('identified', [databases('major_outage')])], impacts: [cell('databases', 'PAR6', 'degraded_performance')] })).toEqual([]);
  });

  it('says nothing was said publicly yet when nothing was published, worst cell first', () => {
    const out = worse({ impacts: [cell('runtimes', 'PAR7', 'degraded_performance'), cell('databases', 'PAR6', 'major_outage')] });
    expect(out.map((d) => d.message)).toEqual([
      'Databases (MySQL, PostgreSQL, Redis, MongoDB) in PAR6 is major outage; nothing was said publicly yet',
      'Runtimes in PAR7 is degraded performance; nothing was said publicly yet',
    ]);
  });
});
