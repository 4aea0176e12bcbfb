/**
 * Changing entries already stored: revisions, retractions, pins, and reading an entry's
 * history or searching the timeline. Every change names the version it edits; the answer
 * (or the broadcast, whichever comes first) brings the new version to every screen.
 */
import { z } from 'zod';
import type { Ack } from '#shared/ack';
import { type Entry, type ReviseEntryInput, Revision, TimelinePage, type TimelineQuery } from '#shared/timeline';
import { api, refusalText } from '../api/http';
import { roomSync } from '../socket/room';
import { socket } from '../socket/socket';

const ACK_TIMEOUT_MS = 8000;

/** Resolves null once stored, or the reason it was not, as a person reads it. */
async function settle(ack: Promise<Ack<Entry>>): Promise<string | null> {
  try {
    const answer = await ack;
    if (!answer.ok) return refusalText(answer.error);
    roomSync()?.addEntries([answer.data]);
    return null;
  } catch {
    return socket.connected ? 'The server did not confirm in time; check the entry before trying again.' : 'Offline: not saved. Try again once connected.';
  }
}

export function reviseEntry(entry: Entry, changes: Omit<ReviseEntryInput, 'version'>): Promise<string | null> {
  return settle(
    socket.timeout(ACK_TIMEOUT_MS).emitWithAck('timeline:revise', { incidentId: entry.incidentId, entryId: entry.id, version: entry.version, ...changes }),
  );
}

export function retractEntry(entry: Entry, reason: string): Promise<string | null> {
  return settle(
    socket.timeout(ACK_TIMEOUT_MS).emitWithAck('timeline:retract', { incidentId: entry.incidentId, entryId: entry.id, version: entry.version, reason }),
  );
}

export function pinEntry(entry: Entry, pinned: boolean): Promise<string | null> {
  return settle(socket.timeout(ACK_TIMEOUT_MS).emitWithAck('timeline:pin', { incidentId: entry.incidentId, entryId: entry.id, pinned }));
}

export async function fetchRevisions(entry: Pick<Entry, 'incidentId' | 'id'>): Promise<Revision[]> {
  const { revisions } = await api.get(`/api/incidents/${entry.incidentId}/timeline/${entry.id}/revisions`, z.object({ revisions: z.array(Revision) }));
  return revisions;
}

/** A page of the timeline as the server filters it (search, kind, component, author, pinned), oldest first. */
export function searchTimeline(incidentId: number, query: Partial<Omit<TimelineQuery, 'after'>>): Promise<TimelinePage> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  return api.get(`/api/incidents/${incidentId}/timeline?${params.toString()}`, TimelinePage);
}
