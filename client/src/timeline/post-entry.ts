/**
 * Optimistic posting: a draft shows at once as "sending", is replaced by the stored entry
 * on ack, and is kept as "failed" otherwise: retried with backoff while connected and on
 * every reconnect, unless the server refused it. The clientId makes every retry safe:
 * the server stores an entry once.
 */
import { backoffMs } from '../lib/backoff';
import type { Draft } from '../store/drafts-slice';
import { useStore } from '../store/store';
import { roomSync } from '../socket/room';
import { socket } from '../socket/socket';

const ACK_TIMEOUT_MS = 8000;
/** While connected, an unconfirmed draft is retried after this long (doubling, capped). */
const RETRY_MS = 2000;
const RETRY_MAX_MS = 30_000;
const retries = new Map<string, ReturnType<typeof setTimeout>>();

export function newClientId(): string {
  return `c-${crypto.randomUUID()}`;
}

export async function sendDraft(draft: Draft, attempt = 0): Promise<void> {
  const { putDraft, removeDraft } = useStore.getState();
  putDraft({ ...draft, state: 'sending', error: null, retryable: true });
  try {
    const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('timeline:post', {
      incidentId: draft.incidentId,
      text: draft.text,
      kind: draft.kind,
      clientId: draft.clientId,
      ...(draft.component ? { component: draft.component } : {}),
    });
    if (ack.ok) {
      roomSync()?.addEntries([ack.data]);
      removeDraft(draft.clientId);
    } else {
      // An earlier attempt may have been stored and settled the draft meanwhile: nothing to mark.
      if (!useStore.getState().drafts[draft.clientId]) return;
      // Refused (invalid, conflict) is final; a server fault may pass.
      const retryable = ack.error.code === 'internal';
      putDraft({ ...draft, state: 'failed', error: ack.error.message, retryable });
      if (retryable && socket.connected) scheduleRetry(draft, attempt + 1);
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

/** On (re)connect: everything not refused by the server is sent again. */
export function resendUnconfirmed(): void {
  for (const draft of Object.values(useStore.getState().drafts)) {
    if (draft.retryable) void sendDraft(draft);
  }
}
