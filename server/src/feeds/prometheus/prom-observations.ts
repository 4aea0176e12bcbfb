/**
 * One instant query's answer → the observations of its configured metric (or of its split
 * children). Empty is "no data", never 0; NaN and ±Inf are problems, never values.
 */
import type { Observation } from '../observation';
import { formatLabels, type PromData, type PromSample } from './prom-response';
import { type PromMetricQuery, type Reduced, groupSeries, pickLargest, reduceValues } from './prom-query';
import { MAX_SPLIT } from './split-metric';

export const NO_DATA = 'no data: the query returned no series';

function observation(metric: string, at: number, r: Reduced, detail: string | undefined): Observation {
  if ('problem' in r) return { metric, at, value: null, problem: r.problem };
  return detail === undefined ? { metric, at, value: r.value } : { metric, at, value: r.value, detail };
}

/** Warnings mean a partial answer (a remote store failed): worth a line on the tile. */
function warningDetail(data: PromData): string | undefined {
  const [first] = data.warnings;
  if (first === undefined) return undefined;
  const more = data.warnings.length > 1 ? ` (+${data.warnings.length - 1} more)` : '';
  return `Prometheus warning: ${first}${more}`;
}

const joinDetail = (...parts: (string | undefined)[]) => parts.filter(Boolean).join('; ') || undefined;

/**
 * `now` stamps the observations that have no sample to take a time from (an empty result);
 * every other one carries its sample's time.
 */
export function promObservations(q: PromMetricQuery, data: PromData, now: number): Observation[] {
  const problem = (text: string): Observation[] => [{ metric: q.id, at: now, value: null, problem: text }];
  switch (data.resultType) {
    case 'scalar':
      if (q.split !== undefined) return problem(`the query returned a scalar, which has no ${q.split} label to split by`);
      return [observation(q.id, data.result.at, reduceValues([data.result.value], [''], undefined), warningDetail(data))];
    case 'string':
      return problem(`the query returned a string (${JSON.stringify(data.result.value.slice(0, 40))}), not a number`);
    case 'matrix':
      return problem('the query returned a range vector: drop the [range] selector, an instant query needs an instant vector');
    case 'vector':
      return vectorObservations(q, data.result, warningDetail(data), now);
  }
}

function vectorObservations(q: PromMetricQuery, samples: PromSample[], warning: string | undefined, now: number) {
  if (samples.length === 0) return [{ metric: q.id, at: now, value: null, problem: NO_DATA } satisfies Observation];
  const { groups, collisions } = groupSeries(q, samples);
  const results = groups.map((g) => ({
    ...g,
    at: Math.max(...g.items.map((s) => s.at)),
    reduced: collisions.has(g.id)
      ? { problem: `split values ${collisions.get(g.id)!.map((v) => JSON.stringify(v)).join(' and ')} share this id` }
      : reduceValues(
          g.items.map((s) => s.value),
          g.items.map((s) => formatLabels(s.labels)),
          q.reduce,
        ),
  }));
  if (q.split === undefined) return results.map((r) => observation(r.id, r.at, r.reduced, warning));
  const { kept, leftOut } = pickLargest(results, (r) => ('value' in r.reduced ? r.reduced.value : null));
  const note = leftOut > 0 ? `${leftOut} more ${q.split} values left out (at most ${MAX_SPLIT} shown)` : undefined;
  // A collision yields several groups with one id: report it once.
  const seen = new Set<string>();
  return kept
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .map((r) => observation(r.id, r.at, r.reduced, joinDetail(note, warning)));
}
