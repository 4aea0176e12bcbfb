/**
 * The answers to raidQueries() joined per md array and classified: rebuilding (with % and
 * ETA), queued, degraded. What node_exporter 1.5 really exports was checked against the real
 * binary (test/integration/prometheus-stack.test.ts):
 * - `resync=DELAYED` / `resync=PENDING` → state="resync" 1, `recovery=DELAYED` → state="recovering" 1,
 *   both with blocks_synced 0. Read as "0 % done" they would claim a rebuild that is not running.
 * - a healthy or inactive array has blocks_synced = blocks; a reshape is not a sync state at all.
 * - node_md_disks{state="active"} is the second number of mdstat's `[2/1]`, so a disk being
 *   rebuilt onto is not counted active yet: required − active = disks missing.
 * - blocks is the array size but blocks_synced counts per-member blocks: exact for RAID1, and
 *   understated for RAID5/6/10 (mdstat's own denominator is not exported by 1.5).
 */
import { FeedError } from '../observation';
import type { PromData, PromLabels, PromSample } from '../prometheus/prom-response';
import { type ParsedRaidOptions, type RaidQueryName, SYNC_STATES } from './raid-queries';

/** The parsed answer to each of raidQueries(), by name. */
export type RaidResults = Record<RaidQueryName, PromData>;

export type RaidArray = {
  /** The array's labels without `state`: joins the answers of the different queries. */
  key: string;
  /** "md6 on hv-12" */
  name: string;
  host: string;
  device: string;
  state: string;
  kind: 'rebuilding' | 'queued' | 'other';
  /** % of blocks synced; null when not rebuilding or when blocks are unknown. */
  pct: number | null;
  etaSeconds: number | null;
  /** Why the ETA (and maybe the %) is unknown, for a rebuilding or queued array: "no progress over the last 5m". */
  unknown: string | null;
  /** Why it lost redundancy ("1 disk missing", "inactive"), or null. */
  degraded: string | null;
};

export type RaidArrays = { at: number | null; arrays: RaidArray[]; down: string[] };

function vector(results: RaidResults, name: RaidQueryName): PromSample[] {
  const data = results[name];
  if (data.resultType !== 'vector') {
    throw new FeedError(`RAID query "${name}" returned a ${data.resultType}, expected an instant vector`);
  }
  return data.result;
}

export function arrayKey(labels: PromLabels): string {
  const kept = Object.entries(labels).filter(([n]) => n !== '__name__' && n !== 'state');
  return JSON.stringify(kept.toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `hv-12:9100` → `hv-12`, `[::1]:9100` → `[::1]`; a bare IPv6 address is left alone. */
export function hostOf(labels: PromLabels, hostLabel: string): string {
  const raw = labels[hostLabel] ?? '?';
  return raw.replace(/^(\[[^\]]*\]|[^:]*):\d+$/, '$1');
}

function byKey(samples: PromSample[]): Map<string, number | null> {
  return new Map(samples.map((s) => [arrayKey(s.labels), s.value]));
}

const valid = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

type Maybe = number | null | undefined;

/**
 * blocks_synced 0 in a sync state is a queued array (DELAYED/PENDING). A rebuild that has
 * just started reads the same for one scrape: the next one shows it moving.
 */
function progress(state: string, blocks: Maybe, synced: Maybe, rate: Maybe, window: string) {
  if (synced === 0) {
    const queued = state === 'recovering' ? 'recovery=DELAYED' : 'resync=DELAYED or PENDING';
    return { kind: 'queued' as const, pct: null, etaSeconds: null, unknown: `queued (${queued}): not started` };
  }
  if (!valid(blocks) || !valid(synced) || blocks === 0) {
    return { kind: 'rebuilding' as const, pct: null, etaSeconds: null, unknown: 'no usable node_md_blocks / node_md_blocks_synced' };
  }
  const pct = Math.min((synced / blocks) * 100, 100);
  if (rate === undefined || rate === null) {
    return { kind: 'rebuilding' as const, pct, etaSeconds: null, unknown: `no speed yet: needs two samples in ${window}` };
  }
  if (!Number.isFinite(rate) || rate <= 0) {
    return { kind: 'rebuilding' as const, pct, etaSeconds: null, unknown: `no progress over the last ${window}` };
  }
  return { kind: 'rebuilding' as const, pct, etaSeconds: Math.max(blocks - synced, 0) / rate, unknown: null };
}

export function raidArrays(results: RaidResults, o: ParsedRaidOptions): RaidArrays {
  const states = vector(results, 'state');
  const blocks = byKey(vector(results, 'blocks'));
  const synced = byKey(vector(results, 'synced'));
  const rate = byKey(vector(results, 'rate'));
  const missing = byKey(vector(results, 'missingDisks'));
  const down = vector(results, 'down').map((s) =>
    s.labels[o.hostLabel] === undefined ? formatTarget(s.labels) : hostOf(s.labels, o.hostLabel),
  );
  const syncStates: readonly string[] = SYNC_STATES;

  const arrays = states.map((s): RaidArray => {
    const key = arrayKey(s.labels);
    const host = hostOf(s.labels, o.hostLabel);
    const device = s.labels.device ?? '?';
    const state = s.labels.state ?? '?';
    const p = syncStates.includes(state)
      ? progress(state, blocks.get(key), synced.get(key), rate.get(key), o.rateWindow)
      : { kind: 'other' as const, pct: null, etaSeconds: null, unknown: null };
    const disks = missing.get(key);
    const degraded =
      state === 'inactive' ? 'inactive' : disks ? `${disks} disk${disks === 1 ? '' : 's'} missing` : null;
    return { key, name: `${device} on ${host}`, host, device, state, ...p, degraded };
  });
  const at = states.length > 0 ? Math.max(...states.map((s) => s.at)) : null;
  return { at, arrays, down };
}

function formatTarget(labels: PromLabels): string {
  return labels.job ?? JSON.stringify(labels);
}
