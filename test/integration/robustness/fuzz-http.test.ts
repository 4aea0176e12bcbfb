/**
 * Thousands of malformed requests at every REST write: each is refused with a 4xx in the shared
 * envelope (never a 5xx, a stack or a path), the server stays up, and nothing is stored.
 * Reproduce a failure with the seed and path fast-check prints (FUZZ_SEED=… to explore others).
 */
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateIncidentInput, IncidentStatus, Severity } from '#shared/incident';
import { Component, PostableKind } from '#shared/timeline';
import { Role } from '#shared/auth';
import { ADMIN_TOKEN, startServer, type TestServer } from '../../support/server';
import {
  badEnum,
  badPositiveInt,
  badText,
  brokenJson,
  brokenObject,
  deepArray,
  deepObject,
  Entries,
  expectRefused,
  failing,
  type Fields,
  notNumber,
  notString,
  prototypes,
  Raw,
  SEED,
  toJson,
} from './malformed';

type Target = {
  name: string;
  method: 'POST' | 'PATCH';
  path: () => string;
  base: Record<string, unknown>;
  fields: Fields;
  byId?: boolean;
  open?: boolean;
  /** False only for a known bug, tested on its own below. */
  refusesUnknownKeys?: boolean;
};

let s: TestServer;
let incidentId: number;
let viewer: string;
let before: Awaited<ReturnType<typeof stored>>;
const prototypesBefore = prototypes();

const TARGETS: Target[] = [
  {
    name: 'create incident',
    method: 'POST',
    path: () => '/api/incidents',
    base: { title: 'Fuzzed', severity: 'SEV2', status: 'investigating', timeZone: 'Europe/Paris' },
    fields: {
      title: badText(200),
      severity: badEnum(Severity.options),
      status: badEnum(IncidentStatus.options),
      timeZone: fc.oneof(notString, fc.constantFrom('', 'Mars/Olympus', 'Europe/Pariss'), fc.string({ minLength: 1, maxLength: 10 }).map((z) => `Nowhere/${z}`)),
      sources: fc.oneof(notString.filter((v) => !Array.isArray(v)), fc.constant([]), fc.constant(['push', 'Not A Source']), fc.constant(['nope']), fc.constant(Array(101).fill('push'))),
    },
  },
  {
    name: 'change incident',
    method: 'PATCH',
    path: () => `/api/incidents/${incidentId}`,
    base: { status: 'identified', version: 1 },
    fields: { title: badText(200), severity: badEnum(Severity.options), status: badEnum(IncidentStatus.options), version: badPositiveInt },
    byId: true,
  },
  {
    name: 'post entry',
    method: 'POST',
    path: () => `/api/incidents/${incidentId}/timeline`,
    base: { text: 'Fuzzed entry', kind: 'note', component: 'Network', onBehalfOf: 'a caller', clientId: 'fuzz-1' },
    fields: {
      text: badText(4000),
      kind: badEnum(PostableKind.options),
      component: badEnum(Component.options),
      onBehalfOf: badText(80),
      clientId: failing(/^[A-Za-z0-9_.:-]{1,64}$/),
    },
    byId: true,
  },
  {
    name: 'ingest',
    method: 'POST',
    path: () => '/api/ingest',
    base: { metric: 'fuzz.metric', value: 1 },
    fields: {
      metric: failing(/^[a-z][a-z0-9_.-]{0,63}$/),
      value: notNumber,
      at: fc.oneof(notString, fc.string({ maxLength: 30 }).filter((t) => !/^\d{4}-\d\d-\d\dT/.test(t))),
      source: fc.oneof(notString, fc.constantFrom('', '   ', 'x'.repeat(65))),
    },
  },
  {
    name: 'create token',
    method: 'POST',
    path: () => '/api/tokens',
    base: { name: 'fuzzed viewer', role: 'viewer' },
    fields: {
      name: badText(80),
      role: badEnum(Role.options),
      // Only a feed token names a source: any source on a viewer is wrong.
      source: fc.oneof(notString, fc.string({ maxLength: 32 })),
      expiresInDays: fc.oneof(badPositiveInt, fc.integer({ min: 3651 })),
      path: failing(/^\/[^#?\s]*$/),
    },
  },
  {
    name: 'start session',
    method: 'POST',
    path: () => '/api/session',
    // Well-formed, but no token of ours: even the base is refused (401).
    base: { token: 'wr_not-a-token-of-this-server' },
    fields: { token: fc.oneof(notString, fc.constantFrom('', 'x'.repeat(201)), fc.string({ minLength: 1, maxLength: 200 })) },
    open: true,
  },
];

/** Plain data, so fast-check prints a counterexample that can be read and replayed. */
type Request = { target: string; method: Target['method']; path: string; body: string | Buffer | undefined; headers: Record<string, string>; auth?: string };

const JSON_TYPE = { 'content-type': 'application/json' };
const BAD_IDS = ['abc', '0', '-1', '1.5', '99999999', '1e400', 'NaN', 'Infinity', '%E0%A4%A', '%00'];
const INVALID_UTF8 = [[0xff], [0xc0, 0x80], [0x80], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]].map((b) => Buffer.from(b));

/** One malformed request at one target. */
function malformed(target: Target): fc.Arbitrary<Request> {
  const request = (body: string | Buffer | undefined, headers: Record<string, string> = JSON_TYPE, path = target.path()): Request => ({ target: target.name, method: target.method, path, body, headers });
  const valid = JSON.stringify(target.base);
  const batchOf = (bad: Entries) => new Raw(`[${valid},${toJson(bad)}]`);
  const kinds: fc.Arbitrary<Request>[] = [
    brokenObject(target.base, target.fields, { unknownKeys: target.refusesUnknownKeys ?? true }).map((b) => request(toJson(b))),
    // For ingest, `[valid]` is a valid batch: every other target wants an object.
    brokenJson(target.base).filter((t) => target.name !== 'ingest' || t !== `[${valid}]`).map((t) => request(t)),
    // Invalid UTF-8 where JSON allows no character at all.
    fc.constantFrom(...INVALID_UTF8).map((bytes) => request(Buffer.concat([Buffer.from('{'), bytes, Buffer.from(valid.slice(1))]))),
    // A valid body sent the wrong way: not as JSON, in a charset or encoding that is not one.
    fc
      .constantFrom<Record<string, string>>({}, { 'content-type': 'text/plain' }, { 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'multipart/form-data; boundary=x' }, { 'content-type': 'application/json; charset=latin1' }, { 'content-type': 'application/json; charset=utf-16' }, { ...JSON_TYPE, 'content-encoding': 'gzip' }, { ...JSON_TYPE, 'content-encoding': 'deflate' })
      .map((headers) => request(valid, headers)),
  ];
  if (target.name === 'ingest') kinds.push(brokenObject(target.base, target.fields).map((b) => request(toJson(batchOf(b)))));
  if (!target.open) {
    // A valid body from someone who may not: no token, a made-up one, a viewer.
    kinds.push(fc.constantFrom('none', 'Bearer wr_made-up-token-0000000000000000', 'Basic YWRtaW46YWRtaW4=', 'viewer').map((auth) => ({ ...request(valid), auth })));
  }
  if (target.byId) kinds.push(fc.constantFrom(...BAD_IDS).map((id) => request(valid, JSON_TYPE, target.path().replace(`/${incidentId}`, `/${id}`))));
  return fc.oneof(...kinds);
}

async function send(req: Request): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { ...req.headers };
  const auth = req.auth ?? 'admin';
  if (auth === 'admin') headers.authorization = `Bearer ${ADMIN_TOKEN}`;
  else if (auth === 'viewer') headers.authorization = `Bearer ${viewer}`;
  else if (auth !== 'none') headers.authorization = auth;
  const body = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : req.body;
  const res = await fetch(s.url + req.path, { method: req.method, headers, body });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

const describeRequest = (req: Request) =>
  `${req.method} ${req.path} ${JSON.stringify(req.headers)} auth=${req.auth ?? 'admin'} body=${String(req.body ?? '').slice(0, 200)}`;

async function refusedAndUp(req: Request): Promise<void> {
  expectRefused(await send(req), describeRequest(req));
  expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
}

/** What a refused request must not have changed. */
async function stored() {
  return {
    incidents: (await s.api('GET', '/api/incidents')).body,
    timeline: (await s.api('GET', `/api/incidents/${incidentId}/timeline?limit=500`)).body,
    tokens: ((await s.api('GET', '/api/tokens')).body.tokens as { id: string }[]).map((t) => t.id),
    metrics: s.server.scopes.platform.snapshot(() => true).map((m) => m.def.id),
  };
}

async function expectNothingStored(): Promise<void> {
  expect(await stored()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(prototypes()).toEqual(prototypesBefore);
}

beforeAll(async () => {
  s = await startServer();
  incidentId = (await s.api('POST', '/api/incidents', { title: 'Fuzz target' } satisfies Partial<CreateIncidentInput>)).body.id;
  expect((await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: 'already here', clientId: 'fuzz-1' })).status).toBe(201);
  viewer = await s.token('viewer');
  before = await stored();
});
afterAll(() => s.close());

describe('malformed REST writes', () => {
  it('are refused with a 4xx error envelope, and store nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.constantFrom(...TARGETS).chain(malformed), refusedAndUp), { seed: SEED, numRuns: 3000 });
    await expectNothingStored();
  }, 60_000);

  it('2 MB strings, 10,000 levels of nesting and oversize batches are refused too', async () => {
    const huge = 'x'.repeat(2 * 1024 * 1024);
    const heavy = fc.constantFrom(...TARGETS).chain((target) =>
      fc.constantFrom<(string | Raw)[]>(['field', huge], ['field', deepArray], ['field', deepObject], ['body', huge], ['body', deepArray], ['body', deepObject]).chain(([where, value]) => {
        const body = (json: string): Request => ({ target: target.name, method: target.method, path: target.path(), body: json, headers: JSON_TYPE });
        if (where === 'body') return fc.constant(body(typeof value === 'string' ? JSON.stringify([value]) : (value as Raw).json));
        return fc.constantFrom(...Object.keys(target.fields)).map((key) => body(toJson({ ...target.base, [key]: value })));
      }),
    );
    await fc.assert(fc.asyncProperty(heavy, refusedAndUp), { seed: SEED, numRuns: 60 });
    const batch = Array.from({ length: 5001 }, (_, i) => ({ metric: `fuzz.m${i}`, value: i }));
    expectRefused(await s.api('POST', '/api/ingest', batch), '5001 samples');
    await expectNothingStored();
  }, 60_000);

  // A typo such as `expiresInDay` once made a token that never expires (an intersection let any key through).
  it('a token with an unknown key is refused, not created without it', async () => {
    for (const body of [{ name: 'typo', role: 'viewer', expiresInDay: 1 }, JSON.parse('{"name":"proto","role":"viewer","__proto__":{"polluted":"yes"}}')]) {
      await refusedAndUp({ target: 'create token', method: 'POST', path: '/api/tokens', body: JSON.stringify(body), headers: JSON_TYPE });
    }
    await expectNothingStored();
  });

  // express.json would decode invalid UTF-8 inside a string to U+FFFD and store it (http-app.ts verifies).
  it('invalid UTF-8 inside a string is refused, not stored as U+FFFD', async () => {
    for (const bytes of INVALID_UTF8) {
      const body = Buffer.concat([Buffer.from('{"text":"before '), bytes, Buffer.from(' after","clientId":"utf8-1"}')]);
      await refusedAndUp({ target: 'post entry', method: 'POST', path: `/api/incidents/${incidentId}/timeline`, body, headers: JSON_TYPE });
    }
    await expectNothingStored();
  });
});
