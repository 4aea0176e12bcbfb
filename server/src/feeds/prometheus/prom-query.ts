/**
 * A configured PromQL metric and the rules shared by the instant query and the backfill:
 * how several series become one value (reduce) or one metric per label value (split).
 */
import { z } from 'zod';
import { MetricId } from '#shared/metrics';
import { MAX_SPLIT, splitMetricId } from './split-metric';

/**
 * How several series make one value. Beware `count`: PromQL's `count(x == 1)` is *empty*
 * when nothing matches, and empty is "no data" here, never 0. For "how many are in state X"
 * query the 0/1 gauge itself with `reduce: sum` (`sum(node_md_state{state="recovering"})`):
 * that is 0 while the series exist and no data once they vanish.
 */
export const PromReduce = z.enum(['sum', 'max', 'min', 'count']);
export type PromReduce = z.infer<typeof PromReduce>;

/** The Prometheus keys of a metric in warroom.config.yaml; extend MetricSpec with `.shape`. */
export const PromMetricQuery = z.object({
  id: MetricId,
  query: z.string().trim().min(1),
  reduce: PromReduce.optional(),
  /** One metric per value of this label (at most 20), e.g. `instance`. */
  split: z
    .string()
    .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name')
    .optional(),
});
export type PromMetricQuery = z.infer<typeof PromMetricQuery>;

export type Reduced = { value: number } | { problem: string };

export function describeValue(value: number | null): string {
  if (value === null) return 'a native histogram, which has no single value';
  return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
}

/**
 * One value from the values of one group of series. `names` says which series a problem is
 * about when there are several. A non-finite value poisons sum/max/min rather than being
 * skipped: a sum without the broken series would be a confident wrong number.
 */
export function reduceValues(values: (number | null)[], names: string[], reduce: PromReduce | undefined): Reduced {
  if (reduce === 'count') return { value: values.length };
  if (values.length > 1 && reduce === undefined) {
    return { problem: `${values.length} series returned: set reduce (sum, max, min or count) or split by a label` };
  }
  const bad = values.findIndex((v) => v === null || !Number.isFinite(v));
  if (bad >= 0) {
    const which = values.length > 1 ? ` (series ${names[bad]})` : '';
    return { problem: `value is ${describeValue(values[bad]!)}${which}` };
  }
  const finite = values as number[];
  if (reduce === 'max') return { value: Math.max(...finite) };
  if (reduce === 'min') return { value: Math.min(...finite) };
  return { value: finite.reduce((a, b) => a + b, 0) };
}

const natural = new Intl.Collator('en', { numeric: true });

/** A group of series that makes one metric: all of them, or those sharing one split value. */
export type Group<T> = { id: string; splitValue: string | null; items: T[] };

/**
 * The groups of one query's series, each with its metric id. Two split values that slug to
 * the same id ("HV-12", "hv-12") are reported, not silently merged.
 */
export function groupSeries<T extends { labels: Record<string, string> }>(
  q: PromMetricQuery,
  items: T[],
): { groups: Group<T>[]; collisions: Map<string, string[]> } {
  if (q.split === undefined) return { groups: [{ id: q.id, splitValue: null, items }], collisions: new Map() };
  const byValue = new Map<string, T[]>();
  for (const item of items) {
    const value = item.labels[q.split] ?? '';
    byValue.set(value, [...(byValue.get(value) ?? []), item]);
  }
  const groups: Group<T>[] = [];
  const valuesOfId = new Map<string, string[]>();
  for (const [value, members] of byValue) {
    const id = splitMetricId(q.id, value);
    valuesOfId.set(id, [...(valuesOfId.get(id) ?? []), value]);
    groups.push({ id, splitValue: value, items: members });
  }
  const collisions = new Map([...valuesOfId].filter(([, values]) => values.length > 1));
  return { groups, collisions };
}

/**
 * The split groups worth a tile, at most MAX_SPLIT: the largest values first (like `topk`),
 * groups without a value after them, ties in natural order (hv-2 before hv-10).
 * Use `bottomk` in the query itself when the smallest matter.
 */
export function pickLargest<G extends { splitValue: string | null }>(groups: G[], valueOf: (g: G) => number | null) {
  const sorted = groups.toSorted((a, b) => {
    const va = valueOf(a);
    const vb = valueOf(b);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return vb - va;
    }
    return natural.compare(a.splitValue ?? '', b.splitValue ?? '');
  });
  return { kept: sorted.slice(0, MAX_SPLIT), leftOut: Math.max(sorted.length - MAX_SPLIT, 0) };
}
