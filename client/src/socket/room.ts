/**
 * The open incident's room: one RoomSync feeding the store, at most once per frame
 * however many events arrive in a burst.
 */
import { type Entry, TimelinePage } from '#shared/timeline';
import { api } from '../api/http';
import { useStore } from '../store/store';
import { RoomSync, type SyncUpdate } from '../sync/room-sync';
import { socket } from './socket';

let current: RoomSync | null = null;
let queued: SyncUpdate | null = null;
/** Entries learnt since the last commit, across coalesced updates. */
let learnt: Entry[] = [];
/** Whether the open room's first state has reached the store yet (marked once per room for B8). */
let shown = false;

const PAGE = 500;

function commit(): void {
  if (!queued) return;
  const { state, phase, error } = queued;
  queued = null;
  const store = useStore.getState();
  store.setRoom(state, phase, error ?? null);
  // Back from an announced restart and in step again: the calm banner gives way to LIVE.
  if (store.connection.restart === 'catching-up' && (phase === 'live' || phase === 'error')) store.setRestart(null);
  settleDrafts(learnt);
  learnt = [];
  if (!state) return;
  if (!shown) {
    shown = true;
    performance.mark('warroom:room-state');
  }
}

/**
 * A draft whose entry reached us by any path (ack, broadcast, snapshot, page) is no longer a
 * draft. Only the entries learnt since the last frame are looked at, never the whole timeline.
 */
function settleDrafts(entries: readonly Entry[]): void {
  const { drafts, removeDraft } = useStore.getState();
  for (const e of entries) if (e.clientId !== null && drafts[e.clientId]) removeDraft(e.clientId);
}

function schedule(update: SyncUpdate): void {
  if (update.serverNow !== undefined) useStore.getState().setServerNow(update.serverNow);
  if (update.learnt) learnt.push(...update.learnt);
  const first = queued === null;
  queued = update;
  if (!first) return;
  // Hidden tabs get no animation frames; a timer keeps their state current for when they return.
  if (document.visibilityState === 'visible') requestAnimationFrame(commit);
  else setTimeout(commit, 250);
}

const fetchEntriesAfter = (incidentId: number, afterId: number) =>
  api.get(`/api/incidents/${incidentId}/timeline?after=${afterId}&limit=${PAGE}`, TimelinePage);

/** Presence is volatile and unsequenced: the latest list for the open incident simply replaces the last. */
socket.on('presence:updated', (presence) => {
  if (presence.incidentId === current?.incidentId) useStore.getState().setPresence(presence);
});

export function openRoom(incidentId: number): void {
  if (current?.incidentId === incidentId) return;
  closeRoom();
  useStore.getState().setRoom(null, 'joining');
  useStore.getState().setPresence(null);
  shown = false;
  current = new RoomSync(socket, incidentId, schedule, fetchEntriesAfter);
  current.start();
}

export function closeRoom(): void {
  current?.stop();
  current = null;
  queued = null;
  learnt = [];
}

export function roomSync(): RoomSync | null {
  return current;
}

export async function loadOlderEntries(): Promise<void> {
  const sync = current;
  const oldest = useStore.getState().room?.entries[0];
  if (!sync || !oldest) return;
  const page = await api.get(`/api/incidents/${sync.incidentId}/timeline?before=${oldest.id}&limit=${PAGE}`, TimelinePage);
  // addEntries ignores a sync that was stopped meanwhile (the person opened another incident).
  sync.addEntries(page.entries, { hasOlder: page.hasMore });
}
