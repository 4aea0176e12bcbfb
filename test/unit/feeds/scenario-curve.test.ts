/** A scenario metric's value at an instant: keyframes, gaps, rounding. */
import { describe, expect, it } from 'vitest';
import { valueAt, valuesAt } from '../../../server/src/feeds/scenario/scenario-curve';
import type { Keyframe, ScenarioMetric } from '../../../server/src/feeds/scenario/scenario-resolve';

const MIN = 60_000;
const curve = (keyframes: Keyframe[], overrides: Partial<Pick<ScenarioMetric, 'gaps' | 'decimals'>> = {}) => ({
  keyframes,
  gaps: [],
  decimals: 0,
  ...overrides,
});

describe('valueAt', () => {
  const ramp = curve([[0, 0], [10 * MIN, 100], [20 * MIN, 40]]);
  it.each([
    { at: -3 * MIN, expected: 0, why: 'flat before the first keyframe' },
    { at: 0, expected: 0, why: 'on a keyframe' },
    { at: 5 * MIN, expected: 50, why: 'linear between keyframes' },
    { at: 10 * MIN, expected: 100, why: 'on a middle keyframe' },
    { at: 15 * MIN, expected: 70, why: 'linear down' },
    { at: 20 * MIN, expected: 40, why: 'on the last keyframe' },
    { at: 90 * MIN, expected: 40, why: 'flat after the last keyframe' },
    { at: 1 * MIN + 30_000, expected: 15, why: 'between minutes' },
    { at: 1 * MIN + 3_000, expected: 11, why: 'rounded to whole numbers' },
  ])('$why', ({ at, expected }) => expect(valueAt(ramp, at)).toBe(expected));

  it('a single keyframe is a constant', () => {
    expect(valueAt(curve([[5 * MIN, 48]]), 0)).toBe(48);
    expect(valueAt(curve([[5 * MIN, 48]]), 60 * MIN)).toBe(48);
  });

  it('keeps the decimals the metric asks for', () => {
    const pct = curve([[0, 0], [3 * MIN, 1]], { decimals: 2 });
    expect(valueAt(pct, MIN)).toBe(0.33);
    expect(valueAt({ ...pct, decimals: 0 }, MIN)).toBe(0);
  });

  it('is null inside a gap, from included, to excluded: no sample, not 0', () => {
    const gapped = curve([[0, 10], [60 * MIN, 70]], { gaps: [{ from: 10 * MIN, to: 20 * MIN }, { from: 40 * MIN, to: 41 * MIN }] });
    expect(valueAt(gapped, 10 * MIN - 1)).toBe(20);
    expect(valueAt(gapped, 10 * MIN)).toBeNull();
    expect(valueAt(gapped, 20 * MIN - 1)).toBeNull();
    expect(valueAt(gapped, 20 * MIN)).toBe(30);
    expect(valueAt(gapped, 40 * MIN + 30_000)).toBeNull();
    expect(valueAt(gapped, 41 * MIN)).toBe(51);
  });
});

describe('valuesAt', () => {
  it('gives every metric not in a gap, in scenario order', () => {
    const metrics = [
      { id: 'a', ...curve([[0, 1]]) },
      { id: 'b', ...curve([[0, 2]], { gaps: [{ from: 0, to: MIN }] }) },
      { id: 'c', ...curve([[0, 3]]) },
    ] as ScenarioMetric[];
    expect(valuesAt({ metrics }, 30_000)).toEqual([{ metric: 'a', value: 1 }, { metric: 'c', value: 3 }]);
    expect(valuesAt({ metrics }, MIN)).toEqual([{ metric: 'a', value: 1 }, { metric: 'b', value: 2 }, { metric: 'c', value: 3 }]);
  });
});
