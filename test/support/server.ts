/** Starts the real server factory on port 0 with a temp data dir, and real socket.io clients. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '#shared/sync';
import type { Role } from '#shared/auth';
import type { ServerToClientEvents } from '#shared/events';
import { createServer } from '../../server/src/app';
import type { Clock } from '../../server/src/clock';
import { type Config, DEFAULTS_FILE, type FeedsConfig } from '../../server/src/config';
import { WarroomFile } from '../../server/src/config/warroom-file';
import { parseConfigText, readConfigFile } from '../../server/src/config/yaml-file';
import { createLogger } from '../../server/src/logger';
import { createTelemetry } from '../../server/src/observability/telemetry';
import { openSqliteStore } from '../../server/src/store/sqlite/sqlite-store';
import type { ClientSocket } from '../../client/src/sync/room-sync';

export type TestServer = Awaited<ReturnType<typeof startServer>>;

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-test-'));
}

/**
 * A feeds config from YAML text (as warroom.config.yaml would hold it); by default the built-in
 * one without its demo drill: a push source with the metric catalogue.
 */
export function feedsConfig(yaml?: string): FeedsConfig {
  if (yaml !== undefined) return { file: 'test.yaml', spec: parseConfigText('test.yaml', yaml, WarroomFile, process.env) };
  const { demo: _demo, ...spec } = readConfigFile(DEFAULTS_FILE, WarroomFile);
  return { file: null, spec };
}

/** The bootstrap admin's secret in every test server: `api()` and `connect()` use it unless told otherwise. */
export const ADMIN_TOKEN = 'wr_test-admin-token-0123456789abcdef';

export async function startServer(options: Partial<Config> & { clock?: Clock; random?: () => number } = {}) {
  const { clock, random, ...overrides } = options;
  const config: Config = {
    port: 0,
    host: '127.0.0.1',
    auth: { adminToken: ADMIN_TOKEN, publicUrl: 'http://127.0.0.1', allowedHosts: [], sessionDays: 30, secureCookies: false },
    rateLimits: { writesPer10s: 100_000, ingestPer10s: 100_000 },
    metricsListener: null,
    dataDir: tempDir(),
    feeds: feedsConfig(),
    scenariosDir: path.resolve('scenarios'),
    pushIntervalMs: 20,
    replayLogLimit: 5000,
    replayLogBytes: 8 * 1024 * 1024,
    logLevel: 'silent',
    clientDir: path.resolve('dist/client'),
    ...overrides,
  };
  // As main.ts wires it: the store times its commits into the server's own telemetry.
  const telemetry = createTelemetry();
  const store = openSqliteStore(config.dataDir, { onCommit: telemetry.storeCommitted });
  const server = await createServer({ config, store, telemetry, logger: createLogger('silent'), ...(clock ? { clock } : {}), ...(random ? { random } : {}) });
  const port = await server.listen(config.port);
  const url = `http://127.0.0.1:${port}`;
  const sockets: ClientSocket[] = [];
  return {
    url,
    config,
    server,
    store,
    /** A token of `role` (a feed token for `source`); resolves its secret. */
    async token(role: Role, { name, source }: { name?: string; source?: string } = {}): Promise<string> {
      const input = { name: name ?? `test ${role}`, role, ...(source ? { source } : {}) };
      return (await server.auth.create(input, 'test')).secret;
    },
    /** A connected client (the admin's token unless `token` is given); closed with the server. */
    async connect(opts: { protocol?: number; reconnectionDelay?: number; token?: string } = {}): Promise<ClientSocket> {
      const socket: ClientSocket = io(url, {
        auth: { protocol: opts.protocol ?? PROTOCOL_VERSION, token: opts.token ?? ADMIN_TOKEN },
        transports: ['websocket'],
        forceNew: true,
        reconnectionDelay: opts.reconnectionDelay ?? 1000,
        reconnectionDelayMax: opts.reconnectionDelay ?? 5000,
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    /** A REST call as the admin, or as `as` (a token's secret; null: no credentials at all). */
    async api(method: string, route: string, body?: unknown, raw?: string, as: string | null = ADMIN_TOKEN) {
      const headers: Record<string, string> = body !== undefined || raw !== undefined ? { 'Content-Type': 'application/json' } : {};
      if (as !== null) headers.Authorization = `Bearer ${as}`;
      const response = await fetch(url + route, {
        method,
        headers,
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
    },
    async close(): Promise<void> {
      for (const s of sockets) s.disconnect();
      await server.close();
      await store.close();
    },
  };
}

/** Resolves with the next `event` on `socket` matching `where`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  where: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!where(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}

/** Records every event of the given kinds, for asserting what was (not) received. */
export function record<E extends keyof ServerToClientEvents>(socket: ClientSocket, ...events: E[]) {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  for (const e of events) socket.on(e, ((p: Parameters<ServerToClientEvents[E]>[0]) => seen.push(p)) as never);
  return seen;
}
