/**
 * The open incident's room: one RoomSync feeding the store, at most once per frame
 * however many events arrive in a burst.
 */
import { TimelinePage } from '#shared/timeline';
import { api } from '../api/http';
import { useStore } from '../store/store';
import { RoomSync, type SyncUpdate } from '../sync/room-sync';
import { socket } from './socket';

let current: RoomSync | null = null;
let queued: SyncUpdate | null = null;

function commit(): void {
  if (!queued) return;
  const { state, phase, error } = queued;
  queued = null;
  useStore.getState().setRoom(state, phase, error ?? null);
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

export function openRoom(incidentId: number): void {
  if (current?.incidentId === incidentId) return;
  closeRoom();
  useStore.getState().setRoom(null, 'joining');
  current = new RoomSync(socket, incidentId, schedule);
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
  const room = useStore.getState().room;
  const oldest = room?.entries[0];
  if (!room || !oldest || !current) return;
  const page = await api.get(`/api/incidents/${room.incidentId}/timeline?before=${oldest.id}&limit=200`, TimelinePage);
  current.addEntries(page.entries, page.hasMore);
}
