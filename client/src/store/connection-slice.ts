import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export type ConnectionStatus = 'connecting' | 'live' | 'offline';

/**
 * A restart the server announced (SIGTERM): `announced` until we are back, then `catching-up`
 * while the open incident resyncs. Null the rest of the time, when a lost connection is news.
 */
export type Restart = 'announced' | 'catching-up' | null;

export type ConnectionSlice = {
  connection: {
    status: ConnectionStatus;
    /**
     * When we became live, or (not live) when the server was last heard from: the moment the data
     * on screen froze, not the moment the loss was noticed (client clock); reconnect attempts keep it.
     */
    since: number;
    error: string | null;
    /** Server clock minus ours, so sample ages are right even on a skewed laptop. */
    clockOffsetMs: number;
    restart: Restart;
  };
  /** `lastHeard`: when leaving live, when the server was last heard from (default: now). */
  setConnection: (status: ConnectionStatus, error?: string | null, lastHeard?: number) => void;
  setServerNow: (serverNow: number) => void;
  setRestart: (restart: Restart) => void;
};

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: { status: 'connecting', since: Date.now(), error: null, clockOffsetMs: 0, restart: null },
  setConnection: (status, error = null, lastHeard = Date.now()) =>
    set((s) => {
      const wasLive = s.connection.status === 'live';
      const since = wasLive === (status === 'live') ? s.connection.since : status === 'live' ? Date.now() : lastHeard;
      return { connection: { ...s.connection, status, error, since } };
    }),
  setServerNow: (serverNow) => set((s) => ({ connection: { ...s.connection, clockOffsetMs: serverNow - Date.now() } })),
  setRestart: (restart) => set((s) => ({ connection: { ...s.connection, restart } })),
});
