import { LeaveRequest } from '#shared/events';
import { JoinRequest } from '#shared/sync';
import { authorize } from '../auth/actor';
import type { SocketRouter } from '../sockets/socket-router';
import { TurnQueue } from '../sockets/turn-queue';
import { roomName, type Rooms } from './rooms';

export function roomsHandlers(on: SocketRouter, rooms: Rooms): void {
  // A leave can overtake a join still loading its room; the join must not subscribe after it.
  // Each join takes a generation; a join subscribes only if it is still its incident's latest.
  let generation = 0;
  // Answering a join can mean building and encoding a replay of minutes: one per turn of the
  // event loop, so a crowd coming back does not hold up everyone else (turn-queue.ts).
  const turns = new TurnQueue();

  on('room:join', JoinRequest, async ({ incidentId, since }, ctx, socket) => {
    authorize(ctx.actor, 'read', 'read incidents');
    const mine = ++generation;
    const joining = (socket.data.joining ??= new Map());
    joining.set(incidentId, mine);
    try {
      const room = await rooms.get(incidentId);
      await turns.next();
      const answer = rooms.answerJoin(room, since);
      // Same tick as the answer: every event after its seq reaches this socket (S2).
      if (joining.get(incidentId) === mine) void socket.join(roomName(incidentId));
      return answer;
    } finally {
      // A refused join (an unknown incident) leaves nothing behind: 528,000 of them once filled the heap.
      if (joining.get(incidentId) === mine) joining.delete(incidentId);
      // Idle viewers, the thousands, keep no join state.
      if (joining.size === 0) socket.data.joining = undefined;
    }
  });
  on('room:leave', LeaveRequest, ({ incidentId }, _ctx, socket) => {
    socket.data.joining?.delete(incidentId);
    void socket.leave(roomName(incidentId));
  });
}
