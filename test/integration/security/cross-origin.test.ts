/**
 * A page on another site, open in the commander's browser, must not drive Warroom with their
 * cookie; a hostile DNS name resolving to the server must not read it (docs/security.md, "What
 * else is enforced, and how"). Requests are made with node:http so every header is the test's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startServer, type TestServer } from '../../support/server';
import { attemptSocket, type Attempt, cookieOf, rawRequest } from '../../support/security';

const EVIL = 'http://evil.example';

let s: TestServer;
let host: string;
const opened: Attempt[] = [];
beforeEach(async () => {
  s = await startServer();
  host = new URL(s.url).host;
});
afterEach(async () => {
  for (const a of opened.splice(0)) a.socket.close();
  await s.close();
});

const attempt = async (o: Parameters<typeof attemptSocket>[1]) => {
  const a = await attemptSocket(s.url, o);
  opened.push(a);
  return a;
};
const incidentCount = async () => (await s.api('GET', '/api/incidents')).body.incidents.length as number;

/** A browser's session: the cookie `POST /api/session` sets for a commander's link. */
async function commanderCookie(): Promise<string> {
  const res = await rawRequest(s.url, {
    method: 'POST',
    path: '/api/session',
    headers: { 'Content-Type': 'application/json', Origin: s.url },
    body: JSON.stringify({ token: await s.token('commander') }),
  });
  expect(res.status, res.text).toBe(201);
  return cookieOf(res.headers['set-cookie'], 'warroom_session');
}

describe('Socket.IO from another site', () => {
  it('an upgrade with Origin http://evil.example is refused; from our own origin it connects', async () => {
    const token = await s.token('viewer');
    const evil = await attempt({ token, extraHeaders: { Origin: EVIL } });
    expect(evil.connected).toBe(false);
    const own = await attempt({ token, extraHeaders: { Origin: s.url } });
    expect(own.connected).toBe(true);
  });

  it('a cookie-carrying upgrade from another site is refused before the cookie is looked at', async () => {
    const cookie = await commanderCookie();
    expect((await attempt({ extraHeaders: { Cookie: cookie, Origin: s.url } })).connected).toBe(true);
    expect((await attempt({ extraHeaders: { Cookie: cookie, Origin: EVIL } })).connected).toBe(false);
  });

  it('a long-polling handshake from another site is refused too (403), and sends no CORS header', async () => {
    const path = '/socket.io/?EIO=4&transport=polling';
    const evil = await rawRequest(s.url, { path, headers: { Origin: EVIL } });
    expect(evil.status).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    const own = await rawRequest(s.url, { path, headers: { Origin: s.url } });
    expect(own.status).toBe(200);
  });
});

describe('DNS rebinding: a Host the server does not answer for', () => {
  it('REST answers 421 misdirected, even with a valid token, and does nothing', async () => {
    const before = await incidentCount();
    for (const [method, path] of [
      ['GET', '/api/incidents'],
      ['POST', '/api/incidents'],
      ['GET', '/incidents/1'],
    ] as const) {
      const res = await rawRequest(s.url, {
        method,
        path,
        bearer: ADMIN_TOKEN,
        headers: { Host: `evil.example:${new URL(s.url).port}`, 'Content-Type': 'application/json' },
        ...(method === 'POST' ? { body: JSON.stringify({ title: 'rebound' }) } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(421);
      expect(res.body.error.code).toBe('misdirected');
    }
    expect(await incidentCount()).toBe(before);
  });

  it('the Socket.IO upgrade is refused; with our own Host it connects', async () => {
    const token = await s.token('viewer');
    expect((await attempt({ token, extraHeaders: { Host: `evil.example:${new URL(s.url).port}` } })).connected).toBe(false);
    expect((await attempt({ token, extraHeaders: { Host: host } })).connected).toBe(true);
  });

  it('a name in WARROOM_ALLOWED_HOSTS is answered', async () => {
    const allowed = await startServer({ auth: { ...s.config.auth, allowedHosts: ['warroom.example.org'] } });
    try {
      const port = new URL(allowed.url).port;
      const ok = await rawRequest(allowed.url, { path: '/api/incidents', bearer: ADMIN_TOKEN, headers: { Host: `warroom.example.org:${port}` } });
      expect(ok.status).toBe(200);
      const other = await rawRequest(allowed.url, { path: '/api/incidents', bearer: ADMIN_TOKEN, headers: { Host: `evil.example:${port}` } });
      expect(other.status).toBe(421);
    } finally {
      await allowed.close();
    }
  });
});

const postWithCookie = (cookie: string, headers: Record<string, string>) =>
  rawRequest(s.url, {
    method: 'POST',
    path: '/api/incidents',
    headers: { Cookie: cookie, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ title: 'opened with a cookie' }),
  });

describe('cookie-authenticated writes (CSRF)', () => {
  it('from another site → 403, nothing opened', async () => {
    const cookie = await commanderCookie();
    const res = await postWithCookie(cookie, { Origin: EVIL });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('origin') });
    expect(await incidentCount()).toBe(0);
  });

  it('with no Origin at all → 403, nothing opened', async () => {
    const cookie = await commanderCookie();
    expect((await postWithCookie(cookie, {})).status).toBe(403);
    expect(await incidentCount()).toBe(0);
  });

  it('from our own page → 201', async () => {
    const cookie = await commanderCookie();
    const res = await postWithCookie(cookie, { Origin: s.url });
    expect(res.status, res.text).toBe(201);
    expect(await incidentCount()).toBe(1);
  });

  it('a read with the cookie needs no Origin (a link opened in a new tab)', async () => {
    const cookie = await commanderCookie();
    expect((await rawRequest(s.url, { path: '/api/incidents', headers: { Cookie: cookie } })).status).toBe(200);
  });
});

describe('writes are JSON: what a cross-site form can send is refused', () => {
  it.each([
    ['text/plain', JSON.stringify({ title: 'from a form' })],
    ['application/x-www-form-urlencoded', 'title=from+a+form'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nfrom a form\r\n--x--\r\n'],
  ])('%s → 415, nothing opened (with a bearer token or our own cookie)', async (type, body) => {
    const cookie = await commanderCookie();
    for (const auth of [{ bearer: ADMIN_TOKEN }, { headers: { Cookie: cookie, Origin: s.url } }]) {
      const res = await rawRequest(s.url, { method: 'POST', path: '/api/incidents', ...auth, headers: { ...auth.headers, 'Content-Type': type }, body });
      expect(res.status, res.text).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
    }
    expect(await incidentCount()).toBe(0);
  });
});

describe('CORS stays closed', () => {
  it('a preflight from another origin gets no Access-Control-Allow-* header', async () => {
    for (const path of ['/api/incidents', '/api/session', '/socket.io/?EIO=4&transport=polling']) {
      const res = await rawRequest(s.url, {
        method: 'OPTIONS',
        path,
        headers: { Origin: EVIL, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, authorization' },
      });
      const cors = Object.keys(res.headers).filter((h) => h.startsWith('access-control-allow'));
      expect(cors, `${path}: ${JSON.stringify(res.headers)}`).toEqual([]);
    }
  });

  it('a read sent from another origin is answered without Access-Control-Allow-Origin (the page cannot read it)', async () => {
    const res = await rawRequest(s.url, { path: '/api/incidents', bearer: ADMIN_TOKEN, headers: { Origin: EVIL } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

/** `default-src 'self'; script-src 'self'` → { 'default-src': ["'self'"], … } */
const directives = (csp: string | undefined) =>
  Object.fromEntries(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  ) as Record<string, string[] | undefined>;

describe('security headers', () => {
  it.each(['/api/incidents', '/incidents/7/wall', '/api/nowhere'])('%s: CSP forbids framing and inline script; nosniff; X-Frame-Options', async (path) => {
    const res = await rawRequest(s.url, { path, bearer: ADMIN_TOKEN });
    const csp = directives(res.headers['content-security-policy'] as string | undefined);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['script-src']).toBeDefined();
    expect(csp['script-src']).not.toContain("'unsafe-inline'");
    expect(csp['script-src']).not.toContain("'unsafe-eval'");
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('GET /healthz answers without a token', async () => {
    const res = await rawRequest(s.url, { path: '/healthz' });
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
