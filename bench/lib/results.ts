/**
 * What a benchmark run produces: one JSON file per benchmark per day in bench/results/,
 * and the table printed and copied into docs/performance.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

const Target = z.enum(['L0', 'L1', 'L2']);
/** One server measured once: the raw figures and whether the run can be trusted. */
export const Run = z.object({
  target: Target,
  case: z.string(),
  valid: z.boolean(),
  invalidReason: z.string().optional(),
  metrics: z.record(z.string(), z.number().nullable()),
});
export type Run = z.infer<typeof Run>;

/** One figure compared across servers and against its target. */
export const Comparison = z.object({
  case: z.string(),
  metric: z.string(),
  unit: z.string(),
  L0: z.number().nullable(),
  L1: z.number().nullable(),
  L2: z.number().nullable(),
  /** e.g. "L2/L0 ≤ 1.2", "L2 = 100 %", "L2 ≤ 5 ms" */
  target: z.string(),
  pass: z.boolean().nullable(),
});
export type Comparison = z.infer<typeof Comparison>;

export const BenchResult = z.object({
  benchmark: z.string().regex(/^B([1-9]|1[0-9])$/),
  title: z.string(),
  date: z.iso.datetime(),
  quick: z.boolean(),
  machine: z.object({
    cpus: z.number(),
    cpuModel: z.string(),
    memoryGiB: z.number(),
    node: z.string(),
    os: z.string(),
    loadAverage: z.array(z.number()),
  }),
  params: z.record(z.string(), z.unknown()),
  runs: z.array(Run),
  comparisons: z.array(Comparison),
  pass: z.boolean().nullable(),
  notes: z.array(z.string()),
});
export type BenchResult = z.infer<typeof BenchResult>;

export function describeMachine(): BenchResult['machine'] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a == null || b == null || b === 0 || !Number.isFinite(a) || !Number.isFinite(b) ? null : a / b;

export const INFO = 'info';

/** Overall verdict over the targeted figures: fails if one fails; unknown if one could not be judged. */
export function verdict(comparisons: Comparison[]): boolean | null {
  const judged = comparisons.filter((c) => c.target !== INFO);
  if (judged.some((c) => c.pass === false)) return false;
  if (judged.some((c) => c.pass === null)) return null;
  return true;
}

/** Compares one metric of the runs of one case. `check` judges the L2 figure (and ratio); null: informational. */
export function compare(
  runs: Run[],
  caseLabel: string,
  metric: string,
  label: string,
  unit: string,
  target: string,
  check: ((l2: number, l2OverL0: number | null) => boolean) | null,
): Comparison {
  const value = (t: 'L0' | 'L1' | 'L2') => {
    const run = runs.find((r) => r.target === t && r.case === caseLabel);
    return run?.valid ? (run.metrics[metric] ?? null) : null;
  };
  const [L0, L1, L2] = [value('L0'), value('L1'), value('L2')];
  const pass = check === null ? null : L2 === null ? null : check(L2, ratio(L2, L0));
  return { case: caseLabel, metric: label, unit, L0, L1, L2, target: check === null ? INFO : target, pass };
}

export function writeResult(result: BenchResult, dir = resultsDir): string {
  BenchResult.parse(result);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.date.slice(0, 10)}-${result.benchmark}${result.quick ? '-quick' : ''}.json`);
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

const fmt = (v: number | null, unit = ''): string => {
  if (v === null || !Number.isFinite(v)) return '—';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 })}${unit}`;
};

/** A Markdown table: one row per compared figure. */
export function table(results: BenchResult[]): string {
  const lines = [
    '| bench | case | figure | L0 | L1 | L2 | L2/L0 | L1/L0 | target | |',
    '|---|---|---|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of results) {
    for (const c of r.comparisons) {
      const unit = c.unit ? ` ${c.unit}` : '';
      const mark = c.target === INFO ? '' : c.pass === true ? 'pass' : c.pass === false ? '**MISS**' : 'not judged';
      lines.push(
        `| ${r.benchmark} | ${c.case} | ${c.metric} | ${fmt(c.L0, unit)} | ${fmt(c.L1, unit)} | ${fmt(c.L2, unit)} | ${fmt(ratio(c.L2, c.L0))} | ${fmt(ratio(c.L1, c.L0))} | ${c.target} | ${mark} |`,
      );
    }
    for (const run of r.runs.filter((x) => !x.valid)) {
      lines.push(`| ${r.benchmark} | ${run.case} | ${run.target} run invalid: ${run.invalidReason} | | | | | | | |`);
    }
  }
  return lines.join('\n');
}

/** The newest full (not quick) result of each benchmark. */
export function latestResults(dir = resultsDir): BenchResult[] {
  if (!fs.existsSync(dir)) return [];
  const byBench = new Map<string, BenchResult>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.includes('-quick')).toSorted()) {
    const parsed = BenchResult.safeParse(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    if (parsed.success) byBench.set(parsed.data.benchmark, parsed.data);
  }
  return [...byBench.values()].toSorted((a, b) => a.benchmark.localeCompare(b.benchmark));
}

const START = '<!-- bench:table:start -->';
const END = '<!-- bench:table:end -->';

/** Rewrites the generated table in docs/performance.md from the latest results. */
export function updateDocs(docFile: string, dir = resultsDir): void {
  if (!fs.existsSync(docFile)) return;
  const doc = fs.readFileSync(docFile, 'utf8');
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < 0) return;
  const results = latestResults(dir);
  const when = results.map((r) => `${r.benchmark} ${r.date.slice(0, 16).replace('T', ' ')} UTC`).join(', ');
  const machine = results[0]?.machine;
  const header = machine
    ? `_Generated by \`npm run bench\` on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node} (${when})._\n\n`
    : '_No results yet: run `npm run bench`._\n\n';
  fs.writeFileSync(docFile, `${doc.slice(0, start + START.length)}\n${header}${table(results)}\n${doc.slice(end)}`);
}
