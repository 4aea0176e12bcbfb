import { PinEntryCommand, PostEntryCommand, RetractEntryCommand, ReviseEntryCommand } from '#shared/events';
import type { SocketRouter } from '../sockets/socket-router';
import type { TimelineService } from './timeline.service';

export function timelineHandlers(on: SocketRouter, timeline: TimelineService): void {
  on('timeline:post', PostEntryCommand, async ({ incidentId, ...input }, ctx) => (await timeline.post(incidentId, input, ctx.actor)).entry);
  on('timeline:revise', ReviseEntryCommand, ({ incidentId, entryId, ...input }, ctx) => timeline.revise(incidentId, entryId, input, ctx.actor));
  on('timeline:retract', RetractEntryCommand, ({ incidentId, entryId, ...input }, ctx) => timeline.retract(incidentId, entryId, input, ctx.actor));
  on('timeline:pin', PinEntryCommand, ({ incidentId, entryId, pinned }, ctx) => timeline.pin(incidentId, entryId, pinned, ctx.actor));
}
