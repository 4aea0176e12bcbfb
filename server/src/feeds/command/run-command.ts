/**
 * Runs a configured command (`ceph status --format json`, …) and resolves its stdout. No shell:
 * the argv goes to the kernel as written, so nothing in the config is ever interpreted. Every
 * failure becomes a FeedError a person can act on; a command that hangs (`ceph status` without
 * monitor quorum waits forever) or floods is killed with everything it started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import { FeedError } from '../observation';

export interface RunCommandOptions {
  /** Kill the command after this long. */
  timeoutMs: number;
  /** Kill the command once its stdout passes this many bytes. */
  maxBytes: number;
  /** Added to the server's own environment (e.g. CEPH_ARGS). */
  env?: Record<string, string>;
  /** Aborting kills the command, e.g. when its source is stopped. */
  signal?: AbortSignal;
}

/** Enough stderr to hold the last line that explains an exit. */
const STDERR_TAIL = 4096;

export function runCommand(argv: string[], options: RunCommandOptions): Promise<string> {
  const [file, ...args] = argv;
  if (!file) return Promise.reject(new FeedError('no command configured'));
  const name = commandName(argv);
  if (options.signal?.aborted) return Promise.reject(new FeedError(`${name} cancelled`));

  return new Promise((resolve, reject) => {
    const stdout: Buffer[] = [];
    let bytes = 0;
    let stderr = '';
    let settled = false;
    let child: ChildProcess | undefined;

    const finish = (error: FeedError | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        killGroup(child);
        reject(error);
      } else {
        resolve(Buffer.concat(stdout).toString('utf8'));
      }
    };
    const onAbort = () => finish(new FeedError(`${name} cancelled`));
    const timer = setTimeout(
      () => finish(new FeedError(`${name} timed out after ${formatDuration(options.timeoutMs)}`)),
      options.timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      // Its own process group, so a timeout kills what it started too (ssh, a wrapper script's children).
      child = spawn(file, args, {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: options.env ? { ...process.env, ...options.env } : process.env,
      });
    } catch (e) {
      finish(new FeedError(`${name} could not start: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    track(child);

    child.stdout?.on('data', (chunk: Buffer) => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > options.maxBytes) finish(new FeedError(`${name} output larger than ${formatBytes(options.maxBytes)}`));
      else stdout.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.on('error', (e: NodeJS.ErrnoException) => finish(new FeedError(startFailure(e, file, name))));
    // 'close', not 'exit': only then has all of stdout arrived.
    child.on('close', (code, signal) => {
      if (code === 0) finish(null);
      else if (signal) finish(new FeedError(`${name} killed by ${signal}${lastLine(stderr)}`));
      else finish(new FeedError(`${name} exited with code ${code}${lastLine(stderr)}`));
    });
  });
}

const running = new Set<ChildProcess>();

let exitHookInstalled = false;

function track(child: ChildProcess) {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A detached group does not die with the server: take it along on the way out.
    process.once('exit', () => running.forEach(killGroup));
  }
  running.add(child);
  child.once('close', () => running.delete(child));
  child.once('error', () => running.delete(child));
}

function killGroup(child: ChildProcess | undefined) {
  if (child?.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

function startFailure(e: NodeJS.ErrnoException, file: string, name: string): string {
  if (e.code === 'ENOENT') return `command not found: ${file}`;
  if (e.code === 'EACCES') return `permission denied: ${file} (not executable?)`;
  return `${name} could not start: ${e.message}`;
}

/** "ceph status" for `ceph status --format json`: the program and the words before the first option. */
export function commandName(argv: string[]): string {
  const words = argv.slice(1).findIndex((a) => a.startsWith('-'));
  const rest = words === -1 ? argv.slice(1) : argv.slice(1, words + 1);
  return [basename(argv[0] ?? ''), ...rest.slice(0, 2)].join(' ');
}

function lastLine(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1);
  return line ? `: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}` : '';
}

const oneDecimal = (x: number) => String(Number(x.toFixed(1)));

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${oneDecimal(ms / 1000)} s`;
}

export function formatBytes(n: number): string {
  if (n >= 1e6) return `${oneDecimal(n / 1e6)} MB`;
  if (n >= 1e3) return `${oneDecimal(n / 1e3)} kB`;
  return `${n} bytes`;
}
