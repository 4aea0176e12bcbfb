/**
 * The outgoing webhook against a real HTTP receiver on loopback, over a real SQLite store:
 * signed, retried on the test clock with the same bytes, in order, and resumed after a restart.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Delivery } from '#shared/deliveries';
import { WebhookDeliveries, type WebhookDeliveriesDeps } from '../../server/src/publishing/webhook-deliveries';
import { verifySignature } from '../../server/src/publishing/webhook-signature';
import { sqliteDeliveryStore } from '../../server/src/store/sqlite/delivery-store';
import { migrations } from '../../server/src/store/sqlite/migrations';
import { TestClock } from '../support/test-clock';

const SECRET = 'webhook-secret-0123456789';
type Answer = number | 'close' | 'hang' | { status: number; headers: Record<string, string> };
type Received = { headers: http.IncomingHttpHeaders; body: string };

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).toReversed()) await fn();
});

/** A receiver that records each request and answers from `answers` in turn (200 once they run out). */
async function startReceiver() {
  const requests: Received[] = [];
  const answers: Answer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = answers.shift() ?? 200;
      if (answer === 'close') req.socket.destroy();
      else if (typeof answer === 'number') res.writeHead(answer).end();
      else if (answer !== 'hang') res.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  cleanup.push(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests, answers, close };
}

/** The store as the server migrates it, with one incident per id asked for (deliveries reference it). */
function openDb(file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-test-')), 'warroom.db'), incidents = 2) {
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  const applied = db.pragma('user_version', { simple: true }) as number;
  migrations.slice(applied).forEach((m, i) => db.transaction(() => (db.exec(m), db.pragma(`user_version = ${applied + i + 1}`)))());
  // A reopened file has its incidents already.
  for (let i = applied === 0 ? 0 : incidents; i < incidents; i++) {
    db.prepare(`INSERT INTO incidents (title, severity, status, time_zone, created_at, updated_at) VALUES ('PAR6', 'SEV2', 'active', 'UTC', ?, ?)`).run('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
  }
  cleanup.push(() => db.open && db.close());
  return { db, file, store: sqliteDeliveryStore(db) };
}

/** Log lines as objects, to check what a failure logs (and that the secret is not in it). */
function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

function start(overrides: Partial<WebhookDeliveriesDeps> & Pick<WebhookDeliveriesDeps, 'store' | 'webhooks'>) {
  const changes: Delivery[] = [];
  const deliveries = new WebhookDeliveries({ clock: new TestClock(), logger: captureLogs().logger, random: () => 0, onChange: (d) => changes.push(d), ...overrides });
  cleanup.push(() => deliveries.stop());
  return { deliveries, changes };
}

const stateOf = async (d: WebhookDeliveries, incidentId = 1) => (await d.list(incidentId))[0]!;
const attemptsAre = (d: WebhookDeliveries, n: number) => vi.waitFor(async () => expect((await stateOf(d)).attempts).toHaveLength(n));

describe('outgoing webhook', () => {
  it('signs each request: it verifies with the secret, not with another, not tampered, not replayed', async () => {
    const receiver = await startReceiver();
    const clock = new TestClock();
    const { deliveries } = start({ store: openDb().store, clock, webhooks: [{ id: 'status', url: receiver.url, secret: SECRET }] });
    const sent = await deliveries.send(1, 'status', 'update.published', { text: 'Investigating' });
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1));
    const { headers, body } = receiver.requests[0]!;
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Warroom-Webhook/1',
      'x-warroom-delivery': String(sent.id),
      'x-warroom-event': 'update.published',
      'x-warroom-timestamp': String(Math.floor(clock.now() / 1000)),
    });
    expect(JSON.parse(body)).toEqual({ event: 'update.published', incidentId: 1, data: { text: 'Investigating' } });
    // Checked against an HMAC computed here, as a receiver in another language would.
    const signed = createHmac('sha256', SECRET).update(`${headers['x-warroom-timestamp']}.${body}`).digest('hex');
    expect(headers['x-warroom-signature']).toBe(`sha256=${signed}`);
    expect(verifySignature(SECRET, headers, body, clock.now())).toBe(true);
    expect(verifySignature('another-secret-0123456789', headers, body, clock.now())).toBe(false);
    expect(verifySignature(SECRET, headers, body.replace('Investigating', 'Resolved'), clock.now())).toBe(false);
    expect(verifySignature(SECRET, headers, body, clock.now() + 301_000)).toBe(false);
    await vi.waitFor(async () => expect(await stateOf(deliveries)).toMatchObject({ state: 'delivered', nextAttemptAt: null, attempts: [{ status: 200, error: null }] }));
  });

  it('500, 500, then 200: retried after 1 s then 2 s with byte-identical bodies, then delivered', async () => {
    const receiver = await startReceiver();
    receiver.answers.push(500, 500);
    const clock = new TestClock();
    const { deliveries, changes } = start({ store: openDb().store, clock, baseDelayMs: 1000, webhooks: [{ id: 'status', url: receiver.url, secret: SECRET }] });
    const t0 = clock.now();
    await deliveries.send(1, 'status', 'impact.changed', { product: 'vms' });
    await attemptsAre(deliveries, 1);
    expect(await stateOf(deliveries)).toMatchObject({ state: 'pending', nextAttemptAt: new Date(t0 + 1000).toISOString(), attempts: [{ status: 500, error: 'HTTP 500' }] });
    await clock.advance(999);
    expect([receiver.requests.length, clock.pending]).toEqual([1, 1]);
    await clock.advance(1);
    await attemptsAre(deliveries, 2);
    expect((await stateOf(deliveries)).nextAttemptAt).toBe(new Date(t0 + 3000).toISOString());
    await clock.advance(1999);
    expect(receiver.requests).toHaveLength(2);
    await clock.advance(1);
    await attemptsAre(deliveries, 3);
    expect(await stateOf(deliveries)).toMatchObject({ state: 'delivered', attempts: [{ status: 500 }, { status: 500 }, { status: 200 }] });
    const bodies = new Set(receiver.requests.map((r) => r.body));
    expect([receiver.requests.length, bodies.size]).toEqual([3, 1]);
    expect(new Set(receiver.requests.map((r) => r.headers['x-warroom-delivery'])).size).toBe(1);
    // Each retry signs with its own time, so a receiver's replay window does not refuse a late retry.
    expect(receiver.requests.map((r) => r.headers['x-warroom-timestamp'])).toEqual([0, 1, 3].map((s) => String(t0 / 1000 + s)));
    expect(changes.map((d) => [d.state, d.attempts.length])).toEqual([['pending', 0], ['pending', 1], ['pending', 2], ['delivered', 3]]);
  });

  it('connection refused: every attempt logged with its error and no status, failed after maxAttempts', async () => {
    const closed = await startReceiver();
    await closed.close();
    const clock = new TestClock();
    const { logger, lines } = captureLogs();
    const { deliveries } = start({ store: openDb().store, clock, logger, maxAttempts: 3, baseDelayMs: 100, webhooks: [{ id: 'chat', url: closed.url, secret: SECRET }] });
    const sent = await deliveries.send(1, 'chat', 'update.published', {});
    await attemptsAre(deliveries, 1);
    await clock.advance(100);
    await attemptsAre(deliveries, 2);
    await clock.advance(200);
    await attemptsAre(deliveries, 3);
    const d = await stateOf(deliveries);
    expect(d).toMatchObject({ state: 'failed', nextAttemptAt: null });
    expect(d.attempts.every((a) => a.status === null && /ECONNREFUSED/.test(a.error ?? ''))).toBe(true);
    expect(d.attempts[2]!.error).toMatch(/gave up after 3 attempts/);
    expect(clock.pending).toBe(0);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'webhook delivery attempt failed');
    expect(logged.map((l) => [l.delivery, l.webhook, l.status])).toEqual([[sent.id, 'chat', null], [sent.id, 'chat', null], [sent.id, 'chat', null]]);
    expect(lines.join('')).not.toContain(SECRET);
  });

  it('400: failed at once, never retried', async () => {
    const receiver = await startReceiver();
    receiver.answers.push(400);
    const clock = new TestClock();
    const { deliveries } = start({ store: openDb().store, clock, webhooks: [{ id: 'status', url: receiver.url, secret: SECRET }] });
    await deliveries.send(1, 'status', 'update.published', {});
    await attemptsAre(deliveries, 1);
    expect(await stateOf(deliveries)).toMatchObject({ state: 'failed', nextAttemptAt: null, attempts: [{ status: 400, error: expect.stringMatching(/refused.*not retried/) }] });
    await clock.advance(60 * 60_000);
    expect([receiver.requests.length, clock.pending]).toEqual([1, 0]);
  });

  it('honours Retry-After on 429 and 503, capped at maxDelayMs', async () => {
    const receiver = await startReceiver();
    receiver.answers.push({ status: 429, headers: { 'Retry-After': '30' } }, { status: 503, headers: { 'Retry-After': '3600' } });
    const clock = new TestClock();
    const { deliveries } = start({ store: openDb().store, clock, maxDelayMs: 60_000, webhooks: [{ id: 'status', url: receiver.url, secret: SECRET }] });
    await deliveries.send(1, 'status', 'update.published', {});
    await attemptsAre(deliveries, 1);
    await clock.advance(29_999);
    expect(receiver.requests).toHaveLength(1);
    await clock.advance(1);
    await attemptsAre(deliveries, 2);
    await clock.advance(59_999);
    expect(receiver.requests).toHaveLength(2);
    await clock.advance(1);
    await attemptsAre(deliveries, 3);
    expect(await stateOf(deliveries)).toMatchObject({ state: 'delivered', attempts: [{ status: 429 }, { status: 503 }, { status: 200 }] });
  });

  it('keeps creation order per webhook: a failing first holds back the second; another webhook is not held', async () => {
    const receiver = await startReceiver();
    const other = await startReceiver();
    receiver.answers.push(500);
    const clock = new TestClock();
    const { deliveries } = start({
      store: openDb().store,
      clock,
      webhooks: [{ id: 'status', url: receiver.url, secret: SECRET }, { id: 'chat', url: other.url, secret: SECRET }],
    });
    const first = await deliveries.send(1, 'status', 'update.published', { text: 'EDIT 1' });
    const second = await deliveries.send(1, 'status', 'update.published', { text: 'EDIT 2' });
    const elsewhere = await deliveries.send(1, 'chat', 'update.published', { text: 'EDIT 1' });
    await vi.waitFor(async () => expect((await deliveries.list(1)).find((d) => d.id === elsewhere.id)?.state).toBe('delivered'));
    await vi.waitFor(async () => expect((await deliveries.list(1)).find((d) => d.id === first.id)?.attempts).toHaveLength(1));
    // A config reload while the first waits sends nothing early and adds no second timer.
    deliveries.setWebhooks([{ id: 'status', url: receiver.url, secret: SECRET }, { id: 'chat', url: other.url, secret: SECRET }]);
    expect([receiver.requests.length, clock.pending]).toEqual([1, 1]);
    await clock.advance(1000);
    await vi.waitFor(async () => expect((await deliveries.list(1)).map((d) => d.state)).toEqual(['delivered', 'delivered', 'delivered']));
    expect(receiver.requests.map((r) => Number(r.headers['x-warroom-delivery']))).toEqual([first.id, first.id, second.id]);
  });

  it('a restarted server resumes a pending delivery at its time, with the same body', async () => {
    const receiver = await startReceiver();
    receiver.answers.push(500);
    const clock = new TestClock();
    const before = openDb();
    const webhooks = [{ id: 'status', url: receiver.url, secret: SECRET }];
    const first = start({ store: before.store, clock, webhooks });
    await first.deliveries.send(1, 'status', 'update.published', { text: 'Monitoring' });
    await attemptsAre(first.deliveries, 1);
    first.deliveries.stop();
    before.db.close();
    expect(clock.pending).toBe(0);

    const after = openDb(before.file);
    const second = start({ store: after.store, clock, webhooks });
    await second.deliveries.resume();
    await clock.advance(999);
    expect(receiver.requests).toHaveLength(1);
    await clock.advance(1);
    await vi.waitFor(async () => expect(await stateOf(second.deliveries)).toMatchObject({ state: 'delivered', attempts: [{ status: 500 }, { status: 200 }] }));
    expect(receiver.requests[1]!.body).toBe(receiver.requests[0]!.body);
  });

  it('a webhook taken out of the config keeps its deliveries pending, and sends them once it is back', async () => {
    const receiver = await startReceiver();
    receiver.answers.push(500);
    const clock = new TestClock();
    const webhooks = [{ id: 'status', url: receiver.url, secret: SECRET }];
    const { deliveries } = start({ store: openDb().store, clock, webhooks });
    await deliveries.send(1, 'status', 'update.published', {});
    await attemptsAre(deliveries, 1);
    deliveries.setWebhooks([]);
    await clock.advance(60_000);
    expect(receiver.requests).toHaveLength(1);
    expect(await stateOf(deliveries)).toMatchObject({ state: 'pending', attempts: [{ status: 500 }] });
    deliveries.setWebhooks(webhooks);
    await vi.waitFor(async () => expect(await stateOf(deliveries)).toMatchObject({ state: 'delivered', attempts: [{ status: 500 }, { status: 200 }] }));
  });

  it('records answers that never come: a closed socket and a timeout, with no status', async () => {
    const receiver = await startReceiver();
    receiver.answers.push('close', 'hang');
    const clock = new TestClock();
    const { deliveries } = start({ store: openDb().store, clock, timeoutMs: 200, webhooks: [{ id: 'status', url: receiver.url, secret: SECRET }] });
    await deliveries.send(1, 'status', 'update.published', {});
    await attemptsAre(deliveries, 1);
    await clock.advance(1000);
    await attemptsAre(deliveries, 2);
    const [closed, timedOut] = (await stateOf(deliveries)).attempts;
    expect(closed).toMatchObject({ status: null, error: expect.stringMatching(/.+/) });
    expect(timedOut).toMatchObject({ status: null, error: 'no answer within 200 ms' });
  });

  it('the delivery log shows each attempt, newest delivery first, per incident; an unknown webhook stores nothing', async () => {
    const receiver = await startReceiver();
    receiver.answers.push(502);
    const clock = new TestClock();
    const { deliveries } = start({ store: openDb().store, clock, webhooks: [{ id: 'status', url: receiver.url, secret: SECRET }] });
    const older = await deliveries.send(1, 'status', 'update.published', {});
    await expect(deliveries.send(1, 'nowhere', 'update.published', {})).rejects.toThrow(/no webhook nowhere/);
    const newer = await deliveries.send(1, 'status', 'impact.changed', {});
    await vi.waitFor(async () => expect((await deliveries.list(1)).map((d) => d.attempts.length)).toEqual([0, 1]));
    await clock.advance(1000);
    await vi.waitFor(async () => expect((await deliveries.list(1)).map((d) => d.state)).toEqual(['delivered', 'delivered']));
    const log = await deliveries.list(1);
    expect(log.map((d) => [d.id, d.event, d.webhook])).toEqual([[newer.id, 'impact.changed', 'status'], [older.id, 'update.published', 'status']]);
    expect(log[1]!.attempts.map((a) => [a.at, a.status])).toEqual([[new Date(clock.now() - 1000).toISOString(), 502], [new Date(clock.now()).toISOString(), 200]]);
    expect(await deliveries.list(2)).toEqual([]);
  });
});
