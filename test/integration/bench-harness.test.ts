/**
 * A smoke run of the benchmark harness: a few viewers for a few seconds against L0, L1 and
 * Warroom, through the real runner, must produce a result file that is valid and sane.
 * It times nothing: the figures are checked for shape, not speed.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBenchmarks } from '../../bench/run';
import { BenchResult } from '../../bench/lib/results';
import { tempDir } from '../support/server';

describe('benchmark harness', () => {
  it('runs B1 quick and writes a valid result file', { timeout: 180_000 }, async () => {
    const dir = tempDir();
    const { results, failures } = await runBenchmarks(['B1'], { quick: true, resultsDir: dir, log: () => {} });
    expect(failures).toEqual([]);
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}-B1-quick\.json$/);
    const result = BenchResult.parse(JSON.parse(fs.readFileSync(`${dir}/${files[0]}`, 'utf8')));
    expect(result).toEqual(results[0]);
    expect(result.machine.cpus).toBeGreaterThan(0);
    // One round each in a quick run, then each target's figures over its rounds.
    expect(result.runs.map((r) => `${r.target} ${r.case}`)).toEqual(['L0 10 Hz #1', 'L1 10 Hz #1', 'L2 10 Hz #1', 'L0 10 Hz', 'L1 10 Hz', 'L2 10 Hz']);
    expect(result.runs.slice(3).map((r) => r.metrics.rounds)).toEqual([1, 1, 1]);
    expect(result.runs[5]!.metrics.latencyP99).toBe(result.runs[2]!.metrics.latencyP99);
    for (const run of result.runs) {
      // Warroom signed in: a refused ingest (401, 403, 429) or viewer would make its run invalid.
      expect(run.valid, run.invalidReason).toBe(true);
      expect(run.metrics.deliveredPct).toBe(100);
      expect(run.metrics.broadcasts).toBeGreaterThan(0);
      expect(run.metrics.latencyP99).toBeGreaterThan(0);
      expect(run.metrics.gaps).toBe(0);
    }
    expect(result.comparisons.find((c) => c.metric === 'latency p99')?.L2).toBeGreaterThan(0);
  });
});
