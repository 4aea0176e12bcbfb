/**
 * Starts a real monitoring process (Prometheus, node_exporter, Alertmanager) on loopback for a
 * test, and stops it. A missing binary fails the test with the Debian package to install:
 * these tests never pass silently on a machine without them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export type Service = {
  readonly url: string;
  readonly port: number;
  /** Stops it (SIGTERM, then SIGKILL after 5 s); resolves once it has exited. */
  stop(): Promise<void>;
  /** Kills it at once, as a crash would. */
  kill(): Promise<void>;
  /** Starts it again with the same arguments on the same port. */
  restart(): Promise<void>;
  /** Everything it wrote to stderr and stdout (for a failing test's message). */
  output(): string;
};

export type ServiceSpec = {
  binary: string;
  debianPackage: string;
  args: (port: number) => string[];
  /** Path answered 200 once the service is ready, e.g. `/-/ready`. */
  readyPath: string;
  port?: number;
};

/** A free loopback port: bound by the OS on port 0, then released. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function requireBinary(binary: string, debianPackage: string): void {
  if (!fs.existsSync(binary)) {
    throw new Error(`${binary} is not installed: run \`apt-get install -y ${debianPackage}\` (.ci/run does)`);
  }
}

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r()));

export async function startService(spec: ServiceSpec): Promise<Service> {
  requireBinary(spec.binary, spec.debianPackage);
  const port = spec.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let log = '';

  async function start(): Promise<void> {
    const c = spawn(spec.binary, spec.args(port), { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    for (const stream of [c.stdout!, c.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-20_000);
      });
    }
    // Readiness is polled, not timed: the deadline only bounds a broken start.
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (c.exitCode !== null) throw new Error(`${spec.binary} exited with ${c.exitCode}:\n${log}`);
      try {
        const res = await fetch(url + spec.readyPath);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${spec.binary} not ready at ${url}${spec.readyPath} after 30 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function stop(signal: NodeJS.Signals): Promise<void> {
    const c = child;
    child = null;
    if (!c) return;
    c.kill(signal);
    const timer = setTimeout(() => c.kill('SIGKILL'), 5000);
    await exited(c);
    clearTimeout(timer);
  }

  await start();
  return {
    url,
    port,
    stop: () => stop('SIGTERM'),
    kill: () => stop('SIGKILL'),
    restart: async () => {
      await stop('SIGTERM');
      await start();
    },
    output: () => log,
  };
}
