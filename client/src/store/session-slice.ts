import type { StateCreator } from 'zustand';
import type { Actor } from '#shared/auth';
import type { AppState } from './store';

export type SessionStatus = 'checking' | 'signed-in' | 'signed-out';

export type SessionSlice = {
  session: {
    status: SessionStatus;
    /** Who this browser acts as: the token's name and role, never something typed. */
    actor: Actor | null;
    /** Why the sign-in screen is showing (a revoked link, an expired session); null on a first visit. */
    reason: string | null;
    /** Said once in the shell, e.g. that a link opened while signed in did not work. */
    notice: string | null;
    /** While the server cannot be reached to ask who we are. */
    checkError: string | null;
  };
  signedIn: (actor: Actor, notice?: string | null) => void;
  signedOut: (reason: string | null) => void;
  setSessionCheckError: (error: string | null) => void;
  dismissNotice: () => void;
};

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set) => ({
  session: { status: 'checking', actor: null, reason: null, notice: null, checkError: null },
  signedIn: (actor, notice = null) => set({ session: { status: 'signed-in', actor, reason: null, notice, checkError: null } }),
  signedOut: (reason) => set({ session: { status: 'signed-out', actor: null, reason, notice: null, checkError: null } }),
  setSessionCheckError: (checkError) => set((s) => ({ session: { ...s.session, checkError } })),
  dismissNotice: () => set((s) => ({ session: { ...s.session, notice: null } })),
});
