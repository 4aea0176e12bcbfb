import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export type ConnectionStatus = 'connecting' | 'live' | 'offline';

export type ConnectionSlice = {
  connection: {
    status: ConnectionStatus;
    /** When we became live, or stopped being live (client clock); reconnect attempts keep it. */
    since: number;
    error: string | null;
    /** Server clock minus ours, so sample ages are right even on a skewed laptop. */
    clockOffsetMs: number;
  };
  setConnection: (status: ConnectionStatus, error?: string | null) => void;
  setServerNow: (serverNow: number) => void;
};

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set) => ({
  connection: { status: 'connecting', since: Date.now(), error: null, clockOffsetMs: 0 },
  setConnection: (status, error = null) =>
    set((s) => {
      const wasLive = s.connection.status === 'live';
      const since = wasLive !== (status === 'live') ? Date.now() : s.connection.since;
      return { connection: { ...s.connection, status, error, since } };
    }),
  setServerNow: (serverNow) => set((s) => ({ connection: { ...s.connection, clockOffsetMs: serverNow - Date.now() } })),
});
