import type { StateCreator } from 'zustand';
import type { AppState } from './store';

export type ConnectionStatus = 'connecting' | 'live' | 'offline';

export type ConnectionSlice = {
  connection: {
    status: ConnectionStatus;
    /** When the status last changed (client clock). */
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
    set((s) => ({ connection: { ...s.connection, status, error, since: Date.now() } })),
  setServerNow: (serverNow) => set((s) => ({ connection: { ...s.connection, clockOffsetMs: serverNow - Date.now() } })),
});
