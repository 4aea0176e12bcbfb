/**
 * For the journeys that kill or restart a server, or need a config of their own: the real
 * bundle (`npm run build`, done by Playwright's webServer) in a child process, as `npm start`
 * runs it, with the e2e admin secret.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';
import { ADMIN_SECRET } from './auth';

export type OwnServer = { base: string; process: ChildProcess; exited: Promise<void> };

export const tempDataDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-e2e-own-'));

/** Starts it and waits for /healthz; the same `dataDir` and `port` again is the same server restarted. */
export async function startOwnServer(o: { port: number; config: string; dataDir: string }): Promise<OwnServer> {
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.mjs'], {
    env: {
      ...process.env,
      PORT: String(o.port),
      WARROOM_DATA_DIR: o.dataDir,
      WARROOM_CONFIG: o.config,
      WARROOM_ADMIN_TOKEN: ADMIN_SECRET,
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${o.port}`;
  await expect.poll(() => fetch(`${base}/healthz`).then((r) => r.status).catch(() => 0), { timeout: 20_000 }).toBe(200);
  return { base, process: child, exited };
}
