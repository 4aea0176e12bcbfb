/**
 * Public updates: drafts the room words together, and published updates that are never edited
 * (a correction is a new update). Publishing freezes what the board said at that moment, records
 * a `status` entry, and announces the update to the incident's webhook, all in one transaction.
 */
import { isWorse } from '#shared/impact';
import type { Incident } from '#shared/incident';
import type { EditDraftInput, NewUpdateInput, PublicUpdate } from '#shared/public-updates';
import type { z } from 'zod';
import { type Actor, authorize } from '../auth/actor';
import { isoAt } from '../clock';
import { AppError } from '../http/app-error';
import type { CommsDeps } from '../impact/impact.service';
import { announcement } from '../publishing/outbox';
import type { Room } from '../rooms/room';
import type { NewEntry, PublicUpdateChange, Recorded } from '../store/store';
import { recordingEntry } from '../timeline/recording-entry';

export class PublicUpdatesService {
  constructor(private readonly deps: CommsDeps) {}

  async create(incidentId: number, input: z.output<typeof NewUpdateInput>, actor: Actor): Promise<PublicUpdate> {
    authorize(actor, input.publish ? 'comms.publish' : 'comms.draft', input.publish ? 'publish a public update' : 'draft a public update');
    const room = await this.deps.rooms.get(incidentId);
    const at = isoAt(this.deps.clock.now());
    const published = input.publish ? await this.publishing(room.current, input, actor, at) : null;
    const { update, created, ...recorded } = await this.deps.store.createUpdate(
      incidentId,
      {
        state: published ? 'published' : 'draft',
        status: input.status,
        text: input.text,
        author: actor.name,
        createdAt: at,
        publishedAt: published ? at : null,
        publishedBy: published ? actor.name : null,
        impacts: published?.change.impacts ?? [],
        clientId: input.clientId ?? null,
      },
      published?.entries ?? [],
      (stored) => (published ? this.announced(room.current, stored, at) : []),
    );
    if (created) return this.announce(room, update, recorded);
    // A retry of one already stored: the same answer, if it is the same update.
    if (update.text !== input.text || update.status !== input.status || (update.state === 'published') !== input.publish) {
      throw new AppError('conflict', 'clientId: already used for a different update', 'clientId');
    }
    return update;
  }

  async edit(incidentId: number, id: number, input: z.output<typeof EditDraftInput>, actor: Actor): Promise<PublicUpdate> {
    authorize(actor, 'comms.draft', 'edit a draft update');
    const { status, text, version } = input;
    return this.change(incidentId, id, version, { ...(status ? { status } : {}), ...(text ? { text } : {}) });
  }

  async publish(incidentId: number, id: number, version: number, actor: Actor): Promise<PublicUpdate> {
    authorize(actor, 'comms.publish', 'publish a public update');
    const draft = (await this.deps.store.getUpdate(incidentId, id)) ?? notFound(incidentId, id);
    const room = await this.deps.rooms.get(incidentId);
    const at = isoAt(this.deps.clock.now());
    const { change, entries } = await this.publishing(room.current, draft, actor, at);
    return this.change(incidentId, id, version, change, entries, (stored) => this.announced(room.current, stored, at));
  }

  async discard(incidentId: number, id: number, version: number, actor: Actor): Promise<PublicUpdate> {
    authorize(actor, 'comms.draft', 'discard a draft update');
    return this.change(incidentId, id, version, { state: 'discarded' });
  }

  /** What publishing sets now: the board's non-operational cells, frozen with it, and the entry saying so. */
  private async publishing(incident: Incident, u: Pick<PublicUpdate, 'status' | 'text'>, actor: Actor, at: string) {
    const cells = await this.deps.store.listImpacts(incident.id);
    const impacts = cells.filter((c) => isWorse(c.status, 'operational')).map(({ product, zone, status }) => ({ product, zone, status }));
    const change: PublicUpdateChange = { state: 'published', publishedAt: at, publishedBy: actor.name, impacts };
    return { change, entries: [recordingEntry(`Public update published (${u.status}): ${u.text}`, actor, at, incident.simulated)] };
  }

  private announced(incident: Incident, u: PublicUpdate, at: string) {
    const { id, status, text, publishedAt, publishedBy, impacts } = u;
    return announcement(incident, 'update.published', { id, status, text, publishedAt, publishedBy, impacts }, at);
  }

  /** Changes a draft, in one transaction with its check: a published or discarded update is never changed. */
  private async change(
    incidentId: number,
    id: number,
    version: number,
    change: PublicUpdateChange,
    entries: NewEntry[] = [],
    announce: (u: PublicUpdate) => ReturnType<PublicUpdatesService['announced']> = () => [],
  ): Promise<PublicUpdate> {
    const room = await this.deps.rooms.get(incidentId);
    const result = (await this.deps.store.changeDraft(incidentId, id, version, change, entries, announce)) ?? notFound(incidentId, id);
    if ('conflict' in result) {
      const current = result.conflict;
      if (current.state !== 'draft') {
        throw new AppError('conflict', `update ${id} is ${current.state}: a published update is corrected by publishing a new one`, 'state');
      }
      throw new AppError('conflict', `version: update ${id} is at version ${current.version}, not ${version}`, 'version');
    }
    const { value, ...recorded } = result;
    return this.announce(room, value, recorded);
  }

  private announce(room: Room, update: PublicUpdate, { entries, deliveries }: Recorded): PublicUpdate {
    for (const entry of entries) room.publish({ type: 'timeline:posted', entry });
    room.publish({ type: 'update:changed', update });
    this.deps.deliveries.accept(deliveries);
    return update;
  }
}

function notFound(incidentId: number, id: number): never {
  throw AppError.notFound(`update ${id} of incident ${incidentId}`);
}
