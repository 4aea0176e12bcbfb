import type { Permission } from '#shared/auth';
import type { Entry, PostableKind, PostEntryInput, SystemKind, TimelinePage, TimelinePageQuery } from '#shared/timeline';
import { type Actor, authorize } from '../auth/actor';
import { type Clock, isoAt } from '../clock';
import { AppError } from '../http/app-error';
import type { Rooms } from '../rooms/rooms';
import type { Store } from '../store/store';

export type PostResult = { entry: Entry; created: boolean };

export class TimelineService {
  constructor(private readonly deps: { store: Store; rooms: Rooms; clock: Clock }) {}

  /**
   * Commits the entry, then broadcasts it; the caller acknowledges after this resolves,
   * so an acknowledged entry is always on disk. A repeated clientId returns the stored entry.
   */
  async post(incidentId: number, input: PostEntryInput, actor: Actor, options: { simulated?: boolean } = {}): Promise<PostResult> {
    authorize(actor, KIND_PERMISSION[input.kind], `post a ${input.kind}`);
    const { store, rooms, clock } = this.deps;
    const room = await rooms.get(incidentId);
    const { entry, created } = await store.appendEntry(incidentId, {
      kind: input.kind,
      text: input.text,
      component: input.component ?? null,
      author: actor.name,
      onBehalfOf: input.onBehalfOf ?? null,
      createdAt: isoAt(clock.now()),
      clientId: input.clientId ?? null,
      simulated: options.simulated ?? false,
    });
    if (created) room.publish({ type: 'timeline:posted', entry });
    else if (!sameContent(entry, input, actor)) {
      throw new AppError('conflict', 'clientId: already used for a different entry', 'clientId');
    }
    return { entry, created };
  }

  /** An entry the server writes (alert, metric, feed): no clientId, so never deduplicated. */
  async postSystem(incidentId: number, e: { kind: SystemKind; text: string; author: string; simulated: boolean }): Promise<Entry> {
    const room = await this.deps.rooms.get(incidentId);
    const { entry } = await this.deps.store.appendEntry(incidentId, {
      ...e,
      onBehalfOf: null,
      component: null,
      createdAt: isoAt(this.deps.clock.now()),
      clientId: null,
    });
    room.publish({ type: 'timeline:posted', entry });
    return entry;
  }

  async page(incidentId: number, query: TimelinePageQuery): Promise<TimelinePage> {
    // Reading history needs no live room: ask the store, not the rooms.
    if (!(await this.deps.store.getIncident(incidentId))) throw AppError.notFound(`incident ${incidentId}`);
    return this.deps.store.listEntries(incidentId, query);
  }
}

function sameContent(entry: Entry, input: PostEntryInput, actor: Actor): boolean {
  return (
    entry.text === input.text &&
    entry.kind === input.kind &&
    entry.author === actor.name &&
    entry.onBehalfOf === (input.onBehalfOf ?? null) &&
    entry.component === (input.component ?? null)
  );
}

/** Responders log what they see and do; decisions are the commander's; customer words are support's. */
const KIND_PERMISSION: Record<PostableKind, Permission> = {
  note: 'entry.note',
  action: 'entry.action',
  decision: 'entry.decision',
  comms: 'entry.comms',
};
