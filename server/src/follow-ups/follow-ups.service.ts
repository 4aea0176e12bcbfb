/** Action items: the post-mortem's follow-ups, captured while the incident runs. */
import type { EditFollowUpInput, FollowUp, NewFollowUpInput } from '#shared/follow-ups';
import type { z } from 'zod';
import { type Actor, authorize } from '../auth/actor';
import { type Clock, isoAt } from '../clock';
import { AppError } from '../http/app-error';
import type { Rooms } from '../rooms/rooms';
import type { Store } from '../store/store';

export class FollowUpsService {
  constructor(private readonly deps: { store: Store; rooms: Rooms; clock: Clock }) {}

  async create(incidentId: number, input: z.output<typeof NewFollowUpInput>, actor: Actor): Promise<FollowUp> {
    authorize(actor, 'followup.write', 'add an action item');
    const room = await this.deps.rooms.get(incidentId);
    const followUp = await this.deps.store.createFollowUp(incidentId, {
      area: input.area,
      title: input.title,
      owner: input.owner ?? null,
      ref: input.ref || null,
      done: false,
      createdBy: actor.name,
      createdAt: isoAt(this.deps.clock.now()),
    });
    room.publish({ type: 'followup:changed', followUp });
    return followUp;
  }

  async edit(incidentId: number, id: number, input: z.output<typeof EditFollowUpInput>, actor: Actor): Promise<FollowUp> {
    authorize(actor, 'followup.write', 'change an action item');
    const room = await this.deps.rooms.get(incidentId);
    const { version, ref, ...fields } = input;
    const result = await this.deps.store.changeFollowUp(incidentId, id, version, { ...fields, ...(ref === undefined ? {} : { ref: ref || null }) });
    if (result === null) throw AppError.notFound(`action item ${id} of incident ${incidentId}`);
    if ('conflict' in result) {
      throw new AppError('conflict', `version: action item ${id} is at version ${result.conflict.version}, not ${version}`, 'version');
    }
    room.publish({ type: 'followup:changed', followUp: result.value });
    return result.value;
  }
}
