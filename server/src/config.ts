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

const Duration10s = z.coerce.number().int().min(1).max(1_000_000_000);

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The listen address: loopback unless the operator opens it up (`0.0.0.0`, a LAN address). */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The bootstrap admin token's secret; without it the first start makes one and prints its link once. */
  WARROOM_ADMIN_TOKEN: z.string().min(24, 'WARROOM_ADMIN_TOKEN: at least 24 characters').optional(),
  /** The address people open (links are made from it), e.g. https://warroom.example.org. */
  WARROOM_PUBLIC_URL: z.url().optional(),
  /** More host names the server answers for, comma-separated (loopback names always work). */
  WARROOM_ALLOWED_HOSTS: z.string().default(''),
  WARROOM_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Writes (entries, incident changes, token changes) per token per 10 s. */
  WARROOM_RATE_WRITES_PER_10S: Duration10s.default(100),
  /** Ingest requests and webhooks per token per 10 s. */
  WARROOM_RATE_INGEST_PER_10S: Duration10s.default(2000),
  /** A separate listener for GET /metrics without a token (for a Prometheus on an internal address). */
  WARROOM_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  WARROOM_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
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

export type AuthConfig = {
  adminToken: string | null;
  publicUrl: string;
  /** Host names (no ports) the server answers for, beyond the loopback names. */
  allowedHosts: string[];
  sessionDays: number;
  /** Session cookies marked Secure: when people reach the app over https. */
  secureCookies: boolean;
};

export type Config = {
  port: number;
  host: string;
  auth: AuthConfig;
  rateLimits: { writesPer10s: number; ingestPer10s: number };
  /** A token-free /metrics listener, if configured. */
  metricsListener: { host: string; port: number } | null;
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
  const wildcard = e.HOST === '0.0.0.0' || e.HOST === '::';
  const publicUrl = e.WARROOM_PUBLIC_URL ?? `http://${wildcard ? '127.0.0.1' : e.HOST}:${e.PORT}`;
  const allowedHosts = [...e.WARROOM_ALLOWED_HOSTS.split(','), new URL(publicUrl).hostname, wildcard ? '' : e.HOST]
    .map((h) => h.trim().replace(/^\[|\]$/g, ''))
    .filter(Boolean);
  return {
    port: e.PORT,
    host: e.HOST,
    auth: {
      adminToken: e.WARROOM_ADMIN_TOKEN ?? null,
      publicUrl,
      allowedHosts,
      sessionDays: e.WARROOM_SESSION_DAYS,
      secureCookies: publicUrl.startsWith('https:'),
    },
    rateLimits: { writesPer10s: e.WARROOM_RATE_WRITES_PER_10S, ingestPer10s: e.WARROOM_RATE_INGEST_PER_10S },
    metricsListener: e.WARROOM_METRICS_PORT === undefined ? null : { host: e.WARROOM_METRICS_HOST, port: e.WARROOM_METRICS_PORT },
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
