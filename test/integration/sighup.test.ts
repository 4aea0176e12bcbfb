/**
 * SIGHUP reloads warroom.config.yaml in the real process (npm start's entry point) without
 * dropping a browser connection; a bad file keeps the running config and says why.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION } from '#shared/sync';
import type { FeedsReport } from '#shared/feeds';
import type { ClientSocket } from '../../client/src/sync/room-sync';
import { freePort } from '../support/spawn-service';
import { ADMIN_TOKEN, tempDir } from '../support/server';

const SLOW = { timeout: 20_000, interval: 100 };
const dir = tempDir();
const configFile = path.join(dir, 'warroom.yaml');
let server: ChildProcess;
let base: string;
let socket: ClientSocket;
const disconnects: string[] = [];

const AUTH = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const feeds = async (): Promise<FeedsReport> => (await fetch(`${base}/api/feeds`, { headers: AUTH })).json() as Promise<FeedsReport>;

beforeAll(async () => {
  fs.writeFileSync(configFile, 'sources:\n  - id: push\n    type: push\n');
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    env: { ...process.env, PORT: String(port), WARROOM_DATA_DIR: path.join(dir, 'data'), WARROOM_CONFIG: configFile, WARROOM_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  });
  await vi.waitFor(async () => expect((await fetch(`${base}/healthz`)).status).toBe(200), SLOW);
  socket = io(base, { transports: ['websocket'], auth: { protocol: PROTOCOL_VERSION, token: ADMIN_TOKEN }, forceNew: true });
  socket.on('disconnect', (reason) => disconnects.push(reason));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
}, 30_000);
afterAll(() => {
  socket?.disconnect();
  server?.kill('SIGKILL');
});

describe('SIGHUP', () => {
  it('applies a changed file: a source added, the incident room still joined, no socket dropped', async () => {
    const incident = await (await fetch(`${base}/api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json', ...AUTH }, body: '{"title":"Reload"}' })).json();
    expect((await socket.emitWithAck('room:join', { incidentId: incident.id })).ok).toBe(true);

    fs.writeFileSync(configFile, 'sources:\n  - id: push\n    type: push\n  - id: am-par\n    type: alertmanager\n    url: http://127.0.0.1:9\n');
    server.kill('SIGHUP');
    await vi.waitFor(async () => expect((await feeds()).sources.map((s) => s.id)).toEqual(['push', 'am-par']), SLOW);

    // The same connection still works: a post is acknowledged and broadcast back to the room.
    const posted = new Promise((resolve) => socket.once('timeline:posted', resolve));
    expect(await socket.emitWithAck('timeline:post', { incidentId: incident.id, text: 'after the reload' })).toMatchObject({ ok: true });
    await posted;
    expect(disconnects).toEqual([]);
  });

  it('keeps the running config when the new file is bad, and says why on /api/feeds', async () => {
    fs.writeFileSync(configFile, 'sources:\n  - id: push\n    type: push\n    staleAfter: soon\n');
    server.kill('SIGHUP');
    await vi.waitFor(async () => expect((await feeds()).config.reloadError).not.toBeNull(), SLOW);
    const report = await feeds();
    expect(report.config.reloadError!.message).toBe(`${configFile}:4: sources[0].staleAfter: must be a duration such as 500ms, 15s, 2m, 1h or 7d`);
    expect(report.sources.map((s) => s.id)).toEqual(['push', 'am-par']);
    expect(disconnects).toEqual([]);
  });
});

describe('a bad file at start', () => {
  it('stops the server with the file, key path and line', async () => {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'sources:\n  - id: prom-par\n    type: prometheus\n    url: http://127.0.0.1:9090\n    metrics: []\n');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env: { ...process.env, PORT: '0', WARROOM_DATA_DIR: path.join(dir, 'data2'), WARROOM_CONFIG: bad },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`${bad}:5: sources[0].metrics: Too small: expected array to have >=1 items`);
  }, 30_000);
});
