/**
 * The only module that reads the environment: parsed once, with zod, at start. Feed sources
 * come from a YAML file (WARROOM_CONFIG, else ./warroom.config.yaml, else the built-in
 * defaults), which SIGHUP reads again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { WarroomFile } from './config/warroom-file';
import { readConfigFile } from './config/yaml-file';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WARROOM_DATA_DIR: z.string().min(1).default('./data'),
  /** The config file; its `${NAME}` references are read from this same environment. */
  WARROOM_CONFIG: z.string().min(1).optional(),
  /** Browsers get at most one metrics delta per interval, however fast samples arrive. */
  WARROOM_PUSH_INTERVAL_MS: z.coerce.number().int().min(1).max(10_000).default(250),
  /** Events each incident room keeps for replay to reconnecting clients; past that, a snapshot. */
  WARROOM_REPLAY_LOG_EVENTS: z.coerce.number().int().min(10).max(1_000_000).default(5000),
  /** …and at most this many megabytes of them per room. */
  WARROOM_REPLAY_LOG_MB: z.coerce.number().positive().max(1024).default(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type FeedsConfig = {
  /** The file the sources came from; null: the built-in defaults. */
  file: string | null;
  spec: WarroomFile;
};

export type Config = {
  port: number;
  /** Loopback only until authentication exists. */
  host: '127.0.0.1';
  dataDir: string;
  feeds: FeedsConfig;
  /** Where drill scenario files live. */
  scenariosDir: string;
  pushIntervalMs: number;
  replayLogLimit: number;
  replayLogBytes: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  /** The built SPA (vite build output). */
  clientDir: string;
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULTS_FILE = path.join(repoRoot, 'server/src/config/defaults.yaml');

function parseEnv(env: NodeJS.ProcessEnv) {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** Reads the feeds config file again (at start, and on SIGHUP); throws a ConfigFileError naming key and line. */
export function loadFeedsConfig(env: NodeJS.ProcessEnv = process.env): FeedsConfig {
  const explicit = parseEnv(env).WARROOM_CONFIG;
  const local = path.resolve('warroom.config.yaml');
  const file = explicit ? path.resolve(explicit) : fs.existsSync(local) ? local : null;
  return { file, spec: readConfigFile(file ?? DEFAULTS_FILE, WarroomFile, env) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(env);
  return {
    port: e.PORT,
    host: '127.0.0.1',
    dataDir: path.resolve(e.WARROOM_DATA_DIR),
    feeds: loadFeedsConfig(env),
    scenariosDir: path.join(repoRoot, 'scenarios'),
    pushIntervalMs: e.WARROOM_PUSH_INTERVAL_MS,
    replayLogLimit: e.WARROOM_REPLAY_LOG_EVENTS,
    replayLogBytes: Math.round(e.WARROOM_REPLAY_LOG_MB * 1024 * 1024),
    logLevel: e.LOG_LEVEL,
    clientDir: path.join(repoRoot, 'dist/client'),
  };
}
