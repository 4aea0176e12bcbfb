/**
 * The open incident's room: one RoomSync feeding the store, at most once per frame
 * however many events arrive in a burst.
 */
import type { RoomState } from '#shared/sync';
import { TimelinePage } from '#shared/timeline';
import { api } from '../api/http';
import { useStore } from '../store/store';
import { RoomSync, type SyncUpdate } from '../sync/room-sync';
import { socket } from './socket';

let current: RoomSync | null = null;
let queued: SyncUpdate | null = null;
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
  if (!state) return;
  if (!shown) {
    shown = true;
    performance.mark('warroom:room-state');
  }
  settleDrafts(state);
}

/** A draft whose entry reached us by any path (ack, broadcast, snapshot) is no longer a draft. */
function settleDrafts(state: RoomState): void {
  const { drafts, removeDraft } = useStore.getState();
  const mine = Object.values(drafts).filter((d) => d.incidentId === state.incidentId);
  if (mine.length === 0) return;
  const stored = new Set(state.entries.map((e) => e.clientId));
  for (const d of mine) if (stored.has(d.clientId)) removeDraft(d.clientId);
}

function schedule(update: SyncUpdate): void {
  if (update.serverNow !== undefined) useStore.getState().setServerNow(update.serverNow);
  const first = queued === null;
  queued = update;
  if (!first) return;
  // Hidden tabs get no animation frames; a timer keeps their state current for when they return.
  if (document.visibilityState === 'visible') requestAnimationFrame(commit);
  else setTimeout(commit, 250);
}

const fetchEntriesAfter = (incidentId: number, afterId: number) =>
  api.get(`/api/incidents/${incidentId}/timeline?after=${afterId}&limit=${PAGE}`, TimelinePage);

export function openRoom(incidentId: number): void {
  if (current?.incidentId === incidentId) return;
  closeRoom();
  useStore.getState().setRoom(null, 'joining');
  shown = false;
  current = new RoomSync(socket, incidentId, schedule, fetchEntriesAfter);
  current.start();
}

export function closeRoom(): void {
  current?.stop();
  current = null;
  queued = null;
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
  sync.addEntries(page.entries, page.hasMore);
}
