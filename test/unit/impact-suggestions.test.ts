/** Impact suggested from live metrics by the config's rules, for a person to confirm (shared/impact-suggestions.ts). */
import { describe, expect, it } from 'vitest';
import { type ImpactCell, SuggestionRule } from '#shared/impact';
import { suggestImpacts } from '#shared/impact-suggestions';
import type { MetricState } from '#shared/metrics';
import { makeDef, makeImpactCell, makeMetric } from '../support/factories';

const NOW = Date.parse('2025-03-03T15:00:00Z');
const STALE_AFTER = 120_000;

const cephRule = SuggestionRule.parse({ metric: 'ceph.health', status: 'crit', product: 'databases', zones: ['PAR6'], suggest: 'degraded_performance', description: 'Some databases may be slow.' });
const vmsRule = SuggestionRule.parse({ metric: 'vms.missing', above: 500, product: 'runtimes', zones: ['PAR6', 'PAR7'], suggest: 'partial_outage', description: 'Some applications are down.' });

function ceph(o: Partial<MetricState> = {}): MetricState {
  const def = makeDef({ id: 'ceph.health', label: 'Ceph health', unit: '', valueLabels: { 0: 'HEALTH_OK', 1: 'HEALTH_WARN', 2: 'HEALTH_ERR' }, staleAfterMs: STALE_AFTER });
  return makeMetric({ def, value: 2, status: 'crit', sampledAt: NOW - 1000, stale: false, ...o });
}
const vms = (value: number | null, o: Partial<MetricState> = {}) =>
  makeMetric({ def: makeDef({ staleAfterMs: STALE_AFTER }), value, status: 'crit', sampledAt: NOW - 1000, stale: false, ...o });

/** A suggestion as the test reads it: "databases/PAR6 → degraded_performance". */
const shown = (rules: SuggestionRule[], metrics: MetricState[], cells: ImpactCell[] = []) =>
  suggestImpacts(rules, metrics, cells, NOW).map((s) => `${s.product}/${s.zone} → ${s.suggest}`);

describe('suggestImpacts', () => {
  it('suggests Databases degraded in PAR6 when Ceph is HEALTH_ERR, saying why in the metric’s own words', () => {
    expect(suggestImpacts([cephRule], [ceph()], [], NOW)).toEqual([
      { product: 'databases', zone: 'PAR6', suggest: 'degraded_performance', description: 'Some databases may be slow.', because: 'Ceph health is HEALTH_ERR' },
    ]);
  });

  it('suggests Runtimes partial outage in each of its zones when more than 500 VMs are missing', () => {
    const [first] = suggestImpacts([vmsRule], [vms(2800)], [], NOW);
    expect(first?.because).toBe('VMs missing is 2,800 VMs');
    expect(shown([vmsRule], [vms(2800)])).toEqual(['runtimes/PAR6 → partial_outage', 'runtimes/PAR7 → partial_outage']);
  });

  it.each([
    { name: 'Ceph only warns (status crit asked)', rules: [cephRule], metrics: [ceph({ value: 1, status: 'warn' })], out: [] },
    { name: 'a warn rule holds at crit', rules: [{ ...cephRule, status: 'warn' as const }], metrics: [ceph()], out: ['databases/PAR6 → degraded_performance'] },
    { name: 'exactly 500 VMs missing is not above 500', rules: [vmsRule], metrics: [vms(500)], out: [] },
    { name: '501 VMs missing is', rules: [vmsRule], metrics: [vms(501)], out: ['runtimes/PAR6 → partial_outage', 'runtimes/PAR7 → partial_outage'] },
    { name: 'below: too few brokers', rules: [{ ...vmsRule, above: undefined, below: 3 }], metrics: [vms(2)], out: ['runtimes/PAR6 → partial_outage', 'runtimes/PAR7 → partial_outage'] },
    { name: 'no value, even with a crit status', rules: [cephRule], metrics: [ceph({ value: null })], out: [] },
    { name: 'a metric nobody sends', rules: [cephRule], metrics: [vms(2800)], out: [] },
  ])('$name', ({ rules, metrics, out }) => {
    expect(shown(rules, metrics)).toEqual(out);
  });

  it.each([
    { age: STALE_AFTER, out: ['databases/PAR6 → degraded_performance'] },
    { age: STALE_AFTER + 1, out: [] },
    { age: 60 * 60_000, out: [] },
  ])('a reading $age ms old: $out', ({ age, out }) => {
    // The server's `stale` flag is from when it sent the reading; the rule judges on its own clock.
    expect(shown([cephRule], [ceph({ sampledAt: NOW - age, stale: false })])).toEqual(out);
  });

  it('suggests nothing for a metric never sampled', () => {
    expect(shown([cephRule], [ceph({ sampledAt: null })])).toEqual([]);
  });

  it.each([
    { cell: 'operational' as const, out: ['databases/PAR6 → degraded_performance'] },
    { cell: 'under_maintenance' as const, out: ['databases/PAR6 → degraded_performance'] },
    { cell: 'degraded_performance' as const, out: [] },
    { cell: 'partial_outage' as const, out: [] },
    { cell: 'major_outage' as const, out: [] },
  ])('when the cell is already $cell: $out', ({ cell, out }) => {
    expect(shown([cephRule], [ceph()], [makeImpactCell({ product: 'databases', zone: 'PAR6', status: cell })])).toEqual(out);
  });

  it('only looks at the cell the rule names: another zone’s outage does not silence it', () => {
    expect(shown([cephRule], [ceph()], [makeImpactCell({ product: 'databases', zone: 'PAR7', status: 'major_outage' })])).toEqual(['databases/PAR6 → degraded_performance']);
  });

  it('gives one suggestion per cell, the worst any rule suggests, whichever rule comes first', () => {
    const cephOnRuntimes = { ...cephRule, product: 'runtimes' };
    for (const rules of [[cephOnRuntimes, vmsRule], [vmsRule, cephOnRuntimes]]) {
      const out = suggestImpacts(rules, [ceph(), vms(2800)], [], NOW).filter((s) => s.zone === 'PAR6');
      expect(out).toEqual([expect.objectContaining({ product: 'runtimes', suggest: 'partial_outage', because: 'VMs missing is 2,800 VMs' })]);
    }
  });
});
