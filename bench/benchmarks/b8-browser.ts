/**
 * B8: the browser. 20 series × 500 points and a 10,000-entry timeline, in Debian's Chromium
 * (headless, through Playwright) against the real server. Targets: initial JS ≤ 250 KB gzip;
 * no long task (> 50 ms) at 1 Hz; main-thread work per update p95 ≤ 8 ms at 1 and 10 Hz;
 * first state on screen ≤ 300 ms after the socket connects.
 */
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { chromiumLaunch } from '../../playwright.config';
import { feedToken, viewerToken } from '../lib/auth';
import { type Benchmark, type BenchContext, createIncident, pace, postJson, sleep } from '../lib/benchmark';
import { startTarget } from '../lib/processes';
import { compare, type Run } from '../lib/results';
import { quantile } from '../lib/stats';
import {
  authorOf,
  benchEntry,
  buildClient,
  busyPerSlot,
  slowestUpdates,
  workPerUpdate,
  initialJsGzipBytes,
  longTasksInTrace,
  metricIds,
  PAGE_OBSERVERS,
  type PageObservations,
  reading,
  seedMetrics,
  seedTimeline,
  traceEvents,
  TRACE_CATEGORIES,
  traceMark,
  timelineAuthors,
} from './b8-page';

/** A war room's shared screen. */
const VIEWPORT = { width: 1920, height: 1080 };
/** The wall view on a 4K TV: every tile and panel at its largest. */
const WALL_VIEWPORT = { width: 3840, height: 2160 };
/** Slots at the start of a window left out: the page settling into the new rate. */
const WARMUP_SLOTS = 2;

const median = (values: number[]) => quantile(values, 0.5);
const hrUs = () => Number(process.hrtime.bigint() / 1000n);
const observations = (page: Page) => page.evaluate('window.__b8') as Promise<PageObservations>;
/*
 * Conditions waited for are functions, not strings: Playwright polls a string with `eval` in the
 * page, which the app's Content-Security-Policy (script-src 'self') refuses. A function is
 * compiled once, during the call, where the policy does not apply.
 */

const SESSION_COOKIE = 'warroom_session';
const hasSession = async (context: BrowserContext) => (await context.cookies()).some((c) => c.name === SESSION_COOKIE);

/**
 * How the pages sign in: the screen's link (`#token=<secret>`), which the client exchanges for the
 * session cookie (POST /api/session) as a person opening it does. `viaLink` is learnt on the
 * first load: a client that does not make that exchange is signed in by the harness instead —
 * the same request through the context's own request API, which keeps the cookie in the context.
 */
type SignIn = { secret: string; viaLink: boolean | null };
/** How long the first load may take to exchange the link before the harness concludes it does not. */
const LINK_EXCHANGE_MS = 5000;

async function signInByHarness(context: BrowserContext, base: string, secret: string): Promise<void> {
  const res = await context.request.post(`${base}/api/session`, { data: { token: secret } });
  if (res.status() !== 201 || !(await hasSession(context))) throw new Error(`POST /api/session: HTTP ${res.status()}, no session cookie`);
}

async function openIncident(
  browser: Browser,
  url: string,
  signIn: SignIn,
  onScript?: (url: string, body: Promise<Buffer>) => void,
  viewport: { width: number; height: number } = VIEWPORT,
) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.addInitScript(PAGE_OBSERVERS);
  if (onScript) {
    page.on('response', (r) => {
      if (r.request().resourceType() === 'script') onScript(r.url(), r.body());
    });
  }
  const base = new URL(url).origin;
  if (signIn.viaLink === false) await signInByHarness(context, base, signIn.secret);
  await page.goto(`${url}#token=${signIn.secret}`);
  if (signIn.viaLink === null) {
    const deadline = performance.now() + LINK_EXCHANGE_MS;
    while (!(await hasSession(context)) && performance.now() < deadline) await sleep(50);
    signIn.viaLink = await hasSession(context);
    if (!signIn.viaLink) {
      await signInByHarness(context, base, signIn.secret);
      await page.reload();
    }
  }
  return page;
}

/** From the socket connecting to the first metric value painted (Element Timing), on a cold page. */
async function firstState(page: Page) {
  await page.waitForFunction(
    () =>
      // The observer b8-page.ts installs keeps its findings on window.__b8.
      (window as unknown as Record<string, PageObservations>)['__b8']!.painted.some(([id]) => id === 'metric-value') &&
      performance.getEntriesByName('warroom:socket-connected').length > 0,
    undefined,
    { timeout: 30_000 },
  );
  const t = (await page.evaluate(`(() => {
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    const painted = window.__b8.painted.filter(([id]) => id === 'metric-value').map(([, at]) => at);
    return { connected: mark('warroom:socket-connected'), roomState: mark('warroom:room-state'), painted: Math.min(...painted) };
  })()`)) as { connected: number; roomState: number | null; painted: number };
  return { firstStateMs: t.painted - t.connected, roomStateMs: t.roomState === null ? null : t.roomState - t.connected, connectedMs: t.connected };
}

/** Entries the timeline holds: its rows' aria-setsize (a virtualised list: it counts drafts too, and B8 posts none), else the rows in the DOM. */
const heldEntries = (page: Page) =>
  page.evaluate(`(() => {
    const rows = [...document.querySelectorAll('.entry[data-entry-id]')];
    return Math.max(rows.length, ...rows.map((r) => Number(r.getAttribute('aria-setsize') ?? 0)));
  })()`) as Promise<number>;

/** Pages the whole timeline in as a person would: 'Load older entries' until there is no more. */
async function loadWholeTimeline(page: Page, expected: number, ctx: BenchContext): Promise<number> {
  const older = page.getByRole('button', { name: 'Load older entries' });
  const started = performance.now();
  let clicks = 0;
  for (; (await older.count()) > 0; clicks++) {
    if (clicks > expected / 100) throw new Error('the timeline kept offering older entries');
    await older.click({ timeout: 120_000 });
    await page.waitForFunction(() => ![...document.querySelectorAll('button')].some((b) => b.textContent === 'Loading…'), undefined, { timeout: 120_000 });
  }
  const held = await heldEntries(page);
  if (held !== expected) throw new Error(`the timeline holds ${held} entries, expected ${expected}`);
  ctx.log(`  timeline holds ${held} entries (${clicks} × 'Load older entries' in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  // Back to the newest, where a war room watches: the list follows new entries from there.
  await page.locator('.timeline').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await sleep(1000);
  return held;
}

type WindowPlan = { rateHz: number; seconds: number; base: string; incidentId: number; ids: string[]; tick0: number; feed: string; authors: string[] };

/** Updates at `rateHz` (all series in one ingest, an entry every 5 s) under a Chromium trace. */
async function measureWindow(browser: Browser, page: Page, plan: WindowPlan, ctx: BenchContext): Promise<Run> {
  const { rateHz, seconds, base, incidentId, ids, feed, authors } = plan;
  const label = `${rateHz} Hz`;
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const before = hrUs();
  const pageStart = (await page.evaluate(`(performance.mark('b8:window-start'), performance.now())`)) as number;
  const nodeAtMark = (before + hrUs()) / 2;
  const sends: number[] = [];
  let failed = 0;
  const check = (status: number, ok: number) => {
    if (status !== ok) failed++;
  };
  await pace(rateHz, seconds, (n) => {
    sends.push(hrUs());
    const samples = ids.map((metric, s) => ({ metric, value: reading(s, plan.tick0 + n), source: 'bench' }));
    void postJson(`${base}/api/ingest`, samples, feed).then((st) => check(st, 202), () => failed++);
    if (n % (rateHz * 5) === rateHz * 5 - 1) {
      const entry = benchEntry(n);
      void postJson(`${base}/api/incidents/${incidentId}/timeline`, { ...entry, text: `${label} ${entry.text}` }, authorOf(authors, n)).then(
        (st) => check(st, 201),
        () => failed++,
      );
    }
  });
  await sleep(1000 / rateHz);
  const pageEnd = (await page.evaluate(`(performance.mark('b8:window-end'), performance.now())`)) as number;
  const events = traceEvents(await browser.stopTracing());
  const start = traceMark(events, 'b8:window-start');
  const end = traceMark(events, 'b8:window-end');
  const seen = await observations(page);
  const inWindow = <T extends [number, number]>(list: T[], ms = 50) => list.filter(([at, d]) => at >= pageStart && at < pageEnd && d > ms).length;
  const longTasks = inWindow(seen.longTasks);
  const longFrames = inWindow(seen.frames);
  if (!start || !end) {
    return { target: 'L2', case: label, valid: false, invalidReason: 'window marks missing from the trace', metrics: { longTasks } };
  }
  // The page's clock in the trace (µs) minus ours: both are the monotonic clock, but measure rather than assume.
  const offset = start.ts - nodeAtMark;
  const period = 1e6 / rateHz;
  const slots = sends.map((s, i): [number, number] => [s + offset, (sends[i + 1] ?? s + period) + offset]).slice(WARMUP_SLOTS);
  const thread = { pid: start.pid, tid: start.tid };
  const busy = busyPerSlot(events, thread, slots);
  const work = workPerUpdate(events, thread, slots.map(([s]) => s), 'cpu');
  const workWall = workPerUpdate(events, thread, slots.map(([s]) => s), 'wall');
  const p95 = quantile(work, 0.95);
  ctx.log(
    `  ${label}: ${work.length}/${slots.length} updates rendered, work per update (CPU) p50 ${median(work).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${Math.max(...work).toFixed(1)} ms; ` +
      `wall clock p50 ${median(workWall).toFixed(2)} ms, p95 ${quantile(workWall, 0.95).toFixed(2)} ms; ` +
      `per interval p95 ${quantile(busy, 0.95).toFixed(2)} ms; long tasks ${longTasks}, long frames ${longFrames}`,
  );
  for (const line of slowestUpdates(events, thread, slots.map(([s]) => s))) ctx.log(`    slowest ${line}`);
  const invalidReason =
    failed > 0 ? `${failed} update requests failed` : work.some(Number.isNaN) ? 'the trace has no thread CPU times (tdur)' : undefined;
  return {
    target: 'L2',
    case: label,
    valid: invalidReason === undefined,
    ...(invalidReason ? { invalidReason } : {}),
    metrics: {
      traceClockOffsetMs: offset / 1000,
      updates: slots.length,
      updatesRendered: work.length,
      updateWorkP50: median(work),
      updateWorkP95: p95,
      updateWorkMax: Math.max(...work),
      updateWorkWallP50: median(workWall),
      updateWorkWallP95: quantile(workWall, 0.95),
      intervalWorkP50: median(busy),
      intervalWorkP95: quantile(busy, 0.95),
      mainThreadBusyPct: (busyPerSlot(events, thread, [[start.ts, end.ts]])[0]! / ((end.ts - start.ts) / 1000)) * 100,
      longTasks,
      longTasksInTrace: longTasksInTrace(events, thread, start.ts, end.ts),
      longAnimationFrames: longFrames,
    },
  };
}

export const b8: Benchmark = {
  id: 'B8',
  title: 'Browser: 20 series × 500 points, 10,000-entry timeline, updates at 1 and 10 Hz',
  async run(ctx) {
    const p = ctx.quick
      ? { series: 20, points: 50, entries: 700, loads: 1, seconds1Hz: 5, seconds10Hz: 3 }
      : { series: 20, points: 500, entries: 10_000, loads: 5, seconds1Hz: 30, seconds10Hz: 20 };
    ctx.log('  building the client (vite build)');
    buildClient();
    const target = await startTarget('L2', { WARROOM_PUSH_INTERVAL_MS: '50' });
    const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
    const browserVersion = browser.version();
    const runs: Run[] = [];
    let signIn: SignIn | undefined;
    try {
      const incidentId = await createIncident(target.base, 'B8 browser benchmark');
      // The page is the war room's shared screen, opened with its viewer link.
      signIn = { secret: await viewerToken(target.base), viaLink: null };
      const feed = await feedToken(target.base);
      const authors = await timelineAuthors(target.base);
      const ids = metricIds(p.series);
      let t = performance.now();
      await seedMetrics(target.base, ids, p.points, feed);
      await seedTimeline(target.base, incidentId, p.entries, authors);
      ctx.log(`  seeded ${p.series} × ${p.points} points and ${p.entries} entries in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      const url = `${target.base}/incidents/${incidentId}`;

      // Cold loads, each in a fresh context (empty cache): initial JS and first state on screen.
      const scripts = new Map<string, Promise<Buffer>>();
      const loads: Awaited<ReturnType<typeof firstState>>[] = [];
      let initialJs = { bytes: 0, files: [] as string[] };
      for (let i = 0; i < p.loads; i++) {
        const page = await openIncident(browser, url, signIn, i === 0 ? (u, body) => scripts.set(u, body) : undefined);
        if (i === 0) ctx.log(`  signed in ${signIn.viaLink ? 'through the link (#token=)' : 'by the harness: the client did not exchange #token='}`);
        loads.push(await firstState(page));
        if (i === 0) initialJs = await initialJsGzipBytes(target.base, new Map(scripts));
        await page.context().close();
      }
      const firstStates = loads.map((l) => l.firstStateMs);
      ctx.log(`  initial JS ${(initialJs.bytes / 1000).toFixed(1)} KB gzip (${initialJs.files.join(', ')}); first state ${firstStates.map((f) => f.toFixed(0)).join(', ')} ms`);
      runs.push({
        target: 'L2',
        case: 'page load',
        valid: true,
        metrics: {
          initialJsKB: initialJs.bytes / 1000,
          firstStateMs: median(firstStates),
          firstStateMaxMs: Math.max(...firstStates),
          roomStateMs: median(loads.map((l) => l.roomStateMs ?? Number.NaN)),
          connectedMs: median(loads.map((l) => l.connectedMs)),
        },
      });

      // One page with the whole timeline loaded, then updates at 1 Hz and at 10 Hz.
      const page = await openIncident(browser, url, signIn);
      await firstState(page);
      t = performance.now();
      await loadWholeTimeline(page, p.entries, ctx);
      const loadSeconds = (performance.now() - t) / 1000;
      const plan = { base: target.base, incidentId, ids, tick0: p.points, feed, authors };
      const at1 = await measureWindow(browser, page, { ...plan, rateHz: 1, seconds: p.seconds1Hz }, ctx);
      at1.metrics.timelineLoadS = loadSeconds;
      runs.push(at1);
      plan.tick0 += p.seconds1Hz;
      runs.push(await measureWindow(browser, page, { ...plan, rateHz: 10, seconds: p.seconds10Hz }, ctx));
      const held = await heldEntries(page);
      const posted = Math.floor(p.seconds1Hz / 5) + Math.floor(p.seconds10Hz / 5);
      if (held !== p.entries + posted) throw new Error(`after the windows the timeline holds ${held} entries, expected ${p.entries + posted}`);
      plan.tick0 += p.seconds10Hz;
      await page.context().close();

      // The wall view at 4K, opened as a TV opens it: cold loads, then the 1 Hz window.
      const wallUrl = `${target.base}/incidents/${incidentId}/wall`;
      const wallLoads: number[] = [];
      for (let i = 0; i < p.loads; i++) {
        const wall = await openIncident(browser, wallUrl, signIn, undefined, WALL_VIEWPORT);
        wallLoads.push((await firstState(wall)).firstStateMs);
        await wall.context().close();
      }
      ctx.log(`  wall at 4K: first state ${wallLoads.map((f) => f.toFixed(0)).join(', ')} ms`);
      runs.push({ target: 'L2', case: 'wall 4K load', valid: true, metrics: { firstStateMs: median(wallLoads), firstStateMaxMs: Math.max(...wallLoads) } });
      const wall = await openIncident(browser, wallUrl, signIn, undefined, WALL_VIEWPORT);
      await firstState(wall);
      runs.push({ ...(await measureWindow(browser, wall, { ...plan, rateHz: 1, seconds: p.seconds1Hz }, ctx)), case: 'wall 4K 1 Hz' });
    } finally {
      await browser.close();
      await target.stop();
    }

    const comparisons = [
      compare(runs, 'page load', 'initialJsKB', 'initial JS (gzip)', 'KB', 'L2 ≤ 250 KB', (l2) => l2 <= 250),
      compare(runs, 'page load', 'firstStateMs', `first state on screen after connect, median of ${p.loads}`, 'ms', 'L2 ≤ 300 ms', (l2) => l2 <= 300),
      compare(runs, 'page load', 'firstStateMaxMs', 'first state on screen, slowest load', 'ms', 'info', null),
      compare(runs, 'page load', 'roomStateMs', 'first state in the store after connect', 'ms', 'info', null),
      ...(['1 Hz', '10 Hz'] as const).flatMap((c) => [
        compare(runs, c, 'updateWorkP95', 'main-thread work per update p95 (CPU time)', 'ms', 'L2 ≤ 8 ms', (l2) => l2 <= 8),
        compare(runs, c, 'updateWorkP50', 'main-thread work per update p50 (CPU time)', 'ms', 'info', null),
        compare(runs, c, 'updateWorkWallP95', 'main-thread work per update p95, wall clock', 'ms', 'info', null),
        compare(runs, c, 'intervalWorkP95', 'main-thread work per interval between updates p95', 'ms', 'info', null),
        compare(runs, c, 'mainThreadBusyPct', 'main thread busy', '%', 'info', null),
        c === '1 Hz'
          ? compare(runs, c, 'longTasks', 'long tasks (> 50 ms)', '', 'L2 = 0', (l2) => l2 === 0)
          : compare(runs, c, 'longTasks', 'long tasks (> 50 ms)', '', 'info', null),
        compare(runs, c, 'longAnimationFrames', 'long animation frames (> 50 ms)', '', 'info', null),
      ]),
      compare(runs, 'wall 4K load', 'firstStateMs', `first state on screen after connect, median of ${p.loads}`, 'ms', 'L2 ≤ 300 ms', (l2) => l2 <= 300),
      compare(runs, 'wall 4K load', 'firstStateMaxMs', 'first state on screen, slowest load', 'ms', 'info', null),
      compare(runs, 'wall 4K 1 Hz', 'updateWorkP95', 'main-thread work per update p95 (CPU time)', 'ms', 'L2 ≤ 8 ms', (l2) => l2 <= 8),
      compare(runs, 'wall 4K 1 Hz', 'updateWorkP50', 'main-thread work per update p50 (CPU time)', 'ms', 'info', null),
      compare(runs, 'wall 4K 1 Hz', 'longTasks', 'long tasks (> 50 ms)', '', 'L2 = 0', (l2) => l2 === 0),
    ];
    return {
      params: {
        ...p,
        viewport: VIEWPORT,
        wallViewport: WALL_VIEWPORT,
        warroomPushIntervalMs: 50,
        browser: `Chromium ${browserVersion} headless`,
        signIn: signIn?.viaLink === false ? 'session cookie set by the harness (the client did not exchange #token=)' : 'viewer link (#token=), exchanged by the client',
      },
      runs,
      comparisons,
      notes: [
        'L2 only: L0 and L1 are bare servers with no browser app to compare against.',
        'Initial JS: gzip -9 of every script the first load fetched before its first state, with what index.html references; the server sends them gzip-compressed (compression middleware, default level).',
        'Wall: /incidents/:id/wall at 3840×2160 in fresh contexts (first state), then one page through the 1 Hz window, after the desk windows.',
        'First state: performance.mark at the socket connect to the first paint of a metric value (Element Timing), each load in a fresh browser context.',
        'Work per update: Chromium trace (toplevel category), the page main thread’s tasks from the update being sent until the end of the first frame after it that rendered (BeginMainFrame ≥ 0.5 ms): message handling, store commit, React, style, layout, paint. An entry posted in the same tick is charged to that update. Judged in the thread’s CPU time (the trace’s tdur); the wall-clock figure (info) also counts the thread waiting for a core while the server and this process, on the same 2 cores, handle the update. Work per interval (info, wall clock) also counts what the page does between updates: the 1 s age tick, GC.',
        `Long tasks: PerformanceObserver 'longtask' in the page over the window (the trace's count agrees or is noted per run); the timeline holds all ${p.entries.toLocaleString('en-GB')} entries, paged in by clicking 'Load older entries'.`,
        'Updates: one POST /api/ingest of all series per tick, a timeline entry every 5 s; WARROOM_PUSH_INTERVAL_MS=50 so 10 Hz is not coalesced. Chromium, the server and this process share the machine’s 2 cores.',
      ],
    };
  },
};
