/**
 * The PromQL a RAID source issues, over node_exporter's mdadm collector (`node_md_*`, read
 * from /proc/mdstat). Only arrays in a sync state are fetched in detail, so a fleet of
 * thousands of healthy arrays costs a handful of series.
 */
import { z } from 'zod';
import { MetricId } from '#shared/metrics';

/** The keys of a RAID source in warroom.config.yaml. */
export const RaidOptions = z.object({
  /** Metric ids are `<prefix>.rebuilding`, `<prefix>.eta`, … */
  prefix: MetricId.default('raid'),
  /** Label matchers naming the node_exporter targets, `{job="node"}` or `job="node"`. */
  selector: z.string().trim().default(''),
  /** The window the rebuild speed is read over; the ETA is "remaining blocks / that speed". */
  rateWindow: z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, 'must be a PromQL duration such as 5m')
    .default('5m'),
  /** The label that names the host in "md6 on hv-12"; a trailing `:port` is dropped. */
  hostLabel: z
    .string()
    .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name')
    .default('instance'),
});
export type RaidOptions = z.input<typeof RaidOptions>;
export type ParsedRaidOptions = z.output<typeof RaidOptions>;

/**
 * The states node_exporter reports for a running rebuild. `check` (a scrub) is left out: the
 * array keeps its redundancy. A `resync=DELAYED`/`PENDING` array is in `resync` (and a
 * `recovery=DELAYED` one in `recovering`) with blocks_synced 0: see raid-arrays.ts.
 */
export const SYNC_STATES = ['recovering', 'resync'] as const;

export type RaidQueryName = 'state' | 'blocks' | 'synced' | 'rate' | 'missingDisks' | 'down';

/** `{job="node"}` → `job="node"`, so more matchers can be added inside one pair of braces. */
function matchers(selector: string): string {
  const s = selector.trim();
  return (s.startsWith('{') && s.endsWith('}') ? s.slice(1, -1) : s).trim().replace(/,$/, '');
}

/**
 * Issue them all with one `time=` parameter: they are joined by array, and answers evaluated
 * at different instants can disagree about which arrays are syncing.
 */
export function raidQueries(options: RaidOptions = {}): Record<RaidQueryName, string> {
  const o = RaidOptions.parse(options);
  const base = matchers(o.selector);
  const sel = (...extra: string[]) => {
    const all = [base, ...extra].filter((m) => m !== '');
    return all.length > 0 ? `{${all.join(',')}}` : '';
  };
  // Series of the other node_md_* metrics have no `state` label; `ignoring(state)` matches them.
  const syncing = `node_md_state${sel(`state=~"${SYNC_STATES.join('|')}"`)} == 1`;
  const whileSyncing = (expr: string) => `${expr} and ignoring(state) (${syncing})`;
  return {
    /** One series per array (value 1): its current state. */
    state: `node_md_state${sel()} == 1`,
    blocks: whileSyncing(`node_md_blocks${sel()}`),
    synced: whileSyncing(`node_md_blocks_synced${sel()}`),
    /** Blocks per second; absent until the window holds two samples. */
    rate: whileSyncing(`rate(node_md_blocks_synced${sel()}[${o.rateWindow}])`),
    /** Disks missing per degraded array: required minus active (from mdstat's `[2/1]`). */
    missingDisks: `node_md_disks_required${sel()} - ignoring(state) node_md_disks${sel('state="active"')} > 0`,
    /** Targets whose arrays have vanished: a failed scrape marks their series stale. */
    down: `up${sel()} == 0`,
  };
}
