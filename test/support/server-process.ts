/**
 * The real server process (`npm start`'s entry point, through tsx) on a free port and a data dir
 * of the test's choosing, for what only a process shows: signals, exit codes, a kill -9.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Entry } from '#shared/timeline';
import { freePort } from './spawn-service';
import { ADMIN_TOKEN } from './server';

export type ServerProcess = {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null when a signal ended it) once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Everything the process wrote (for a failing test's message). */
  output(): string;
};

/** One push source and no demo drill: the timeline holds only what the test writes. */
const CONFIG = 'sources:\n  - id: push\n    type: push\n';

/** Starts `server/src/main.ts` on `dataDir` and resolves once GET /healthz answers 200. */
export async function startServerProcess(dataDir: string): Promise<ServerProcess> {
  fs.mkdirSync(dataDir, { recursive: true });
  const configFile = path.join(dataDir, 'warroom.test.yaml');
  fs.writeFileSync(configFile, CONFIG);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      WARROOM_DATA_DIR: dataDir,
      WARROOM_CONFIG: configFile,
      WARROOM_ADMIN_TOKEN: ADMIN_TOKEN,
      // The clients here write as fast as they can: the limit is not what these tests are about.
      WARROOM_RATE_WRITES_PER_10S: '1000000',
      WARROOM_RATE_INGEST_PER_10S: '1000000',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Readiness is polled, not timed: the deadline only bounds a broken start.
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready:\n${log}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server was not ready after 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, child, exited, output: () => log };
}

/** Resolves with what `exited` resolves to, or rejects after `ms`: a liveness bound, not a timing assertion. */
export function exitWithin(server: ServerProcess, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not exit within ${ms / 1000} s:\n${server.output()}`)), ms);
    void server.exited.then((code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Every entry of an incident, following the pages. */
export async function allEntries(url: string, incidentId: number): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (let after = 0; ; ) {
    const res = await fetch(`${url}/api/incidents/${incidentId}/timeline?after=${after}&limit=500`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const page = (await res.json()) as { entries: Entry[]; hasMore: boolean };
    entries.push(...page.entries);
    if (!page.hasMore || page.entries.length === 0) return entries;
    after = Math.max(...page.entries.map((e) => e.id));
  }
}

/** What was stored under each clientId: one text each, if nothing was lost or doubled. */
export function textsByClientId(entries: Entry[]): Map<string, string[]> {
  const texts = new Map<string, string[]>();
  for (const e of entries) if (e.clientId !== null) texts.set(e.clientId, [...(texts.get(e.clientId) ?? []), e.text]);
  return texts;
}
