/**
 * Public updates: drafts the room words together, and published updates that are never edited
 * (a correction is a new update). Publishing records what the board said at that moment, posts
 * a `status` entry saying so, and sends the update to the incident's webhook.
 */
import { isWorse } from '#shared/impact';
import type { EditDraftInput, NewUpdateInput, PublicUpdate } from '#shared/public-updates';
import type { Entry } from '#shared/timeline';
import type { z } from 'zod';
import { type Actor, authorize } from '../auth/actor';
import { type Clock, isoAt } from '../clock';
import { AppError } from '../http/app-error';
import type { Publish } from '../impact/impact.service';
import { recordingEntry } from '../impact/recording-entry';
import type { Rooms } from '../rooms/rooms';
import type { NewEntry, PublicUpdateChange, Store } from '../store/store';

export class PublicUpdatesService {
  constructor(private readonly deps: { store: Store; rooms: Rooms; clock: Clock; publish: Publish }) {}

  async create(incidentId: number, input: z.output<typeof NewUpdateInput>, actor: Actor): Promise<PublicUpdate> {
    authorize(actor, input.publish ? 'comms.publish' : 'comms.draft', input.publish ? 'publish a public update' : 'draft a public update');
    const room = await this.deps.rooms.get(incidentId);
    const at = isoAt(this.deps.clock.now());
    const published = input.publish ? await this.publication(incidentId, input.status, input.text, actor, at, room.current.simulated) : null;
    const { update, entries } = await this.deps.store.createUpdate(
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
      },
      published?.entries ?? [],
    );
    return this.announce(incidentId, update, entries);
  }

  async edit(incidentId: number, id: number, input: z.output<typeof EditDraftInput>, actor: Actor): Promise<PublicUpdate> {
    authorize(actor, 'comms.draft', 'edit a draft update');
    const { status, text } = input;
    return this.change(incidentId, id, input.version, { ...(status ? { status } : {}), ...(text ? { text } : {}) }, []);
  }

  async publish(incidentId: number, id: number, version: number, actor: Actor): Promise<PublicUpdate> {
    authorize(actor, 'comms.publish', 'publish a public update');
    const draft = await this.draft(incidentId, id, version);
    const room = await this.deps.rooms.get(incidentId);
    const at = isoAt(this.deps.clock.now());
    const { change, entries } = await this.publication(incidentId, draft.status, draft.text, actor, at, room.current.simulated);
    return this.change(incidentId, id, version, change, entries);
  }

  async discard(incidentId: number, id: number, version: number, actor: Actor): Promise<PublicUpdate> {
    authorize(actor, 'comms.draft', 'discard a draft update');
    await this.draft(incidentId, id, version);
    return this.change(incidentId, id, version, { state: 'discarded' }, []);
  }

  /** The fields and entry that publish an update now: what the board says, frozen with it. */
  private async publication(incidentId: number, status: PublicUpdate['status'], text: string, actor: Actor, at: string, simulated: boolean) {
    const cells = await this.deps.store.listImpacts(incidentId);
    const impacts = cells.filter((c) => isWorse(c.status, 'operational')).map(({ product, zone, status: s }) => ({ product, zone, status: s }));
    const change: PublicUpdateChange = { state: 'published', publishedAt: at, publishedBy: actor.name, impacts };
    // A `status` entry, as for every change the server records: the post-mortem lists updates on their own.
    return { change, entries: [recordingEntry('status', `Public update published (${status}): ${text}`, actor, at, simulated)] };
  }

  private async draft(incidentId: number, id: number, version: number): Promise<PublicUpdate> {
    const update = (await this.deps.store.listUpdates(incidentId)).find((u) => u.id === id);
    if (!update) throw AppError.notFound(`update ${id} of incident ${incidentId}`);
    if (update.state !== 'draft') {
      throw new AppError('conflict', `update ${id} is ${update.state}: a published update is corrected by publishing a new one`, 'state');
    }
    if (update.version !== version) throw new AppError('conflict', `version: update ${id} is at version ${update.version}, not ${version}`, 'version');
    return update;
  }

  private async change(incidentId: number, id: number, version: number, change: PublicUpdateChange, entries: NewEntry[]): Promise<PublicUpdate> {
    await this.draft(incidentId, id, version);
    const result = await this.deps.store.changeUpdate(incidentId, id, version, change, entries);
    if (result === null) throw AppError.notFound(`update ${id} of incident ${incidentId}`);
    if ('conflict' in result) throw new AppError('conflict', `version: update ${id} changed meanwhile; reload and retry`, 'version');
    return this.announce(incidentId, result.value, result.entries);
  }

  private async announce(incidentId: number, update: PublicUpdate, entries: readonly Entry[]): Promise<PublicUpdate> {
    const room = await this.deps.rooms.get(incidentId);
    for (const entry of entries) room.publish({ type: 'timeline:posted', entry });
    room.publish({ type: 'update:changed', update });
    if (update.state === 'published') {
      const { id, status, text, publishedAt, publishedBy, impacts } = update;
      await this.deps.publish(incidentId, 'update.published', { id, status, text, publishedAt, publishedBy, impacts });
    }
    return update;
  }
}
