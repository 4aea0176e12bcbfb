import type { StateCreator } from 'zustand';
import type { Presence } from '#shared/presence';
import type { AppState } from './store';

/** Who is in the open incident's room now, as the server last said (volatile, like the server's). */
export type PresenceSlice = {
  presence: Presence | null;
  setPresence: (presence: Presence | null) => void;
};

export const createPresenceSlice: StateCreator<AppState, [], [], PresenceSlice> = (set) => ({
  presence: null,
  setPresence: (presence) => set({ presence }),
});
