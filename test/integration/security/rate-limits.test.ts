/**
 * Writes per token, REST and socket alike, and ingest on its own budget (docs/security.md: "Floods
 * from one token"). rate-limiter-flexible counts 10-second windows on its own wall clock, so these
 * tests count requests and never assert when a window ends.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack } from '#shared/ack';
import type { ClientSocket } from '../../../client/src/sync/room-sync';
import { startServer, type TestServer } from '../../support/server';
import { attemptSocket, type Attempt, call } from '../../support/security';

const LIMIT = 3;

let s: TestServer;
let incidentId: number;
const opened: Attempt[] = [];
beforeEach(async () => {
  s = await startServer({ rateLimits: { writesPer10s: LIMIT, ingestPer10s: LIMIT } });
  incidentId = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
});
afterEach(async () => {
  for (const a of opened.splice(0)) a.socket.close();
  await s.close();
});

const note = (secret: string, text: string) => call(s.url, 'POST', `/api/incidents/${incidentId}/timeline`, secret, { kind: 'note', text });
const texts = async (): Promise<string[]> => (await s.api('GET', `/api/incidents/${incidentId}/timeline`)).body.entries.map((e: { text: string }) => e.text);

async function socketOf(secret: string): Promise<ClientSocket> {
  const a = await attemptSocket(s.url, { token: secret });
  opened.push(a);
  if (!a.connected) throw a.error;
  return a.socket;
}
const post = async (socket: ClientSocket, text: string) =>
  (await socket.timeout(5000).emitWithAck('timeline:post', { incidentId, kind: 'note', text })) as Ack<unknown>;

function expectRateLimited(res: { status: number; headers: Record<string, unknown>; body: any }) {
  expect(res.status).toBe(429);
  expect(res.body.error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: expect.any(Number) });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBe(res.body.error.retryAfterSeconds);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(10);
}

describe('REST writes', () => {
  it(`the ${LIMIT + 1}th write by one token is 429 with Retry-After, and is not stored; another token still writes`, async () => {
    const alice = await s.token('commander', { name: 'Alice' });
    for (let i = 1; i <= LIMIT; i++) expect((await note(alice, `alice ${i}`)).status).toBe(201);
    const refused = await note(alice, 'alice 4');
    expectRateLimited(refused);
    expect(await texts()).toEqual(['alice 1', 'alice 2', 'alice 3']);

    const bob = await s.token('commander', { name: 'Bob' });
    expect((await note(bob, 'bob 1')).status).toBe(201);
    expect(await texts()).toEqual(['alice 1', 'alice 2', 'alice 3', 'bob 1']);
  });

  it('every kind of write counts: a refused PATCH changes nothing', async () => {
    const alice = await s.token('commander', { name: 'Alice' });
    await note(alice, 'one');
    expect((await call(s.url, 'POST', '/api/incidents', alice, { title: 'second' })).status).toBe(201);
    expect((await call(s.url, 'PATCH', `/api/incidents/${incidentId}`, alice, { severity: 'SEV1' })).status).toBe(200);
    expectRateLimited(await call(s.url, 'PATCH', `/api/incidents/${incidentId}`, alice, { status: 'resolved' }));
    expect((await s.api('GET', `/api/incidents/${incidentId}`)).body).toMatchObject({ status: 'investigating', severity: 'SEV1' });
  });

  it('reads are not limited', async () => {
    const viewer = await s.token('viewer');
    for (let i = 0; i < 3 * LIMIT; i++) expect((await call(s.url, 'GET', `/api/incidents/${incidentId}`, viewer)).status).toBe(200);
  });
});

describe('socket writes', () => {
  it(`the ${LIMIT + 1}th timeline:post is refused with rate_limited and retryAfterSeconds, and is not stored; another token is unaffected`, async () => {
    const alice = await socketOf(await s.token('responder', { name: 'Alice' }));
    for (let i = 1; i <= LIMIT; i++) expect(await post(alice, `alice ${i}`)).toMatchObject({ ok: true });
    const refused = await post(alice, 'alice 4');
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterSeconds: expect.any(Number) } });
    if (!refused.ok) expect(refused.error.retryAfterSeconds).toBeLessThanOrEqual(10);
    expect(await texts()).toEqual(['alice 1', 'alice 2', 'alice 3']);

    const bob = await socketOf(await s.token('responder', { name: 'Bob' }));
    expect(await post(bob, 'bob 1')).toMatchObject({ ok: true });
    expect(await texts()).toEqual(['alice 1', 'alice 2', 'alice 3', 'bob 1']);
  });

  it('one budget per token across both transports', async () => {
    const secret = await s.token('responder', { name: 'Alice' });
    const socket = await socketOf(secret);
    expect((await note(secret, 'rest 1')).status).toBe(201);
    expect((await note(secret, 'rest 2')).status).toBe(201);
    expect(await post(socket, 'socket 1')).toMatchObject({ ok: true });
    expect(await post(socket, 'socket 2')).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expectRateLimited(await note(secret, 'rest 3'));
    expect(await texts()).toEqual(['rest 1', 'rest 2', 'socket 1']);
  });
});

const ingest = (secret: string, metric: string) => call(s.url, 'POST', '/api/ingest', secret, { metric, value: 1 });
const metricIds = async () => (await s.api('GET', `/api/incidents/${incidentId}/state`)).body.metrics.map((m: { def: { id: string } }) => m.def.id);

describe('ingest', () => {
  it(`has its own budget: the ${LIMIT + 1}th ingest is 429 and stores nothing; the token's other budget and other tokens are untouched`, async () => {
    const feed = await s.token('feed', { source: 'push', name: 'script' });
    for (let i = 1; i <= LIMIT; i++) expect((await ingest(feed, `rate.m${i}`)).status).toBe(202);
    expectRateLimited(await ingest(feed, 'rate.m4'));
    expect(await metricIds()).not.toContain('rate.m4');
    expect(await metricIds()).toContain('rate.m3');

    const other = await s.token('feed', { source: 'push', name: 'other script' });
    expect((await ingest(other, 'rate.other')).status).toBe(202);
  });

  it('ingest does not spend the write budget, nor writes the ingest budget', async () => {
    const admin = await s.token('admin', { name: 'second admin' });
    for (let i = 1; i <= LIMIT; i++) expect((await ingest(admin, `rate.a${i}`)).status).toBe(202);
    for (let i = 1; i <= LIMIT; i++) expect((await note(admin, `note ${i}`)).status).toBe(201);
    expectRateLimited(await note(admin, 'note 4'));
    expectRateLimited(await ingest(admin, 'rate.a4'));
  });
});
