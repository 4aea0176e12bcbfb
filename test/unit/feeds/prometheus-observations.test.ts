/** Instant query answers → observations: no data is never 0, non-finite is never a value. */
import { describe, expect, it } from 'vitest';
import { MetricId } from '#shared/metrics';
import { NO_DATA, promObservations } from '../../../server/src/feeds/prometheus/prom-observations';
import { PromMetricQuery } from '../../../server/src/feeds/prometheus/prom-query';
import { splitMetricId, splitMetricLabel } from '../../../server/src/feeds/prometheus/split-metric';
import { T, parsedAnswer, vector } from '../../fixtures/prometheus/load';

const NOW = T + 5000;
const q = (o: Partial<PromMetricQuery> = {}): PromMetricQuery => PromMetricQuery.parse({ id: 'node.load', query: 'x', ...o });
const hosts = (...values: number[]) => vector(values.map((v, i) => [{ instance: `hv-${i + 1}:9100` }, v]));

describe('promObservations: one metric', () => {
  const cases = [
    { name: 'one series', query: q(), data: hosts(3), expected: { value: 3, at: T } },
    { name: 'empty result is no data, not 0', query: q(), data: vector([]), expected: { value: null, problem: NO_DATA, at: NOW } },
    { name: 'count of nothing is no data too', query: q({ reduce: 'count' }), data: vector([]), expected: { value: null, problem: NO_DATA } },
    { name: 'NaN', query: q(), data: hosts(Number.NaN), expected: { value: null, problem: 'value is NaN' } },
    { name: '+Inf', query: q(), data: hosts(Infinity), expected: { value: null, problem: 'value is +Inf' } },
    { name: '-Inf', query: q(), data: hosts(-Infinity), expected: { value: null, problem: 'value is -Inf' } },
    {
      name: 'several series without reduce',
      query: q(),
      data: hosts(1, 2),
      expected: { value: null, problem: '2 series returned: set reduce (sum, max, min or count) or split by a label' },
    },
    { name: 'sum', query: q({ reduce: 'sum' }), data: hosts(1, 2, 4), expected: { value: 7 } },
    { name: 'max', query: q({ reduce: 'max' }), data: hosts(1, 2, 4), expected: { value: 4 } },
    { name: 'min', query: q({ reduce: 'min' }), data: hosts(1, 2, 4), expected: { value: 1 } },
    { name: 'count counts series, NaN ones too', query: q({ reduce: 'count' }), data: hosts(0, Number.NaN), expected: { value: 2 } },
    {
      name: 'a sum with one +Inf member names it',
      query: q({ reduce: 'sum' }),
      data: hosts(1, Infinity),
      expected: { value: null, problem: 'value is +Inf (series {instance="hv-2:9100"})' },
    },
    { name: 'real scalar NaN', query: q(), data: parsedAnswer('real-2.42-scalar-nan.json'), expected: { value: null, problem: 'value is NaN' } },
    { name: 'scalar', query: q(), data: parsedAnswer('hand-scalar.json'), expected: { value: 42, at: 1_741_010_160_123 } },
    {
      name: 'scalar with split',
      query: q({ split: 'instance' }),
      data: parsedAnswer('hand-scalar.json'),
      expected: { value: null, problem: 'the query returned a scalar, which has no instance label to split by' },
    },
    {
      name: 'real string',
      query: q(),
      data: parsedAnswer('real-2.42-string.json'),
      expected: { value: null, problem: 'the query returned a string ("hello"), not a number' },
    },
    {
      name: 'real range vector from an instant query',
      query: q(),
      data: parsedAnswer('real-2.42-matrix-instant.json'),
      expected: { value: null, problem: expect.stringMatching(/^the query returned a range vector/) },
    },
    {
      name: 'native histogram',
      query: q(),
      data: parsedAnswer('hand-native-histogram-vector.json'),
      expected: { value: null, problem: 'value is a native histogram, which has no single value' },
    },
    {
      name: 'warnings reach the tile',
      query: q(),
      data: parsedAnswer('hand-success-with-warnings-and-infos.json'),
      expected: { value: 3, detail: 'Prometheus warning: remote read from store eu-2 failed: partial response' },
    },
  ];
  it.each(cases)('$name', ({ query, data, expected }) => {
    expect(promObservations(query, data, NOW)).toEqual([expect.objectContaining({ metric: 'node.load', ...expected })]);
  });

  it('takes the time from the sample, in ms', () => {
    const [obs] = promObservations(q({ reduce: 'max' }), parsedAnswer('real-2.42-vector.json'), NOW);
    expect(obs).toEqual({ metric: 'node.load', at: 1_796_163_602_506, value: 104_790_016 });
  });
});

describe('promObservations: split', () => {
  it('writes one metric per label value, largest first, with child ids', () => {
    const data = vector([
      [{ instance: 'hv-2:9100', device: 'md0' }, 5],
      [{ instance: 'hv-10:9100', device: 'md0' }, 7],
      [{ instance: 'hv-10:9100', device: 'md1' }, 1],
    ]);
    expect(promObservations(q({ split: 'instance', reduce: 'sum' }), data, NOW)).toEqual([
      { metric: 'node.load.hv-10-9100', at: T, value: 8 },
      { metric: 'node.load.hv-2-9100', at: T, value: 5 },
    ]);
  });

  it('needs reduce when a label value still has several series', () => {
    const data = vector([
      [{ instance: 'hv-1', device: 'md0' }, 1],
      [{ instance: 'hv-1', device: 'md1' }, 1],
    ]);
    expect(promObservations(q({ split: 'instance' }), data, NOW)).toEqual([
      expect.objectContaining({ metric: 'node.load.hv-1', value: null, problem: expect.stringMatching(/^2 series returned/) }),
    ]);
  });

  it('keeps at most 20 and says how many were left out', () => {
    const obs = promObservations(q({ split: 'instance' }), hosts(...Array.from({ length: 25 }, (_, i) => i)), NOW);
    expect(obs).toHaveLength(20);
    expect(obs[0]).toEqual({ metric: 'node.load.hv-25-9100', at: T, value: 24, detail: '5 more instance values left out (at most 20 shown)' });
    expect(obs.at(-1)).toMatchObject({ metric: 'node.load.hv-6-9100', value: 5 });
  });

  it('puts problems after values and ids for series without the label', () => {
    const data = vector([
      [{ instance: 'a' }, Number.NaN],
      [{}, 1],
    ]);
    expect(promObservations(q({ split: 'instance' }), data, NOW)).toEqual([
      { metric: 'node.load._', at: T, value: 1 },
      { metric: 'node.load.a', at: T, value: null, problem: 'value is NaN' },
    ]);
  });

  it('reports two values that map to one id instead of merging them', () => {
    const data = vector([
      [{ instance: 'HV-1' }, 1],
      [{ instance: 'hv-1' }, 2],
    ]);
    expect(promObservations(q({ split: 'instance' }), data, NOW)).toEqual([
      { metric: 'node.load.hv-1', at: T, value: null, problem: 'split values "HV-1" and "hv-1" share this id' },
    ]);
  });

  it('an empty split result is no data on the base id', () => {
    expect(promObservations(q({ split: 'instance' }), vector([]), NOW)).toEqual([
      { metric: 'node.load', at: NOW, value: null, problem: NO_DATA },
    ]);
  });
});

describe('splitMetricId / splitMetricLabel', () => {
  it.each([
    ['node.load', 'hv-12:9100', 'node.load.hv-12-9100'],
    ['node.load', 'HV_12.par6', 'node.load.hv_12.par6'],
    ['node.load', 'disque 1/2', 'node.load.disque-1-2'],
    ['node.load', '', 'node.load._'],
  ])('%s + %j → %s', (base, value, id) => {
    expect(splitMetricId(base, value)).toBe(id);
  });

  it('always fits a MetricId, and long values sharing a prefix stay apart', () => {
    const long = 'x'.repeat(70);
    const a = splitMetricId('raid.array_pct', `${long}-a`);
    const b = splitMetricId('raid.array_pct', `${long}-b`);
    expect(a).toHaveLength(64);
    expect(MetricId.safeParse(a).success).toBe(true);
    expect(a).not.toBe(b);
    expect(splitMetricId('a'.repeat(64), 'v')).toHaveLength(64);
  });

  it('labels a child after its parent and fits 80 characters', () => {
    expect(splitMetricLabel('Load', 'hv-12:9100')).toBe('Load — hv-12:9100');
    expect(splitMetricLabel('Load', '')).toBe('Load — (no value)');
    expect(splitMetricLabel('Load', 'y'.repeat(100))).toHaveLength(80);
  });
});

describe('PromMetricQuery', () => {
  it.each([
    [{ id: 'x', query: 'up' }, true],
    [{ id: 'x', query: 'up', reduce: 'avg' }, false],
    [{ id: 'x', query: 'up', split: 'instance' }, true],
    [{ id: 'x', query: 'up', split: 'not-a-label' }, false],
    [{ id: 'X', query: 'up' }, false],
    [{ id: 'x', query: '  ' }, false],
  ])('%j valid: %s', (input, valid) => {
    expect(PromMetricQuery.safeParse(input).success).toBe(valid);
  });
});
