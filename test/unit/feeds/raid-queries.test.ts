/** The PromQL the RAID source issues, and the metric definitions it brings. */
import { describe, expect, it } from 'vitest';
import { MetricId } from '#shared/metrics';
import { MetricSpec, toMetricDef } from '../../../server/src/config/metric-spec';
import { RaidOptions, raidQueries } from '../../../server/src/feeds/raid/raid-queries';
import { raidChildSpecs, raidMetricDefs, raidMetricSpecs } from '../../../server/src/feeds/raid/raid-metrics';

describe('raidQueries', () => {
  it('without a selector', () => {
    expect(raidQueries()).toEqual({
      state: 'node_md_state == 1',
      blocks: 'node_md_blocks and ignoring(state) (node_md_state{state=~"recovering|resync"} == 1)',
      synced: 'node_md_blocks_synced and ignoring(state) (node_md_state{state=~"recovering|resync"} == 1)',
      rate: 'rate(node_md_blocks_synced[5m]) and ignoring(state) (node_md_state{state=~"recovering|resync"} == 1)',
      missingDisks: 'node_md_disks_required - ignoring(state) node_md_disks{state="active"} > 0',
      down: 'up == 0',
    });
  });

  it.each(['{job="node"}', 'job="node"', ' { job="node", } '])('selector %j joins the other matchers', (selector) => {
    const q = raidQueries({ selector, rateWindow: '2m' });
    expect(q.state).toBe('node_md_state{job="node"} == 1');
    expect(q.rate).toBe(
      'rate(node_md_blocks_synced{job="node"}[2m]) and ignoring(state) (node_md_state{job="node",state=~"recovering|resync"} == 1)',
    );
    expect(q.missingDisks).toBe('node_md_disks_required{job="node"} - ignoring(state) node_md_disks{job="node",state="active"} > 0');
    expect(q.down).toBe('up{job="node"} == 0');
  });

  it.each([
    [{ rateWindow: '5 minutes' }, false],
    [{ rateWindow: '90s' }, true],
    [{ hostLabel: 'host-name' }, false],
    [{ prefix: 'Raid' }, false],
    [{ prefix: 'par6.raid' }, true],
  ])('options %j valid: %s', (options, valid) => {
    expect(RaidOptions.safeParse(options).success).toBe(valid);
  });
});

describe('RAID metric definitions', () => {
  it('summary metrics: rebuilding warns at 1, is critical at 5, and should fall to zero', () => {
    const defs = raidMetricDefs('raid-prom', 60_000);
    expect(defs.map((d) => d.id)).toEqual(['raid.rebuilding', 'raid.queued', 'raid.degraded', 'raid.eta']);
    expect(defs[0]).toEqual({
      id: 'raid.rebuilding',
      label: 'RAID arrays rebuilding',
      unit: 'arrays',
      source: 'raid-prom',
      thresholds: { above: { warn: 1, crit: 5 }, below: null },
      limitOf: null,
      valueLabels: null,
      staleAfterMs: 60_000,
      hidden: false,
      progress: { stalledAfterMs: 600_000, windowMs: 600_000 },
    });
    expect(defs[3]).toMatchObject({ unit: 's', thresholds: null, progress: null });
  });

  it('every spec, summary or per array, is a valid MetricSpec with a custom prefix too', () => {
    const child = raidChildSpecs('par6.raid', 'hv-12', 'md6');
    for (const spec of [...raidMetricSpecs('par6.raid'), child.pct, child.eta]) {
      expect(MetricSpec.safeParse(spec).success).toBe(true);
      expect(MetricId.safeParse(spec.id).success).toBe(true);
    }
    expect(toMetricDef(MetricSpec.parse(child.pct), 'raid', 1000)).toMatchObject({
      id: 'par6.raid.array_pct.hv-12-md6',
      label: 'RAID synced — md6 on hv-12',
      unit: '%',
    });
  });
});
