/**
 * A child process holding real browser-side sync engines (RoomSync over socket.io-client,
 * the code the SPA runs) for correctness benchmarks: drop them, bring them back, and check
 * each one's timeline against the server's.
 */
import { io } from 'socket.io-client';
import type { RoomState } from '#shared/sync';
import type { TimelinePage } from '#shared/timeline';
import { RoomSync, type ClientSocket, type SyncPhase } from '../../client/src/sync/room-sync';
import { bearer, handshake } from './auth';

export type SyncCommand =
  /** `token`: the secret every client signs in with (socket handshake and REST). */
  | { cmd: 'connect'; base: string; incidentId: number; clients: number; token: string }
  | { cmd: 'drop'; seconds: number }
  | { cmd: 'verify'; ids: number[]; seq: number; epoch: string }
  | { cmd: 'exit' };

export type SyncReport =
  | { event: 'started' }
  | { event: 'connected'; ms: number }
  | { event: 'back'; ms: number; holes: number }
  | {
      event: 'verified';
      clients: number;
      exact: number;
      missing: number;
      extra: number;
      unordered: number;
      behind: number;
    };

type Viewer = { socket: ClientSocket; sync: RoomSync; state: RoomState | null; phase: SyncPhase; sawHole: boolean };
const viewers: Viewer[] = [];
const send = (m: SyncReport) => process.send!(m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function allLive(): Promise<void> {
  while (!viewers.every((v) => v.phase === 'live' && v.state !== null && v.socket.connected && v.state.hole === null)) await sleep(50);
}

async function connect({ base, incidentId, clients, token }: Extract<SyncCommand, { cmd: 'connect' }>): Promise<void> {
  const started = performance.now();
  // A browser would send its session cookie; a client outside one sends the token.
  const fetchAfter = async (id: number, after: number) => {
    const res = await fetch(`${base}/api/incidents/${id}/timeline?after=${after}&limit=500`, { headers: bearer(token) });
    if (!res.ok) throw new Error(`catching up: HTTP ${res.status}`);
    return (await res.json()) as TimelinePage;
  };
  for (let i = 0; i < clients; i++) {
    const socket: ClientSocket = io(base, { transports: ['websocket'], auth: handshake(token), forceNew: true });
    const viewer: Viewer = { socket, state: null, phase: 'joining', sawHole: false, sync: undefined as never };
    viewer.sync = new RoomSync(socket, incidentId, (u) => {
      viewer.state = u.state;
      viewer.phase = u.phase;
      if (u.state?.hole) viewer.sawHole = true;
    }, fetchAfter);
    viewer.sync.start();
    viewers.push(viewer);
    if (i % 50 === 49) await sleep(20);
  }
  await allLive();
  send({ event: 'connected', ms: performance.now() - started });
}

async function drop(seconds: number): Promise<void> {
  for (const v of viewers) {
    v.sawHole = false;
    v.socket.disconnect();
  }
  await sleep(seconds * 1000);
  const started = performance.now();
  for (const v of viewers) v.socket.connect();
  await sleep(100);
  await allLive();
  send({ event: 'back', ms: performance.now() - started, holes: viewers.filter((v) => v.sawHole).length });
}

function verify({ ids, seq, epoch }: Extract<SyncCommand, { cmd: 'verify' }>): void {
  const expected = new Set(ids);
  let exact = 0;
  let missing = 0;
  let extra = 0;
  let unordered = 0;
  let behind = 0;
  for (const v of viewers) {
    const got = v.state?.entries.map((e) => e.id) ?? [];
    const have = new Set(got);
    const miss = ids.filter((id) => !have.has(id)).length;
    const more = got.filter((id) => !expected.has(id)).length + (got.length - have.size);
    const ordered = got.every((id, i) => i === 0 || id > got[i - 1]!);
    missing += miss;
    extra += more;
    if (!ordered) unordered++;
    if (v.state?.epoch !== epoch || v.state.seq < seq) behind++;
    if (miss === 0 && more === 0 && ordered) exact++;
  }
  send({ event: 'verified', clients: viewers.length, exact, missing, extra, unordered, behind });
}

process.on('message', (m: SyncCommand) => {
  if (m.cmd === 'connect') void connect(m);
  if (m.cmd === 'drop') void drop(m.seconds);
  if (m.cmd === 'verify') verify(m);
  if (m.cmd === 'exit') {
    for (const v of viewers) v.socket.close();
    process.exit(0);
  }
});
send({ event: 'started' });

// Never outlive the benchmark that started us.
process.on('disconnect', () => process.exit(0));
