/**
 * Backfill: the last hour of a configured metric from `/api/v1/query_range`, so a tile opened
 * mid-incident shows where the line came from. Same reduce/split rules as the instant query,
 * applied at each step.
 */
import type { MetricPoint } from '#shared/metrics';
import { formatLabels, type PromData, type PromSeries } from './prom-response';
import { type PromMetricQuery, groupSeries, pickLargest, reduceValues } from './prom-query';
import { NO_DATA } from './prom-observations';

export type RangeParams = { query: string; start: string; end: string; step: string };

/**
 * `query_range` parameters for the `lookbackMs` before `now` at the smallest whole-second step
 * that gives at most `maxPoints` points (both ends count: an hour at 7.2 s would be 501).
 * `minStepMs`: no finer than the scrape interval, where extra points repeat the same sample.
 */
export function promRangeParams(
  query: string,
  now: number,
  { lookbackMs = 3_600_000, maxPoints = 500, minStepMs = 1000 } = {},
): RangeParams {
  const end = Math.floor(now / 1000);
  const span = Math.ceil(lookbackMs / 1000);
  const step = Math.max(Math.ceil(span / Math.max(maxPoints - 1, 1)), Math.ceil(minStepMs / 1000), 1);
  return { query, start: String(end - span), end: String(end), step: String(step) };
}

export type RangePoints = {
  /** Points per metric id, oldest first; a step whose value is not finite is left out. */
  points: Record<string, MetricPoint[]>;
  /** Why some or all points are missing (no series, several series without reduce, …). */
  problem: string | null;
};

/** The points of one group at each step, reduced; steps without a usable value are skipped. */
function groupPoints(q: PromMetricQuery, series: PromSeries[]): { points: MetricPoint[]; problem: string | null } {
  const byStep = new Map<number, { values: number[]; names: string[] }>();
  for (const s of series) {
    for (const [at, value] of s.points) {
      const step = byStep.get(at) ?? { values: [], names: [] };
      step.values.push(value);
      step.names.push(formatLabels(s.labels));
      byStep.set(at, step);
    }
  }
  const points: MetricPoint[] = [];
  let problem: string | null = null;
  for (const at of [...byStep.keys()].toSorted((a, b) => a - b)) {
    const { values, names } = byStep.get(at)!;
    const r = reduceValues(values, names, q.reduce);
    if ('value' in r) points.push([at, r.value]);
    else problem ??= r.problem;
  }
  return { points, problem };
}

export function promRangePoints(q: PromMetricQuery, data: PromData): RangePoints {
  if (data.resultType !== 'matrix') {
    return { points: {}, problem: `query_range returned a ${data.resultType}, expected a matrix` };
  }
  const series = data.result.filter((s) => s.points.length > 0);
  if (series.length === 0) {
    const histograms = data.result.some((s) => s.histogramPoints > 0);
    return { points: {}, problem: histograms ? 'only native histograms, which have no single value' : NO_DATA };
  }
  const { groups, collisions } = groupSeries(q, series);
  const results = groups
    .filter((g) => !collisions.has(g.id))
    .map((g) => ({ ...g, ...groupPoints(q, g.items) }));
  const { kept } = pickLargest(results, (r) => r.points.at(-1)?.[1] ?? null);
  const points: Record<string, MetricPoint[]> = {};
  const problems: string[] = [];
  for (const r of kept) {
    if (r.points.length > 0) points[r.id] = r.points;
    if (r.problem) problems.push(q.split === undefined ? r.problem : `${r.id}: ${r.problem}`);
  }
  for (const [id, values] of collisions) problems.push(`${id}: split values ${values.join(' and ')} share this id`);
  if (series.some((s) => s.histogramPoints > 0)) problems.push('native histogram points skipped');
  return { points, problem: problems.length > 0 ? problems.join('; ') : null };
}
