/** What every benchmark module exports, and small shared helpers. */
import type { BenchResult } from './results';

export type BenchContext = {
  /** Short durations and fewer clients: checks the harness, measures nothing worth keeping. */
  quick: boolean;
  log: (message: string) => void;
};

export type BenchOutcome = Pick<BenchResult, 'params' | 'runs' | 'comparisons' | 'notes'>;

export type Benchmark = {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<BenchOutcome>;
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls `fire(n)` `rateHz` times a second for `seconds`, on an absolute schedule (no drift). */
export async function pace(rateHz: number, seconds: number, fire: (n: number) => void): Promise<void> {
  const interval = 1000 / rateHz;
  const total = Math.round(rateHz * seconds);
  const start = performance.now();
  let n = 0;
  while (n < total) {
    const wait = start + n * interval - performance.now();
    if (wait > 0) await sleep(wait);
    while (n < total && start + n * interval <= performance.now()) fire(n++);
  }
}

/** Creates the incident every Warroom benchmark watches. */
export async function createIncident(base: string, title = 'Benchmark'): Promise<number> {
  const res = await fetch(`${base}/api/incidents`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`creating the incident: HTTP ${res.status}`);
  return ((await res.json()) as { id: number }).id;
}

export async function postJson(url: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

/** A generator above this share of a core cannot be trusted to have kept up. */
export const GENERATOR_CPU_LIMIT = 90;
