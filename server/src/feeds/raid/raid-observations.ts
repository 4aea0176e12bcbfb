/**
 * RAID arrays → the observations of a RAID source: how many arrays rebuild, wait, lost
 * redundancy, the slowest ETA, and % / ETA per rebuilding array (at most 20 arrays).
 */
import type { Observation } from '../observation';
import { MAX_SPLIT } from '../prometheus/split-metric';
import { type RaidArray, type RaidResults, raidArrays } from './raid-arrays';
import { type RaidChild, raidChildSpecs, raidIds } from './raid-metrics';
import { RaidOptions } from './raid-queries';

/** How many arrays a detail line names before "+N more". */
const LISTED = 5;

export function formatEta(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
  const hours = Math.round(minutes / 60);
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/**
 * One decimal, cut rather than rounded as the kernel does in mdstat (8.589 → "8.5 %"), so the
 * tile agrees with `cat /proc/mdstat` and never shows 100.0 % before the end.
 */
export function formatPct(pct: number): string {
  return pct > 0 && pct < 0.1 ? '< 0.1 %' : `${(Math.floor(pct * 10) / 10).toFixed(1)} %`;
}

const etaText = (a: RaidArray) => (a.etaSeconds === null ? `ETA unknown (${a.unknown})` : `ETA ${formatEta(a.etaSeconds)}`);

function describe(a: RaidArray): string {
  if (a.kind === 'queued') return `${a.name}: queued`;
  return `${a.name}: ${a.pct === null ? '? %' : formatPct(a.pct)}, ${etaText(a)}`;
}

function list(items: string[], separator = '; '): string {
  const more = items.length > LISTED ? `${separator}+${items.length - LISTED} more` : '';
  return items.slice(0, LISTED).join(separator) + more;
}

const natural = new Intl.Collator('en', { numeric: true });
/** md2 before md11, hv-2 before hv-10. */
const byName = (a: RaidArray, b: RaidArray) => natural.compare(a.name, b.name);

/** Unknown ETAs first (they are the worry), then the slowest. */
function slowestFirst(a: RaidArray, b: RaidArray): number {
  const ea = a.etaSeconds ?? Infinity;
  const eb = b.etaSeconds ?? Infinity;
  return ea === eb ? byName(a, b) : eb - ea;
}

const detail = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join('; ') || undefined;

export type RaidReading = {
  observations: Observation[];
  /** The per-array metrics in this reading, as specs: `toMetricDef` them the first time an id appears. */
  children: RaidChild[];
};

/**
 * `results`: the parsed answer to each of raidQueries(options), issued at one `time=`.
 * `now` stamps the observations when there is no sample to take the time from.
 */
export function raidObservations(results: RaidResults, options: RaidOptions, now: number): RaidReading {
  const o = RaidOptions.parse(options);
  const ids = raidIds(o.prefix);
  const { at: sampledAt, arrays, down } = raidArrays(results, o);
  const at = sampledAt ?? now;
  const downNote =
    down.length > 0 ? `${down.length} target${down.length === 1 ? '' : 's'} down (${list(down, ', ')}): their arrays are not counted` : undefined;

  if (arrays.length === 0) {
    const problem = `no data: no node_md_state series${downNote ? `; ${downNote}` : ' (no md arrays, or the mdadm collector is off)'}`;
    const observations = [ids.rebuilding, ids.queued, ids.degraded, ids.eta].map(
      (metric): Observation => ({ metric, at, value: null, problem }),
    );
    return { observations, children: [] };
  }

  const rebuilding = arrays.filter((a) => a.kind === 'rebuilding').toSorted(slowestFirst);
  const queued = arrays.filter((a) => a.kind === 'queued').toSorted(byName);
  const degraded = arrays.filter((a) => a.degraded !== null).toSorted(byName);
  const count = (metric: string, n: number, d: string | undefined): Observation =>
    d === undefined ? { metric, at, value: n } : { metric, at, value: n, detail: d };

  const observations: Observation[] = [
    count(
      ids.rebuilding,
      rebuilding.length,
      detail(
        rebuilding.length > 0 && list(rebuilding.map(describe)),
        queued.length > 0 && `queued: ${list(queued.map((a) => a.name), ', ')}`,
        downNote,
      ),
    ),
    count(ids.queued, queued.length, detail(queued.length > 0 && list(queued.map((a) => a.name), ', '), downNote)),
    count(
      ids.degraded,
      degraded.length,
      detail(degraded.length > 0 && list(degraded.map((a) => `${a.name}: ${a.degraded}`)), downNote),
    ),
    overallEta(ids.eta, at, rebuilding, queued),
  ];

  const children: RaidChild[] = [];
  const seen = new Set<string>();
  for (const a of [...rebuilding, ...queued].slice(0, MAX_SPLIT)) {
    const child = raidChildSpecs(o.prefix, a.host, a.device);
    // Two targets on one host (different ports) would share ids: the first one wins.
    if (seen.has(child.pct.id)) continue;
    seen.add(child.pct.id);
    children.push(child);
    observations.push(...arrayObservations(a, child, at));
  }
  const shown = rebuilding.length + queued.length;
  if (shown > MAX_SPLIT) {
    const first = observations[0]!;
    const note = `${shown - MAX_SPLIT} more arrays without their own % and ETA (at most ${MAX_SPLIT})`;
    if (first.value !== null) first.detail = first.detail ? `${first.detail}; ${note}` : note;
  }
  return { observations, children };
}

function overallEta(metric: string, at: number, rebuilding: RaidArray[], queued: RaidArray[]): Observation {
  const waiting = `${queued.length} queued array${queued.length === 1 ? '' : 's'} not started`;
  if (rebuilding.length === 0) {
    // Done is a true 0; queued work that has not started has no ETA at all.
    if (queued.length > 0) return { metric, at, value: null, problem: `ETA unknown: ${waiting}, none rebuilding` };
    return { metric, at, value: 0, detail: 'nothing rebuilding' };
  }
  const unknown = rebuilding.filter((a) => a.etaSeconds === null);
  if (unknown.length > 0) {
    const names = list(unknown.map((a) => a.name), ', ');
    return { metric, at, value: null, problem: `ETA unknown for ${names}: ${unknown[0]!.unknown}` };
  }
  const slowest = rebuilding[0]!;
  // md runs arrays sharing disks one after the other: the queued ones come on top.
  const d = detail(`slowest: ${describe(slowest)}`, queued.length > 0 && `${waiting} (not included)`)!;
  return { metric, at, value: slowest.etaSeconds!, detail: d };
}

function arrayObservations(a: RaidArray, child: RaidChild, at: number): Observation[] {
  const queued = a.kind === 'queued';
  const pct: Observation =
    a.pct === null
      ? { metric: child.pct.id, at, value: null, problem: queued ? `${a.unknown}` : `progress unknown: ${a.unknown}` }
      : { metric: child.pct.id, at, value: a.pct, detail: etaText(a) };
  const eta: Observation =
    a.etaSeconds === null
      ? { metric: child.eta.id, at, value: null, problem: queued ? `${a.unknown}` : `ETA unknown: ${a.unknown}` }
      : { metric: child.eta.id, at, value: a.etaSeconds, detail: `${formatPct(a.pct ?? 0)} synced` };
  return [pct, eta];
}
