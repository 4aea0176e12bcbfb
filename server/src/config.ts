/** The only module that reads the environment: parsed once, with zod, at start. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WARROOM_DATA_DIR: z.string().min(1).default('./data'),
  /** `simulator` replays the 2025-03-03 PAR6 outage; `none` waits for /api/ingest. */
  WARROOM_FEED: z.enum(['simulator', 'none']).default('simulator'),
  /** Real seconds the whole replayed incident takes. */
  WARROOM_SIM_DURATION_S: z.coerce.number().positive().max(86_400).default(600),
  WARROOM_SIM_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Browsers get at most one metrics delta per interval, however fast samples arrive. */
  WARROOM_PUSH_INTERVAL_MS: z.coerce.number().int().min(1).max(10_000).default(250),
  /** Events each incident room keeps for replay to reconnecting clients; past that, a snapshot. */
  WARROOM_REPLAY_LOG_EVENTS: z.coerce.number().int().min(10).max(1_000_000).default(5000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = {
  port: number;
  /** Loopback only until authentication exists. */
  host: '127.0.0.1';
  dataDir: string;
  feed: 'simulator' | 'none';
  simulator: { durationMs: number; tickMs: number };
  pushIntervalMs: number;
  replayLogLimit: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  /** The built SPA (vite build output). */
  clientDir: string;
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: '127.0.0.1',
    dataDir: path.resolve(e.WARROOM_DATA_DIR),
    feed: e.WARROOM_FEED,
    simulator: { durationMs: e.WARROOM_SIM_DURATION_S * 1000, tickMs: e.WARROOM_SIM_TICK_MS },
    pushIntervalMs: e.WARROOM_PUSH_INTERVAL_MS,
    replayLogLimit: e.WARROOM_REPLAY_LOG_EVENTS,
    logLevel: e.LOG_LEVEL,
    clientDir: path.join(repoRoot, 'dist/client'),
  };
}
