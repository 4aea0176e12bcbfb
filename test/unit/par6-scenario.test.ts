/** The replay follows the figures of the 2025-03-03 post-mortem (../shared/seeds). */
import { describe, expect, it } from 'vitest';
import { roundFor, valueAt } from '../../server/src/feeds/simulator/keyframes';
import { entries, metrics, scenario, statusChanges } from '../../server/src/feeds/simulator/par6-scenario';

/** Minutes after 14:55 CET. */
const at = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m! - (14 * 60 + 55);
};
const value = (metric: string, hhmm: string) => roundFor(metric, valueAt(metrics[metric]!, at(hhmm)));

describe('PAR6 scenario', () => {
  const figures = [
    { metric: 'vms.missing', time: '14:50', expected: 0 },
    { metric: 'vms.missing', time: '15:49', expected: 2800 },
    { metric: 'vms.missing', time: '17:31', expected: 1300 },
    { metric: 'vms.missing', time: '19:11', expected: 0 },
    { metric: 'raid.rebuilding', time: '15:02', expected: 12 },
    { metric: 'pulsar.connections', time: '15:56', expected: 50_000 },
    { metric: 'pulsar.connection_limit', time: '15:56', expected: 50_000 },
    { metric: 'ceph.osds_up', time: '15:37', expected: 36 },
    { metric: 'ceph.degraded_pct', time: '20:25', expected: 0.3 },
    { metric: 'ceph.health', time: '20:47', expected: 1 },
    { metric: 'ceph.health', time: '20:48', expected: 0 },
    { metric: 'deploy.queue', time: '19:11', expected: 0 },
  ];
  it.each(figures)('$metric at $time CET is $expected', ({ metric, time, expected }) => {
    expect(value(metric, time)).toBe(expected);
  });

  it('posts every timeline row of the seed, in time order', () => {
    expect(entries.length).toBe(86); // 85 seed rows + the status-page notice
    const minutes = entries.map(([m]) => m);
    expect(minutes).toEqual(minutes.toSorted((a, b) => a - b));
    expect(entries[0]).toEqual([0, '14:55', 'Infrastructure', 'note', 'Power outage at PAR6 (Green Data) data center']);
    expect(entries.at(-1)?.[4]).toBe('Last replica down identified was rebuid');
  });

  it('covers the whole incident and ends resolved', () => {
    expect(scenario.endMinute).toBeGreaterThan(at('21:20'));
    expect(statusChanges.at(-1)).toEqual([at('21:20'), 'resolved']);
  });

  it('interpolates between keyframes and holds past the ends', () => {
    expect(valueAt([[0, 0], [10, 100]], 5)).toBe(50);
    expect(valueAt([[0, 0], [10, 100]], -3)).toBe(0);
    expect(valueAt([[0, 0], [10, 100]], 30)).toBe(100);
  });
});
