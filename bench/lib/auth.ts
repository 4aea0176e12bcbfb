/**
 * The bench's credentials, in one place. Warroom (L2) is measured signed in, as in production:
 * every L2 starts with a bootstrap admin token whose secret is made here, once per run of the
 * harness, and the benchmarks' clients use tokens that admin makes through POST /api/tokens —
 * one viewer token shared by every viewer (a TV link), feed tokens for what posts samples and
 * webhooks, people's tokens for what posts entries. L0 and L1 take no credentials.
 *
 * Child processes (the generator, the sync clients) get the secrets they need in their
 * commands: ADMIN_SECRET read there would be another process's, unknown to the server.
 */
import { randomBytes } from 'node:crypto';
import type { CreatedToken, CreateTokenInput } from '#shared/auth';
import { PROTOCOL_VERSION } from '#shared/sync';

/** WARROOM_ADMIN_TOKEN of every L2 this run starts; never written to a result file. */
export const ADMIN_SECRET = `wr_bench_${randomBytes(24).toString('base64url')}`;

/**
 * Per-token budgets, per 10 s (production: 100 writes, 2,000 ingests). The limiter still counts
 * every write and ingest, so its cost is in every figure; the budget is raised so that no load
 * here is refused: B3 feeds up to 800 ingests/s on one feed token, B7 posts 1,000 entries/s,
 * B8 seeds 10,000 entries as fast as they commit.
 */
const RATE_PER_10S = 1_000_000;

/** The environment every L2 gets (bench/lib/processes.ts). */
export const WARROOM_AUTH_ENV: NodeJS.ProcessEnv = {
  WARROOM_ADMIN_TOKEN: ADMIN_SECRET,
  WARROOM_RATE_WRITES_PER_10S: String(RATE_PER_10S),
  WARROOM_RATE_INGEST_PER_10S: String(RATE_PER_10S),
};

/** How L2 was signed in, for each result's params (a setting that differs from production is named there). */
export const AUTH_PARAMS = {
  viewers: 'one viewer token shared by all (a TV link), Socket.IO handshake auth',
  ingest: 'a feed token for the source it writes',
  rateLimitsPer10s: { writes: RATE_PER_10S, ingest: RATE_PER_10S },
};

/** Headers for a REST call as the holder of `secret`. */
export const bearer = (secret: string): Record<string, string> => ({ authorization: `Bearer ${secret}` });

/** Socket.IO handshake auth with a token, as a script (or this harness) connects. */
export const handshake = (secret: string) => ({ protocol: PROTOCOL_VERSION, token: secret });

/** Makes a token as the bootstrap admin, as `npm run warroom -- token create` or the Tokens page would; resolves its secret. */
export async function createToken(base: string, input: CreateTokenInput): Promise<string> {
  const res = await fetch(`${base}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(ADMIN_SECRET) },
    body: JSON.stringify(input),
  });
  if (res.status !== 201) throw new Error(`creating a ${input.role} token: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as CreatedToken).secret;
}

/** The shared screen's link: what every viewer of a benchmark connects with. */
export const viewerToken = (base: string) => createToken(base, { name: 'bench viewers (TV link)', role: 'viewer' });

/** A script's token for one feed source (the bench's push source unless told). */
export const feedToken = (base: string, source = 'push') => createToken(base, { name: `bench feed ${source}`, role: 'feed', source });
