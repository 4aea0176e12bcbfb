/**
 * Who this browser is signed in as, outside React. On load: a role link's `#token=` is exchanged
 * for the session cookie and wiped from the address bar; then the server says who we are. The
 * socket connects only once signed in, and any sign that the session is gone (a REST 401, a
 * refused socket handshake) ends it everywhere at once: the sign-in screen replaces the app.
 */
import { z } from 'zod';
import { Actor } from '#shared/auth';
import { api, ApiError, errorText, onUnauthorized } from '../api/http';
import { backoffMs } from '../lib/backoff';
import { socket } from '../socket/socket';
import { useStore } from '../store/store';
import { tokenFromFragment } from './link-token';

const SessionAnswer = z.object({ actor: Actor });
const COOKIE_REFUSED = 'The link worked, but this browser did not keep the session cookie: allow cookies for this site and open the link again.';

/** Exchanges a link's secret for the httpOnly session cookie. Throws the server's reason on refusal. */
async function exchange(secret: string): Promise<void> {
  await api.post('/api/session', { token: secret }, SessionAnswer);
}

/**
 * The secret leaves the address bar and this history entry, so it is not in a screenshot, a
 * shared screen, or the back button. The page itself stays where the link pointed.
 */
function forgetFragment(): void {
  history.replaceState(history.state, '', location.pathname + location.search);
}

/** Asks the server who we are until it answers: a page opened while it restarts waits for it. */
async function whoAmI(): Promise<Actor | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      const { actor } = await api.get('/api/session', SessionAnswer);
      return actor;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      useStore.getState().setSessionCheckError(errorText(error));
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, 1000, 10_000)));
    }
  }
}

function begin(actor: Actor, notice: string | null = null): void {
  const store = useStore.getState();
  store.signedIn(actor, notice);
  store.adoptDrafts(actor.tokenId);
  if (!socket.connected) socket.connect();
}

/**
 * Why a running session ended, from the server's refusal. With no session at all the server's
 * sentence is written for scripts too ("…or send Authorization: Bearer"): in a browser that
 * means the cookie is gone, most often signed out in another tab.
 */
export function signedOutBecause(serverMessage: string): string {
  if (serverMessage.startsWith('sign in:')) return 'You were signed out: this browser no longer has a session (signed out in another tab?).';
  return `You were signed out: ${serverMessage}.`;
}

/** Ends the session in this page: no more reconnecting, and the sign-in screen says why. */
export function endSession(reason: string | null): void {
  socket.disconnect();
  useStore.getState().signedOut(reason);
}

/** Runs once on load. */
export async function startSession(): Promise<void> {
  // Only a session that was running can end by surprise; failures while signing in are shown where they happen.
  onUnauthorized((message) => {
    if (useStore.getState().session.status === 'signed-in') endSession(signedOutBecause(message));
  });
  const secret = tokenFromFragment(location.hash);
  let linkError: string | null = null;
  if (secret !== null) {
    try {
      await exchange(secret);
    } catch (error) {
      linkError = errorText(error);
    } finally {
      forgetFragment();
    }
  }
  const actor = await whoAmI();
  if (actor) {
    begin(actor, linkError && `The link you opened did not sign you in (${linkError}); you are still signed in as ${actor.name}.`);
    return;
  }
  const reason = linkError ? `That link did not sign you in: ${linkError}.` : secret !== null ? COOKIE_REFUSED : null;
  useStore.getState().signedOut(reason);
}

/** The sign-in screen's form: a pasted link or token. Throws the reason it did not work. */
export async function signIn(secret: string, path: string | null): Promise<void> {
  await exchange(secret);
  const actor = await whoAmI();
  if (!actor) throw new Error(COOKIE_REFUSED);
  if (path) history.pushState(null, '', path);
  begin(actor);
}

export async function signOut(): Promise<void> {
  let reason = 'You signed out.';
  try {
    await api.delete('/api/session', z.null());
  } catch (error) {
    reason = `Signed out of this page only: the server could not be told (${errorText(error)}), so a reload signs you in again.`;
  }
  endSession(reason);
}
