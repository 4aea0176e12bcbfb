/**
 * Tokens, the sessions a link is exchanged for, revocation and expiry, and the audit log
 * (docs/security.md: "Tokens, links and sessions" and "Audit log").
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEvent } from '#shared/auth';
import type { Ack } from '#shared/ack';
import { hashSecret } from '../../../server/src/auth/secrets';
import { isoAt } from '../../../server/src/clock';
import type { ClientSocket } from '../../../client/src/sync/room-sync';
import { ADMIN_TOKEN, startServer, type TestServer } from '../../support/server';
import { attemptSocket, type Attempt, call, cookieOf, rawRequest } from '../../support/security';
import { TestClock } from '../../support/test-clock';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** AuthService.watch looks for revoked and expired tokens every 500 ms of the server's clock. */
const WATCH_MS = 500;

let s: TestServer;
let clock: TestClock;
const opened: Attempt[] = [];
beforeEach(async () => {
  clock = new TestClock();
  s = await startServer({ clock });
});
afterEach(async () => {
  for (const a of opened.splice(0)) a.socket.close();
  await s.close();
});

/** A token made through the API, as an admin would: its id and secret. */
async function createToken(input: object): Promise<{ id: string; secret: string }> {
  const res = await call(s.url, 'POST', '/api/tokens', ADMIN_TOKEN, input);
  expect(res.status, res.text).toBe(201);
  return { id: res.body.token.id, secret: res.body.secret };
}

async function signIn(secret: string) {
  return rawRequest(s.url, { method: 'POST', path: '/api/session', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: secret }) });
}
async function cookieFor(secret: string): Promise<string> {
  const res = await signIn(secret);
  expect(res.status, res.text).toBe(201);
  return cookieOf(res.headers['set-cookie'], 'warroom_session');
}
const whoAmI = (cookie: string) => rawRequest(s.url, { path: '/api/session', headers: { Cookie: cookie } });

async function connected(o: Parameters<typeof attemptSocket>[1]): Promise<ClientSocket> {
  const a = await attemptSocket(s.url, o);
  opened.push(a);
  expect(a.connected, a.connected ? '' : a.error.message).toBe(true);
  return a.socket;
}
async function refused(o: Parameters<typeof attemptSocket>[1]): Promise<string | undefined> {
  const a = await attemptSocket(s.url, o);
  opened.push(a);
  expect(a.connected).toBe(false);
  return a.connected ? undefined : a.error.data?.code;
}

/** Resolves with the reason the server gave for disconnecting `socket`, or 'still connected' after `ms` of real time. */
function disconnection(socket: ClientSocket, ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still connected'), ms);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

describe('a link exchanged for a session cookie', () => {
  it('POST /api/session sets an httpOnly, SameSite=Strict cookie for the whole app, ending with the session', async () => {
    const { secret } = await createToken({ name: 'Alice (IC)', role: 'commander' });
    const res = await signIn(secret);
    expect(res.status).toBe(201);
    expect(res.body.actor).toMatchObject({ name: 'Alice (IC)', role: 'commander' });
    const line = res.headers['set-cookie']!.find((c) => c.startsWith('warroom_session='))!;
    const attributes = line.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=strict');
    expect(attributes).toContain('path=/');
    // Served over plain http here: a Secure cookie would never come back.
    expect(attributes).not.toContain('secure');
    const expires = attributes.find((a) => a.startsWith('expires='))!;
    expect(Date.parse(expires.slice('expires='.length))).toBe(Math.floor((clock.now() + 30 * DAY) / 1000) * 1000);
    // The cookie is a new secret, not the link's.
    expect(line).not.toContain(secret);
  });

  it('over https (WARROOM_PUBLIC_URL https://…) the cookie is Secure', async () => {
    const tls = await startServer({ auth: { ...s.config.auth, publicUrl: 'https://warroom.example.org', secureCookies: true } });
    try {
      const res = await rawRequest(tls.url, {
        method: 'POST',
        path: '/api/session',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: await tls.token('viewer') }),
      });
      expect(res.headers['set-cookie']!.find((c) => c.startsWith('warroom_session='))).toMatch(/;\s*Secure/i);
    } finally {
      await tls.close();
    }
  });

  it('the cookie authenticates REST and Socket.IO as the token; DELETE /api/session ends it for both', async () => {
    const { secret } = await createToken({ name: 'Bob', role: 'responder' });
    const cookie = await cookieFor(secret);
    expect(await whoAmI(cookie)).toMatchObject({ status: 200, body: { actor: { name: 'Bob', role: 'responder' } } });
    const socket = await connected({ extraHeaders: { Cookie: cookie } });
    const incident = await s.api('POST', '/api/incidents', { title: 'PAR6' });
    const ack = (await socket.timeout(5000).emitWithAck('timeline:post', { incidentId: incident.body.id, kind: 'note', text: 'on it' })) as Ack<{ author: string }>;
    expect(ack).toMatchObject({ ok: true, data: { author: 'Bob' } });

    const out = await rawRequest(s.url, { method: 'DELETE', path: '/api/session', headers: { Cookie: cookie } });
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']!.find((c) => c.startsWith('warroom_session='))).toMatch(/expires=Thu, 01 Jan 1970/i);
    expect((await whoAmI(cookie)).status).toBe(401);
    expect(await refused({ extraHeaders: { Cookie: cookie } })).toBe('unauthorized');
  });

  it('a feed token cannot sign in; an unknown secret is 401', async () => {
    const feed = await createToken({ name: 'prometheus-par', role: 'feed', source: 'push' });
    expect(await signIn(feed.secret)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await signIn('wr_nobody-was-given-this-00000000000000')).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });
});

/** The token of each session row in the server's database. */
function sessionRows(): string[] {
  const db = new Database(path.join(s.config.dataDir, 'warroom.db'), { readonly: true });
  try {
    return db.prepare<[], { token_id: string }>('SELECT token_id FROM sessions').all().map((r) => r.token_id);
  } finally {
    db.close();
  }
}

describe('ended sessions are deleted', () => {
  it('within the hour: a revoked token\'s at once, an expired one once it ends, a live one kept', async () => {
    const live = await createToken({ name: 'TV room 2', role: 'viewer' });
    const revoked = await createToken({ name: 'leaked', role: 'viewer' });
    const expiring = await createToken({ name: 'guest', role: 'viewer', expiresInDays: 2 });
    for (const t of [live, revoked, expiring]) await cookieFor(t.secret);
    await call(s.url, 'DELETE', `/api/tokens/${revoked.id}`, ADMIN_TOKEN);

    // Jumping the clock (set) runs each overdue timer once, not once per missed period.
    const hourLater = async () => {
      clock.set(clock.now() + HOUR - 1000);
      await clock.advance(1000);
    };
    await hourLater();
    expect(sessionRows().toSorted()).toEqual([live.id, expiring.id].toSorted());
    // The guest's session ends with its token, two days in; the next hourly sweep deletes it.
    clock.set(clock.now() + 2 * DAY);
    await hourLater();
    expect(sessionRows()).toEqual([live.id]);
  });
});

describe('secrets are stored only hashed', () => {
  it('no row of the database, and no byte of its files, holds a token secret or a session cookie', async () => {
    const { id, secret } = await createToken({ name: 'TV room 2', role: 'viewer', expiresInDays: 30 });
    const cookie = await cookieFor(secret);
    const session = cookie.split('=')[1]!;
    expect((await call(s.url, 'GET', '/api/incidents', secret)).status).toBe(200);

    const file = path.join(s.config.dataDir, 'warroom.db');
    const db = new Database(file, { readonly: true });
    try {
      const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      const cells = tables.flatMap(({ name }) => db.prepare(`SELECT * FROM "${name}"`).all().flatMap((row) => Object.values(row as object).map(String)));
      expect(cells.filter((c) => c.includes(secret) || c.includes(session))).toEqual([]);
      // What is there instead: their hashes (so this did look where tokens are kept).
      expect(cells).toContain(hashSecret(secret));
      expect(cells).toContain(hashSecret(session));
      expect(cells).toContain(id);
    } finally {
      db.close();
    }
    // The WAL and its index too: a page written there may not be in the main file yet.
    for (const name of fs.readdirSync(s.config.dataDir).filter((n) => n.startsWith('warroom.db'))) {
      const bytes = fs.readFileSync(path.join(s.config.dataDir, name));
      expect(bytes.includes(secret), name).toBe(false);
      expect(bytes.includes(session), name).toBe(false);
    }
  });

  it('the token list shows neither secret nor hash', async () => {
    const { secret } = await createToken({ name: 'TV room 2', role: 'viewer' });
    const list = await call(s.url, 'GET', '/api/tokens', ADMIN_TOKEN);
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain(hashSecret(secret));
    for (const t of list.body.tokens) expect(Object.keys(t)).not.toContain('hash');
  });
});

describe('expiry', () => {
  it('a token past its expiry is refused on REST and sockets, its open socket is disconnected, its session ends', async () => {
    const { secret } = await createToken({ name: 'contractor', role: 'responder', expiresInDays: 1 });
    const cookie = await cookieFor(secret);
    const socket = await connected({ token: secret });
    expect((await call(s.url, 'GET', '/api/incidents', secret)).status).toBe(200);

    const gone = disconnection(socket);
    clock.set(clock.now() + DAY);
    await clock.advance(WATCH_MS + 100);
    expect(await gone).toBe('io server disconnect');
    const res = await call(s.url, 'GET', '/api/incidents', secret);
    expect(res).toMatchObject({ status: 401, body: { error: { code: 'unauthorized', message: expect.stringContaining('expired') } } });
    expect((await whoAmI(cookie)).status).toBe(401);
    expect(await refused({ token: secret })).toBe('unauthorized');
  });

  it('a day before its expiry it still works', async () => {
    const { secret } = await createToken({ name: 'contractor', role: 'responder', expiresInDays: 2 });
    const socket = await connected({ token: secret });
    const still = disconnection(socket, 500);
    clock.set(clock.now() + DAY);
    await clock.advance(WATCH_MS + 100);
    expect(await still).toBe('still connected');
    expect((await call(s.url, 'GET', '/api/incidents', secret)).status).toBe(200);
  });
});

describe('revocation', () => {
  it('DELETE /api/tokens/:id disconnects its open sockets at once; its secret and its session stop working', async () => {
    const { id, secret } = await createToken({ name: 'leaked link', role: 'commander' });
    const cookie = await cookieFor(secret);
    const bySecret = await connected({ token: secret });
    const byCookie = await connected({ extraHeaders: { Cookie: cookie } });
    const other = await connected({ token: await s.token('viewer') });
    const gone = [disconnection(bySecret), disconnection(byCookie)];
    const otherGone = disconnection(other, 1000);

    const res = await call(s.url, 'DELETE', `/api/tokens/${id}`, ADMIN_TOKEN);
    expect(res).toMatchObject({ status: 200, body: { id, revokedAt: isoAt(clock.now()) } });
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await otherGone).toBe('still connected');
    expect(await call(s.url, 'GET', '/api/incidents', secret)).toMatchObject({ status: 401, body: { error: { message: expect.stringContaining('revoked') } } });
    expect((await whoAmI(cookie)).status).toBe(401);
    expect(await refused({ token: secret })).toBe('unauthorized');
    expect(await refused({ extraHeaders: { Cookie: cookie } })).toBe('unauthorized');
  });

  it('revoked in the store by another process (the CLI) → disconnected within the watcher period', async () => {
    const { id, secret } = await createToken({ name: 'TV room 2', role: 'viewer' });
    const cookie = await cookieFor(secret);
    const socket = await connected({ token: secret });
    const gone = disconnection(socket);

    await s.store.revokeToken(id, isoAt(clock.now()));
    expect(socket.connected).toBe(true);
    await clock.advance(WATCH_MS);
    expect(await gone).toBe('io server disconnect');
    expect((await whoAmI(cookie)).status).toBe(401);
  });

  it('a revocation stamped before the watcher last looked but committed after it still disconnects', async () => {
    // The CLI stamps revoked_at, then waits for its commit (another writer, an fsync): the watcher
    // may look in between, with the stamp already behind it.
    const { id, secret } = await createToken({ name: 'TV room 2', role: 'viewer' });
    const socket = await connected({ token: secret });
    const gone = disconnection(socket);
    const stamped = clock.now();
    await clock.advance(WATCH_MS);
    await s.store.revokeToken(id, isoAt(stamped));
    await clock.advance(2 * WATCH_MS);
    expect(await gone).toBe('io server disconnect');
  });
});

async function audit(): Promise<AuditEvent[]> {
  const res = await call(s.url, 'GET', '/api/audit?limit=500', ADMIN_TOKEN);
  expect(res.status).toBe(200);
  return res.body.events;
}
const deniedOf = async (name: string) => (await audit()).filter((e) => e.kind === 'denied' && e.name === name).length;

describe('audit log', () => {
  it('records creation, first use, sign-in, revocation and denials, with role and route', async () => {
    const incident = (await s.api('POST', '/api/incidents', { title: 'PAR6' })).body;
    const { id, secret } = await createToken({ name: 'TV room 2', role: 'viewer' });
    await cookieFor(secret);
    const denied = await call(s.url, 'POST', `/api/incidents/${incident.id}/timeline`, secret, { kind: 'note', text: 'hello' });
    expect(denied.status).toBe(403);
    const socket = await connected({ token: secret });
    const ack = (await socket.timeout(5000).emitWithAck('incident:update', { incidentId: incident.id, status: 'resolved' })) as Ack<unknown>;
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await call(s.url, 'DELETE', `/api/tokens/${id}`, ADMIN_TOKEN);

    const events = (await audit()).filter((e) => e.tokenId === id);
    const viewer = { tokenId: id, name: 'TV room 2', role: 'viewer' };
    expect(events.toReversed().map(({ kind, tokenId, name, role, target, detail }) => ({ kind, tokenId, name, role, target, detail }))).toEqual([
      { ...viewer, kind: 'token.created', target: `token ${id}`, detail: 'viewer token "TV room 2" created by bootstrap admin' },
      { ...viewer, kind: 'token.first_use', target: `token ${id}`, detail: 'used for the first time' },
      { ...viewer, kind: 'session.started', target: 'POST /api/session', detail: 'signed in with a link' },
      { ...viewer, kind: 'denied', target: `POST /api/incidents/${incident.id}/timeline`, detail: 'the viewer role may not post a note' },
      { ...viewer, kind: 'denied', target: 'socket incident:update', detail: 'the viewer role may not change an incident' },
      { ...viewer, kind: 'token.revoked', target: `token ${id}`, detail: 'revoked by bootstrap admin' },
    ]);
  });

  it('a request without a valid token is recorded as denied, with no role', async () => {
    await call(s.url, 'GET', '/api/incidents', 'wr_nobody-was-given-this-00000000000000');
    expect((await audit()).find((e) => e.kind === 'denied')).toMatchObject({ tokenId: null, role: null, target: 'GET /api/incidents', detail: 'unknown token' });
  });

  it('a refused socket connection is recorded: a feed token by name and role, no token as nobody', async () => {
    const feed = await s.token('feed', { name: 'prometheus-par', source: 'push' });
    expect(await refused({ token: feed })).toBe('forbidden');
    expect(await refused({})).toBe('unauthorized');
    const events = (await audit()).filter((e) => e.target === 'socket connect');
    expect(events.map(({ name, role, detail }) => ({ name, role, detail }))).toEqual([
      { name: null, role: null, detail: 'sign in: open your Warroom link' },
      { name: 'prometheus-par', role: 'feed', detail: 'the feed role may not connect' },
    ]);
  });

  it('the same denial repeated within a minute is recorded once', async () => {
    const viewer = await s.token('viewer', { name: 'flood' });
    const deny = () => call(s.url, 'GET', '/api/audit', viewer);
    for (let i = 0; i < 5; i++) expect((await deny()).status).toBe(403);
    expect(await deniedOf('flood')).toBe(1);
    clock.set(clock.now() + 61_000);
    await deny();
    expect(await deniedOf('flood')).toBe(2);
  });

  it.each(['commander', 'responder', 'support', 'viewer'] as const)('a %s may not read it (403)', async (role) => {
    const res = await call(s.url, 'GET', '/api/audit', await s.token(role));
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
  });
});
