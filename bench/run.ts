/**
 * npm run bench [-- B1 B4 …] [--quick]
 * Runs benchmarks, prints the table, writes bench/results/<date>-<id>.json and refreshes
 * the table in docs/performance.md. Benchmarks are not tests: nothing here fails a build.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUTH_PARAMS } from './lib/auth';
import type { Benchmark, BenchContext } from './lib/benchmark';
import { describeMachine, table, updateDocs, verdict, writeResult, type BenchResult } from './lib/results';
import { b1 } from './benchmarks/b1-steady-fanout';
import { b2 } from './benchmarks/b2-large-rooms';
import { b3 } from './benchmarks/b3-throughput-knee';
import { b4 } from './benchmarks/b4-idle-memory';
import { b5 } from './benchmarks/b5-reconnect-storm';
import { b6 } from './benchmarks/b6-short-disconnects';
import { b7 } from './benchmarks/b7-durable-append';
import { b8 } from './benchmarks/b8-browser';
import { b9 } from './benchmarks/b9-alert-storm';
import { b10 } from './benchmarks/b10-polling-cost';

const ALL: Benchmark[] = [b1, b2, b3, b4, b5, b6, b7, b8, b9, b10];

export async function runBenchmarks(ids: string[], options: { quick: boolean; resultsDir?: string; log?: (m: string) => void }) {
  const log = options.log ?? ((m: string) => console.log(m));
  const selected = ids.length ? ALL.filter((b) => ids.includes(b.id)) : ALL;
  const unknown = ids.filter((id) => !ALL.some((b) => b.id === id));
  if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${ALL.map((b) => b.id).join(' ')}`);
  const ctx: BenchContext = { quick: options.quick, log };
  const results: BenchResult[] = [];
  const failures: string[] = [];
  for (const bench of selected) {
    log(`${bench.id} — ${bench.title}${options.quick ? ' (quick)' : ''}`);
    const machine = describeMachine();
    let outcome;
    try {
      outcome = await bench.run(ctx);
    } catch (error) {
      // One broken benchmark must not cost the others' results.
      log(`  ${bench.id} failed: ${error instanceof Error ? error.stack : String(error)}`);
      failures.push(bench.id);
      continue;
    }
    const result: BenchResult = {
      benchmark: bench.id,
      title: bench.title,
      date: new Date().toISOString(),
      quick: options.quick,
      machine,
      ...outcome,
      // Every benchmark runs Warroom signed in, with the bench's rate budgets: named in each result.
      params: { ...outcome.params, warroomAuth: AUTH_PARAMS },
      pass: verdict(outcome.comparisons),
    };
    const file = writeResult(result, options.resultsDir);
    log(`  → ${path.relative(process.cwd(), file)}`);
    results.push(result);
  }
  return { results, failures };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const ids = args.filter((a) => !a.startsWith('--')).map((a) => a.toUpperCase());
  const { results, failures } = await runBenchmarks(ids, { quick });
  console.log(`\n${table(results)}\n`);
  if (!quick) updateDocs(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/performance.md'));
  if (failures.length) {
    console.error(`did not complete: ${failures.join(', ')}`);
    process.exitCode = 1;
  }
}
