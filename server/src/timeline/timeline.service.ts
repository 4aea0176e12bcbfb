import type { Permission } from '#shared/auth';
import {
  type ActionState,
  type Entry,
  FUTURE_SLACK_MS,
  isSystemKind,
  type PostableKind,
  type PostEntryInput,
  type RetractEntryInput,
  type ReviseEntryInput,
  type Revision,
  type SystemKind,
  type TimelinePage,
  type TimelineQuery,
} from '#shared/timeline';
import { can } from '#shared/auth';
import { type Actor, authorize } from '../auth/actor';
import { type Clock, isoAt } from '../clock';
import { AppError } from '../http/app-error';
import type { Rooms } from '../rooms/rooms';
import type { EntryChange, Store } from '../store/store';
import { freezeEvidence } from './decision-evidence';

export type PostResult = { entry: Entry; created: boolean };
export type PostOptions = {
  simulated?: boolean;
  /** A replayed scenario's recorded time: allowed however long ago it was. */
  recordedAt?: number;
};

export class TimelineService {
  constructor(private readonly deps: { store: Store; rooms: Rooms; clock: Clock }) {}

  /**
   * Commits the entry, then broadcasts it; the caller acknowledges after this resolves,
   * so an acknowledged entry is always on disk. A repeated clientId returns the stored entry.
   */
  async post(incidentId: number, input: PostEntryInput, actor: Actor, options: PostOptions = {}): Promise<PostResult> {
    authorize(actor, KIND_PERMISSION[input.kind], `post a ${input.kind}`);
    const { store, rooms, clock } = this.deps;
    const room = await rooms.get(incidentId);
    const now = clock.now();
    const occurredAt = options.recordedAt ?? (input.occurredAt === undefined ? now : this.pastInstant(input.occurredAt, 'occurredAt'));
    if (input.kind !== 'action' && (input.owner !== undefined || input.due !== undefined)) {
      throw new AppError('bad_request', `${input.owner === undefined ? 'due' : 'owner'}: only action entries have an owner and a due time`, input.owner === undefined ? 'due' : 'owner');
    }
    const action: ActionState | null =
      input.kind === 'action' ? { owner: input.owner?.trim() ?? null, due: input.due === undefined ? null : isoAt(Date.parse(input.due)), done: false } : null;
    const live = rooms.liveOf(room);
    const evidence = input.kind === 'decision' ? freezeEvidence(live.metrics, live.seq, now, occurredAt) : null;
    const { entry, created } = await store.appendEntry(incidentId, {
      kind: input.kind,
      text: input.text,
      component: input.component ?? null,
      author: actor.name,
      onBehalfOf: input.onBehalfOf ?? null,
      occurredAt: isoAt(occurredAt),
      loggedAt: isoAt(now),
      clientId: input.clientId ?? null,
      simulated: options.simulated ?? false,
      action,
      evidence,
    });
    if (created) room.publish({ type: 'timeline:posted', entry });
    else if (!sameContent(entry, input, actor)) {
      throw new AppError('conflict', 'clientId: already used for a different entry', 'clientId');
    }
    return { entry, created };
  }

  /** An entry the server writes (alert, metric, feed): no clientId, so never deduplicated. `recordedAt`: a drill's time. */
  async postSystem(incidentId: number, e: { kind: SystemKind; text: string; author: string; simulated: boolean }, recordedAt?: number): Promise<Entry> {
    const room = await this.deps.rooms.get(incidentId);
    const now = isoAt(this.deps.clock.now());
    const { entry } = await this.deps.store.appendEntry(incidentId, {
      ...e,
      onBehalfOf: null,
      component: null,
      occurredAt: recordedAt === undefined ? now : isoAt(recordedAt),
      loggedAt: now,
      clientId: null,
      action: null,
      evidence: null,
    });
    room.publish({ type: 'timeline:posted', entry });
    return entry;
  }

  /** Writes a revision of the version it names; the earlier version stays in the entry's history. */
  async revise(incidentId: number, entryId: number, input: ReviseEntryInput, actor: Actor): Promise<Entry> {
    const current = await this.entry(incidentId, entryId);
    if (isSystemKind(current.kind)) {
      throw new AppError('bad_request', `entry ${entryId} was written by the server (${current.kind}): it can be retracted, not edited`);
    }
    if (current.retracted) throw new AppError('conflict', `entry ${entryId} is retracted: post a new entry instead`);
    this.mayChange(actor, current, 'edit');
    const kind = input.kind ?? current.kind;
    if (input.kind !== undefined) authorize(actor, KIND_PERMISSION[input.kind as PostableKind], `post a ${input.kind}`);
    const actionInput = input.owner !== undefined || input.due !== undefined || input.done !== undefined;
    if (kind !== 'action' && actionInput) {
      throw new AppError('bad_request', 'owner: only action entries have an owner, a due time and a done mark', 'owner');
    }
    const fields: EntryChange['fields'] = {};
    if (input.text !== undefined && input.text !== current.text) fields.text = input.text;
    if (input.kind !== undefined && input.kind !== current.kind) fields.kind = input.kind;
    if (input.component !== undefined && input.component !== current.component) fields.component = input.component;
    if (input.occurredAt !== undefined) {
      const at = isoAt(this.pastInstant(input.occurredAt, 'occurredAt'));
      if (at !== current.occurredAt) fields.occurredAt = at;
    }
    if (kind === 'action') {
      const was = current.action ?? { owner: null, due: null, done: false };
      const next: ActionState = {
        owner: input.owner === undefined ? was.owner : (input.owner?.trim() ?? null),
        due: input.due === undefined ? was.due : input.due === null ? null : isoAt(Date.parse(input.due)),
        done: input.done ?? was.done,
      };
      if (JSON.stringify(next) !== JSON.stringify(current.action)) fields.action = next;
    } else if (current.action !== null) fields.action = null;
    if (Object.keys(fields).length === 0) {
      this.checkVersion(current, input.version);
      return current;
    }
    return this.write(incidentId, current, input.version, { change: 'edited', fields }, actor);
  }

  /** Strikes an entry through with a reason; it stays readable, with its history. */
  async retract(incidentId: number, entryId: number, input: RetractEntryInput, actor: Actor): Promise<Entry> {
    const current = await this.entry(incidentId, entryId);
    if (current.retracted) throw new AppError('conflict', `entry ${entryId} is already retracted`);
    this.mayChange(actor, current, 'retract');
    const retracted = { reason: input.reason.trim(), by: actor.name, at: isoAt(this.deps.clock.now()) };
    return this.write(incidentId, current, input.version ?? null, { change: 'retracted', fields: { retracted } }, actor);
  }

  async pin(incidentId: number, entryId: number, pinned: boolean, actor: Actor): Promise<Entry> {
    authorize(actor, 'entry.pin', 'pin entries');
    const current = await this.entry(incidentId, entryId);
    if (current.pinned === pinned) return current;
    return this.write(incidentId, current, null, { change: pinned ? 'pinned' : 'unpinned', fields: { pinned } }, actor);
  }

  async revisions(incidentId: number, entryId: number): Promise<Revision[]> {
    return (await this.deps.store.listRevisions(incidentId, entryId)) ?? notFound(incidentId, entryId);
  }

  async page(incidentId: number, query: TimelineQuery): Promise<TimelinePage> {
    // Reading history needs no live room: ask the store, not the rooms.
    if (!(await this.deps.store.getIncident(incidentId))) throw AppError.notFound(`incident ${incidentId}`);
    return this.deps.store.listEntries(incidentId, query);
  }

  private async write(
    incidentId: number,
    current: Entry,
    version: number | null,
    change: Omit<EntryChange, 'by' | 'at'>,
    actor: Actor,
  ): Promise<Entry> {
    this.checkVersion(current, version);
    const room = await this.deps.rooms.get(incidentId);
    const at = isoAt(this.deps.clock.now());
    const result = await this.deps.store.reviseEntry(incidentId, current.id, version, { ...change, by: actor.name, at });
    if (result === null) notFound(incidentId, current.id);
    if ('conflict' in result) {
      this.checkVersion(result.conflict, version);
      throw new AppError('conflict', `entry ${current.id} changed meanwhile; reload it and try again`);
    }
    const { entry } = result;
    room.publish({ type: 'timeline:revised', entry });
    return entry;
  }

  private checkVersion(current: Entry, version: number | null | undefined): void {
    if (version !== null && version !== undefined && version !== current.version) {
      throw new AppError('conflict', `version: entry ${current.id} is at version ${current.version}, not ${version}; reload it and edit again`, 'version');
    }
  }

  private mayChange(actor: Actor, entry: Entry, what: 'edit' | 'retract'): void {
    const own = entry.author === actor.name && !isSystemKind(entry.kind) && can(actor.role, KIND_PERMISSION[entry.kind as PostableKind]);
    if (!own) authorize(actor, 'entry.moderate', `${what} another person's entry`);
  }

  private async entry(incidentId: number, entryId: number): Promise<Entry> {
    return (await this.deps.store.getEntry(incidentId, entryId)) ?? notFound(incidentId, entryId);
  }

  /** An instant the poster gives: not in the future (beyond a minute of clock skew). */
  private pastInstant(iso: string, field: string): number {
    const at = Date.parse(iso);
    if (at > this.deps.clock.now() + FUTURE_SLACK_MS) {
      throw new AppError('bad_request', `${field}: ${iso} is in the future (the server's time is ${isoAt(this.deps.clock.now())})`, field);
    }
    return at;
  }
}

function notFound(incidentId: number, entryId: number): never {
  throw AppError.notFound(`entry ${entryId} of incident ${incidentId}`);
}

/** A retried post (same clientId) must be the same entry; once edited, the retry is simply answered with it. */
function sameContent(entry: Entry, input: PostEntryInput, actor: Actor): boolean {
  if (entry.version > 1) return entry.author === actor.name;
  return (
    entry.text === input.text &&
    entry.kind === input.kind &&
    entry.author === actor.name &&
    entry.onBehalfOf === (input.onBehalfOf ?? null) &&
    entry.component === (input.component ?? null) &&
    (input.occurredAt === undefined || Date.parse(input.occurredAt) === Date.parse(entry.occurredAt))
  );
}

/** Responders log what they see and do; decisions are the commander's; customer words are support's. */
const KIND_PERMISSION: Record<PostableKind, Permission> = {
  note: 'entry.note',
  action: 'entry.action',
  decision: 'entry.decision',
  comms: 'entry.comms',
};
