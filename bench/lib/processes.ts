/**
 * Servers under test and load generators, each in its own process, so neither steals
 * the other's event loop. CPU is read from /proc, the way `top` does.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { WARROOM_AUTH_ENV } from './auth';
import type { GeneratorCommand, GeneratorReport } from './generator-protocol';
import type { SyncCommand, SyncReport } from './sync-clients';
import type { TargetCommand, TargetReport, TargetStats } from './target-protocol';

export type TargetKind = 'L0' | 'L1' | 'L2';
const here = path.dirname(fileURLToPath(import.meta.url));
const TARGET_FILES: Record<TargetKind, string> = {
  L0: '../targets/l0-ws.ts',
  L1: '../targets/l1-socketio.ts',
  L2: '../targets/l2-warroom.ts',
};
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** BENCH_CPU_PROF=<dir>: servers under test write a V8 CPU profile there when they stop (node --cpu-prof). */
const profiling = (file: string) =>
  process.env.BENCH_CPU_PROF && file.includes('targets') ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

/**
 * Each process runs as `npm start` runs the server: bundled by esbuild, under plain node, so no
 * compiler runs at start (B5 times a restart) or in a profile. Bundles go in dist/bench/, inside
 * the repository, where node finds node_modules from them.
 */
const bundleDir = path.resolve(here, '../../dist/bench');
const bundles = new Map<string, string>();
function bundle(file: string): string {
  let out = bundles.get(file);
  if (!out) {
    out = path.join(bundleDir, path.basename(file).replace(/\.ts$/, '.mjs'));
    buildSync({ entryPoints: [path.resolve(here, file)], outfile: out, bundle: true, platform: 'node', format: 'esm', packages: 'external', sourcemap: true, logLevel: 'warning' });
    bundles.set(file, out);
  }
  return out;
}

function spawnTs(file: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return fork(bundle(file), [], {
    execArgv: ['--enable-source-maps', '--expose-gc', ...profiling(file)],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** Waits for the first IPC message matching `event`. */
function next<T extends { event: string }, E extends T['event']>(child: ChildProcess, event: E, timeoutMs = 120_000): Promise<Extract<T, { event: E }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no '${event}' from pid ${child.pid} within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (m: T) => {
      if (m.event === event) done(null, m as Extract<T, { event: E }>);
    };
    const onExit = (code: number | null) => done(new Error(`pid ${child.pid} exited (${code}) before '${event}'`));
    const done = (error: Error | null, value?: Extract<T, { event: E }>) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value!);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** User + system CPU seconds a process has used. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

export class CpuMeter {
  private cpu0: number;
  private wall0 = performance.now();
  constructor(private readonly pid: number) {
    this.cpu0 = cpuSeconds(pid);
  }
  /** Percent of one core since construction. */
  pct(): number {
    return ((cpuSeconds(this.pid) - this.cpu0) / ((performance.now() - this.wall0) / 1000)) * 100;
  }
}

export type Target = Awaited<ReturnType<typeof startTarget>>;

export async function startTarget(kind: TargetKind, env: NodeJS.ProcessEnv = {}) {
  const dataDir = kind === 'L2' ? fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-bench-')) : undefined;
  const fullEnv: NodeJS.ProcessEnv = {
    PORT: '0',
    WARROOM_CONFIG: path.resolve('bench/warroom.bench.yaml'),
    LOG_LEVEL: 'warn',
    // Warroom runs signed in, as in production: its admin token and the bench's rate budgets.
    ...(kind === 'L2' ? { WARROOM_DATA_DIR: dataDir, ...WARROOM_AUTH_ENV } : {}),
    ...env,
  };
  const spawnOne = () => spawnTs(TARGET_FILES[kind], fullEnv);
  let child = spawnOne();
  const { port } = await next<TargetReport, 'ready'>(child, 'ready');
  const target = {
    kind,
    port,
    base: `http://127.0.0.1:${port}`,
    dataDir: fullEnv.WARROOM_DATA_DIR,
    get pid(): number {
      return child.pid!;
    },
    /** Dropped while the target is down (killed, restarting). */
    send(command: TargetCommand): void {
      if (child.connected) child.send(command);
    },
    async gc(): Promise<void> {
      const done = next<TargetReport, 'gc-done'>(child, 'gc-done');
      child.send({ cmd: 'gc' } satisfies TargetCommand);
      await done;
    },
    async stats(): Promise<TargetStats> {
      const reply = next<TargetReport, 'stats'>(child, 'stats');
      child.send({ cmd: 'stats' } satisfies TargetCommand);
      return reply;
    },
    /** kill -9: no shutdown handlers, no flushing. */
    kill9(): void {
      child.kill('SIGKILL');
    },
    /** Starts the same target again on the same port and data directory. */
    async restart(): Promise<void> {
      child = spawnTs(TARGET_FILES[kind], { ...fullEnv, PORT: String(port) });
      await next<TargetReport, 'ready'>(child, 'ready');
    },
    async stop(): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return target;
}

export type Generator = Awaited<ReturnType<typeof startGenerator>>;

export async function startGenerator() {
  const child = spawnTs('./generator.ts');
  await next<GeneratorReport, 'started'>(child, 'started');
  const ask = <E extends GeneratorReport['event']>(command: GeneratorCommand, event: E, timeoutMs?: number) => {
    const reply = next<GeneratorReport, E>(child, event, timeoutMs);
    child.send(command);
    return reply;
  };
  return {
    pid: child.pid!,
    connect: (command: Extract<GeneratorCommand, { cmd: 'connect' }>) => ask(command, 'connected', 600_000),
    measure: () => ask({ cmd: 'measure' }, 'measuring'),
    stop: () => ask({ cmd: 'stop' }, 'stopped'),
    report: () => ask({ cmd: 'report' }, 'report'),
    drop: () => child.send({ cmd: 'drop' } satisfies GeneratorCommand),
    async exit(): Promise<void> {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ cmd: 'exit' } satisfies GeneratorCommand);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

export type SyncClients = Awaited<ReturnType<typeof startSyncClients>>;

/** Real browser-side sync engines in their own process (bench/lib/sync-clients.ts). */
export async function startSyncClients() {
  const child = spawnTs('./sync-clients.ts');
  await next<SyncReport, 'started'>(child, 'started');
  const ask = <E extends SyncReport['event']>(command: SyncCommand, event: E, timeoutMs = 600_000) => {
    const reply = next<SyncReport, E>(child, event, timeoutMs);
    child.send(command);
    return reply;
  };
  return {
    /** `token`: what every client signs in with (a viewer token: they read, and the harness posts). */
    connect: (base: string, incidentId: number, clients: number, token: string) => ask({ cmd: 'connect', base, incidentId, clients, token }, 'connected'),
    drop: (seconds: number) => ask({ cmd: 'drop', seconds }, 'back'),
    verify: (ids: number[], seq: number, epoch: string) => ask({ cmd: 'verify', ids, seq, epoch }, 'verified'),
    async exit(): Promise<void> {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ cmd: 'exit' } satisfies SyncCommand);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
