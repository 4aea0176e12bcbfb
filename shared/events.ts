/**
 * The one typed map of Socket.IO events. Commands are imperative and acknowledged;
 * broadcasts are past-tense facts. No event name is written as a bare string elsewhere.
 */
import { z } from 'zod';
import type { AckCallback } from './ack';
import { Incident, IncidentId, UpdateIncidentCommand } from './incident';
import { Entry, PinEntryInput, PostEntryInput, RetractEntryInput, ReviseEntryFields, revisesSomething } from './timeline';
import type { AlertsUpdated, FollowUpChanged, ImpactChanged, IncidentUpdated, JoinRequest, JoinResult, MetricsUpdated, TimelinePosted, TimelineRevised, UpdateChanged } from './sync';
import type { Presence } from './presence';

export const PostEntryCommand = PostEntryInput.extend({ incidentId: IncidentId });
export type PostEntryCommand = z.input<typeof PostEntryCommand>;
const EntryAddress = { incidentId: IncidentId, entryId: z.number().int().positive() };
export const ReviseEntryCommand = ReviseEntryFields.extend(EntryAddress).refine(revisesSomething.check, revisesSomething.message);
export type ReviseEntryCommand = z.input<typeof ReviseEntryCommand>;
export const RetractEntryCommand = RetractEntryInput.extend(EntryAddress);
export type RetractEntryCommand = z.input<typeof RetractEntryCommand>;
export const PinEntryCommand = PinEntryInput.extend(EntryAddress);
export type PinEntryCommand = z.input<typeof PinEntryCommand>;

export const LeaveRequest = z.strictObject({ incidentId: IncidentId });

export interface ClientToServerEvents {
  /** Join an incident's room; answered with the events missed since `since`, or a snapshot. */
  'room:join': (request: JoinRequest, ack: AckCallback<JoinResult>) => void;
  'room:leave': (request: z.input<typeof LeaveRequest>) => void;
  'timeline:post': (command: PostEntryCommand, ack: AckCallback<Entry>) => void;
  /** A revision of the version named; a stale version is a `conflict`. */
  'timeline:revise': (command: ReviseEntryCommand, ack: AckCallback<Entry>) => void;
  'timeline:retract': (command: RetractEntryCommand, ack: AckCallback<Entry>) => void;
  'timeline:pin': (command: PinEntryCommand, ack: AckCallback<Entry>) => void;
  'incident:update': (command: UpdateIncidentCommand, ack: AckCallback<Incident>) => void;
}

export interface ServerToClientEvents {
  'timeline:posted': (event: TimelinePosted) => void;
  'timeline:revised': (event: TimelineRevised) => void;
  /** Who is in an incident's room now (volatile, no seq): sent when it changes, at most every PRESENCE_EVERY_MS. */
  'presence:updated': (presence: Presence) => void;
  'incident:updated': (event: IncidentUpdated) => void;
  'metrics:updated': (event: MetricsUpdated) => void;
  'alerts:updated': (event: AlertsUpdated) => void;
  'impact:changed': (event: ImpactChanged) => void;
  'update:changed': (event: UpdateChanged) => void;
  'followup:changed': (event: FollowUpChanged) => void;
  /** To every connected client, outside rooms: an incident was created or changed (for lists). */
  'incidents:changed': (incident: Incident) => void;
  /** The server is stopping on purpose (SIGTERM): show "restarting", not an alarm, and reconnect. */
  'server:restarting': (notice: { at: string }) => void;
  /**
   * Every HEARTBEAT_EVERY_MS to every connection, whatever happens: a browser that hears nothing
   * for HEARTBEAT_SILENCE_MS knows the server (or the path to it) is gone, even when no socket
   * closes — a hung process, a network that drops packets — and says its data is frozen.
   */
  'server:heartbeat': (beat: { at: number }) => void;
}

/** Sent in the Socket.IO handshake's `auth`. */
export const Handshake = z.object({
  protocol: z.number().int(),
  /** A script's (or a test's) token; browsers sign in with the session cookie instead. */
  token: z.string().max(200).optional(),
});
export type Handshake = z.infer<typeof Handshake>;

export const HEARTBEAT_EVERY_MS = 1000;
/** Three missed beats and a margin: within the 5 s a wall screen must show a lost server. */
export const HEARTBEAT_SILENCE_MS = 3500;
