/**
 * Optimistic posting: a draft shows at once as "sending", is replaced by the stored entry
 * on ack, and is kept as "failed" otherwise: retried with backoff while connected and on
 * every reconnect, unless the server refused it. The clientId makes every retry safe:
 * the server stores an entry once.
 */
import type { ErrorCode } from '#shared/ack';
import { refusalText } from '../api/http';
import { backoffMs } from '../lib/backoff';
import { endSession, signedOutBecause } from '../session/session';
import type { Draft } from '../store/drafts-slice';
import { useStore } from '../store/store';
import { roomSync } from '../socket/room';
import { socket } from '../socket/socket';

const ACK_TIMEOUT_MS = 8000;
/** While connected, an unconfirmed draft is retried after this long (doubling, capped). */
const RETRY_MS = 2000;
const RETRY_MAX_MS = 30_000;
const retries = new Map<string, ReturnType<typeof setTimeout>>();
/**
 * Refusals that may pass: a server fault, a restart in progress, too many writes at once. The
 * rest (invalid, forbidden for this role) would fail the same way again.
 */
const PASSING: ReadonlySet<ErrorCode> = new Set(['internal', 'unavailable', 'rate_limited']);

export function newClientId(): string {
  return `c-${crypto.randomUUID()}`;
}

export async function sendDraft(draft: Draft, attempt = 0): Promise<void> {
  const { putDraft, removeDraft } = useStore.getState();
  putDraft({ ...draft, state: 'sending', error: null, retryable: true });
  // Offline, it waits in the browser: every unconfirmed draft is sent on (re)connect.
  if (!socket.connected) return;
  try {
    const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('timeline:post', {
      incidentId: draft.incidentId,
      text: draft.text,
      kind: draft.kind,
      clientId: draft.clientId,
      ...(draft.component ? { component: draft.component } : {}),
      ...(draft.onBehalfOf ? { onBehalfOf: draft.onBehalfOf } : {}),
      ...(draft.occurredAt ? { occurredAt: draft.occurredAt } : {}),
      ...(draft.kind === 'action' && draft.owner ? { owner: draft.owner } : {}),
      ...(draft.kind === 'action' && draft.due ? { due: draft.due } : {}),
    });
    if (ack.ok) {
      roomSync()?.addEntries([ack.data]);
      removeDraft(draft.clientId);
    } else {
      // An earlier attempt may have been stored and settled the draft meanwhile: nothing to mark.
      if (!useStore.getState().drafts[draft.clientId]) return;
      const { code, message } = ack.error;
      // A session gone mid-post: the draft stays, sent again if this token signs in here again.
      if (code === 'unauthorized') endSession(signedOutBecause(message));
      putDraft({ ...draft, state: 'failed', error: refusalText(ack.error), retryable: PASSING.has(code) || code === 'unauthorized' });
      if (PASSING.has(code) && socket.connected) scheduleRetry(draft, attempt + 1);
    }
  } catch {
    // No ack in time. If the entry was stored meanwhile, its broadcast settles the draft (room.ts).
    if (!useStore.getState().drafts[draft.clientId]) return;
    putDraft({ ...draft, state: 'failed', error: 'not confirmed by the server yet; retrying', retryable: true });
    if (socket.connected) scheduleRetry(draft, attempt + 1);
  }
}

function scheduleRetry(draft: Draft, attempt: number): void {
  clearTimeout(retries.get(draft.clientId));
  const delay = backoffMs(attempt - 1, RETRY_MS, RETRY_MAX_MS);
  retries.set(
    draft.clientId,
    setTimeout(() => {
      retries.delete(draft.clientId);
      const current = useStore.getState().drafts[draft.clientId];
      if (current?.retryable && socket.connected) void sendDraft(current, attempt);
    }, delay),
  );
}

/** On (re)connect: everything this token typed and the server did not refuse is sent again. */
export function resendUnconfirmed(): void {
  const { drafts, session } = useStore.getState();
  for (const draft of Object.values(drafts)) {
    if (draft.retryable && draft.tokenId !== null && draft.tokenId === session.actor?.tokenId) void sendDraft(draft);
  }
}
