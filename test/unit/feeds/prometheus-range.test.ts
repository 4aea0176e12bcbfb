/** Backfill from query_range: parameters, and points per metric with the same reduce/split. */
import { describe, expect, it } from 'vitest';
import { NO_DATA } from '../../../server/src/feeds/prometheus/prom-observations';
import { PromMetricQuery } from '../../../server/src/feeds/prometheus/prom-query';
import { promRangeParams, promRangePoints } from '../../../server/src/feeds/prometheus/prom-range';
import { parsedAnswer, vector } from '../../fixtures/prometheus/load';

const q = (o: Partial<PromMetricQuery> = {}): PromMetricQuery => PromMetricQuery.parse({ id: 'md.synced', query: 'x', ...o });

const points = (p: { start: string; end: string; step: string }) => (Number(p.end) - Number(p.start)) / Number(p.step) + 1;

describe('promRangeParams', () => {
  const NOW = 1_741_010_160_750;

  it('the last hour at a whole-second step giving at most 500 points', () => {
    const p = promRangeParams('up', NOW);
    expect(p).toEqual({ query: 'up', start: '1741006560', end: '1741010160', step: '8' });
    expect(points(p)).toBeLessThanOrEqual(500);
    // 7 s would give 515 points: 8 is the smallest step that fits.
    expect(3600 / 7 + 1).toBeGreaterThan(500);
  });

  it.each<[{ lookbackMs?: number; maxPoints?: number; minStepMs?: number }, string]>([
    [{ lookbackMs: 600_000 }, '2'],
    [{ lookbackMs: 60_000 }, '1'],
    [{ lookbackMs: 60_000, minStepMs: 15_000 }, '15'],
    [{ lookbackMs: 86_400_000 }, '174'],
    [{ maxPoints: 61 }, '60'],
  ])('%j → step %s', (options, step) => {
    const p = promRangeParams('up', NOW, options);
    expect(p.step).toBe(step);
    expect(points(p)).toBeLessThanOrEqual(options.maxPoints ?? 500);
  });
});

describe('promRangePoints', () => {
  it('reads a real matrix, one metric per device', () => {
    const r = promRangePoints(q({ split: 'device' }), parsedAnswer('real-2.42-matrix.json'));
    expect(r.problem).toBeNull();
    expect(r.points).toEqual({
      'md.synced.md8': [
        [1_796_163_600_000, 104_790_016],
        [1_796_163_602_000, 104_790_016],
      ],
      'md.synced.md6': [
        [1_796_163_600_000, 16_775_552],
        [1_796_163_602_000, 50_000_000],
      ],
      'md.synced.md7': [
        [1_796_163_600_000, 0],
        [1_796_163_602_000, 0],
      ],
    });
  });

  it('reduces per step and skips non-finite steps', () => {
    const r = promRangePoints(q({ split: 'instance', reduce: 'sum' }), parsedAnswer('hand-matrix-split-reduce.json'));
    expect(r.points).toEqual({
      'md.synced.hv-1-9100': [
        [1_741_010_100_000, 11],
        [1_741_010_160_000, 33],
      ],
      'md.synced.hv-2-9100': [[1_741_010_130_000, 5]],
    });
    expect(r.problem).toMatch(/^md.synced.hv-1-9100: value is NaN \(series \{instance="hv-1:9100",device="md1"\}\); md.synced.hv-2-9100: value is \+Inf$/);
  });

  it('max over all series, a step where a series is absent uses the others', () => {
    const r = promRangePoints(q({ reduce: 'max' }), parsedAnswer('hand-matrix-split-reduce.json'));
    expect(r.points['md.synced']).toEqual([[1_741_010_100_000, 10]]);
  });

  it.each([
    ['several series without reduce', q(), parsedAnswer('real-2.42-matrix.json'), /^3 series returned/],
    ['an empty matrix', q(), { ...vector([]), resultType: 'matrix' as const, result: [] }, new RegExp(`^${NO_DATA}$`)],
    ['a vector', q(), vector([[{}, 1]]), /^query_range returned a vector, expected a matrix$/],
    ['only native histograms', q(), parsedAnswer('hand-native-histogram-matrix.json'), /^only native histograms/],
  ])('%s: no points and a problem', (_name, query, data, problem) => {
    const r = promRangePoints(query, data);
    expect(r.points).toEqual({});
    expect(r.problem).toMatch(problem);
  });
});
