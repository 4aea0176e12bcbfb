/**
 * Every cell of the authorisation matrix, over REST and over Socket.IO.
 *
 * The expected table is written out here as docs/security.md ("The authorisation matrix") shows
 * it, row for row, not derived from `MATRIX`: a change to who may do what must change the doc,
 * this table and shared/auth.ts together. An allowed call must succeed and leave its trace; a
 * refused one must answer `403 forbidden` (REST) or an ack with code `forbidden` (socket) and
 * leave nothing behind.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { can, type Permission, type Role } from '#shared/auth';
import type { Ack } from '#shared/ack';
import { ADMIN_TOKEN, feedsConfig, startServer, type TestServer } from '../../support/server';
import { attemptSocket, call, type Attempt } from '../../support/security';
import { TestClock } from '../../support/test-clock';

const Y = '✓';
const N = '–';
const ROLES = ['admin', 'commander', 'responder', 'support', 'viewer', 'feed'] as const satisfies readonly Role[];

type Row =
  | 'read incidents, live state, timeline, feeds, scenarios; connect a socket and join rooms'
  | 'post a note'
  | 'post an action'
  | 'post a decision'
  | 'post a customer communication'
  | 'pin or unpin an entry'
  | "edit or retract another person's entry (everyone may edit and retract their own)"
  | 'set customer impact on the impact board'
  | 'draft a public update'
  | 'publish a public update'
  | 'add and edit action items'
  | "change an incident's status, severity, title or roles"
  | 'open an incident'
  | 'start a drill'
  | 'ingest samples (a feed token: into its own source only)'
  | 'create, list and revoke tokens'
  | 'read the audit log'
  | 'read GET /metrics';

// docs/security.md, "The authorisation matrix": compare cell by cell.
// prettier-ignore
const DOCUMENTED: Record<Row, readonly [admin: string, commander: string, responder: string, support: string, viewer: string, feed: string]> = {
  //                                                                                       admin commander responder support viewer feed
  'read incidents, live state, timeline, feeds, scenarios; connect a socket and join rooms': [Y,    Y,        Y,        Y,      Y,     N],
  'post a note':                                                                          [Y,    Y,        Y,        N,      N,     N],
  'post an action':                                                                       [Y,    Y,        Y,        N,      N,     N],
  'post a decision':                                                                      [Y,    Y,        N,        N,      N,     N],
  'post a customer communication':                                                        [Y,    Y,        N,        Y,      N,     N],
  'pin or unpin an entry':                                                                [Y,    Y,        Y,        N,      N,     N],
  "edit or retract another person's entry (everyone may edit and retract their own)":    [Y,    Y,        N,        N,      N,     N],
  'set customer impact on the impact board':                                              [Y,    Y,        Y,        N,      N,     N],
  'draft a public update':                                                                [Y,    Y,        N,        Y,      N,     N],
  'publish a public update':                                                              [Y,    Y,        N,        N,      N,     N],
  'add and edit action items':                                                            [Y,    Y,        Y,        N,      N,     N],
  "change an incident's status, severity, title or roles":                                [Y,    Y,        N,        N,      N,     N],
  'open an incident':                                                                     [Y,    Y,        N,        N,      N,     N],
  'start a drill':                                                                        [Y,    Y,        N,        N,      N,     N],
  'ingest samples (a feed token: into its own source only)':                              [Y,    N,        N,        N,      N,     Y],
  'create, list and revoke tokens':                                                       [Y,    N,        N,        N,      N,     N],
  'read the audit log':                                                                   [Y,    N,        N,        N,      N,     N],
  'read GET /metrics':                                                                    [Y,    N,        N,        N,      N,     N],
};

const PERMISSION: Record<Row, Permission> = {
  'read incidents, live state, timeline, feeds, scenarios; connect a socket and join rooms': 'read',
  'post a note': 'entry.note',
  'post an action': 'entry.action',
  'post a decision': 'entry.decision',
  'post a customer communication': 'entry.comms',
  'pin or unpin an entry': 'entry.pin',
  "edit or retract another person's entry (everyone may edit and retract their own)": 'entry.moderate',
  'set customer impact on the impact board': 'impact.update',
  'draft a public update': 'comms.draft',
  'publish a public update': 'comms.publish',
  'add and edit action items': 'followup.write',
  "change an incident's status, severity, title or roles": 'incident.update',
  'open an incident': 'incident.create',
  'start a drill': 'drill.start',
  'ingest samples (a feed token: into its own source only)': 'ingest',
  'create, list and revoke tokens': 'tokens.manage',
  'read the audit log': 'audit.read',
  'read GET /metrics': 'metrics.read',
};

const ROWS = Object.keys(DOCUMENTED) as Row[];
const allowed = (row: Row, role: Role): boolean => DOCUMENTED[row][ROLES.indexOf(role as (typeof ROLES)[number])] === Y;

/** What one call works on: an incident, an entry the admin posted in it, and a token made for it by the admin. */
type Target = { incidentId: number; entryId: number; victimTokenId: string };

type RestCall = {
  method: string;
  path: (t: Target) => string;
  /** `who`: the role calling, named in what it writes so each call's trace is its own. */
  body?: (who: string) => unknown;
  /** The status of success. */
  ok: number;
  /** What a write leaves behind, read as the admin: unchanged by a refusal, changed by a success. */
  trace?: (t: Target, who: string) => Promise<unknown>;
};

let s: TestServer;
const clock = new TestClock();
const secrets = {} as Record<Role, string>;

const asAdmin = async (method: string, path: string, json?: unknown) => {
  const res = await call(s.url, method, path, ADMIN_TOKEN, json);
  expect(res.status, `${method} ${path} as admin: ${res.text}`).toBeLessThan(300);
  return res.body;
};
const entryCount = async (t: Target) => (await asAdmin('GET', `/api/incidents/${t.incidentId}/timeline`)).entries.length as number;
const incidentFields = async (t: Target) => {
  const { status, severity, title, roles, version } = await asAdmin('GET', `/api/incidents/${t.incidentId}`);
  return { status, severity, title, roles, version };
};
/** The admin's entry as stored now: a pin, an edit or a retraction each change it. */
const entryState = async (t: Target) => {
  const { entries } = await asAdmin('GET', `/api/incidents/${t.incidentId}/timeline`);
  const { version, pinned, text, retracted } = entries.find((e: { id: number }) => e.id === t.entryId);
  return { version, pinned, text, retracted };
};
const entryPath = (t: Target, rest = '') => `/api/incidents/${t.incidentId}/timeline/${t.entryId}${rest}`;
const impactChanges = async (t: Target) => (await asAdmin('GET', `/api/incidents/${t.incidentId}/impact/history`)).changes.length as number;
const updatesIn = async (t: Target) => {
  const { updates } = await asAdmin('GET', `/api/incidents/${t.incidentId}/state`);
  return (updates as { state: string }[]).map((u) => u.state);
};
const followUpsIn = async (t: Target) => (await asAdmin('GET', `/api/incidents/${t.incidentId}/state`)).followUps.length as number;
/** The smallest file POST /api/incidents/import takes: an incident with nothing recorded. */
const emptyExport = (title: string) => {
  const at = '2025-03-03T13:55:00.000Z';
  const incident = { id: 1, title, severity: 'SEV2', status: 'resolved', timeZone: 'Europe/Paris', simulated: false, drill: null, sources: null };
  return {
    format: 'warroom.incident-export',
    version: 1,
    incident: { ...incident, roles: { commander: null, scribe: null, comms: null }, webhook: null, version: 1, createdAt: at, updatedAt: at },
    entries: [],
    impacts: { cells: [], changes: [] },
    updates: [],
    followUps: [],
    metrics: [],
  };
};
const incidentCount = async () => (await asAdmin('GET', '/api/incidents')).incidents.length as number;
const probeMetric = (who: string) => `matrix.${who}`;
/** The value of the role's probe metric in an incident's state, once pending samples are published. */
const probeValue = async (t: Target, who: string) => {
  await clock.advance(100);
  const state = await asAdmin('GET', `/api/incidents/${t.incidentId}/state`);
  return state.metrics.find((m: { def: { id: string } }) => m.def.id === probeMetric(who))?.value ?? 'absent';
};

const post = (kind: string): RestCall => ({
  method: 'POST',
  path: (t) => `/api/incidents/${t.incidentId}/timeline`,
  body: (role) => ({ kind, text: `${kind} by ${role}` }),
  ok: 201,
  trace: entryCount,
});

const REST: Record<Row, RestCall[]> = {
  'read incidents, live state, timeline, feeds, scenarios; connect a socket and join rooms': [
    { method: 'GET', path: () => '/api/incidents', ok: 200 },
    { method: 'GET', path: (t) => `/api/incidents/${t.incidentId}`, ok: 200 },
    { method: 'GET', path: (t) => `/api/incidents/${t.incidentId}/state`, ok: 200 },
    { method: 'GET', path: (t) => `/api/incidents/${t.incidentId}/timeline`, ok: 200 },
    { method: 'GET', path: () => '/api/feeds', ok: 200 },
    { method: 'GET', path: () => '/api/scenarios', ok: 200 },
  ],
  'post a note': [post('note')],
  'post an action': [post('action')],
  'post a decision': [post('decision')],
  'post a customer communication': [post('comms')],
  'pin or unpin an entry': [{ method: 'POST', path: (t) => entryPath(t, '/pin'), body: () => ({ pinned: true }), ok: 200, trace: entryState }],
  "edit or retract another person's entry (everyone may edit and retract their own)": [
    { method: 'PATCH', path: (t) => entryPath(t), body: (role) => ({ version: 1, text: `edited by ${role}` }), ok: 200, trace: entryState },
    { method: 'POST', path: (t) => entryPath(t, '/retract'), body: (role) => ({ reason: `retracted by ${role}` }), ok: 200, trace: entryState },
  ],
  'set customer impact on the impact board': [
    {
      method: 'PUT',
      path: (t) => `/api/incidents/${t.incidentId}/impact`,
      body: (role) => ({ product: 'databases', zones: ['PAR6'], status: 'partial_outage', description: `set by ${role}` }),
      ok: 200,
      trace: impactChanges,
    },
  ],
  'draft a public update': [
    { method: 'POST', path: (t) => `/api/incidents/${t.incidentId}/updates`, body: (role) => ({ status: 'investigating', text: `drafted by ${role}` }), ok: 201, trace: updatesIn },
  ],
  'publish a public update': [
    {
      method: 'POST',
      path: (t) => `/api/incidents/${t.incidentId}/updates`,
      body: (role) => ({ status: 'identified', text: `published by ${role}`, publish: true }),
      ok: 201,
      trace: updatesIn,
    },
  ],
  'add and edit action items': [
    { method: 'POST', path: (t) => `/api/incidents/${t.incidentId}/action-items`, body: (role) => ({ area: 'Runtimes', title: `added by ${role}`, ref: '#856' }), ok: 201, trace: followUpsIn },
  ],
  "change an incident's status, severity, title or roles": [
    {
      method: 'PATCH',
      path: (t) => `/api/incidents/${t.incidentId}`,
      body: (role) => ({ status: 'identified', severity: 'SEV1', title: `renamed by ${role}`, roles: { commander: role } }),
      ok: 200,
      trace: incidentFields,
    },
  ],
  'open an incident': [
    { method: 'POST', path: () => '/api/incidents', body: (role) => ({ title: `opened by ${role}` }), ok: 201, trace: incidentCount },
    { method: 'POST', path: () => '/api/incidents/import', body: (role) => emptyExport(`imported by ${role}`), ok: 201, trace: incidentCount },
  ],
  'start a drill': [{ method: 'POST', path: () => '/api/drills', body: () => ({ scenario: 'par6-2025-03-03', speed: 60 }), ok: 201, trace: incidentCount }],
  'ingest samples (a feed token: into its own source only)': [
    { method: 'POST', path: () => '/api/ingest', body: (role) => ({ metric: probeMetric(role), value: 42 }), ok: 202, trace: probeValue },
  ],
  'create, list and revoke tokens': [
    {
      method: 'POST',
      path: () => '/api/tokens',
      body: (role) => ({ name: `made by ${role}`, role: 'viewer' }),
      ok: 201,
      trace: async () => (await asAdmin('GET', '/api/tokens')).tokens.length,
    },
    { method: 'GET', path: () => '/api/tokens', ok: 200 },
    {
      method: 'DELETE',
      path: (t) => `/api/tokens/${t.victimTokenId}`,
      ok: 200,
      trace: async (t) => (await asAdmin('GET', '/api/tokens')).tokens.find((k: { id: string }) => k.id === t.victimTokenId).revokedAt,
    },
  ],
  'read the audit log': [{ method: 'GET', path: () => '/api/audit', ok: 200 }],
  'read GET /metrics': [{ method: 'GET', path: () => '/metrics', ok: 200 }],
};

async function newTarget(): Promise<Target> {
  const incident = await asAdmin('POST', '/api/incidents', { title: 'PAR6 power loss' });
  const entry = await asAdmin('POST', `/api/incidents/${incident.id}/timeline`, { text: 'posted by the admin' });
  const victim = await s.server.auth.create({ name: 'victim', role: 'viewer' }, 'test');
  return { incidentId: incident.id, entryId: entry.id, victimTokenId: victim.token.id };
}

beforeAll(async () => {
  // A test clock: the drills started here stay still, and samples are published when the test says.
  s = await startServer({ clock, feeds: feedsConfig() });
  for (const role of ROLES) secrets[role] = await s.token(role, { name: `the ${role}`, ...(role === 'feed' ? { source: 'push' } : {}) });
});
afterAll(() => s.close());

const opened: Attempt[] = [];
afterEach(() => {
  for (const a of opened.splice(0)) a.socket.close();
});

it('the documented table is the MATRIX of shared/auth.ts', () => {
  for (const row of ROWS) for (const role of ROLES) expect(can(role, PERMISSION[row]), `${role}: ${row}`).toBe(allowed(row, role));
});

describe.each(ROWS)('REST: %s', (row) => {
  it.each(ROLES)('%s', async (role) => {
    const target = await newTarget();
    for (const c of REST[row]) {
      const what = `${role}: ${c.method} ${c.path(target)}`;
      const before = await c.trace?.(target, role);
      const res = await call(s.url, c.method, c.path(target), secrets[role], c.body?.(role));
      const after = await c.trace?.(target, role);
      if (allowed(row, role)) {
        expect(res.status, `${what}: ${res.text}`).toBe(c.ok);
        if (c.trace) expect(after, `${what} left no trace`).not.toEqual(before);
      } else {
        expect(res.status, `${what}: ${res.text}`).toBe(403);
        expect(res.body.error, what).toMatchObject({ code: 'forbidden', message: expect.stringContaining(`the ${role} role may not`) });
        expect(after, `${what} was refused but changed something`).toEqual(before);
      }
    }
  });
});

describe('REST without a valid token', () => {
  const calls = ROWS.flatMap((row) => REST[row].map((c) => [`${c.method} ${c.path({ incidentId: 1, entryId: 1, victimTokenId: 'tk_000000000000' })}`, c] as const));
  it.each(calls)('%s: no token or an unknown one → 401, nothing done', async (_name, c) => {
    const target = await newTarget();
    for (const secret of [null, 'wr_not-a-token-anyone-was-given-000000000']) {
      const before = await c.trace?.(target, 'nobody');
      const res = await call(s.url, c.method, c.path(target), secret, c.body?.('nobody'));
      expect(res.status, res.text).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
      expect(await c.trace?.(target, 'nobody')).toEqual(before);
    }
  });
});

/** Rows with a socket command: the event and its payload, and the trace it leaves. */
type SocketCall = {
  event: 'room:join' | 'timeline:post' | 'timeline:pin' | 'timeline:revise' | 'incident:update';
  payload: (t: Target, role: Role) => object;
  trace?: (t: Target) => Promise<unknown>;
};
const timelinePost = (kind: string): SocketCall => ({
  event: 'timeline:post',
  payload: (t, role) => ({ incidentId: t.incidentId, kind, text: `${kind} by ${role} over the socket` }),
  trace: entryCount,
});
const SOCKET: Partial<Record<Row, SocketCall>> = {
  'read incidents, live state, timeline, feeds, scenarios; connect a socket and join rooms': { event: 'room:join', payload: (t) => ({ incidentId: t.incidentId }) },
  'post a note': timelinePost('note'),
  'post an action': timelinePost('action'),
  'post a decision': timelinePost('decision'),
  'post a customer communication': timelinePost('comms'),
  'pin or unpin an entry': { event: 'timeline:pin', payload: (t) => ({ incidentId: t.incidentId, entryId: t.entryId, pinned: true }), trace: entryState },
  "edit or retract another person's entry (everyone may edit and retract their own)": {
    event: 'timeline:revise',
    payload: (t, role) => ({ incidentId: t.incidentId, entryId: t.entryId, version: 1, text: `edited by ${role} over the socket` }),
    trace: entryState,
  },
  "change an incident's status, severity, title or roles": {
    event: 'incident:update',
    payload: (t, role) => ({ incidentId: t.incidentId, status: 'monitoring', severity: 'SEV3', title: `renamed by ${role} over the socket`, roles: { scribe: role } }),
    trace: incidentFields,
  },
};

describe.each(ROWS.filter((row) => SOCKET[row]))('Socket.IO: %s', (row) => {
  const c = SOCKET[row]!;
  it.each(ROLES)('%s', async (role) => {
    const target = await newTarget();
    const before = await c.trace?.(target);
    const attempt = await attemptSocket(s.url, { token: secrets[role] });
    opened.push(attempt);
    if (!can(role, 'read')) {
      // Nothing but a person's or a screen's token connects: a feed token never gets to send a command.
      expect(attempt.connected).toBe(false);
      expect(!attempt.connected && attempt.error.data?.code).toBe('forbidden');
      expect(allowed(row, role)).toBe(false);
      return;
    }
    expect(attempt.connected, `${role} could not connect`).toBe(true);
    const ack = (await attempt.socket.timeout(5000).emitWithAck(c.event as 'timeline:post', c.payload(target, role) as never)) as Ack<unknown>;
    const after = await c.trace?.(target);
    if (allowed(row, role)) {
      expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
      if (c.trace) expect(after, `${role}: ${c.event} left no trace`).not.toEqual(before);
    } else {
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining(`the ${role} role may not`) } });
      expect(after, `${role}: ${c.event} was refused but changed something`).toEqual(before);
    }
  });
});

describe('Socket.IO without a valid token', () => {
  it.each([
    ['no token', undefined],
    ['an unknown token', 'wr_not-a-token-anyone-was-given-000000000'],
  ])('%s: connect_error unauthorized', async (_name, token) => {
    const attempt = await attemptSocket(s.url, token === undefined ? {} : { token });
    opened.push(attempt);
    expect(attempt.connected).toBe(false);
    expect(!attempt.connected && attempt.error.data?.code).toBe('unauthorized');
  });
});

describe('feed tokens write only into their own source', () => {
  let f: TestServer;
  beforeAll(async () => {
    f = await startServer({
      feeds: feedsConfig(`
sources:
  - id: push-par
    type: push
  - id: push-ams
    type: push
`),
    });
  });
  afterAll(() => f.close());

  const valueIn = async (metric: string) => {
    const incident = (await call(f.url, 'POST', '/api/incidents', ADMIN_TOKEN, { title: 'probe' })).body;
    const state = await call(f.url, 'GET', `/api/incidents/${incident.id}/state`, ADMIN_TOKEN);
    return state.body.metrics.find((m: { def: { id: string } }) => m.def.id === metric);
  };

  it('into its own source: accepted', async () => {
    const ams = await f.token('feed', { source: 'push-ams' });
    const res = await call(f.url, 'POST', '/api/feeds/push-ams/ingest', ams, { metric: 'ams.own', value: 7 });
    expect(res).toMatchObject({ status: 202, body: { accepted: 1 } });
    expect(await valueIn('ams.own')).toBeDefined();
  });

  it.each([
    ['/api/feeds/push-par/ingest', 'ams.into_par'],
    // /api/ingest goes to the first push source listed: push-par.
    ['/api/ingest', 'ams.into_default'],
  ])('into another source (%s): 403, nothing stored', async (path, metric) => {
    const ams = await f.token('feed', { source: 'push-ams' });
    const res = await call(f.url, 'POST', path, ams, { metric, value: 7 });
    expect(res.status, res.text).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', message: 'this feed token writes into push-ams, not push-par' });
    expect(await valueIn(metric)).toBeUndefined();
  });
});
