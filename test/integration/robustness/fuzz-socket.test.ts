/**
 * Thousands of malformed socket commands: each acked one is answered `{ ok: false, error }` in
 * the shared envelope, the connection stays up, and nothing is stored. Packets Socket.IO's own
 * parser rejects, and payloads over its 1 MB limit, may close that connection: the server stays
 * up and a new connection works. The commands go through a hand-written client (raw-socket.ts):
 * the real one cannot even encode 10,000 levels of nesting. Reproduce a failure with the seed and
 * path fast-check prints (FUZZ_SEED=… to explore others).
 */
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentStatus, Severity } from '#shared/incident';
import { Component, PostableKind } from '#shared/timeline';
import type { ClientSocket } from '../../../client/src/sync/room-sync';
import { ADMIN_TOKEN, startServer, type TestServer } from '../../support/server';
import { connectRaw, type RawSocket } from './raw-socket';
import {
  badEnum,
  badPositiveInt,
  badText,
  brokenObject,
  deepArray,
  deepObject,
  Entries,
  expectErrorBody,
  failing,
  type Fields,
  notString,
  prototypes,
  SEED,
  small,
  toJson,
} from './malformed';

const EVENTS = ['timeline:post', 'incident:update', 'room:join', 'room:leave'] as const;
type Command = { event: string; args: unknown[]; acked: boolean };

let s: TestServer;
let incidentId: number;
let socket: RawSocket;
let before: Awaited<ReturnType<typeof stored>>;
const prototypesBefore = prototypes();

function commands(): fc.Arbitrary<Command> {
  const cursor = fc.oneof(
    notString,
    fc.constantFrom({ epoch: '', seq: 0 }, { epoch: 'e', seq: -1 }, { epoch: 'x'.repeat(65), seq: 0 }, { epoch: 5, seq: 1 }, { epoch: 'e', seq: 1.5 }),
  );
  const shapes: Record<(typeof EVENTS)[number], [Record<string, unknown>, Fields]> = {
    'timeline:post': [
      { incidentId, text: 'Fuzzed entry', kind: 'note', clientId: 'fuzz-1' },
      {
        incidentId: badPositiveInt,
        text: badText(4000),
        kind: badEnum(PostableKind.options),
        component: badEnum(Component.options),
        onBehalfOf: badText(80),
        clientId: failing(/^[A-Za-z0-9_.:-]{1,64}$/),
      },
    ],
    'incident:update': [
      { incidentId, status: 'identified', version: 1 },
      { incidentId: badPositiveInt, title: badText(200), severity: badEnum(Severity.options), status: badEnum(IncidentStatus.options), version: badPositiveInt },
    ],
    'room:join': [{ incidentId }, { incidentId: badPositiveInt, since: cursor }],
    'room:leave': [{ incidentId }, { incidentId: badPositiveInt }],
  };
  const acked = fc.boolean().map((fireAndForget) => !fireAndForget);
  const known = fc.constantFrom(...EVENTS).chain((event) => {
    const [base, fields] = shapes[event];
    const broken = brokenObject(base, fields).map((b): unknown[] => [b]);
    const binary = fc
      .tuple(fc.constantFrom(...Object.keys(fields)), fc.integer({ min: 0, max: 1024 }))
      .map(([key, n]): unknown[] => [{ ...base, [key]: Buffer.alloc(n, 7) }]);
    const arity = fc.constantFrom<unknown[]>([], [base, base], [base, 'extra']);
    const notAnObject = fc.oneof(notString, fc.constant(Buffer.from('{}'))).map((p): unknown[] => [p]);
    return fc.tuple(fc.constant<string>(event), fc.oneof({ arbitrary: broken, weight: 6 }, binary, arity, notAnObject), acked);
  });
  const unknownIncident = fc.integer({ min: 1_000_000, max: 2 ** 31 }).map((id): [string, unknown[], boolean] => ['room:join', [{ incidentId: id }], true]);
  // Socket.IO's client refuses to send its reserved names; raw packets test those below.
  const reserved = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];
  const unknownEvent = fc.tuple(
    fc.oneof(fc.string({ maxLength: 60, unit: 'binary' }), fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'timeline:posted', 'server:restarting', 'room:join ', 'TIMELINE:POST')),
    fc.array<unknown>(fc.oneof(small, fc.constant(Buffer.alloc(16))), { maxLength: 2 }),
    acked,
  );
  return fc
    .oneof({ arbitrary: known, weight: 8 }, unknownIncident, { arbitrary: unknownEvent.filter(([e]) => !(EVENTS as readonly string[]).includes(e) && !reserved.includes(e)), weight: 2 })
    .map(([event, args, ack]) => ({ event, args, acked: ack }));
}

async function refusedAndConnected(c: Command): Promise<void> {
  const context = `${c.event} ${toJson(c.args).slice(0, 200)}`;
  const ack = await socket.emit(c.event, c.args, c.acked);
  if (c.acked) {
    expect(ack, context).toMatchObject({ ok: false });
    expectErrorBody((ack as { error: unknown }).error, context);
  }
  expect(socket.closed, context).toBe(false);
}

async function stored() {
  return {
    incidents: (await s.api('GET', '/api/incidents')).body,
    timeline: (await s.api('GET', `/api/incidents/${incidentId}/timeline?limit=500`)).body,
  };
}

async function expectNothingStored(): Promise<void> {
  expect(await stored()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(prototypes()).toEqual(prototypesBefore);
}

/** The server is up and a new connection is served: it joins the incident's room. */
async function expectServing(): Promise<void> {
  expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
  const fresh = await s.connect();
  expect(await fresh.timeout(5000).emitWithAck('room:join', { incidentId })).toMatchObject({ ok: true });
  fresh.disconnect();
}

beforeAll(async () => {
  s = await startServer();
  incidentId = (await s.api('POST', '/api/incidents', { title: 'Fuzz target' })).body.id;
  expect((await s.api('POST', `/api/incidents/${incidentId}/timeline`, { text: 'already here', clientId: 'fuzz-1' })).status).toBe(201);
  socket = await connectRaw(s.url, ADMIN_TOKEN);
  before = await stored();
});
afterAll(() => s.close());

describe('malformed socket commands', () => {
  it('are answered { ok: false, error } on a connection that stays up, and store nothing', async () => {
    await fc.assert(fc.asyncProperty(commands(), refusedAndConnected), { seed: SEED, numRuns: 10_000 });
    // The fire-and-forget ones too: one more command is still answered after them.
    expect(await socket.emit('room:join', [{ incidentId: 999_999_999 }], true)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(socket.closed).toBe(false);
    expect(s.server.io.sockets.sockets.get(socket.sid)?.data.joining).toBeUndefined();
    await expectNothingStored();
  }, 60_000);

  it('10,000 levels of nesting and 900 kB strings are refused on the same connection', async () => {
    for (const deep of [deepArray, deepObject]) {
      for (const args of [[deep], [new Entries([['incidentId', incidentId], ['text', deep]])]]) {
        await refusedAndConnected({ event: 'timeline:post', args, acked: true });
      }
      // Socket.IO's parser rejects these itself, closing that connection (with an attachment, its
      // recursive reconstructPacket runs out of stack, inside its own try/catch): the server serves on.
      for (const [event, args] of [[deep, []], ['timeline:post', [deep, Buffer.alloc(8)]]] as const) {
        const raw = await connectRaw(s.url, ADMIN_TOKEN);
        expect(await raw.emit(event, [...args], true)).toBe('closed');
      }
      await expectServing();
    }
    await refusedAndConnected({ event: 'timeline:post', args: [{ incidentId, text: 'x'.repeat(900_000) }], acked: true });
    await expectNothingStored();
  });

  it.each([
    ['a binary attachment over 1 MB', (c: ClientSocket) => c.emit('timeline:post', Buffer.alloc(1_100_000) as never, () => {})],
    ['a 2 MB string', (c: ClientSocket) => c.emit('timeline:post', { incidentId, text: 'x'.repeat(2 * 1024 * 1024) }, () => {})],
  ])('%s closes that connection only', async (_what, send) => {
    const client = await s.connect({ reconnectionDelay: 60_000 });
    const closed = new Promise<string>((resolve) => client.once('disconnect', resolve));
    send(client);
    expect(await closed).toMatch(/transport (close|error)/);
    client.disconnect();
    await expectServing();
    expect(socket.closed).toBe(false);
    await expectNothingStored();
  });

  it.each([
    ['a reserved event name', '421["disconnect",{}]'],
    ['another reserved event name', '421["newListener",{}]'],
    ['an event name that is an object', '421[{"a":1},{}]'],
    ['truncated JSON', '421["timeline:post",{'],
    ['an ack id past 2^53', '4999999999999999999999["timeline:post",{}]'],
    ['an attachment placeholder past the attachments', '451-["timeline:post",{"_placeholder":true,"num":5}]'],
    ['no event name', '421'],
    ['no payload', '421["timeline:post"]'],
    ['a numeric event name', '421[123,{}]'],
    ['a placeholder without attachments', '421["timeline:post",{"_placeholder":true,"num":0}]'],
    ['a second CONNECT', '40{"protocol":1}'],
    ['a DISCONNECT with a payload', '41{"a":1}'],
    ['an unknown packet type', '49["x"]'],
    ['an empty frame', ''],
  ])('a raw packet with %s is refused or closes that connection', async (_what, frame) => {
    const raw = await connectRaw(s.url, ADMIN_TOKEN);
    raw.ws.send(frame);
    if (frame.startsWith('451-')) raw.ws.send(Buffer.from([1, 2, 3]));
    const outcome = await raw.next();
    // A command with an ack id is answered or its connection closed: its sender never waits for ever.
    if (/^4(21|51-)/.test(frame)) expect(outcome, frame).not.toBe('silence');
    if (outcome !== 'closed' && outcome !== 'silence') {
      // An answer can only be the refusal of the command that carried ack id 1.
      const match = /^431(\[.*\])$/s.exec(outcome);
      expect(match, outcome).not.toBeNull();
      const [ack] = JSON.parse(match![1]!) as [{ ok: boolean; error: unknown }];
      expect(ack.ok).toBe(false);
      expectErrorBody(ack.error, frame);
    }
    raw.ws.terminate();
    await expectServing();
    await expectNothingStored();
  });
});
