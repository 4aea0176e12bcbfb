/** What every benchmark module exports, and small shared helpers. */
import { backoffMs } from '../../client/src/lib/backoff';
import { ADMIN_SECRET, bearer } from './auth';
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

/**
 * Calls `fire(n)` `rateHz` times a second for `seconds` (or until `stop()`), on an absolute
 * schedule (no drift). Returns when the last interval has elapsed, not at the last call.
 */
export async function pace(rateHz: number, seconds: number, fire: (n: number) => void, stop = () => false): Promise<void> {
  const interval = 1000 / rateHz;
  const total = Math.round(rateHz * seconds);
  const start = performance.now();
  let n = 0;
  while (n < total && !stop()) {
    const wait = start + n * interval - performance.now();
    if (wait > 0) await sleep(wait);
    while (n < total && start + n * interval <= performance.now()) fire(n++);
  }
  const end = start + total * interval - performance.now();
  if (end > 0 && !stop()) await sleep(end);
}

/** Creates the incident every Warroom benchmark watches (as the bootstrap admin). */
export async function createIncident(base: string, title = 'Benchmark'): Promise<number> {
  const res = await fetch(`${base}/api/incidents`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...bearer(ADMIN_SECRET) },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`creating the incident: HTTP ${res.status}`);
  return ((await res.json()) as { id: number }).id;
}

/** POSTs JSON as the holder of `secret`; resolves the status. */
export async function postJson(url: string, body: unknown, secret: string): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...bearer(secret) }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

export type PostOutcome = { status: number; attempts: number; errors: string[] };

/**
 * Posts a timeline entry as the SPA's composer does: with a `clientId`, and again with the same
 * one after a network error or a 5xx, so a retry never stores a second entry. What each failed
 * attempt got is kept, to be reported.
 */
export async function postEntry(url: string, body: object, secret: string, attempts = 5): Promise<PostOutcome> {
  const payload = { ...body, clientId: crypto.randomUUID() };
  const errors: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const status = await postJson(url, payload, secret).catch((error: Error & { cause?: { code?: string; message?: string } }) => {
      errors.push(error.cause?.code ?? error.cause?.message ?? error.message);
      return 0;
    });
    if (status !== 0 && status < 500) return { status, attempts: attempt, errors };
    if (status >= 500) errors.push(`HTTP ${status}`);
    if (attempt === attempts) return { status, attempts: attempt, errors };
    await sleep(backoffMs(attempt - 1, 200, 1600));
  }
}

/** GETs JSON as the holder of `secret`. */
export async function getJson<T>(url: string, secret: string): Promise<T> {
  const res = await fetch(url, { headers: bearer(secret) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Every entry of an incident, oldest first, paged the way a client catches up (?after=). */
export async function allEntries(base: string, incidentId: number, secret: string): Promise<{ id: number; clientId: string | null }[]> {
  const entries: { id: number; clientId: string | null }[] = [];
  for (let after = 0; ; ) {
    const res = await fetch(`${base}/api/incidents/${incidentId}/timeline?after=${after}&limit=500`, { headers: bearer(secret) });
    if (!res.ok) throw new Error(`reading the timeline: HTTP ${res.status}`);
    const page = (await res.json()) as { entries: { id: number; clientId: string | null }[]; hasMore: boolean };
    entries.push(...page.entries);
    if (!page.hasMore) return entries;
    after = entries.at(-1)!.id;
  }
}

/** A generator above this share of a core cannot be trusted to have kept up. */
export const GENERATOR_CPU_LIMIT = 90;
