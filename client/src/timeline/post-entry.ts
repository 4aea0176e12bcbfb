/**
 * Optimistic posting: a draft shows at once as "sending", is replaced by the stored entry
 * on ack, and is kept as "failed" (and retried on reconnect) otherwise. The clientId makes
 * every retry safe: the server stores an entry once.
 */
import type { Draft } from '../store/drafts-slice';
import { useStore } from '../store/store';
import { roomSync } from '../socket/room';
import { socket } from '../socket/socket';

const ACK_TIMEOUT_MS = 8000;

export function newClientId(): string {
  return `c-${crypto.randomUUID()}`;
}

export async function sendDraft(draft: Draft): Promise<void> {
  const { putDraft, removeDraft } = useStore.getState();
  putDraft({ ...draft, state: 'sending', error: null, retryable: true });
  try {
    const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('timeline:post', {
      incidentId: draft.incidentId,
      text: draft.text,
      kind: draft.kind,
      author: draft.author || 'anonymous',
      clientId: draft.clientId,
      ...(draft.component ? { component: draft.component } : {}),
    });
    if (ack.ok) {
      if (roomSync()?.incidentId === draft.incidentId) roomSync()!.addEntries([ack.data]);
      removeDraft(draft.clientId);
    } else {
      putDraft({ ...draft, state: 'failed', error: ack.error.message, retryable: ack.error.code === 'internal' });
    }
  } catch {
    putDraft({ ...draft, state: 'failed', error: 'not confirmed by the server; will retry when connected', retryable: true });
  }
}

/** On (re)connect: everything not refused by the server is sent again. */
export function resendUnconfirmed(): void {
  for (const draft of Object.values(useStore.getState().drafts)) {
    if (draft.retryable) void sendDraft(draft);
  }
}
