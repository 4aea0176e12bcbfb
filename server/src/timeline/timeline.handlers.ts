import { PostEntryCommand } from '#shared/events';
import type { SocketRouter } from '../sockets/socket-router';
import type { TimelineService } from './timeline.service';

export function timelineHandlers(on: SocketRouter, timeline: TimelineService): void {
  on('timeline:post', PostEntryCommand, async ({ incidentId, ...input }, ctx) => (await timeline.post(incidentId, input, ctx.actor)).entry);
}
