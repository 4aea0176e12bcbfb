/** Connection lifecycle and list-level facts, wired once at start-up; the session connects it. */
import { HEARTBEAT_SILENCE_MS } from '#shared/events';
import { Incident } from '#shared/incident';
import { z } from 'zod';
import { api } from '../api/http';
import { endSession, signedOutBecause } from '../session/session';
import { useStore } from '../store/store';
import { resendUnconfirmed } from '../timeline/post-entry';
import { roomSync } from './room';
import { socket } from './socket';

export async function refreshIncidents(): Promise<void> {
  const { incidents } = await api.get('/api/incidents', z.object({ incidents: z.array(Incident) }));
  useStore.getState().setIncidents(incidents);
}

/** The handshake refusals that mean this browser's session is over, not that the server is away. */
const SESSION_OVER = new Set(['unauthorized', 'forbidden']);

/**
 * When the server was last heard from: on the wall clock, to say when the data froze, and on the
 * monotonic clock, to measure the silence (a laptop's clock set forward by NTP is not silence).
 * Kept here, not in the store, so a beat re-renders nothing.
 */
let heardAt = Date.now();
let heardAtMono = performance.now();
const heard = () => {
  heardAt = Date.now();
  heardAtMono = performance.now();
};

export function listenToConnection(): void {
  const store = useStore.getState;
  // Any event is news from the server; its heartbeat is news when there is nothing else.
  socket.onAny(heard);
  watchForSilence();
  socket.on('connect', () => {
    // For the browser benchmark (B8): "first state on screen" is measured from here.
    performance.mark('warroom:socket-connected');
    heard();
    store().setConnection('live');
    // Back from an announced restart: still calm while the open incident catches up (room.ts).
    if (store().connection.restart) store().setRestart(roomSync() ? 'catching-up' : null);
    resendUnconfirmed();
    void refreshIncidents().catch(() => {});
  });
  socket.on('disconnect', (reason) => {
    if (store().connection.status === 'live') store().setConnection('offline', reason, heardAt);
    // The server closed us on purpose (a restart, a revoked token): try again; the handshake says which.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (error) => {
    const code = (error as Error & { data?: { code?: unknown } }).data?.code;
    if (typeof code === 'string' && SESSION_OVER.has(code)) {
      // The server's message starts with its code ("unauthorized: this link was revoked").
      endSession(signedOutBecause(error.message.replace(/^[a-z_]+: /, '')));
      return;
    }
    store().setConnection('offline', error.message);
  });
  socket.io.on('reconnect_attempt', () => store().setConnection('connecting', store().connection.error));
  socket.on('server:restarting', () => store().setRestart('announced'));
  followBrowserNetwork();
  socket.on('incidents:changed', (incident) => store().upsertIncident(incident));
}

/**
 * A hung server or a network that drops packets closes no socket: Socket.IO's own heartbeat
 * would take 45 s to notice. The server beats every second; after HEARTBEAT_SILENCE_MS without
 * a word the screen says its data is frozen (since the last word) and starts over, so it resyncs
 * by itself as soon as the server answers again.
 */
function watchForSilence(): void {
  setInterval(() => {
    const silentFor = performance.now() - heardAtMono;
    if (useStore.getState().connection.status !== 'live' || silentFor < HEARTBEAT_SILENCE_MS) return;
    useStore.getState().setConnection('offline', `no word from the server for ${Math.round(silentFor / 1000)} s`, heardAt);
    socket.disconnect();
    socket.connect();
  }, 500);
}

/**
 * The browser knows it went offline long before a heartbeat times out (up to 45 s): the screen
 * says so at once, and reconnects the moment the network is back instead of at its next backoff.
 */
function followBrowserNetwork(): void {
  let pausedOffline = false;
  window.addEventListener('offline', () => {
    if (!socket.active) return;
    pausedOffline = true;
    socket.disconnect();
    useStore.getState().setConnection('offline', 'this browser is offline', heardAt);
  });
  window.addEventListener('online', () => {
    if (!pausedOffline) return;
    pausedOffline = false;
    socket.connect();
  });
}
