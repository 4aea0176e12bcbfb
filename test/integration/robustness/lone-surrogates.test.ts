/**
 * A lone UTF-16 surrogate is not text: stored, it would come back as U+FFFD, and the same post
 * retried with its clientId would no longer match what was stored (a 409 on an entry that was
 * saved). It is refused with 400 naming the field, and the retry with well-formed text is the
 * one entry, however often it is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../../support/server';

const LONE = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', 'a\uD83D', '\uDE00b', 'ok \uDC00\uD83D then'];

let s: TestServer;
let incidentId: number;
beforeAll(async () => {
  s = await startServer();
  incidentId = (await s.api('POST', '/api/incidents', { title: 'Surrogates' })).body.id;
});
afterAll(() => s.close());

describe('a lone surrogate', () => {
  it.each([
    ['entry text', (): string => `/api/incidents/${incidentId}/timeline`, 'POST', (t: string) => ({ text: t, clientId: 'ls-field' }), 'text'],
    ['onBehalfOf', (): string => `/api/incidents/${incidentId}/timeline`, 'POST', (t: string) => ({ text: 'fine', onBehalfOf: t, clientId: 'ls-field' }), 'onBehalfOf'],
    ['a new incident title', (): string => '/api/incidents', 'POST', (t: string) => ({ title: t }), 'title'],
    ['a changed incident title', (): string => `/api/incidents/${incidentId}`, 'PATCH', (t: string) => ({ title: t }), 'title'],
    ['a token name', (): string => '/api/tokens', 'POST', (t: string) => ({ name: t, role: 'viewer' }), 'name'],
  ] as const)('in %s is refused with 400 naming the field', async (_what, route, method, body, field) => {
    const before = await stored();
    for (const text of LONE) {
      const res = await s.api(method, route(), body(text));
      expect(res.status, JSON.stringify(text)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'bad_request', field });
      expect(res.body.error.message).toMatch(new RegExp(`^${field}: `));
    }
    expect(await stored()).toEqual(before);
  });

  it('over the socket is refused naming the field', async () => {
    const socket = await s.connect();
    for (const text of LONE) {
      expect(await socket.emitWithAck('timeline:post', { incidentId, text, clientId: 'ls-socket' })).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'text' } });
      expect(await socket.emitWithAck('incident:update', { incidentId, title: text })).toMatchObject({ ok: false, error: { code: 'bad_request', field: 'title' } });
    }
  });

  it('refused, then retried well-formed with the same clientId, stores one entry, and every retry gets it back', async () => {
    const route = `/api/incidents/${incidentId}/timeline`;
    const refused = await s.api('POST', route, { text: 'Failover of DB \uD83D', clientId: 'ls-retry' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.field).toBe('text');

    const first = await s.api('POST', route, { text: 'Failover of DB \uD83D\uDE80', clientId: 'ls-retry' });
    expect(first.status).toBe(201);
    expect(first.body.text).toBe('Failover of DB \uD83D\uDE80');
    const again = await s.api('POST', route, { text: 'Failover of DB \uD83D\uDE80', clientId: 'ls-retry' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const overSocket = await (await s.connect()).emitWithAck('timeline:post', { incidentId, text: 'Failover of DB \uD83D\uDE80', clientId: 'ls-retry' });
    expect(overSocket).toEqual({ ok: true, data: first.body });

    const entries = (await s.api('GET', `${route}?limit=500`)).body.entries as { clientId: string | null }[];
    expect(entries.filter((e) => e.clientId === 'ls-retry')).toEqual([first.body]);
  });
});

/** What the server holds: incidents, this incident's timeline, tokens. */
async function stored() {
  return {
    incidents: (await s.api('GET', '/api/incidents')).body,
    timeline: (await s.api('GET', `/api/incidents/${incidentId}/timeline?limit=500`)).body,
    tokens: ((await s.api('GET', '/api/tokens')).body.tokens as { id: string }[]).map((t) => t.id),
  };
}
