/**
 * `GET /metrics` for admins, in Prometheus text, and the request id on every response
 * (docs/security.md, "Observing Warroom"). The body is read with the same exposition parser the
 * feeds use on node_exporter, so it must be valid Prometheus text, not only contain the names.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseExposition } from '../../../server/src/feeds/exposition/exposition';
import { ADMIN_TOKEN, startServer, type TestServer } from '../../support/server';
import { attemptSocket, type Attempt, call, rawRequest } from '../../support/security';

let s: TestServer;
const opened: Attempt[] = [];
beforeEach(async () => {
  s = await startServer();
});
afterEach(async () => {
  for (const a of opened.splice(0)) a.socket.close();
  await s.close();
});

async function scrape() {
  const res = await call(s.url, 'GET', '/metrics', ADMIN_TOKEN);
  expect(res.status, res.text).toBe(200);
  const exposition = parseExposition(res.text);
  /** The value of the one series of `name` with exactly these labels (undefined: no such series). */
  const value = (name: string, labels: Record<string, string> = {}) =>
    exposition.samples.find((x) => x.name === name && JSON.stringify(x.labels) === JSON.stringify(labels))?.value;
  return { res, exposition, value, names: new Set(exposition.samples.map((x) => x.name)) };
}

async function joined(incidentId: number) {
  const a = await attemptSocket(s.url, { token: await s.token('viewer') });
  opened.push(a);
  if (!a.connected) throw a.error;
  expect(await a.socket.timeout(5000).emitWithAck('room:join', { incidentId })).toMatchObject({ ok: true });
  return a.socket;
}

describe('GET /metrics', () => {
  it('serves Prometheus text, uncached, with the documented series', async () => {
    // Something to count: a commit, a loaded room, a broadcast.
    const id = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    await joined(id);
    await s.api('POST', `/api/incidents/${id}/timeline`, { kind: 'note', text: 'counted' });

    await vi.waitFor(async () => expect((await scrape()).value('warroom_socket_messages_sent_total', { event: 'timeline:posted' })).toBe(1));
    const { res, names, value } = await scrape();
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    for (const name of [
      'warroom_socket_connections',
      'warroom_rooms_loaded',
      'warroom_socket_messages_sent_total',
      'warroom_ingest_requests_refused_total',
      'warroom_live_metrics_stale',
      'warroom_store_commit_duration_seconds_bucket',
      'warroom_store_commit_duration_seconds_count',
      'warroom_http_requests_total',
      'warroom_feed_source_failing',
      'warroom_nodejs_eventloop_lag_seconds',
      'warroom_process_resident_memory_bytes',
    ]) {
      expect(names, name).toContain(name);
    }
    expect(value('warroom_socket_connections')).toBe(1);
    expect(value('warroom_rooms_loaded')).toBe(1);
    expect(value('warroom_store_commit_duration_seconds_count')).toBeGreaterThan(0);
    expect(value('warroom_live_metrics_stale', { scope: 'platform' })).toBe(0);
    expect(value('warroom_live_metrics_stale', { scope: 'drill' })).toBe(0);
    expect(value('warroom_feed_source_failing', { source: 'push' })).toBe(0);
    expect(value('warroom_http_requests_total', { method: 'POST', route: '/api/incidents/:id/timeline', status_class: '2xx' })).toBe(1);
  });

  it('counts what happens: connections open and close, a room event per socket, refused ingest by reason', async () => {
    const id = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body.id;
    const first = await joined(id);
    await joined(id);
    expect((await scrape()).value('warroom_socket_connections')).toBe(2);

    await s.api('POST', `/api/incidents/${id}/timeline`, { kind: 'note', text: 'to both' });
    await vi.waitFor(async () => expect((await scrape()).value('warroom_socket_messages_sent_total', { event: 'timeline:posted' })).toBe(2));

    first.close();
    await vi.waitFor(async () => expect((await scrape()).value('warroom_socket_connections')).toBe(1));

    const viewer = await s.token('viewer');
    expect((await call(s.url, 'POST', '/api/ingest', viewer, { metric: 'x', value: 1 })).status).toBe(403);
    expect((await call(s.url, 'POST', '/api/ingest', null, { metric: 'x', value: 1 })).status).toBe(401);
    expect((await call(s.url, 'POST', '/api/ingest', ADMIN_TOKEN, { metric: 'X Y', value: 1 })).status).toBe(400);
    const { value } = await scrape();
    expect(value('warroom_ingest_requests_refused_total', { reason: 'auth' })).toBe(2);
    expect(value('warroom_ingest_requests_refused_total', { reason: 'validation' })).toBe(1);
    expect(value('warroom_ingest_requests_refused_total', { reason: 'rate_limit' })).toBe(0);
  });

  it.each(['commander', 'responder', 'support', 'viewer'] as const)('a %s gets 403, and no metrics', async (role) => {
    const res = await call(s.url, 'GET', '/metrics', await s.token(role));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(res.text).not.toContain('warroom_');
  });

  it('without a token: 401', async () => {
    const res = await call(s.url, 'GET', '/metrics', null);
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('warroom_');
  });
});

describe('X-Request-Id', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it.each([
    ['GET', '/healthz', null, 200],
    ['GET', '/api/incidents', ADMIN_TOKEN, 200],
    ['GET', '/api/incidents', null, 401],
    ['GET', '/api/audit', 'viewer', 403],
    ['GET', '/api/nowhere', ADMIN_TOKEN, 404],
    ['POST', '/api/incidents', ADMIN_TOKEN, 400],
    ['GET', '/metrics', ADMIN_TOKEN, 200],
    // A page: 200 once the client is built, 503 before.
    ['GET', '/incidents/7', null, 'a page'],
  ] as const)('%s %s (%s) → %s carries a new one', async (method, path, who, status) => {
    const bearer = who === 'viewer' ? await s.token('viewer') : who;
    const res = await rawRequest(s.url, { method, path, bearer, ...(method === 'POST' ? { headers: { 'Content-Type': 'application/json' }, body: '{}' } : {}) });
    if (status === 'a page') expect([200, 503]).toContain(res.status);
    else expect(res.status).toBe(status);
    expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it('a refused request for a foreign Host carries one too', async () => {
    const res = await rawRequest(s.url, { path: '/api/incidents', headers: { Host: 'evil.example' } });
    expect(res.status).toBe(421);
    expect(res.headers['x-request-id']).toMatch(UUID);
  });

  it('a well-formed incoming id is echoed; a malformed one is replaced', async () => {
    const kept = await rawRequest(s.url, { path: '/api/incidents', bearer: ADMIN_TOKEN, headers: { 'X-Request-Id': 'proxy-7f3a.42:9' } });
    expect(kept.headers['x-request-id']).toBe('proxy-7f3a.42:9');
    for (const bad of ['has spaces in it', '../../etc/passwd', 'x'.repeat(129), '-leading-dash']) {
      const res = await rawRequest(s.url, { path: '/api/incidents', bearer: ADMIN_TOKEN, headers: { 'X-Request-Id': bad } });
      expect(res.headers['x-request-id'], bad).toMatch(UUID);
    }
  });
});
