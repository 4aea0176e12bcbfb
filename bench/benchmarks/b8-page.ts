/**
 * B8's pieces that are not the run itself: seeding an incident over the real REST API,
 * the observers installed in the page, the initial JS it loads, and reading a Chromium
 * trace for the main thread's work per update.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createToken } from '../lib/auth';
import { postJson } from '../lib/benchmark';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the SPA the server serves (dist/client), so B8 measures the client as it is in client/. */
export function buildClient(): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (!fs.existsSync(path.join(repoRoot, 'dist/client/index.html'))) throw new Error('vite build wrote no dist/client/index.html');
}

export const metricIds = (series: number) => Array.from({ length: series }, (_, i) => `bench.m${String(i + 1).padStart(2, '0')}`);

/** A plausible, deterministic reading: each series its own slow wave. */
export const reading = (series: number, t: number) => Math.round(1000 + 400 * Math.sin(t / 40 + series) + 60 * Math.sin(t / 3 + 2 * series));

const INGEST_BATCH = 5000;

/** `points` samples a second apart for every series, ending a second ago, in batches the API accepts; `feed`: a feed token's secret. */
export async function seedMetrics(base: string, ids: string[], points: number, feed: string): Promise<void> {
  const end = Date.now() - 1000;
  const samples = ids.flatMap((metric, s) =>
    Array.from({ length: points }, (_, k) => ({
      metric,
      value: reading(s, k),
      at: new Date(end - (points - 1 - k) * 1000).toISOString(),
      source: 'bench',
    })),
  );
  for (let i = 0; i < samples.length; i += INGEST_BATCH) {
    const status = await postJson(`${base}/api/ingest`, samples.slice(i, i + INGEST_BATCH), feed);
    if (status !== 202) throw new Error(`seeding metrics: HTTP ${status}`);
  }
}

const KINDS = ['note', 'note', 'action', 'decision', 'note', 'comms'] as const;
const COMPONENTS = ['Infrastructure', 'Network', 'Load Balancers', 'DBaaS', 'Messaging', undefined, 'Deployments', undefined] as const;
const AUTHORS = ['Alice (IC)', 'Bob (ops)', 'Chloé (comms)', 'Dmitri (storage)', 'ops-bot'];
const WORDS =
  'hypervisor rack rebuild queue Ceph OSD placement group degraded rollback deploy Pulsar broker connection limit failover ticket customers status page'.split(
    ' ',
  );

/**
 * The people who write the bench's timeline: an entry's author is the name of the token that
 * posted it, so each has a token. Commanders, as they post every kind of entry (comms, decisions).
 */
export async function timelineAuthors(base: string): Promise<string[]> {
  return Promise.all(AUTHORS.map((name) => createToken(base, { name, role: 'commander' })));
}

/** Entries of varied length (one to a few lines; some with line breaks), as a real timeline has. */
export function benchEntry(i: number) {
  const words = 6 + ((i * 37) % 50);
  let text = `#${i + 1}`;
  for (let w = 0; w < words; w++) text += (w > 0 && w % 23 === 0 ? '\n' : ' ') + WORDS[(i * 7 + w * 3) % WORDS.length];
  const component = COMPONENTS[i % COMPONENTS.length];
  return { text, kind: KINDS[i % KINDS.length], ...(component ? { component } : {}) };
}

/** Entry i's author: a secret from `timelineAuthors`. */
export const authorOf = (authors: readonly string[], i: number): string => authors[i % authors.length]!;

/** Posts `count` entries through POST …/timeline, a few requests in flight (each is committed before its 201). */
export async function seedTimeline(base: string, incidentId: number, count: number, authors: readonly string[], inFlight = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const status = await postJson(`${base}/api/incidents/${incidentId}/timeline`, benchEntry(i), authorOf(authors, i));
      if (status !== 201) throw new Error(`seeding the timeline: HTTP ${status}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/**
 * Installed before the app's scripts: long tasks, long animation frames and Element Timing
 * (first paint of the elements the app names with `elementtiming`), kept on window.__b8.
 * A string, not a function: Playwright would serialise a function as tsx compiled it.
 */
export const PAGE_OBSERVERS = `(() => {
  const b8 = (window.__b8 = { longTasks: [], frames: [], painted: [] });
  const watch = (type, push) => {
    try {
      new PerformanceObserver((list) => { for (const e of list.getEntries()) push(e); }).observe({ type, buffered: true });
    } catch {}
  };
  watch('longtask', (e) => b8.longTasks.push([e.startTime, e.duration]));
  watch('long-animation-frame', (e) => b8.frames.push([e.startTime, e.duration]));
  watch('element', (e) => b8.painted.push([e.identifier, e.renderTime || e.loadTime]));
})()`;

export type PageObservations = { longTasks: [number, number][]; frames: [number, number][]; painted: [string, number][] };

/** The JS a first load needs: what index.html references (scripts, modulepreloads) plus what the browser fetched. */
export async function initialJsGzipBytes(base: string, fetched: Map<string, Promise<Buffer>>): Promise<{ bytes: number; files: string[] }> {
  const html = await (await fetch(`${base}/`)).text();
  const referenced = [
    ...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => new URL(m[1]!, base).href);
  const urls = new Set([...referenced, ...fetched.keys()]);
  let bytes = 0;
  for (const url of urls) {
    const body = (await fetched.get(url)) ?? Buffer.from(await (await fetch(url)).arrayBuffer());
    bytes += gzipSync(body, { level: 9 }).length;
  }
  return { bytes, files: [...urls].map((u) => new URL(u).pathname) };
}

type TraceEvent = {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's CPU time in the event (µs): its wall time less any time it waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { src_func?: string };
};

/**
 * Wall time counts what the thread waited for a core, and on a 2-core box the server and this
 * process run beside Chromium; CPU time is the thread's own work. Chromium records both.
 */
export type Clock = 'wall' | 'cpu';

export function traceEvents(trace: Buffer): TraceEvent[] {
  const json = JSON.parse(trace.toString('utf8')) as TraceEvent[] | { traceEvents: TraceEvent[] };
  return Array.isArray(json) ? json : json.traceEvents;
}

/** A `performance.mark` made in the page, as the trace saw it: its time and the thread (the page's main thread). */
export function traceMark(events: TraceEvent[], name: string): TraceEvent | undefined {
  return events.find((e) => e.name === name && e.cat.includes('blink.user_timing'));
}

/**
 * The category the scheduler's task events are in. Light on purpose: `devtools.timeline` and its
 * disabled-by-default part add work to the very tasks they time (DOM statistics, counters, layout args).
 */
export const TRACE_CATEGORIES = ['toplevel', 'blink.user_timing'];
const TASK = 'ThreadControllerImpl::RunTask';

/** The scheduler's tasks on one thread, in time order. */
function threadTasks(events: TraceEvent[], thread: { pid: number; tid: number }): TraceEvent[] {
  return events
    .filter((e) => e.name === TASK && e.ph === 'X' && e.pid === thread.pid && e.tid === thread.tid && e.dur !== undefined)
    .toSorted((a, b) => a.ts - b.ts);
}

/** Tasks not inside another (a nested run loop's tasks are already counted in the one around them). */
function topLevel(tasks: TraceEvent[]): TraceEvent[] {
  const outer: TraceEvent[] = [];
  for (const t of tasks) {
    const last = outer[outer.length - 1];
    if (!last || t.ts >= last.ts + last.dur!) outer.push(t);
  }
  return outer;
}

/** A task's time within [start, end) (trace µs): by the wall clock, or its CPU time in proportion. 0 if outside. */
function timeWithin(t: TraceEvent, start: number, end: number, clock: Clock): number {
  const overlap = Math.max(0, Math.min(end, t.ts + t.dur!) - Math.max(start, t.ts));
  if (overlap === 0) return 0;
  return clock === 'wall' ? overlap : (t.tdur ?? Number.NaN) * (overlap / (t.dur! || 1));
}

/**
 * Milliseconds the page's main thread spent in tasks within each slot (trace µs, [start, end)),
 * by the wall clock or in CPU time. Tasks are the scheduler's top-level tasks, clipped to the
 * slot they overlap (a clipped task's CPU time in proportion). NaN in CPU time if the trace
 * has no thread times.
 */
export function busyPerSlot(events: TraceEvent[], thread: { pid: number; tid: number }, slots: [number, number][], clock: Clock = 'wall'): number[] {
  const tasks = topLevel(threadTasks(events, thread));
  return slots.map(([start, end]) => {
    let busy = 0;
    for (const t of tasks) {
      if (t.ts >= end) break;
      busy += timeWithin(t, start, end, clock);
    }
    return busy / 1000;
  });
}

/** What posts a frame task: BeginMainFrame runs animation-frame callbacks (our store commit), style, layout and paint. */
const FRAME_POSTER = 'ScheduledActionSendBeginMainFrame';
/** A frame that drew something: an update always re-renders its tiles, well over this. */
const RENDERING_FRAME_US = 500;

/** The first frame in [sent, next) that rendered something: where an update's charge ends. */
const renderingFrame = (tasks: TraceEvent[], sent: number, next: number) =>
  tasks.find((t) => t.ts >= sent && t.ts < next && t.args?.src_func === FRAME_POSTER && t.dur! >= RENDERING_FRAME_US);

/**
 * Milliseconds of main-thread work each update cost: the busy time from the update being
 * sent until the end of the first frame after it that rendered something — the message's
 * handling, the store commit, React, style, layout and paint. Work the page does on its own
 * between updates (the 1 s age tick, GC after the frame) is not charged to an update.
 */
export function workPerUpdate(events: TraceEvent[], thread: { pid: number; tid: number }, sends: number[], clock: Clock = 'wall'): number[] {
  const tasks = threadTasks(events, thread);
  return sends.flatMap((sent, i) => {
    const frame = renderingFrame(tasks, sent, sends[i + 1] ?? Infinity);
    if (!frame) return [];
    return [busyPerSlot(tasks, thread, [[sent, frame.ts + frame.dur!]], clock)[0]!];
  });
}

/**
 * For the log: the `n` costliest updates (CPU time) and the tasks they were charged for, each
 * named by what posted it (a frame, a socket message, a timer), so a p95 that moves between
 * runs says whether it was the frame, a stray task or a timer that happened to fall inside.
 */
export function slowestUpdates(events: TraceEvent[], thread: { pid: number; tid: number }, sends: number[], n = 2): string[] {
  const tasks = threadTasks(events, thread);
  const outer = topLevel(tasks);
  const updates = sends.flatMap((sent, i) => {
    const frame = renderingFrame(tasks, sent, sends[i + 1] ?? Infinity);
    if (!frame) return [];
    // Charged as workPerUpdate charges them: a task already running at the send for its part after it.
    const end = frame.ts + frame.dur!;
    const charged = outer
      .map((t) => ({ postedBy: t.args?.src_func, at: Math.max(t.ts, sent), cpu: timeWithin(t, sent, end, 'cpu') }))
      .filter((t) => t.cpu >= 100);
    return [{ i, cpu: charged.reduce((sum, t) => sum + t.cpu, 0) / 1000, charged, sent }];
  });
  return updates
    .toSorted((a, b) => b.cpu - a.cpu)
    .slice(0, n)
    .map(({ i, cpu, charged, sent }) => {
      // Tasks of one kind together (a GC's incremental marking posts dozens), in order of first appearance.
      const kinds = new Map<string, { ms: number; n: number; at: number }>();
      for (const t of charged) {
        const kind = taskKind(t.postedBy);
        const k = kinds.get(kind) ?? { ms: 0, n: 0, at: (t.at - sent) / 1000 };
        kinds.set(kind, { ...k, ms: k.ms + t.cpu / 1000, n: k.n + 1 });
      }
      const parts = [...kinds].map(([kind, k]) => `${kind}${k.n > 1 ? ` ×${k.n}` : ''} ${k.ms.toFixed(1)} from +${k.at.toFixed(0)}`);
      return `update ${i + 1}: ${cpu.toFixed(1)} ms = ${parts.join(', ')}`;
    });
}

/** What posted a task, short: `ScheduledActionSendBeginMainFrame` → frame, V8's and Oilpan's C++ signatures → their class. */
function taskKind(postedBy: string | undefined): string {
  if (postedBy === undefined) return 'task';
  if (postedBy === FRAME_POSTER) return 'frame';
  return /(\w+)::\w+(?:Task|Timer)\b/.exec(postedBy)?.[1] ?? postedBy;
}

/** Tasks on the thread longer than `ms` within [start, end) (trace µs): the trace's view of long tasks. */
export function longTasksInTrace(events: TraceEvent[], thread: { pid: number; tid: number }, start: number, end: number, ms = 50): number {
  return threadTasks(events, thread).filter((e) => e.ts >= start && e.ts < end && e.dur! > ms * 1000).length;
}
